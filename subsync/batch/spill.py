"""Tables of strings held in a dict while small and in a temporary SQLite file once large, so
that what a run keeps about its inputs and outputs does not grow its memory with their number."""

from __future__ import annotations

import marshal
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from subsync.errors import OutputError

if TYPE_CHECKING:
    import sqlite3

#: The keys (or rows) a table holds in memory; past them it moves to the scratch database.
#: A hundred KiB or so at most, and a run of a few dozen inputs never loads sqlite3.
SPILL_AT = 256
# The scratch database's page cache in KiB: all it holds in memory however large its tables
# grow (the rest waits in its file, which the system's page cache keeps as it sees fit).
_CACHE_KIB = 256
# Rows read back at a time when a table is walked.
_BATCH = 256

Row = tuple[str, ...]
T = TypeVar("T")


class ScratchError(OutputError):
    """The scratch database cannot be written: its folder is full, or cannot be written."""


def _b(text: str) -> bytes:
    # Keys are kept as UTF-8 bytes, not as SQLite text: a path may hold lone surrogates (an
    # undecodable file name), which sqlite3 refuses as text. The bytes sort as the strings
    # do, by code point.
    return text.encode("utf-8", "surrogatepass")


def _s(data: bytes) -> str:
    return data.decode("utf-8", "surrogatepass")


# A row is kept whole as marshal's bytes (any str, made back in one call, where a column a
# value would cost a call a value): only keys and the index are compared.
_pack = marshal.dumps


def _unpack(data: bytes) -> Row:
    row: Row = marshal.loads(data)
    return row


class Scratch:
    """A private temporary SQLite database, opened on first use. SQLite keeps its file in the
    temporary folder (``SQLITE_TMPDIR``, ``TMPDIR``, ``/var/tmp``, ``/tmp``), unlinked as soon
    as it is open on POSIX, so a killed run leaves nothing behind. It is working memory, never
    a record (the manifest file is that): no journal, no sync."""

    def __init__(self) -> None:
        self._db: sqlite3.Connection | None = None
        self._error: tuple[type[Exception], ...] = ()  # sqlite3's, once loaded
        self._tables = 0

    def create(self, *, keyed: bool = True, indexed: bool = False) -> _Sql:
        """A new table: keyed (``k``) or in the order rows came, indexed on ``i`` or not."""
        if self._db is None:
            import sqlite3  # only once a table grows past SPILL_AT

            self._error = (sqlite3.Error,)
            # An empty name: a private temporary database. Autocommit: each statement is a
            # transaction, which costs a temporary database no sync.
            db = self.run(sqlite3.connect, "", isolation_level=None)
            for pragma in (f"cache_size = -{_CACHE_KIB}", "journal_mode = OFF"):
                self.run(db.execute, f"PRAGMA {pragma}")
            self.run(db.execute, "PRAGMA synchronous = OFF")
            self._db = db
        self._tables += 1
        return _Sql(self, self._db, f"t{self._tables}", keyed=keyed, indexed=indexed)

    def run(self, call: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``call(*args)``, a failure of the database told as what it is to the user."""
        try:
            return call(*args, **kwargs)
        except self._error as exc:
            raise ScratchError(
                "cannot keep the run's tables in a temporary file "
                f"({' '.join(str(exc).split()) or type(exc).__name__}): free space in the "
                "temporary folder, or point TMPDIR at a folder with room"
            ) from None


class _Sql:
    """One table of the scratch database, ``(k, [i,] v)``, and its statements."""

    def __init__(
        self, scratch: Scratch, db: sqlite3.Connection, name: str, *, keyed: bool, indexed: bool
    ) -> None:
        self.scratch = scratch
        self.db = db
        key = "k BLOB PRIMARY KEY" if keyed else "k INTEGER PRIMARY KEY"
        layout = ", ".join([key, *(["i BLOB NOT NULL"] if indexed else []), "v BLOB NOT NULL"])
        self.run(f"CREATE TABLE {name} ({layout})" + (" WITHOUT ROWID" if keyed else ""))
        if indexed:
            self.run(f"CREATE INDEX {name}_i ON {name} (i)")
        self.get = f"SELECT v FROM {name} WHERE k = ?"
        self.get_in = f"SELECT k, v FROM {name} WHERE k IN ({{}})"
        self.put = f"INSERT OR REPLACE INTO {name} VALUES (?, {'?, ' if indexed else ''}?)"
        self.pop = f"DELETE FROM {name} WHERE k = ?"
        self.where = f"SELECT k, v FROM {name} WHERE i = ? ORDER BY k"
        self.first = f"SELECT k, v FROM {name} ORDER BY k LIMIT {_BATCH}"
        self.after = f"SELECT k, v FROM {name} WHERE k > ? ORDER BY k LIMIT {_BATCH}"
        self.clear = f"DELETE FROM {name}"

    def run(self, statement: str, values: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        """The rows of one statement."""
        return self.scratch.run(lambda: self.db.execute(statement, values).fetchall())

    def run_many(self, statement: str, rows: Iterable[Sequence[object]]) -> None:
        self.scratch.run(self.db.executemany, statement, rows)

    def walk(self) -> Iterator[tuple[Any, bytes]]:
        """Every key and packed row, in key order, a batch at a time: a walk may change the
        table as it goes (each batch starts after the last key read)."""
        batch = self.run(self.first)
        while batch:
            yield from batch
            batch = self.run(self.after, (batch[-1][0],))


class Table:
    """A map of str keys to rows of strs (a set of keys when rows are empty), walked in key
    order, and looked up by the value of the row's column ``index`` too; in a dict while it
    holds at most ``SPILL_AT`` keys, then in a table of ``scratch``."""

    def __init__(self, scratch: Scratch, index: int | None = None) -> None:
        self._scratch = scratch
        self._index = index
        self._rows: dict[str, Row] | None = {}
        # In memory, with an index: the keys of each value of the index column.
        self._groups: dict[str, list[str]] = {}
        self._sql: _Sql | None = None

    def __contains__(self, key: object) -> bool:
        if self._rows is not None:
            return key in self._rows
        return isinstance(key, str) and self.get(key) is not None

    def get(self, key: str) -> Row | None:
        """The key's row, None when absent."""
        if self._rows is not None:
            return self._rows.get(key)
        sql = self._spilled()
        found = sql.run(sql.get, (_b(key),))
        return _unpack(found[0][0]) if found else None

    def get_many(self, keys: Sequence[str]) -> dict[str, Row]:
        """The rows of those of ``keys`` the table holds (one query for a few keys)."""
        if self._rows is not None:
            rows = self._rows
            return {key: rows[key] for key in keys if key in rows}
        sql = self._spilled()
        found = {}
        for first in range(0, len(keys), _BATCH):
            chunk = keys[first : first + _BATCH]
            query = sql.get_in.format(", ".join("?" * len(chunk)))
            for key, packed in sql.run(query, [_b(key) for key in chunk]):
                found[_s(key)] = _unpack(packed)
        return found

    def put(self, key: str, row: Row = ()) -> None:
        """Set the key's row."""
        self.put_many(((key, row),))

    def add(self, key: str) -> None:
        """Put a key without a row (in a set)."""
        self.put_many(((key, ()),))

    def put_many(self, items: Iterable[tuple[str, Row]]) -> None:
        """Set each key's row, in order."""
        rows = self._rows
        if rows is None:
            sql = self._spilled()
            sql.run_many(sql.put, map(self._packed, items))
            return
        items = iter(items)
        for key, row in items:
            if self._index is not None:
                self._regroup(key, rows.get(key), row)
            rows[key] = row
            if len(rows) > SPILL_AT:
                self._spill()
                self.put_many(items)  # the rest
                return

    def pop(self, key: str) -> Row | None:
        """Remove the key; its row, None when absent."""
        if self._rows is not None:
            row = self._rows.pop(key, None)
            if row is not None and self._index is not None:
                self._regroup(key, row, None)
            return row
        row = self.get(key)
        if row is not None:
            sql = self._spilled()
            sql.run(sql.pop, (_b(key),))
        return row

    def where(self, value: str) -> list[tuple[str, Row]]:
        """The keys, sorted, and rows whose index column holds ``value``."""
        if self._rows is not None:
            return [(key, self._rows[key]) for key in sorted(self._groups.get(value, ()))]
        sql = self._spilled()
        return [(_s(key), _unpack(packed)) for key, packed in sql.run(sql.where, (_b(value),))]

    def items(self) -> Iterator[tuple[str, Row]]:
        """Every key and row in key order (the keys as they are when the walk reaches them)."""
        if self._rows is not None:
            rows = self._rows
            for key in sorted(rows):
                row = rows.get(key)
                if row is not None:
                    yield key, row
            return
        for key, packed in self._spilled().walk():
            yield _s(key), _unpack(packed)

    def __iter__(self) -> Iterator[str]:
        """Every key, in order."""
        return (key for key, _ in self.items())

    def clear(self) -> None:
        """Remove every key (a spilled table stays in the scratch database, empty)."""
        if self._rows is not None:
            self._rows.clear()
            self._groups.clear()
        else:
            sql = self._spilled()
            sql.run(sql.clear)

    def _spilled(self) -> _Sql:
        assert self._sql is not None
        return self._sql

    def _packed(self, item: tuple[str, Row]) -> tuple[bytes, ...]:
        key, row = item
        if self._index is None:
            return _b(key), _pack(row)
        return _b(key), _b(row[self._index]), _pack(row)

    def _regroup(self, key: str, old: Row | None, new: Row | None) -> None:
        assert self._index is not None
        was = None if old is None else old[self._index]
        now = None if new is None else new[self._index]
        if was == now:
            return
        if was is not None:
            keys = self._groups[was]
            keys.remove(key)
            if not keys:
                del self._groups[was]
        if now is not None:
            self._groups.setdefault(now, []).append(key)

    def _spill(self) -> None:
        assert self._rows is not None
        self._sql = self._scratch.create(indexed=self._index is not None)
        self._sql.run_many(self._sql.put, map(self._packed, self._rows.items()))
        self._rows = None
        self._groups = {}


class Rows:
    """A list of rows of strs, appended and read back in order (as often as asked); in memory
    while it holds at most ``SPILL_AT``, then in a table of ``scratch``."""

    def __init__(self, scratch: Scratch) -> None:
        self._scratch = scratch
        self._rows: list[Row] | None = []
        self._sql: _Sql | None = None
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def append(self, row: Row) -> None:
        """Add a row at the end."""
        self._count += 1
        if self._rows is not None:
            self._rows.append(row)
            if len(self._rows) > SPILL_AT:
                self._sql = self._scratch.create(keyed=False)
                numbered = ((n, _pack(r)) for n, r in enumerate(self._rows))
                self._sql.run_many(self._sql.put, numbered)
                self._rows = None
            return
        assert self._sql is not None
        self._sql.run(self._sql.put, (self._count - 1, _pack(row)))

    def __iter__(self) -> Iterator[Row]:
        if self._rows is not None:
            yield from self._rows
            return
        assert self._sql is not None
        for _, packed in self._sql.walk():
            yield _unpack(packed)
