"""The download cache: the newest complete file served while a newer one is made, one
background build per file at a time, and locks of dead builds taken over at once."""

import json
import os
import socket
import subprocess
import sys
import threading
import time

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from tadamon.exports import cache, views
from tadamon.history.models import HistoryEntry
from tadamon.portal.caching import registry_version
from tadamon.registry import services

NAME = "organizations.xlsx"
SITE = "https://tadamon.example"


@pytest.fixture(autouse=True)
def cache_in_tmp(settings, tmp_path):
    settings.TADAMON_OPEN_DATA_DIR = tmp_path / "open-data-cache"
    return settings.TADAMON_OPEN_DATA_DIR


@pytest.fixture
def slow_export(monkeypatch):
    """An export that waits for the test's go; each file says which build made it."""
    go = threading.Event()
    calls = []

    def export(formats, out, base_url):
        calls.append(formats)
        number = len(calls)
        assert go.wait(10)
        out.mkdir(parents=True, exist_ok=True)
        (out / NAME).write_bytes(b"workbook %d" % number)

    monkeypatch.setattr(cache, "export", export)
    return go, calls


@pytest.fixture
def changed(national_registrar, coop_hoceima):
    """A change of the registry: its version moves on."""

    def change(acronym):
        before = registry_version()
        services.update_organization(national_registrar, coop_hoceima, {"acronym": acronym})
        assert registry_version() > before

    return change


def wait_until(condition, seconds=10):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def locks(folder):
    return list(folder.glob(cache.LOCK_PREFIX + "*"))


def write_lock(pid, started, host=None, work=None):
    root = cache.cache_root()
    root.mkdir(parents=True, exist_ok=True)
    lock = cache._lock_path(NAME, cache._site(SITE))
    holder = {"host": host or socket.gethostname(), "pid": pid, "started": started}
    if work:
        holder["work"] = work
    lock.write_text(json.dumps(holder), encoding="utf-8")
    return lock


def age(path, seconds):
    old = time.time() - seconds
    os.utime(path, (old, old))


# -- serving ------------------------------------------------------------------------------


def test_a_large_registry_is_made_once_in_the_background(db, slow_export, cache_in_tmp):
    go, calls = slow_export
    assert cache.cached_download(NAME, SITE, wait=0.1) is None  # nothing made yet: come back
    assert cache.cached_download(NAME, SITE, wait=0.1) is None
    assert len(calls) == 1  # the second request did not start a second build
    assert locks(cache_in_tmp)
    go.set()
    assert wait_until(lambda: cache.cached_download(NAME, SITE, wait=0.1) is not None)
    made = cache.cached_download(NAME, SITE, wait=0.1)
    assert made.path.read_bytes() == b"workbook 1" and made.current
    assert wait_until(lambda: not locks(cache_in_tmp))
    assert len(calls) == 1


def test_the_previous_complete_file_is_served_while_the_new_one_is_made(
    slow_export, changed, cache_in_tmp
):
    go, calls = slow_export
    go.set()
    first = cache.cached_download(NAME, SITE)  # made while the visitor waits
    assert first.current and first.path.read_bytes() == b"workbook 1"
    go.clear()
    changed("أركان")
    started = time.monotonic()
    served = cache.cached_download(NAME, SITE, wait=5)
    assert time.monotonic() - started < 2  # at once: nobody waits for the new file
    assert served == cache.CachedFile(first.path, first.version, current=False)
    assert served.path.read_bytes() == b"workbook 1"
    assert len(calls) == 2  # the new version is being made
    changed("أركان 2")  # changed again while it is made: still one build of the file
    assert cache.cached_download(NAME, SITE, wait=5).path == first.path
    assert len(calls) == 2
    go.set()
    assert wait_until(lambda: not locks(cache_in_tmp))
    newer = cache.newest_file(NAME, SITE)
    assert newer.version > first.version and newer.path.read_bytes() == b"workbook 2"
    assert not first.path.exists()  # the older file goes once a newer one is complete


def test_only_without_any_complete_file_the_page_answers_503(
    client, open_registry, slow_export, monkeypatch, settings, cache_in_tmp
):
    go, _calls = slow_export
    monkeypatch.setattr(views, "SYNC_UP_TO", 0)  # this registry counts as large
    settings.TADAMON_OPEN_DATA_WAIT = 0.1
    response = client.get(reverse("exports:download", args=[NAME]))
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    html = response.content.decode()
    assert 'lang="ar"' in html and 'id="being-prepared"' in html
    go.set()
    assert wait_until(
        lambda: client.get(reverse("exports:download", args=[NAME])).status_code == 200
    )
    assert wait_until(lambda: not locks(cache_in_tmp))


def test_a_file_of_an_earlier_version_says_when_it_was_made(
    client, slow_export, changed, monkeypatch, settings, cache_in_tmp
):
    go, _calls = slow_export
    go.set()
    assert client.get(reverse("exports:download", args=[NAME])).status_code == 200
    made_at = HistoryEntry.objects.get(seq=registry_version()).recorded_at
    go.clear()
    monkeypatch.setattr(views, "SYNC_UP_TO", 0)
    settings.TADAMON_OPEN_DATA_WAIT = 5
    changed("أركان")
    response = client.get(reverse("exports:download", args=[NAME]))
    assert response.status_code == 200
    assert b"".join(response) == b"workbook 1"
    assert response["Last-Modified"] == http_date(made_at.timestamp())
    page = client.get(reverse("exports:open_data")).content.decode()
    assert f'<time datetime="{timezone.localtime(made_at).isoformat()}">' in page
    go.set()
    assert wait_until(lambda: not locks(cache_in_tmp))


def test_the_page_says_when_each_file_was_made(client, open_registry, settings):
    page = client.get(reverse("exports:open_data")).content.decode()
    assert page.count("data-made") == len(cache.CACHED)
    assert page.count("<time") == 0  # nothing made yet
    assert client.get(reverse("exports:download", args=[NAME])).status_code == 200
    client.cookies["tadamon_lang"] = "fr"
    page = client.get(reverse("exports:open_data")).content.decode()
    assert page.count("<time") == 1
    made_at = timezone.localtime(HistoryEntry.objects.get(seq=registry_version()).recorded_at)
    assert f'<time datetime="{made_at.isoformat()}">' in page


# -- locks --------------------------------------------------------------------------------


def test_a_live_builds_lock_is_respected(db, slow_export):
    _go, calls = slow_export
    write_lock(os.getpid(), time.time())
    assert cache.cached_download(NAME, SITE, wait=0.1) is None
    assert calls == []


def test_a_lock_left_by_a_recycled_worker_is_taken_over_at_once(db, slow_export, cache_in_tmp):
    go, calls = slow_export
    go.set()
    worker = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        leftover = cache_in_tmp / f"{cache.TEMPORARY_PREFIX}dead-build"
        lock = write_lock(worker.pid, time.time(), work=leftover.name)
        leftover.mkdir()
        assert cache.cached_download(NAME, SITE, wait=0.1) is None  # its build may be running
        assert calls == []
    finally:
        worker.kill()
        worker.wait()
    # The worker is gone (recycled, killed): its fresh lock is dead, not an hour's wait.
    assert time.time() - lock.stat().st_mtime < 60
    assert wait_until(lambda: cache.cached_download(NAME, SITE, wait=0.1) is not None)
    assert len(calls) == 1
    assert not leftover.exists()  # the dead build's temporary folder went with its lock


def test_a_lock_whose_pid_now_belongs_to_a_later_process_is_dead(db, slow_export):
    go, calls = slow_export
    go.set()
    if cache._process_start(os.getpid()) is None:
        pytest.skip("no /proc here: process start times cannot be read")
    # This very process started after the lock was taken: the pid was reused.
    write_lock(os.getpid(), cache._process_start(os.getpid()) - 3600)
    assert wait_until(lambda: cache.cached_download(NAME, SITE, wait=0.1) is not None)
    assert len(calls) == 1


def test_a_lock_held_too_long_is_taken_as_hung(db, slow_export):
    go, calls = slow_export
    go.set()
    lock = write_lock(os.getpid(), time.time() - cache.LOCK_AT_MOST - 10)
    age(lock, cache.LOCK_AT_MOST + 10)
    assert wait_until(lambda: cache.cached_download(NAME, SITE, wait=0.1) is not None)
    assert len(calls) == 1


def test_another_machines_lock_is_respected_until_it_is_too_old(db, slow_export):
    go, calls = slow_export
    go.set()
    lock = write_lock(1, time.time(), host="another-machine.invalid")
    assert cache.cached_download(NAME, SITE, wait=0.1) is None
    assert calls == []
    age(lock, cache.LOCK_AT_MOST + 10)
    assert wait_until(lambda: cache.cached_download(NAME, SITE, wait=0.1) is not None)


def test_a_lock_still_being_written_is_respected_for_a_minute(db, slow_export):
    go, calls = slow_export
    go.set()
    lock = cache._lock_path(NAME, cache._site(SITE))
    lock.parent.mkdir(parents=True)
    lock.write_bytes(b"")
    assert cache.cached_download(NAME, SITE, wait=0.1) is None
    assert calls == []
    age(lock, cache.UNREADABLE_LOCK_AT_MOST + 1)
    assert wait_until(lambda: cache.cached_download(NAME, SITE, wait=0.1) is not None)


def test_a_failed_build_releases_its_lock_and_the_next_request_tries_again(
    db, monkeypatch, cache_in_tmp, caplog
):
    attempts = []

    def failing(formats, out, base_url):
        attempts.append(formats)
        raise OSError("disk full")

    monkeypatch.setattr(cache, "export", failing)
    assert cache.cached_download(NAME, SITE, wait=0.1) is None
    assert wait_until(lambda: not locks(cache_in_tmp))
    assert "generating organizations.xlsx failed" in caplog.text
    assert not list(cache_in_tmp.glob(cache.TEMPORARY_PREFIX + "*"))
    cache.cached_download(NAME, SITE, wait=0.1)
    assert len(attempts) == 2


# -- what is removed ------------------------------------------------------------------------


def test_files_of_another_database_state_or_layout_are_never_served(db, slow_export, cache_in_tmp):
    go, _calls = slow_export
    go.set()
    site = cache._site(SITE)
    later = cache._folder(registry_version() + 5, site)  # a recreated database had gone further
    later.mkdir(parents=True)
    (later / NAME).write_bytes(b"another registry")
    earlier_layout = cache_in_tmp / f"v1-0-{registry_version()}-abc"
    earlier_layout.mkdir()
    assert cache.newest_file(NAME, SITE) is None
    made = cache.cached_download(NAME, SITE)
    assert made.path.read_bytes() == b"workbook 1"
    assert not later.exists() and not earlier_layout.exists()


def test_a_new_file_removes_its_older_versions_but_not_other_files(
    slow_export, changed, cache_in_tmp
):
    go, _calls = slow_export
    go.set()
    first = cache.cached_download(NAME, SITE)
    other = first.path.parent / "murmurations.zip"
    other.write_bytes(b"profiles")  # another file of that version, not yet made again
    elsewhere = cache._folder(first.version, cache._site("https://other.example")) / NAME
    elsewhere.parent.mkdir()
    elsewhere.write_bytes(b"for another address")
    changed("أركان")
    second = cache.cached_download(NAME, SITE)
    assert second.version > first.version
    assert not first.path.exists()
    assert other.exists()  # still the newest complete murmurations.zip
    assert elsewhere.exists()  # another site address keeps its recent file
