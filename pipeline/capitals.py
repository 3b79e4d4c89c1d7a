"""Capitals the writer chose: lines written in capitals (broadcast captions, a heading,
"BY MR. LEE:"), and names written in capitals in a sentence ("ANDREW LEE: Good evening").

The correct stage searches a line in capitals as if written in small letters, where its
words are words and not acronyms (:func:`small_letter_lines`, which keeps every offset), then
writes its changes in the writer's capitals (:func:`in_the_writers_capitals`). Each line is
judged alone, so no share of the whole document decides and the stage run on its own output
reads every line as it did.
"""

from __future__ import annotations

import dataclasses
import re

import regex

from .document import Edit
from .normalize import NAME_ABBREVIATIONS

_WORD = regex.compile(r"\p{L}+")


def capital_line(line: str) -> bool:
    """Whether ``line`` is written in capitals: two or more words, no small letter."""
    return not any(map(str.islower, line)) and sum(1 for _ in _WORD.finditer(line)) >= 2


def _small(text: str) -> str:
    """``text`` in small letters, character for character (the offsets stay: "İ" stays)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


_NO_SMALL_ASCII = re.compile(r"^[^a-z\n]+$", re.MULTILINE)  # (a line with none of a-z: a candidate)


def capital_lines(text: str) -> list[tuple[int, int]]:
    """Where the lines in capitals (:func:`capital_line`) of ``text`` are, in order."""
    return [m.span() for m in _NO_SMALL_ASCII.finditer(text) if capital_line(m[0])]


def mostly_capitals(text: str, spans: list[tuple[int, int]]) -> bool:
    """Whether the lines in capitals (``spans``, :func:`capital_lines`) hold most of the
    text's characters: a document written in capitals (broadcast captions)."""
    return 2 * sum(end - start for start, end in spans) > len(text) - text.count("\n")


def small_letter_lines(text: str, spans: list[tuple[int, int]] | None = None) -> str:
    """``text`` with every line in capitals (:func:`capital_line`; ``spans``, where already
    found) in small letters; the other lines as they are. ``text`` itself when it has no
    such line."""
    if spans is None:
        spans = capital_lines(text)
    if not spans:
        return text
    parts, at = [], 0
    for start, end in spans:
        parts += [text[at:start], _small(text[start:end])]
        at = end
    parts.append(text[at:])
    return "".join(parts)


def _capital_word(word: str) -> bool:
    """A word of two letters or more in capitals ("LEE", "MR.", "O'NEIL")."""
    return not any(map(str.islower, word)) and sum(map(str.isupper, word)) >= 2


def _among_capitals(line: str, start: int, end: int) -> bool:
    """Whether ``line[start:end]`` is a name the writer put in capitals: two words or more
    ("ANDREW LEE"), or one with a title or a label's colon in capitals beside it ("MR. LEE:
    Let's break", "DR. OKAFOR"). Not an acronym among others ("IGA IGG testing", "CBS FOX
    and NBC")."""
    heard = line[start:end]
    if not _capital_word(heard):
        return False
    if len(heard.split()) >= 2:
        return True
    before = line[:start].split()
    after = line[end:].split()
    stretch = [heard]
    for word in reversed(before):
        if not _capital_word(word):
            break
        stretch.insert(0, word)
    for word in after:
        if not _capital_word(word) and word != ":":
            break
        stretch.append(word)
    return len(stretch) >= 2 and (stretch[0].rstrip(".").casefold() in NAME_ABBREVIATIONS
                                  or stretch[-1].endswith(":"))


# a line that is only a name in capitals, perhaps with a note in brackets: a script's
# character cue ("LUKE", "SHERIFF PRUITT (V.O.)")
_CUE_NAME = r"\p{Lu}[\p{Lu}'’.\-]*(?:[ \t]\p{Lu}[\p{Lu}'’.\-]*){0,3}"
_CUE_LINE = regex.compile(r"^[ \t]*(" + _CUE_NAME + r")[ \t]*(?:\([^()\n]*\))?[ \t]*$", regex.MULTILINE)
_A_CUE_NAME = regex.compile(_CUE_NAME)  # what a replaced part must be to be one of them


def _cue_names(text: str) -> set[str]:
    """The names a script writes in capitals on lines of their own, twice or more (its
    character cues): the writer's capitals for those names wherever they stand ("The only
    customer, LUKE (30s), stares")."""
    counts: dict[str, int] = {}
    for m in _CUE_LINE.finditer(text):
        counts[m[1]] = counts.get(m[1], 0) + 1
    return {name for name, count in counts.items() if count >= 2}


def in_the_writers_capitals(text: str, edits: list[Edit]) -> list[Edit]:
    """``edits`` (of ``text``) with each line's part of a replacement written in capitals
    where the writer wrote that line in capitals, or wrote the words replaced on it in
    capitals among others, two words or more ("ANDREW LEE: Good evening", "MR. LEE: Let's"),
    or wrote a name replaced in capitals on lines of their own (a script's cues, :func:`_cue_names`).
    A change of case only there then changes nothing (``apply_edits`` drops it). A
    replacement that joins lines the heard words were on ("glp\\none" for `GLP-1`) is in
    capitals where all of them are."""
    out = []
    cues: set[str] | None = None  # (looked for in the whole text once a part could be one)

    def a_cue(part: str) -> bool:
        nonlocal cues
        if not _A_CUE_NAME.fullmatch(part):
            return False
        if cues is None:
            cues = _cue_names(text)
        return part in cues

    for e in edits:
        heard = text[e.start:e.end].split("\n")
        first = text.rfind("\n", 0, e.start) + 1
        last = text.find("\n", e.end)
        lines = text[first:last if last >= 0 else len(text)].split("\n")
        upper, offset = [], first
        for line, part in zip(lines, heard):
            at = max(e.start, offset) - offset  # where the heard part starts in its line
            upper.append(capital_line(line) or _among_capitals(line, at, at + len(part)) or a_cue(part))
            offset += len(line) + 1
        parts = e.replacement.split("\n")
        if len(parts) == len(heard):
            replacement = "\n".join(p.upper() if u else p for p, u in zip(parts, upper))
        else:
            replacement = e.replacement.upper() if all(upper) else e.replacement
        out.append(e if replacement == e.replacement else dataclasses.replace(e, replacement=replacement))
    return out
