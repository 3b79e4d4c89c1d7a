"""A small on-disk cache for compiled resources (compiled dictionaries, phonetic tables).

Entries live in the user's cache folder: ``$XDG_CACHE_HOME/transcripts`` or
``~/.cache/transcripts``. Each entry is a pickle named by a key that is a hash of everything
it was built from, so a changed dictionary (or a changed pipeline) simply misses the cache.
A cache that cannot be read or written is never an error: the resource is built in memory.
At most :data:`KEEP` entries of each kind are kept.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Callable, TypeVar

T = TypeVar("T")
KEEP = 64  # entries of one kind kept; the least recently written go first


def cache_dir() -> Path:
    """The folder cache entries live in (not created here)."""
    base = os.environ.get("XDG_CACHE_HOME") or ""
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".cache"
    return root / "transcripts"


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
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{name}-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        _prune(path.parent, name)
    except OSError:
        pass
    return value


def _prune(folder: Path, name: str) -> None:
    """Keep the :data:`KEEP` most recently written entries of ``name``; older ones go."""
    keep = KEEP
    entries = sorted(folder.glob(f"{name}-*.pickle"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in entries[keep:]:
        try:
            old.unlink()
        except OSError:
            pass
