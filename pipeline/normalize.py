"""Normalize: spacing slips inside caption lines, and which line breaks cut a sentence.

Text changes are local and recorded, one correction each (rule ``spacing:*``):

* ``spacing:after-period`` - "Mr.Sims" -> "Mr. Sims" (a word of two or more letters, a
  period, a capitalized word; "U.S." and "e.g." are left alone);
* ``spacing:after-comma`` - "well,then" -> "well, then" (letters only: "1,000" stays);
* ``spacing:before-punctuation`` - "Mask ." -> "Mask.";
* ``spacing:around-quote`` - an opening quote glued to the word before it, or a closing
  quote glued to the word after it, gets its space;
* ``spacing:collapse`` - runs of white space inside a line become one space.

Line structure is layout, not text: the stage decides for every unit whether it continues
the previous one's sentence (``break_before = "continue"``) and leaves the ``"\\n"`` between
units in place; the segment stage renders a continued line as a space.
"""
from __future__ import annotations

import dataclasses

import regex

from .document import Document, Edit

STAGE = "normalize"

# (rule, pattern, replacement): data, not code. Each match is one recorded edit.
SPACING_RULES = (
    ("spacing:collapse", regex.compile(r"[^\S\n]{2,}"), " "),
    ("spacing:after-period", regex.compile(r"(?<=(?<![\p{L}.])\p{L}\p{Ll}+)\.(?=\p{Lu}\p{Ll})"), ". "),
    ("spacing:after-comma", regex.compile(r"(?<=\p{L}{2}),(?=\p{L}{2})"), ", "),
    ("spacing:before-punctuation", regex.compile(r"(?<=\w)\s+(?=[,;:!?.](?![.\w]))"), ""),
    ("spacing:around-quote", regex.compile(r"(?<=[\p{L},:;])(?=[“])|(?<=[”])(?=\p{L})"), " "),
)

_SENTENCE_END = regex.compile(r"[.!?…][\"'”’)\]]*$")
_STARTS_LOWER = regex.compile(r"^[\"'“‘(]*\p{Ll}")
_ELISION = regex.compile(r"^’\p{L}")  # ’Cause, ’em: an apostrophe, not a closing quote


def spacing_edits(text: str) -> list[Edit]:
    """Every spacing slip in ``text``, first rule first where two would overlap."""
    edits: list[Edit] = []
    taken: list[tuple[int, int]] = []
    for rule, pattern, replacement in SPACING_RULES:
        for m in pattern.finditer(text):
            span = (m.start(), m.end())
            if any(s < span[1] and span[0] < e or s == e == span[0] for s, e in taken):
                continue
            taken.append(span)
            edits.append(Edit(m.start(), m.end(), replacement, rule=rule, confidence=0.95))
    return edits


def closes_quote(previous: str, text: str) -> bool:
    """Whether ``text`` starts with the closing quote of a quotation ``previous`` opened."""
    if text.startswith("”"):
        return True
    if text.startswith("’"):
        return not _ELISION.match(text)
    return text.startswith('"') and previous.count('"') % 2 == 1


def decide_line_breaks(document: Document) -> Document:
    """Mark the units that continue the previous unit's sentence.

    In order: a unit that starts a new speaker's turn (``>>``) starts a paragraph; a unit
    that starts in lower case or with the closing quote of the previous one continues it;
    after a sentence end the source's break stays. Otherwise the unit continues the
    sentence - unless it is real line structure: in a punctuated text a paragraph of its
    own (a heading or title) stays one, and in a plain text whose lines end sentences
    (prose, one paragraph or sentence a line) so does a line.
    """
    units = document.units
    if len(units) < 2:
        return document
    texts = [document.unit_text(u) for u in units]
    ends = [bool(_SENTENCE_END.search(t)) for t in texts]
    share = sum(ends) / len(ends)
    punctuated = share > 0.3
    line_structured = share >= 0.8 and all(u.start is None for u in units)
    new_units = [units[0]]
    for i in range(1, len(units)):
        unit, text, previous = units[i], texts[i], texts[i - 1]
        if unit.speaker_change:
            decision = "paragraph"
        elif _STARTS_LOWER.search(text) or closes_quote(previous, text):
            decision = "continue"
        elif ends[i - 1]:
            decision = unit.break_before
        elif punctuated and unit.break_before == "paragraph":
            decision = "paragraph"  # an unpunctuated line of its own in a punctuated text
        elif line_structured:
            decision = unit.break_before
        else:
            decision = "continue"
        new_units.append(dataclasses.replace(unit, break_before=decision))
    return document.replace(units=tuple(new_units))


def normalize(document: Document) -> Document:
    """Fix spacing slips (recorded) and decide which line breaks continue a sentence."""
    document = document.apply_edits(STAGE, spacing_edits(document.text))
    return decide_line_breaks(document)
