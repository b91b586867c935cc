"""Tables of strings held in a dict while small and in a temporary SQLite file once large, so
that what a run keeps about its inputs and outputs does not grow its memory with their number.
This module is the tables and their memory side; spill_db, loaded when the first one spills,
is their SQLite side."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from subsync.errors import OutputError

if TYPE_CHECKING:
    from subsync.batch.spill_db import Database, Sql

#: The keys (or rows) a table holds in memory; past them it moves to the scratch database.
#: A hundred KiB or so at most, and a run of a few dozen inputs never loads sqlite3.
SPILL_AT = 256

Row = tuple[str, ...]


class ScratchError(OutputError):
    """The scratch database cannot be written: its folder is full, or cannot be written."""


class Scratch:
    """The scratch database of a run's tables (spill_db.Database), opened when a first table
    spills."""

    def __init__(self) -> None:
        self._db: Database | None = None

    def create(self, *, keyed: bool = True, indexed: bool = False) -> Sql:
        """A new table: keyed, or in the order rows came; indexed on one value or not."""
        if self._db is None:
            from subsync.batch.spill_db import Database  # and sqlite3: only for a large run

            self._db = Database()
        return self._db.table(keyed=keyed, indexed=indexed)


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
        self._sql: Sql | None = None

    def __contains__(self, key: object) -> bool:
        if self._rows is not None:
            return key in self._rows
        return isinstance(key, str) and self._spilled().get(key) is not None

    def get(self, key: str) -> Row | None:
        """The key's row, None when absent."""
        if self._rows is not None:
            return self._rows.get(key)
        return self._spilled().get(key)

    def get_many(self, keys: Sequence[str]) -> dict[str, Row]:
        """The rows of those of ``keys`` the table holds (one query for a few keys)."""
        if self._rows is not None:
            rows = self._rows
            return {key: rows[key] for key in keys if key in rows}
        return self._spilled().get_many(keys)

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
            self._spilled().put_many(items, self._index)
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
        return self._spilled().pop(key)

    def where(self, value: str) -> list[tuple[str, Row]]:
        """The keys, sorted, and rows whose index column holds ``value``."""
        if self._rows is not None:
            return [(key, self._rows[key]) for key in sorted(self._groups.get(value, ()))]
        return self._spilled().where(value)

    def items(self) -> Iterator[tuple[str, Row]]:
        """Every key and row in key order (the keys as they are when the walk reaches them)."""
        if self._rows is not None:
            rows = self._rows
            for key in sorted(rows):
                row = rows.get(key)
                if row is not None:
                    yield key, row
            return
        yield from self._spilled().items()

    def __iter__(self) -> Iterator[str]:
        """Every key, in order."""
        return (key for key, _ in self.items())

    def clear(self) -> None:
        """Remove every key (a spilled table stays in the scratch database, empty)."""
        if self._rows is not None:
            self._rows.clear()
            self._groups.clear()
        else:
            self._spilled().clear()

    def _spilled(self) -> Sql:
        assert self._sql is not None
        return self._sql

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
        self._sql.put_many(self._rows.items(), self._index)
        self._rows = None
        self._groups = {}


class Rows:
    """A list of rows of strs, appended and read back in order (as often as asked); in memory
    while it holds at most ``SPILL_AT``, then in a table of ``scratch``."""

    def __init__(self, scratch: Scratch) -> None:
        self._scratch = scratch
        self._rows: list[Row] | None = []
        self._sql: Sql | None = None
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
                self._sql.append_many(enumerate(self._rows))
                self._rows = None
            return
        assert self._sql is not None
        self._sql.append_many(((self._count - 1, row),))

    def __iter__(self) -> Iterator[Row]:
        if self._rows is not None:
            yield from self._rows
            return
        assert self._sql is not None
        yield from self._sql.rows()
