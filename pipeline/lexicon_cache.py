"""A small on-disk cache for compiled resources (compiled dictionaries, phonetic tables).

Entries live in the user's cache folder: ``$XDG_CACHE_HOME/transcripts`` or
``~/.cache/transcripts``. Each entry is a pickle named by a key that is a hash of everything
it was built from, so a changed dictionary (or a changed pipeline) simply misses the cache.
A cache that cannot be read or written is never an error: the resource is built in memory.
At most :data:`KEEP` entries of each kind are kept.

The large word tables (English word frequencies, the CMU dictionary's sound keys and
syllables) are kept as SQLite files instead (:func:`load_or_build_table`): a process reads
only the words it asks for, where unpickling them all cost about 0.4 s at every start.
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import marshal
import os
import pickle
import sqlite3
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Callable, TypeVar

T = TypeVar("T")
KEEP = 64  # entries of one kind kept; the least recently written go first


def cache_dir() -> Path:
    """The folder cache entries live in (not created here)."""
    base = os.environ.get("XDG_CACHE_HOME") or ""
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".cache"
    return root / "transcripts"


@functools.lru_cache(maxsize=None)
def source_fingerprint(*names: str) -> str:
    """A hash of these files of the pipeline (their bytes, in this order; a fraction of a
    millisecond): part of the key of an entry that code in them builds, so that a changed
    build misses what an older one cached."""
    h = hashlib.sha256()
    for name in names:
        h.update((Path(__file__).with_name(name)).read_bytes())
    return h.hexdigest()


def cache_key(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()[:32]


def load_or_build(name: str, key: str, build: Callable[[], T]) -> T:
    """The cached value for ``name``/``key``, or ``build()`` (stored for next time)."""
    path = cache_dir() / f"{name}-{key}.pickle"
    try:
        with open(path, "rb") as fh:
            return pickle.load(fh)
    except Exception:  # missing, unreadable, or from an incompatible version: rebuild
        pass
    value = build()

    def write(tmp: str) -> None:
        with open(tmp, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)

    if _write_into_place(path, name, write):
        _prune(path.parent, name)
    return value


def _write_into_place(path: Path, name: str, write: Callable[[str], None]) -> bool:
    """``write`` a temporary file beside ``path``, then rename it into place (a reader sees
    the whole file or none): whether it was written. A folder that cannot be written is no
    error; a temporary file a failed write leaves is removed, and so is one an hour old
    that a process killed while it wrote left."""
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for left in path.parent.glob(f".{name}-*.tmp"):
            with contextlib.suppress(OSError):
                if time.time() - left.stat().st_mtime > 3600:
                    left.unlink()
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{name}-", suffix=".tmp")
        os.close(fd)
        write(tmp)
        os.replace(tmp, path)
        tmp = None
        return True
    except (OSError, sqlite3.Error, ValueError):
        return False
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


_ABSENT = object()


MEMO_MAX = 200_000  # words a table keeps in memory once read (then it starts again)


class Table(Mapping):
    """A read-only ``str ->`` value table in an SQLite file written by
    :func:`load_or_build_table`, read a key at a time (each key read once per process, up
    to :data:`MEMO_MAX` kept). Iterating it gives its keys in order. Each thread, and a forked process,
    opens its own connection (SQLite's rule: none is shared across a fork). Should the file
    fail to read (or a value in it), the table is built in memory with ``build`` and nothing
    is lost; ``rewrite`` (if given) then writes it again, so that the next process reads a
    sound file instead of building the table again."""

    def __init__(self, path: Path, build: Callable[[], dict], rewrite: Callable[[dict], None] | None = None):
        self._uri = path.resolve().as_uri() + "?mode=ro&immutable=1"
        self._build = build
        self._rewrite = rewrite
        self._memo: dict[str, Any] = {}
        self._local = threading.local()
        self._whole: dict | None = None

    def _unreadable(self) -> None:
        """The file (or a value in it) cannot be read: the table is built in memory, and
        written again for the next process."""
        whole = self._build()
        self._whole = whole
        if self._rewrite is not None:
            self._rewrite(whole)

    def _query(self, sql: str, args: tuple = ()) -> list:
        if self._whole is None:
            local = self._local
            try:
                if getattr(local, "pid", None) != os.getpid():
                    local.connection = sqlite3.connect(self._uri, uri=True)
                    local.pid = os.getpid()
                return local.connection.execute(sql, args).fetchall()
            except sqlite3.Error:
                self._unreadable()
        return []

    def get(self, key, default=None):
        value = self._memo.get(key, _ABSENT)
        if value is _ABSENT:
            rows = self._query("SELECT v FROM t WHERE k = ?", (key,)) if isinstance(key, str) else []
            if rows and self._whole is None:
                try:
                    value = marshal.loads(rows[0][0])
                except (ValueError, EOFError, TypeError):  # (a damaged value: SQLite keeps no checksums)
                    self._unreadable()
            if self._whole is not None:
                return self._whole.get(key, default)
            if len(self._memo) >= MEMO_MAX:  # (a long-running process meets ever more words)
                self._memo.clear()
            value = self._memo[key] = None if value is _ABSENT else value
        return default if value is None else value

    def __getitem__(self, key):
        value = self.get(key, _ABSENT)
        if value is _ABSENT:
            raise KeyError(key)
        return value

    def __contains__(self, key) -> bool:
        return self.get(key, _ABSENT) is not _ABSENT

    def _all(self) -> dict:
        rows = self._query("SELECT k, v FROM t")
        if self._whole is None:
            try:
                return {k: marshal.loads(v) for k, v in rows}
            except (ValueError, EOFError, TypeError):
                self._unreadable()
        return self._whole

    def items(self):  # (one query for all of them, not one a word)
        return self._all().items()

    def values(self):
        return self._all().values()

    def __iter__(self) -> Iterator[str]:
        keys = [k for k, in self._query("SELECT k FROM t ORDER BY k")]
        return iter(self._whole if self._whole is not None else keys)

    def __len__(self) -> int:
        rows = self._query("SELECT count(*) FROM t")
        return len(self._whole) if self._whole is not None else rows[0][0]


def load_or_build_table(name: str, key: str, build: Callable[[], dict]) -> Mapping:
    """The table for ``name``/``key`` as a :class:`Table` over its SQLite file, or
    ``build()`` (a dict of ``str`` keys, values that ``marshal`` writes, none of them
    ``None``), written to that file for the next process (in a few seconds, once)."""
    path = cache_dir() / f"{name}-{key}.sqlite"
    if path.is_file():
        return Table(path, build, lambda value: _write_table(path, name, value))
    value = build()
    if _write_table(path, name, value):  # read as every later process reads it
        return Table(path, lambda: value, lambda value: _write_table(path, name, value))
    return value


def _write_table(path: Path, name: str, value: dict) -> bool:
    """Write the table ``value`` to ``path`` (an SQLite file, complete before it is renamed
    into place): whether it was written (a folder that cannot be written is no error)."""
    def write(tmp: str) -> None:
        connection = sqlite3.connect(tmp)
        try:  # (a file of its own until it is complete: no journal needed)
            connection.execute("PRAGMA journal_mode = OFF")
            connection.execute("PRAGMA synchronous = OFF")
            connection.execute("CREATE TABLE t (k TEXT PRIMARY KEY, v BLOB NOT NULL) WITHOUT ROWID")
            connection.executemany("INSERT INTO t VALUES (?, ?)", ((k, marshal.dumps(value[k])) for k in sorted(value)))
            connection.commit()
        finally:
            connection.close()

    if not _write_into_place(path, name, write):
        return False
    _prune(path.parent, name, ".sqlite")
    _prune(path.parent, name, ".pickle", keep=0)  # (the whole copies earlier versions kept)
    return True


def _prune(folder: Path, name: str, suffix: str = ".pickle", keep: int | None = None) -> None:
    """Keep the ``keep`` (:data:`KEEP`) most recently written entries of ``name``; older ones go."""
    keep = KEEP if keep is None else keep
    entries = sorted(folder.glob(f"{name}-*{suffix}"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in entries[keep:]:
        try:
            old.unlink()
        except OSError:
            pass
