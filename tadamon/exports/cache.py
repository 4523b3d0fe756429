"""Download files that cannot be streamed, made once per registry version.

An XLSX workbook or a zip is only complete at its end, so it cannot be sent
while it is written. It is made into var/open-data/ (setting
TADAMON_OPEN_DATA_DIR), in a folder named after the registry version it was
made at (the history chain head's sequence number, `portal.caching
.registry_version`) and the site address its links use. A file is written in
a temporary folder and moved into place, so a reader never sees half a file.

Serving: the file of the current version if it is made. Otherwise, for a small
registry (up to SYNC_UP_TO organizations), it is made while the visitor waits
(seconds). For a large one (minutes: an XLSX of 100,000 organizations took
55 s here) it is made in the background, and meanwhile the newest complete
file of an earlier version is served, with the time of the registry version it
was made at; only when no complete file exists at all does the visitor wait a
little and then get "come back later" (`503`).

One background build per file and site at a time, across worker processes,
held by a lock file that names its process (host, pid, start time). A build
whose process is gone (a recycled or killed worker takes its threads with it)
leaves a lock that the next request sees as dead and takes over at once; a lock
held longer than LOCK_AT_MOST is taken as hung. docs/open-data.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import re
import shutil
import socket
import threading
import time
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connections

from tadamon.exports.exporting import DATAPACKAGE_DIR, MURMURATIONS_DIR, export
from tadamon.history.models import HistoryEntry
from tadamon.portal.caching import registry_version

logger = logging.getLogger(__name__)

# Raise when the layout of a file (or of this folder) changes: older files are then not served.
LAYOUT_VERSION = 2
TEMPORARY_PREFIX = ".tmp-"
LOCK_PREFIX = ".lock-"
# A build holding its lock this long is hung: 500,000 organizations take about 5 minutes
# for the slowest file (XLSX, measured at 55 s per 100,000), so six times that.
LOCK_AT_MOST = 30 * 60
# A lock file without its holder's details is being written; this late, it never will be.
UNREADABLE_LOCK_AT_MOST = 60
# Another site address's older files (a host name seldom used) are kept this long.
OTHER_SITE_KEEP = 24 * 3600
# Up to this many organizations a download is made while the visitor waits
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
FOLDER = re.compile(rf"^v{LAYOUT_VERSION}-(\d+)-([0-9a-f]+)$")


@dataclass(frozen=True)
class CachedFile:
    path: Path
    version: int  # the registry version (history sequence number) it was made at
    current: bool  # made at the registry's version of the moment it was looked up


def cache_root() -> Path:
    return Path(getattr(settings, "TADAMON_OPEN_DATA_DIR", settings.VAR_DIR / "open-data"))


def _site(base_url: str) -> str:
    return hashlib.sha256(base_url.encode()).hexdigest()[:12]


def _folder(version: int, site: str) -> Path:
    return cache_root() / f"v{LAYOUT_VERSION}-{version:012d}-{site}"


def _made(root: Path):
    """(version, site, folder) of every version folder of this layout."""
    try:
        entries = list(root.iterdir())
    except FileNotFoundError:
        return
    for entry in entries:
        found = FOLDER.match(entry.name)
        if found:
            yield int(found[1]), found[2], entry


def newest_file(name: str, base_url: str, version: int | None = None) -> CachedFile | None:
    """The newest complete file for this site, made at `version` (the current one if not
    given) or before; a folder of a later version belongs to another state of the database."""
    version = registry_version() if version is None else version
    site = _site(base_url)
    made = [
        (made_at, folder / name)
        for made_at, made_for, folder in _made(cache_root())
        if made_for == site and made_at <= version and (folder / name).is_file()
    ]
    if not made:
        return None
    made_at, path = max(made)
    return CachedFile(path, made_at, made_at == version)


def cached_download(name: str, base_url: str, *, wait: float | None = None) -> CachedFile | None:
    """The file for this download: the current version's, else see the module's docstring.

    wait=None makes a missing current file here and now. Otherwise it is made in
    the background; meanwhile the newest earlier file is returned at once, or,
    when there is none, the new one if it is ready within `wait` seconds, else None.
    """
    version = registry_version()
    newest = newest_file(name, base_url, version)
    if newest is not None and newest.current:
        return newest
    cache_root().mkdir(parents=True, exist_ok=True)
    _remove_foreign()
    if wait is None:
        return CachedFile(_generate(name, base_url, version), version, True)
    _start_in_background(name, base_url, version)
    if newest is not None:
        return newest  # the previous complete file while the new one is made
    deadline = time.monotonic() + wait
    while True:
        newest = newest_file(name, base_url, version)
        if newest is not None or time.monotonic() >= deadline:
            return newest
        time.sleep(POLL_EVERY)


def version_times(versions: set[int]) -> dict[int, dt.datetime]:
    """When the registry reached each version: the time of that history entry."""
    return dict(HistoryEntry.objects.filter(seq__in=versions).values_list("seq", "recorded_at"))


def _generate(name: str, base_url: str, version: int, work: Path | None = None) -> Path:
    fmt, source = CACHED[name]
    root = cache_root()
    work = work or root / f"{TEMPORARY_PREFIX}{uuid.uuid4().hex}"
    site = _site(base_url)
    target = _folder(version, site) / name
    try:
        export([fmt], work, base_url)
        built = work / source
        if built.is_dir():
            built = _zip(built, work / name)
        for _attempt in range(3):
            target.parent.mkdir(exist_ok=True)
            try:
                os.replace(built, target)
                break
            except FileNotFoundError:
                continue  # the empty folder was pruned by another build meanwhile
    finally:
        shutil.rmtree(work, ignore_errors=True)
    _prune(root, name, site, version)
    return target


def _zip(folder: Path, path: Path) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for member in sorted(folder.iterdir()):
            archive.write(member, member.name)
    return path


# -- one background build per file and site -------------------------------------------


def _lock_path(name: str, site: str) -> Path:
    return cache_root() / f"{LOCK_PREFIX}{site}-{name}"


def _start_in_background(name: str, base_url: str, version: int) -> bool:
    """Start making the file unless a live build of it is under way; whether it started."""
    work = cache_root() / f"{TEMPORARY_PREFIX}{uuid.uuid4().hex}"
    lock = _lock_path(name, _site(base_url))
    if not _take(lock, work):
        return False  # another build of this file is running: it serves this request too
    made = newest_file(name, base_url, version)
    if made is not None and made.current:  # a build finished between our look and the lock
        _release(lock, work)
        return False

    def run() -> None:
        try:
            _generate(name, base_url, version, work)
        except Exception:  # the visitor gets the previous file or "come back later": log why
            logger.exception("open data: generating %s failed", name)
        finally:
            _release(lock, work)
            connections.close_all()  # this thread's own connections

    threading.Thread(target=run, name=f"open-data {name}", daemon=True).start()
    return True


def _holder(work: Path) -> dict:
    return {
        "host": socket.gethostname(),
        "pid": os.getpid(),
        "started": time.time(),
        "work": work.name,
    }


def _take(lock: Path, work: Path) -> bool:
    for _attempt in range(2):
        try:
            descriptor = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            if _alive(lock):
                return False
            _take_over(lock)
            continue
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump(_holder(work), handle)
        return True
    return False


def _read(lock: Path) -> dict | None:
    try:
        holder = json.loads(lock.read_text(encoding="utf-8"))
    except ValueError:
        return None
    return holder if isinstance(holder, dict) else None


def _alive(lock: Path) -> bool:
    """Whether the build holding this lock may still be running."""
    try:
        age = time.time() - lock.stat().st_mtime
        holder = _read(lock)
    except FileNotFoundError:
        return False  # released meanwhile
    if holder is None:
        return age < UNREADABLE_LOCK_AT_MOST  # just created, its details not yet written
    if age > LOCK_AT_MOST:
        return False
    if holder.get("host") != socket.gethostname():
        return True  # another machine's process (a shared folder): only the age tells
    try:
        return _process_alive(int(holder["pid"]), float(holder["started"]))
    except (KeyError, TypeError, ValueError):
        return False


def _process_alive(pid: int, started: float) -> bool:
    """The process exists and is the one that took the lock, not a later one with its pid."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # exists, run by another user
    began = _process_start(pid)
    # /proc gives the boot time in whole seconds: allow for the rounding.
    return began is None or began <= started + 2


def _process_start(pid: int) -> float | None:
    """When the process started (Linux /proc), None where that cannot be read."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        boot = next(
            float(line.split()[1])
            for line in Path("/proc/stat").read_text().splitlines()
            if line.startswith("btime ")
        )
    except (OSError, IndexError, StopIteration, ValueError):
        return None
    # Field 22 of stat (the 20th after the name): start time in clock ticks since boot.
    return boot + int(fields[19]) / os.sysconf("SC_CLK_TCK")


def _take_over(lock: Path) -> None:
    """Remove a dead build's lock and its temporary folder."""
    holder = _read(lock) if lock.exists() else None
    work = str((holder or {}).get("work", ""))
    if work.startswith(TEMPORARY_PREFIX) and "/" not in work:
        shutil.rmtree(cache_root() / work, ignore_errors=True)
    lock.unlink(missing_ok=True)


def _release(lock: Path, work: Path) -> None:
    """Remove the lock if it is still this build's (it may have been taken over as hung)."""
    holder = _read(lock) if lock.exists() else None
    if holder is not None and holder.get("work") == work.name:
        lock.unlink(missing_ok=True)


# -- removing what is no longer served ---------------------------------------------------


def _remove_foreign() -> None:
    """Remove files made at a version the registry has not reached: they come from another
    state of the database (restored or recreated), whose history had gone further.

    The version is read here, after any folder this looks at was made: a build that
    made one had read its version before, so it is not later than this one.
    """
    current = registry_version()
    for made_at, _site_hash, folder in _made(cache_root()):
        if made_at > current:
            shutil.rmtree(folder, ignore_errors=True)


def _prune(root: Path, name: str, site: str, version: int) -> None:
    """After making `name` at `version`: remove its earlier versions, folders of other
    layouts, and temporary folders of dead builds. No database query: it runs in the
    background build's thread too."""
    now = time.time()
    for made_at, made_for, folder in _made(root):
        try:
            older = folder / name
            if made_at < version and older.exists():
                kept_elsewhere = made_for != site and now - older.stat().st_mtime < OTHER_SITE_KEEP
                if not kept_elsewhere:
                    older.unlink(missing_ok=True)
            if made_at < version and not any(folder.iterdir()):
                folder.rmdir()
        except (FileNotFoundError, OSError):
            continue  # changed meanwhile by another build
    for entry in root.iterdir():
        if FOLDER.match(entry.name) or entry.name.startswith(LOCK_PREFIX):
            continue
        try:
            if entry.name.startswith(TEMPORARY_PREFIX):
                if now - entry.stat().st_mtime > LOCK_AT_MOST:
                    shutil.rmtree(entry, ignore_errors=True)  # a build that died
            elif entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)  # an earlier layout's folder
        except FileNotFoundError:
            continue
