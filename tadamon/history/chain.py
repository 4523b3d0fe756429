"""Appending to the hash-chained history and verifying it.

The hash of an entry is SHA-256 over the previous entry's hash and a canonical
JSON of the entry (sorted keys, no spaces, UTF-8), so the same entry read back
from SQLite or PostgreSQL hashes the same.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import functools
import hashlib
import json
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, ParamSpec, TypeVar

from django.db import transaction
from django.utils import timezone

from tadamon.history.models import GENESIS_HASH, ChainHead, HistoryEntry

P = ParamSpec("P")
R = TypeVar("R")

# Ties together every entry written while serving one request or one command.
current_request_id: contextvars.ContextVar[str] = contextvars.ContextVar(
    "tadamon_request_id", default=""
)


def new_request_id() -> str:
    return str(uuid.uuid4())


@dataclass
class Change:
    """One change to record: what a service did to one object."""

    action: str
    object_type: str
    object_id: str
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    reason: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def actor_label(actor) -> str:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return "system"
    return actor.get_username()


def canonical_time(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def entry_hash(
    prev_hash: str,
    seq: int,
    recorded_at: dt.datetime,
    actor: str,
    action: str,
    object_type: str,
    object_id: str,
    before: Any,
    after: Any,
    reason: str,
    request_id: str,
) -> str:
    payload = json.dumps(
        [
            seq,
            canonical_time(recorded_at),
            actor,
            action,
            object_type,
            object_id,
            before,
            after,
            reason,
            request_id,
        ],
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256((prev_hash + payload).encode("utf-8")).hexdigest()


def _locked_head() -> ChainHead:
    head, _created = ChainHead.objects.select_for_update().get_or_create(id=1)
    return head


def writes_history(service: Callable[P, R]) -> Callable[P, R]:
    """Run a service in one transaction that takes the history lock first.

    Every writer holds the chain head's lock until commit anyway; taking it
    before any other row lock gives all services one lock order, so two of
    them can never wait on each other (PostgreSQL would call it a deadlock).
    """

    @functools.wraps(service)
    def locked(*args: P.args, **kwargs: P.kwargs) -> R:
        with transaction.atomic():
            _locked_head()
            return service(*args, **kwargs)

    return locked


def append(actor, changes: Iterable[Change], batch_size: int = 5000) -> int:
    """Append the changes to the chain, in order, in the caller's transaction.

    Returns the number of entries written. The chain head is locked for the
    rest of the transaction, so concurrent writers queue up and seq has no gaps.
    """
    label = actor_label(actor)
    actor_id = actor.pk if label != "system" else None
    request_id = current_request_id.get()
    written = 0
    with transaction.atomic():
        head = _locked_head()
        recorded_at = timezone.now()
        batch: list[HistoryEntry] = []
        for change in changes:
            seq = head.last_seq + 1
            digest = entry_hash(
                head.last_hash,
                seq,
                recorded_at,
                label,
                change.action,
                change.object_type,
                change.object_id,
                change.before,
                change.after,
                change.reason,
                request_id,
            )
            batch.append(
                HistoryEntry(
                    seq=seq,
                    recorded_at=recorded_at,
                    actor_id=actor_id,
                    actor_label=label,
                    action=change.action,
                    object_type=change.object_type,
                    object_id=change.object_id,
                    before=change.before,
                    after=change.after,
                    reason=change.reason,
                    request_id=request_id,
                    prev_hash=head.last_hash,
                    entry_hash=digest,
                )
            )
            head.last_seq, head.last_hash = seq, digest
            if len(batch) >= batch_size:
                HistoryEntry.objects.bulk_create(batch)
                written += len(batch)
                batch = []
        if batch:
            HistoryEntry.objects.bulk_create(batch)
            written += len(batch)
        head.save(update_fields=["last_seq", "last_hash"])
    return written


def record(actor, change: Change) -> None:
    append(actor, [change])


@dataclass
class ChainReport:
    ok: bool
    checked: int
    first_bad_seq: int | None = None
    problem: str = ""


VERIFY_FIELDS = (
    "seq",
    "recorded_at",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "before",
    "after",
    "reason",
    "request_id",
    "prev_hash",
    "entry_hash",
)


def _entries(chunk_size: int) -> Iterator[tuple]:
    return HistoryEntry.objects.order_by("seq").values_list(*VERIFY_FIELDS).iterator(chunk_size)


def verify_chain(chunk_size: int = 5000, progress=None) -> ChainReport:
    """Recompute every hash in order; name the first entry altered, removed or inserted."""
    expected_seq, expected_prev = 1, GENESIS_HASH
    checked = 0
    for row in _entries(chunk_size):
        seq, recorded_at, actor, action, otype, oid, before, after, reason, rid, prev, digest = row
        if seq != expected_seq:
            return ChainReport(
                False,
                checked,
                expected_seq,
                f"entry #{expected_seq} is missing (next present entry is #{seq})",
            )
        if prev != expected_prev:
            return ChainReport(
                False, checked, seq, f"entry #{seq} does not link to entry #{seq - 1}"
            )
        recomputed = entry_hash(
            prev, seq, recorded_at, actor, action, otype, oid, before, after, reason, rid
        )
        if recomputed != digest:
            return ChainReport(
                False, checked, seq, f"entry #{seq} was altered (its hash no longer matches)"
            )
        checked += 1
        expected_seq, expected_prev = seq + 1, digest
        if progress is not None:
            progress(checked)
    head = ChainHead.objects.filter(id=1).first()
    if head is None and checked:
        return ChainReport(
            False,
            checked,
            expected_seq,
            "the chain head is missing: removed entries at the end could not be detected",
        )
    if head is not None and (head.last_seq, head.last_hash) != (expected_seq - 1, expected_prev):
        return ChainReport(
            False,
            checked,
            expected_seq,
            f"entries after #{expected_seq - 1} were removed (the chain head records "
            f"#{head.last_seq})",
        )
    return ChainReport(True, checked)


def entries_for(object_type: str, object_id: str):
    return HistoryEntry.objects.filter(object_type=object_type, object_id=str(object_id))
