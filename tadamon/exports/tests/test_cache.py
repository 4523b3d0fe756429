"""The download cache: one generation per registry version, in the background when large."""

import os
import threading
import time

import pytest
from django.urls import reverse

from tadamon.exports import cache, views

NAME = "organizations.xlsx"
SITE = "https://tadamon.example"


@pytest.fixture(autouse=True)
def cache_in_tmp(settings, tmp_path):
    settings.TADAMON_OPEN_DATA_DIR = tmp_path / "open-data-cache"
    return settings.TADAMON_OPEN_DATA_DIR


@pytest.fixture
def slow_export(monkeypatch):
    """An export that waits for the test's go, counting how often it is started."""
    go = threading.Event()
    calls = []

    def export(formats, out, base_url):
        calls.append(formats)
        assert go.wait(10)
        out.mkdir(parents=True, exist_ok=True)
        (out / NAME).write_bytes(b"workbook")

    monkeypatch.setattr(cache, "export", export)
    return go, calls


def wait_until(condition, seconds=10):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_a_large_registry_is_generated_once_in_the_background(db, slow_export, cache_in_tmp):
    go, calls = slow_export
    assert cache.cached_download(NAME, SITE, wait=0.1) is None  # not ready: come back
    assert cache.cached_download(NAME, SITE, wait=0.1) is None
    assert len(calls) == 1  # the second request did not start a second generation
    assert list(cache_in_tmp.glob("*.lock"))
    go.set()
    assert wait_until(lambda: cache.cached_download(NAME, SITE, wait=0.1) is not None)
    path = cache.cached_download(NAME, SITE, wait=0.1)
    assert path.read_bytes() == b"workbook"
    assert wait_until(lambda: not list(cache_in_tmp.glob("*.lock")))
    assert len(calls) == 1


def test_a_lock_left_by_a_dead_worker_is_taken_over(db, slow_export, cache_in_tmp):
    go, calls = slow_export
    go.set()
    cache_in_tmp.mkdir(parents=True)
    folder = f"{cache.registry_version()}-{cache._site(SITE)}"
    lock = cache_in_tmp / f"{cache.TEMPORARY_PREFIX}{folder}-{NAME}.lock"
    lock.write_bytes(b"")
    old = time.time() - cache.STALE_AFTER - 10
    os.utime(lock, (old, old))
    assert wait_until(lambda: cache.cached_download(NAME, SITE, wait=0.1) is not None)
    assert len(calls) == 1


def test_a_fresh_lock_means_someone_else_is_generating(db, slow_export, cache_in_tmp):
    _go, calls = slow_export
    cache_in_tmp.mkdir(parents=True)
    folder = f"{cache.registry_version()}-{cache._site(SITE)}"
    (cache_in_tmp / f"{cache.TEMPORARY_PREFIX}{folder}-{NAME}.lock").write_bytes(b"")
    assert cache.cached_download(NAME, SITE, wait=0.1) is None
    assert calls == []


def test_the_page_says_come_back_later_with_retry_after(client, open_registry, slow_export,
                                                        monkeypatch, settings):  # fmt: skip
    go, _calls = slow_export
    monkeypatch.setattr(views, "SYNC_UP_TO", 0)  # this registry counts as large
    settings.TADAMON_OPEN_DATA_WAIT = 0.1
    response = client.get(reverse("exports:download", args=[NAME]))
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert 'lang="ar"' in response.content.decode()
    go.set()
    assert wait_until(
        lambda: client.get(reverse("exports:download", args=[NAME])).status_code == 200
    )
