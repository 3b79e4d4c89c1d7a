"""Segment: split the clean text into narration, dialogue and heading segments.

First version: quoted speech (“…”, "…") becomes a ``dialogue`` segment, everything else
``narration``; a new paragraph starts a new segment. A segment's text is a slice of the
document text with each line break rendered as a space, so the segments' texts, joined by
spaces, are the whole clean text (:func:`clean_text`).
"""
from __future__ import annotations

import bisect

import regex

from .document import Document, Segment

STAGE = "segment"

_QUOTE = regex.compile(r"“[^“”]*”|(?<![\w])\"[^\"]*\"(?![\w])")


def clean_text(document: Document) -> str:
    """The clean text: the document text with unit breaks rendered as single spaces."""
    return " ".join(document.text.split())


def _paragraph_spans(document: Document) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for unit in document.units:
        if unit.start_char == unit.end_char and not document.text[unit.start_char:unit.end_char]:
            continue
        if spans and unit.break_before == "continue":
            spans[-1] = (spans[-1][0], unit.end_char)
        else:
            spans.append((unit.start_char, unit.end_char))
    return spans


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Split one paragraph into narration and quoted-speech pieces at white space."""
    pieces, pos = [], start
    for m in _QUOTE.finditer(text, start, end):
        q_start, q_end = m.start(), m.end()
        # a quote glued to a word (no white space at its edge) stays in the narration
        if q_start > start and not text[q_start - 1].isspace():
            continue
        if len(m.group().split()) < 3:
            continue  # a quoted word or two is a name or a title, not speech
        while q_end < end and not text[q_end].isspace():
            q_end += 1  # keep trailing punctuation with the quote
        if q_start > pos:
            pieces.append((pos, q_start, "narration"))
        pieces.append((q_start, q_end, "dialogue"))
        pos = q_end
    if pos < end:
        pieces.append((pos, end, "narration"))
    return pieces


def _times(document: Document, unit_starts: list[int], start: int, end: int) -> tuple[float | None, float | None]:
    """Start of the first and end of the last timed unit overlapping ``[start, end)``."""
    first = max(bisect.bisect_right(unit_starts, start) - 1, 0)
    last = bisect.bisect_left(unit_starts, end)
    timed = [u for u in document.units[first:last]
             if u.start is not None and u.start_char < end and u.end_char > start]
    if not timed:
        return None, None
    return timed[0].start, max(u.end for u in timed if u.end is not None) if any(u.end is not None for u in timed) else None


def segment(document: Document) -> Document:
    """Split the document into segments (see the module docstring)."""
    text = document.text
    segments = []
    unit_starts = [u.start_char for u in document.units]
    for p_start, p_end in _paragraph_spans(document):
        first_piece = True
        for start, end, kind in _pieces(text, p_start, p_end):
            piece = text[start:end]
            words = " ".join(piece.split())
            if not words:
                continue
            lead = len(piece) - len(piece.lstrip())
            trail = len(piece) - len(piece.rstrip())
            start, end = start + lead, end - trail
            t_start, t_end = _times(document, unit_starts, start, end)
            segments.append(Segment(
                index=len(segments), kind=kind, speaker=None, text=words,
                start=t_start, end=t_end, confidence=None, start_char=start, end_char=end,
                paragraph_start=first_piece,
            ))
            first_piece = False
    return document.replace(segments=tuple(segments), stages=document.stages + (STAGE,))
