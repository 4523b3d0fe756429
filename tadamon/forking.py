"""Pure work in a forked child process, while the parent goes on with its own.

A bulk load keeps one core busy writing; the second core can compute what the
load will need next (the history's hashes, the search index's rows) from data
the parent already holds. A forked child inherits that data without pickling
it, never touches the database, and sends back one picklable result.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")

# The job a forked child runs: set just before the fork, read by the child.
_JOB: Callable[[], object] | None = None


def _run_job():
    return _JOB()


def fork_available() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


class InChild(Generic[T]):
    """`job()` computed in a forked child, or inline where fork is unavailable.

    pending = InChild(lambda: compute(data))   # starts at once
    ...                                        # the parent's own work
    result = pending.get()                     # waits if it must
    """

    def __init__(self, job: Callable[[], T]):
        global _JOB
        self._job = job
        self._pool = None
        self._pending = None
        if fork_available():
            _JOB = job
            try:
                self._pool = multiprocessing.get_context("fork").Pool(1)
                self._pending = self._pool.apply_async(_run_job)
            finally:
                _JOB = None

    def get(self) -> T:
        if self._pending is None:
            return self._job()
        try:
            return self._pending.get()
        finally:
            self.cancel()

    def cancel(self) -> None:
        """Stop the child (after an error in the parent, or once its result is in)."""
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None
