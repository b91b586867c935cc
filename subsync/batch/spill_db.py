"""The scratch tables' SQLite side, loaded when the first table spills: a private temporary
database, and each table's rows there."""

from __future__ import annotations

import marshal
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

from subsync.batch.spill import Row, ScratchError

T = TypeVar("T")

# The database's page cache in KiB: all it holds in memory however large its tables grow
# (the rest waits in its file, which the system's page cache keeps as it sees fit).
_CACHE_KIB = 256
# Rows read back at a time when a table is walked.
_BATCH = 256


def _b(text: str) -> bytes:
    # Keys are kept as UTF-8 bytes, not as SQLite text: a path may hold lone surrogates (an
    # undecodable file name), which sqlite3 refuses as text. The bytes sort as the strings
    # do, by code point.
    return text.encode("utf-8", "surrogatepass")


def _s(data: bytes) -> str:
    return data.decode("utf-8", "surrogatepass")


def _pack(row: Row) -> bytes:
    # A row is kept whole as marshal's bytes (any str, made back in one call, where a column a
    # value would cost a call a value): only keys and the index are compared. marshal takes
    # plain tuples only, not a record's.
    return marshal.dumps(row if type(row) is tuple else tuple(row))


def _unpack(data: bytes) -> Row:
    row: Row = marshal.loads(data)
    return row


def _run(call: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``call(*args)``, a failure of the database told as what it is to the user."""
    try:
        return call(*args, **kwargs)
    except sqlite3.Error as exc:
        raise ScratchError(
            "cannot keep the run's tables in a temporary file "
            f"({' '.join(str(exc).split()) or type(exc).__name__}): free space in the "
            "temporary folder, or point TMPDIR at a folder with room"
        ) from None


class Database:
    """A private temporary SQLite database. SQLite keeps its file in the temporary folder
    (``SQLITE_TMPDIR``, ``TMPDIR``, ``/var/tmp``, ``/tmp``), unlinked as soon as it is open on
    POSIX, so a killed run leaves nothing behind. It is working memory, never a record (the
    manifest file is that): no journal, no sync. Autocommit: each statement is a
    transaction, which costs a temporary database no sync either."""

    def __init__(self) -> None:
        # An empty name: a private temporary database.
        self.db = _run(sqlite3.connect, "", isolation_level=None)
        for pragma in (f"cache_size = -{_CACHE_KIB}", "journal_mode = OFF", "synchronous = OFF"):
            _run(self.db.execute, f"PRAGMA {pragma}")
        self._tables = 0

    def table(self, *, keyed: bool, indexed: bool) -> Sql:
        """A new table: keyed or in the order rows came, indexed or not."""
        self._tables += 1
        return Sql(self.db, f"t{self._tables}", keyed=keyed, indexed=indexed)


class Sql:
    """One table of the database, ``(k, [i,] v)``: the key (or row number), the value of the
    row's index column, and the row."""

    def __init__(self, db: sqlite3.Connection, name: str, *, keyed: bool, indexed: bool) -> None:
        self.db = db
        key = "k BLOB PRIMARY KEY" if keyed else "k INTEGER PRIMARY KEY"
        layout = ", ".join([key, *(["i BLOB NOT NULL"] if indexed else []), "v BLOB NOT NULL"])
        self._run(f"CREATE TABLE {name} ({layout})" + (" WITHOUT ROWID" if keyed else ""))
        if indexed:
            self._run(f"CREATE INDEX {name}_i ON {name} (i)")
        self._get = f"SELECT v FROM {name} WHERE k = ?"
        self._get_in = f"SELECT k, v FROM {name} WHERE k IN ({{}})"
        self._put = f"INSERT OR REPLACE INTO {name} VALUES (?, {'?, ' if indexed else ''}?)"
        self._pop = f"DELETE FROM {name} WHERE k = ?"
        self._where = f"SELECT k, v FROM {name} WHERE i = ? ORDER BY k"
        self._first = f"SELECT k, v FROM {name} ORDER BY k LIMIT {_BATCH}"
        self._after = f"SELECT k, v FROM {name} WHERE k > ? ORDER BY k LIMIT {_BATCH}"
        self._clear = f"DELETE FROM {name}"

    def get(self, key: str) -> Row | None:
        found = self._run(self._get, (_b(key),))
        return _unpack(found[0][0]) if found else None

    def get_many(self, keys: Sequence[str]) -> dict[str, Row]:
        found = {}
        for first in range(0, len(keys), _BATCH):
            chunk = keys[first : first + _BATCH]
            query = self._get_in.format(", ".join("?" * len(chunk)))
            for key, packed in self._run(query, [_b(key) for key in chunk]):
                found[_s(key)] = _unpack(packed)
        return found

    def put_many(self, items: Iterable[tuple[str, Row]], index: int | None) -> None:
        if index is None:
            rows: Iterator[tuple[object, ...]] = ((_b(k), _pack(row)) for k, row in items)
        else:
            rows = ((_b(k), _b(row[index]), _pack(row)) for k, row in items)
        _run(self.db.executemany, self._put, rows)

    def append_many(self, rows: Iterable[tuple[int, Row]]) -> None:
        """Rows numbered (a table not keyed)."""
        _run(self.db.executemany, self._put, ((n, _pack(row)) for n, row in rows))

    def pop(self, key: str) -> Row | None:
        row = self.get(key)
        if row is not None:
            self._run(self._pop, (_b(key),))
        return row

    def where(self, value: str) -> list[tuple[str, Row]]:
        return [(_s(key), _unpack(packed)) for key, packed in self._run(self._where, (_b(value),))]

    def items(self) -> Iterator[tuple[str, Row]]:
        """Every key (decoded) and row, in key order."""
        for key, packed in self.walk():
            yield _s(key), _unpack(packed)

    def rows(self) -> Iterator[Row]:
        """Every row, in the order of its number (a table not keyed)."""
        for _, packed in self.walk():
            yield _unpack(packed)

    def clear(self) -> None:
        self._run(self._clear)

    def walk(self) -> Iterator[tuple[Any, bytes]]:
        """Every key and packed row, in key order, a batch at a time: a walk may change the
        table as it goes (each batch starts after the last key read)."""
        batch = self._run(self._first)
        while batch:
            yield from batch
            batch = self._run(self._after, (batch[-1][0],))

    def _run(self, statement: str, values: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        """The rows of one statement."""
        return _run(lambda: self.db.execute(statement, values).fetchall())
