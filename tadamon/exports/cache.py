"""Download files that cannot be streamed, kept until the registry changes.

An XLSX workbook or a zip is only complete at its end, so it cannot be sent
while it is written. It is generated into var/open-data/ (setting
TADAMON_OPEN_DATA_DIR) under a key made of the history chain's head — the
sequence number and hash of the registry's last recorded change, which every
service and bulk load advances — and of the site address the links use. The
same registry gives the same key: one generation serves every download until
the next change; the next change makes a new key and the old folders are
removed. A file is written in a temporary folder and moved into place, so a
reader never sees half a file, and two visitors generating at once both end
with a whole one.

A large registry takes minutes (an XLSX of 100,000 organizations took 55 s
here), longer than a web worker may hold a request. So the page generates in
the request only up to SYNC_UP_TO organizations; beyond, it starts the
generation in a background thread (one per file and registry version across
workers, held by a lock file), waits a little, and otherwise tells the
visitor to come back (docs/open-data.md).
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import threading
import time
import uuid
import zipfile
from pathlib import Path

from django.conf import settings
from django.db import connections

from tadamon.exports.exporting import DATAPACKAGE_DIR, MURMURATIONS_DIR, export
from tadamon.history.models import ChainHead

logger = logging.getLogger(__name__)

# Raise when the layout of a file changes, so that older cached files are not served.
LAYOUT_VERSION = 1
TEMPORARY_PREFIX = ".tmp-"
STALE_AFTER = 3600  # seconds: a temporary folder or lock this old belongs to a dead generation
# Up to this many organizations a download is generated while the visitor waits
# (an XLSX of 20,000 takes about 11 s here); beyond, in the background.
SYNC_UP_TO = 20_000
POLL_EVERY = 0.25  # seconds

# Download name → (export format, what to take from the exported folder).
CACHED = {
    "organizations.xlsx": ("xlsx", "organizations.xlsx"),
    "declarations-by-province.xlsx": ("xlsx", "declarations-by-province.xlsx"),
    "tadamon-datapackage.zip": ("datapackage", DATAPACKAGE_DIR),
    "murmurations.zip": ("murmurations", MURMURATIONS_DIR),
}


def cache_root() -> Path:
    return Path(getattr(settings, "TADAMON_OPEN_DATA_DIR", settings.VAR_DIR / "open-data"))


def registry_version() -> str:
    head = ChainHead.objects.filter(id=1).values_list("last_seq", "last_hash").first()
    seq, digest = head or (0, "")
    return f"v{LAYOUT_VERSION}-{seq}-{digest[:16]}"


def _site(base_url: str) -> str:
    return hashlib.sha256(base_url.encode()).hexdigest()[:12]


def cached_download(name: str, base_url: str, *, wait: float | None = None) -> Path | None:
    """The file for this download, generated first if the registry changed since.

    wait=None generates here and now. Otherwise the generation runs in the
    background and the file is returned if it is ready within `wait` seconds,
    else None (come back later).
    """
    root = cache_root()
    version = registry_version()
    folder = root / f"{version}-{_site(base_url)}"
    target = folder / name
    if target.exists():
        return target
    root.mkdir(parents=True, exist_ok=True)
    if wait is None:
        _generate(name, base_url, target, version)
        return target
    _start_in_background(name, base_url, target, version)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if target.exists():
            return target
        time.sleep(POLL_EVERY)
    return target if target.exists() else None


def _generate(name: str, base_url: str, target: Path, version: str) -> None:
    fmt, source = CACHED[name]
    root = target.parent.parent
    work = root / f"{TEMPORARY_PREFIX}{uuid.uuid4().hex}"
    try:
        export([fmt], work, base_url)
        built = work / source
        if built.is_dir():
            built = _zip(built, work / name)
        target.parent.mkdir(exist_ok=True)
        os.replace(built, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    _prune(root, keep=version)


def _start_in_background(name: str, base_url: str, target: Path, version: str) -> None:
    """One generation per file and version, whichever worker process asks first."""
    lock = target.parent.parent / f"{TEMPORARY_PREFIX}{target.parent.name}-{name}.lock"
    if not _take(lock):
        return  # another request is generating it

    def run() -> None:
        try:
            _generate(name, base_url, target, version)
        except Exception:  # the visitor only sees "come back later": the log says why
            logger.exception("open data: generating %s failed", name)
        finally:
            lock.unlink(missing_ok=True)
            connections.close_all()  # this thread's own connections

    threading.Thread(target=run, name=f"open-data {name}", daemon=True).start()


def _take(lock: Path) -> bool:
    for _attempt in range(2):
        try:
            os.close(os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
            return True
        except FileExistsError:
            try:
                if time.time() - lock.stat().st_mtime < STALE_AFTER:
                    return False
            except FileNotFoundError:
                continue  # released meanwhile: try again
            lock.unlink(missing_ok=True)  # left by a worker that died
    return False


def _zip(folder: Path, path: Path) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for member in sorted(folder.iterdir()):
            archive.write(member, member.name)
    return path


def _prune(root: Path, keep: str) -> None:
    """Remove earlier registry versions (any site address), and temporary folders and
    locks abandoned by generations that died."""
    now = time.time()
    for entry in root.iterdir():
        if entry.name.startswith(keep + "-"):
            continue
        temporary = entry.name.startswith(TEMPORARY_PREFIX)
        try:
            if temporary and now - entry.stat().st_mtime < STALE_AFTER:
                continue  # another generation, still running
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            elif temporary:
                entry.unlink(missing_ok=True)
        except FileNotFoundError:
            continue  # removed meanwhile by another generation
