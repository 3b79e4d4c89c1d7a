"""Capitals the writer chose: a document written in capitals (broadcast captions), a line
in capitals (a heading, "BY MR. LEE:"), a name written in capitals.

The correct and spelling stages search such a document as if written in small letters
(:func:`small_letters` keeps every offset), then write their changes in the writer's
capitals (:func:`in_the_writers_capitals`).
"""

from __future__ import annotations

import dataclasses

from .document import Edit

_CASED_LETTERS = 20  # fewer than this: too short to say how a document is written
_SMALL = bytes(range(ord("a"), ord("z") + 1))
_CAPITAL = _SMALL.upper()


def in_capitals(text: str) -> bool:
    """Whether ``text`` is written in capitals: at least ``_CASED_LETTERS`` of the letters A
    to Z, hardly any of them small (a "Mc" or an "iPHONE" now and then). Counted over the
    UTF-8 bytes, in a few milliseconds for megabytes."""
    data = text.encode("utf-8", "surrogatepass")
    lower = len(data) - len(data.translate(None, _SMALL))
    upper = len(data) - len(data.translate(None, _CAPITAL))
    return upper + lower >= _CASED_LETTERS and lower <= 0.05 * (upper + lower)


def small_letters(text: str) -> str:
    """``text`` in small letters, character for character (the offsets stay)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def in_the_writers_capitals(text: str, edits: list[Edit]) -> list[Edit]:
    """``edits`` with a replacement written in capitals where the writer wrote the words it
    replaces in capitals on a line written in capitals ("BY MR. LEE:", a caption of
    broadcast captions), or wrote two words or more in capitals ("ANDREW LEE: Good
    evening"): capitals the writer chose. A change of case only then changes nothing (and
    is dropped by ``apply_edits``)."""
    out = []
    for e in edits:
        heard = text[e.start:e.end]
        if any(map(str.islower, heard)) or sum(map(str.isupper, heard)) < 2 or e.replacement.isupper():
            out.append(e)
            continue
        line_start = text.rfind("\n", 0, e.start) + 1
        line_end = text.find("\n", e.end)
        line = text[line_start:line_end if line_end >= 0 else len(text)]
        if any(map(str.islower, line)) and len(heard.split()) < 2:
            out.append(e)
            continue
        out.append(dataclasses.replace(e, replacement=e.replacement.upper()))
    return out
