"""The ``regex`` module, with each pattern compiled when it is first used.

``regex`` compiles a pattern in Python, about a millisecond each on a shared machine, and
the segment stage's modules define dozens of patterns at import that a given document may
never use (court transcripts, screenplays, broadcast captions, …): compiling them all cost
about 0.1 s of every ``transcripts reprocess``. A module that imports this one as
``regex`` gets a :class:`LazyPattern` from ``regex.compile``; everything else is the
``regex`` module's own.

A :class:`LazyPattern` answers as the compiled pattern does (``search``, ``match``,
``finditer``, ``sub``, ``pattern``, …). It is not a ``regex.Pattern``: pass its
``pattern`` (the source), not the object, to ``regex``'s functions.
"""
from __future__ import annotations

import regex as _regex
from regex import *  # noqa: F401,F403 - the module's names, as ``regex`` gives them

# the compiled pattern's attributes a first use copies onto the LazyPattern, so that later
# uses find them at once (as bound methods of the compiled pattern)
_ATTRIBUTES = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "subf",
               "subfn", "split", "splititer", "scanner", "flags", "groups", "groupindex")


class LazyPattern:
    """A regular expression compiled by ``regex`` the first time any attribute but its
    source (``pattern``) is asked for."""

    def __init__(self, pattern, flags: int = 0, kwargs: dict | None = None):
        self.pattern = pattern
        self._flags = flags
        self._kwargs = kwargs or {}

    def __getattr__(self, name: str):  # (only for an attribute not set yet: the first use)
        if name.startswith("__") or name in ("_flags", "_kwargs"):
            raise AttributeError(name)
        compiled = _regex.compile(self.pattern, self._flags, **self._kwargs)
        for attribute in _ATTRIBUTES:
            setattr(self, attribute, getattr(compiled, attribute))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r}, {self._flags!r})"


def compile(pattern, flags: int = 0, **kwargs) -> LazyPattern:  # noqa: A001 - as regex.compile
    """``regex.compile``, deferred to the pattern's first use."""
    return LazyPattern(pattern, flags, kwargs)
