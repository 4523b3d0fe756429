"""Appending many entries to the hash-chained history at once, and the fast row writer.

`ChainAppender` is tadamon.history.chain.append for bulk loads. It takes
each change's before and after already as canonical JSON text (sorted keys,
no spaces, UTF-8 as is: what entry_hash's json.dumps writes), so that a
million entries are not serialized one dict at a time (15 µs each through
entry_hash, about 2 µs here). It builds the very payload entry_hash hashes;
the first entry of every batch is recomputed with entry_hash itself and the
load stops if the two differ, and verify_chain() checks every entry
afterwards.

`write_rows` writes rows into a model's table with the database's fastest
path: executemany on SQLite, COPY on PostgreSQL (psycopg 3), executemany
elsewhere. It bypasses the ORM (no save(), no signals), so its callers are
services that check everything first and record the history themselves.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from itertools import chain, islice, repeat
from typing import NamedTuple

from django.db import connection, transaction
from django.utils import timezone

from tadamon.forking import InChild, fork_available
from tadamon.history.chain import actor_label, canonical_time, current_request_id, entry_hash
from tadamon.history.models import ChainHead, HistoryEntry

Progress = Callable[[int], None] | None
HISTORY_FIELDS = (
    "seq", "recorded_at", "actor", "actor_label", "action", "object_type", "object_id",
    "before", "after", "reason", "request_id", "prev_hash", "entry_hash",
)  # fmt: skip
_DUMPS = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
# Separators for handing text columns from the child process to the parent in one
# string: canonical JSON never holds a raw control character (json.dumps escapes them).
_NEXT, _NONE = "\x1e", "\x1d"


class SerializedChange(NamedTuple):
    """A change whose before and after are canonical JSON text already (or None)."""

    action: str
    object_type: str
    object_id: str
    before: str | None
    after: str | None
    reason: str = ""


def _batches(rows: Iterable, size: int) -> Iterator[list]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def write_rows(
    model, field_names: tuple[str, ...], rows: Iterable[tuple], progress: Progress = None,
    count: int | None = None, batch_size: int = 50_000, utf8_fields: tuple[str, ...] = (),
) -> int:  # fmt: skip
    """Insert the rows (values in the order of `field_names`) into the model's table.

    With `count` given, SQLite's executemany reads the rows straight from the
    iterator (no Python list per batch): on 900,000 history rows that saved 2 s.
    Values of `utf8_fields` may be UTF-8 bytes: SQLite takes them as text as
    they are (CAST), other databases get them decoded."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in field_names)
    connection.ensure_connection()
    if utf8_fields and connection.vendor != "sqlite":
        rows = _decoded(rows, [field_names.index(name) for name in utf8_fields])
    if connection.vendor == "postgresql":
        return _copy_rows(table, columns, rows, progress, batch_size)
    if connection.vendor == "sqlite":
        marks = ", ".join("CAST(? AS TEXT)" if f in utf8_fields else "?" for f in field_names)
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
        execute_many = connection.connection.executemany  # the raw sqlite3 connection
    else:
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(field_names))})"
        execute_many = connection.cursor().executemany
    if count is None or connection.vendor != "sqlite":
        batches = ((len(batch), batch) for batch in _batches(rows, batch_size))
    else:
        iterator = iter(rows)
        batches = (
            (min(batch_size, count - start), islice(iterator, batch_size))
            for start in range(0, count, batch_size)
        )
    written = 0
    for size, batch in batches:
        execute_many(sql, batch)
        written += size
        if progress:
            progress(size)
    return written


def _decoded(rows: Iterable[tuple], positions: list[int]) -> Iterator[tuple]:
    for row in rows:
        row = list(row)
        for position in positions:
            if isinstance(row[position], bytes):
                row[position] = row[position].decode()
        yield tuple(row)


def _copy_rows(table: str, columns: str, rows, progress: Progress, batch_size: int) -> int:
    written = 0
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        for batch in _batches(rows, batch_size):
            for row in batch:
                copy.write_row(row)
            written += len(batch)
            if progress:
                progress(len(batch))
    return written


class ChainAppender:
    """Bulk append to the chain in two steps, so that hashing can overlap the caller's writes.

        appender = ChainAppender(actor)   # locks the chain head in the caller's transaction
        appender.start(make_changes)      # serializes and hashes, on another core if it can
        ...                               # the caller writes its own rows meanwhile
        appender.finish(progress)         # writes the entries and moves the head

    `make_changes` is called without arguments and returns the changes in
    order. In mode "process" it runs in a forked child process that never
    touches the database: it inherits the data, hashes from the locked head
    and sends the text back in one piece, while the parent writes its own rows
    on the other core (on 500,000 organizations, 15 s of serializing and
    hashing off the critical path). Mode "inline" (where fork is unavailable,
    and for small loads) prepares each batch just before writing it.
    """

    def __init__(self, actor, batch_size: int = 20_000):
        if not connection.in_atomic_block:
            raise RuntimeError("ChainAppender must run inside a transaction")
        self.label = actor_label(actor)
        self.actor_id = actor.pk if self.label != "system" else None
        self.request_id = current_request_id.get()
        self.recorded_at = timezone.now()
        self.stored_at = _stored_time(self.recorded_at)
        self.batch_size = batch_size
        head, _created = ChainHead.objects.select_for_update().get_or_create(id=1)
        self.seq, self.last_hash = head.last_seq, head.last_hash
        self._make_changes: Callable[[], Iterable[SerializedChange]] = list
        self._child: InChild | None = None

    def start(self, make_changes: Callable[[], Iterable[SerializedChange]], mode: str = "auto"):
        self._make_changes = make_changes
        if mode == "auto":
            mode = "process" if fork_available() else "inline"
        if mode == "process":
            self._child = InChild(self._prepare_in_child)

    def cancel(self) -> None:
        if self._child is not None:
            self._child.cancel()

    def _prepare_in_child(self):
        columns = self._hash(self._make_changes())
        return _pack(columns), self.seq, self.last_hash

    def finish(self, progress: Progress = None) -> int:
        """Write every entry, in order, and move the chain head; returns the count."""
        if self._child is not None:
            first_seq, first_hash = self.seq, self.last_hash
            packed, self.seq, self.last_hash = self._child.get()
            batches = [(first_seq, first_hash, _unpack(packed))]
        else:
            batches = self._inline_batches()
        written = 0
        for first_seq, first_hash, columns in batches:
            written += write_rows(
                HistoryEntry, HISTORY_FIELDS, self._rows(first_seq, first_hash, columns),
                progress, count=len(columns[0]), batch_size=self.batch_size,
                utf8_fields=("before", "after"),
            )  # fmt: skip
        ChainHead.objects.filter(id=1).update(last_seq=self.seq, last_hash=self.last_hash)
        return written

    def _inline_batches(self) -> Iterator[tuple[int, str, tuple[list, ...]]]:
        for batch in _batches(self._make_changes(), self.batch_size):
            first_seq, first_hash = self.seq, self.last_hash
            yield first_seq, first_hash, self._hash(batch)

    def _rows(self, first_seq: int, first_hash: str, columns) -> Iterator[tuple]:
        """The table's rows, zipped in C from the columns and constants (no Python per row)."""
        actions, types, object_ids, befores, afters, reasons, digests = columns
        count = len(digests)
        if count == 0:
            return iter(())
        return zip(
            range(first_seq + 1, first_seq + count + 1), repeat(self.stored_at, count),
            repeat(self.actor_id, count), repeat(self.label, count), actions, types, object_ids,
            befores, afters, reasons, repeat(self.request_id, count),
            chain([first_hash], islice(digests, count - 1)), digests, strict=True,
        )  # fmt: skip

    def _hash(self, changes: Iterable[SerializedChange]) -> tuple[list, ...]:
        """The changes as columns, with each entry's hash; moves self.seq and self.last_hash."""
        columns: tuple[list, ...] = ([], [], [], [], [], [], [])
        actions, types, object_ids, befores, afters, reasons, digests = columns
        # entry_hash's payload is json.dumps([seq, time, actor, action, type, id, before,
        # after, reason, request]); only seq, the id, before and after change between entries.
        fixed = f"{_DUMPS(canonical_time(self.recorded_at))},{_DUMPS(self.label)}"
        request = _DUMPS(self.request_id)
        encoded: dict[str, str] = {}
        seq, last_hash = self.seq, self.last_hash
        sha256 = hashlib.sha256
        for change in changes:
            action, object_type, object_id, before, after, reason = change
            seq += 1
            if action not in encoded or object_type not in encoded or reason not in encoded:
                for text in (action, object_type, reason):
                    encoded[text] = _DUMPS(text)
            payload = (
                f"[{seq},{fixed},{encoded[action]},{encoded[object_type]},{_DUMPS(object_id)},"
                f"{before or 'null'},{after or 'null'},{encoded[reason]},{request}]"
            )
            digest = sha256((last_hash + payload).encode()).hexdigest()
            if seq % self.batch_size == 1 or not digests:
                self._check(last_hash, seq, change, digest)
            actions.append(action)
            types.append(object_type)
            object_ids.append(object_id)
            befores.append(before)
            afters.append(after)
            reasons.append(reason)
            digests.append(digest)
            last_hash = digest
        self.seq, self.last_hash = seq, last_hash
        return columns

    def _check(self, prev_hash: str, seq: int, change: SerializedChange, digest: str) -> None:
        expected = entry_hash(
            prev_hash, seq, self.recorded_at, self.label, change.action, change.object_type,
            change.object_id,
            None if change.before is None else json.loads(change.before),
            None if change.after is None else json.loads(change.after),
            change.reason, self.request_id,
        )  # fmt: skip
        if expected != digest:
            raise RuntimeError(
                f"history entry #{seq}: its JSON is not canonical (sorted keys, no spaces, "
                "UTF-8), so its hash would not verify"
            )


def _pack(columns: tuple[list, ...]) -> tuple[int, tuple[str | bytes, ...]]:
    """Each column as one piece, before and after as UTF-8 bytes.

    Pickling 900,000 strings one by one took 4 s, and decoding them in the
    parent 2 s more, while it was writing; bytes go through the pipe as they
    are and into SQLite as they are (write_rows' utf8_fields)."""
    joined = [_NEXT.join(_NONE if v is None else v for v in column) for column in columns]
    for position in _JSON_COLUMNS:
        joined[position] = joined[position].encode()
    return len(columns[0]), tuple(joined)


def _unpack(packed: tuple[int, tuple[str | bytes, ...]]) -> tuple[list, ...]:
    count, joined = packed
    columns = []
    for column in joined:
        separator, none = (_NEXT, _NONE) if isinstance(column, str) else (b"\x1e", b"\x1d")
        values = column.split(separator) if count else []
        if none in column:
            values = [None if v == none else v for v in values]
        columns.append(values)
    return tuple(columns)


_JSON_COLUMNS = (3, 4)  # before and after, in the order of ChainAppender._hash's columns


def append_serialized(actor, changes: Iterable[SerializedChange], progress: Progress = None) -> int:
    """Append the changes to the chain, in order, in the caller's transaction; returns the count.

    The chain head is locked (select_for_update) for the rest of the transaction,
    as chain.append does, so seq has no gaps and concurrent writers queue up.
    """
    with transaction.atomic():
        appender = ChainAppender(actor)
        appender.start(lambda: changes, mode="inline")
        return appender.finish(progress)


def _stored_time(moment):
    """The timestamp as the database column takes it (SQLite stores text, PostgreSQL a datetime)."""
    if connection.vendor == "sqlite":
        return connection.ops.adapt_datetimefield_value(moment)
    return moment
