"""The one document type that flows through the stages, and the edit mechanism.

A :class:`Document` holds the text of one transcript as a single string in which the
source's units (caption cues, lines, paragraphs) are separated by ``"\\n"``. Each stage is a
pure function ``Document -> Document``. A stage that changes text proposes :class:`Edit`
objects over *its input* text; :meth:`Document.apply_edits` makes them, records each one as
a :class:`Correction` (so review never has to re-derive a change), and maps the units'
character spans (and with them their caption times) onto the new text.

Replaying the recorded corrections of each stage, in order, on that stage's input
reproduces the stage's output exactly (see :func:`replay`).
"""
from __future__ import annotations

import bisect
import contextlib
import dataclasses
import gc
from dataclasses import dataclass, field
from typing import Callable, Collection, Iterable, Sequence


@dataclass(frozen=True)
class Edit:
    """A proposed replacement of ``text[start:end]`` by ``replacement``."""

    start: int
    end: int
    replacement: str
    rule: str
    confidence: float = 1.0
    term: str | None = None
    extra: dict | None = None


@dataclass(frozen=True)
class Correction:
    """A change a stage made, as written to ``corrections.jsonl``.

    ``start``/``end`` are character offsets into the text that stage received; the
    corrections of one stage never overlap.
    """

    stage: str
    rule: str
    original: str
    replacement: str
    start: int
    end: int
    confidence: float
    term: str | None = None
    extra: dict | None = None

    def to_json(self) -> dict:
        record = {
            "stage": self.stage,
            "rule": self.rule,
            "original": self.original,
            "replacement": self.replacement,
            "start": self.start,
            "end": self.end,
            "confidence": round(float(self.confidence), 4),
            "term": self.term,
        }
        if self.extra:
            record.update(self.extra)
        return record


@dataclass(frozen=True)
class Unit:
    """One unit of the source (a caption cue, a line, a paragraph) and where it is now.

    ``start_char``/``end_char`` locate the unit in the document's current text.
    ``start``/``end`` are the caption times in seconds (None for plain text).
    ``break_before`` says how the unit relates to the previous one: ``"paragraph"`` (a real
    break in the source's structure), ``"line"`` (a line break the source had) or
    ``"continue"`` (the unit continues the previous sentence; decided by ``normalize``).
    """

    start_char: int
    end_char: int
    start: float | None = None
    end: float | None = None
    break_before: str = "line"
    speaker_change: bool = False
    words: tuple | None = None  # ((offset_in_unit, time), ...) where the source had word times


@dataclass(frozen=True)
class Segment:
    """One segment of the clean text, as written to ``segments.jsonl``."""

    index: int
    kind: str  # narration | dialogue | heading
    speaker: str | None
    text: str
    start: float | None
    end: float | None
    confidence: float | None = None
    start_char: int = 0
    end_char: int = 0
    paragraph_start: bool = True
    evidence: tuple[str, ...] = ()  # why a dialogue segment is dialogue (register features, "quoted")

    def to_json(self) -> dict:
        record = {
            "index": self.index,
            "kind": self.kind,
            "speaker": self.speaker,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "confidence": None if self.confidence is None else round(self.confidence, 4),
        }
        if self.evidence:
            record["evidence"] = list(self.evidence)
        return record


@dataclass(frozen=True)
class Source:
    """Where the document came from."""

    path: str
    sha256: str
    format: str
    encoding: str


@dataclass(frozen=True)
class Document:
    """A transcript on its way through the pipeline."""

    doc_id: str
    source: Source
    text: str
    units: tuple[Unit, ...]
    corrections: tuple[Correction, ...] = ()
    segments: tuple[Segment, ...] = ()
    warnings: tuple[str, ...] = ()
    events: tuple[dict, ...] = ()  # sound tags, speaker-change markers: information, not words
    stages: tuple[str, ...] = ()  # the stages applied so far, in order
    # Reviewers' decisions: ``(stage, proposed corrections) -> indices not to make`` (see
    # :meth:`pipeline.dictionaries.Lexicon.review_filter`); every stage's edits pass it.
    review: Callable[[str, Sequence["Correction"]], Collection[int]] | None = \
        field(default=None, compare=False, repr=False)

    def replace(self, **changes) -> "Document":
        return dataclasses.replace(self, **changes)

    def unit_text(self, unit: Unit) -> str:
        return self.text[unit.start_char:unit.end_char]

    def apply_edits(self, stage: str, edits: Iterable[Edit]) -> "Document":
        """Make ``edits`` (offsets into ``self.text``) and record them for ``stage``.

        Edits that change nothing are dropped, and so are edits a reviewer rejected
        (:attr:`review`). Overlapping edits are a programming error.
        """
        with collector_paused():  # a record per edit and a unit per unit: no cycles
            return self._apply_edits(stage, edits)

    def _apply_edits(self, stage: str, edits: Iterable[Edit]) -> "Document":
        ordered = sorted(
            (e for e in edits if self.text[e.start:e.end] != e.replacement),
            key=lambda e: (e.start, e.end),
        )
        for before, after in zip(ordered, ordered[1:]):
            if after.start < before.end:
                raise ValueError(f"overlapping edits in stage {stage}: {before} / {after}")
        records = tuple(
            Correction(
                stage=stage,
                rule=e.rule,
                original=self.text[e.start:e.end],
                replacement=e.replacement,
                start=e.start,
                end=e.end,
                confidence=e.confidence,
                term=e.term,
                extra={**(e.extra or {}), "context": _context(self.text, e.start, e.end)},
            )
            for e in ordered
        )
        withheld = self.review(stage, records) if self.review is not None and records else ()
        if withheld:  # a reviewer rejected these: not made, not recorded
            ordered = [e for i, e in enumerate(ordered) if i not in withheld]
            records = tuple(r for i, r in enumerate(records) if i not in withheld)
        new_text = splice(self.text, ordered)
        units = _remap_units(self.units, ordered, self.text) if ordered else self.units
        return self.replace(
            text=new_text,
            units=units,
            corrections=self.corrections + records,
            stages=self.stages + (stage,),
        )


CONTEXT_CHARS = 40


def _context(text: str, start: int, end: int) -> list[str]:
    """The words around a change, as the stage saw them: ``[before, after]``."""
    before = text[max(0, start - CONTEXT_CHARS):start].replace("\n", " ")
    after = text[end:end + CONTEXT_CHARS].replace("\n", " ")
    return [before, after]


def splice(text: str, ordered: Sequence[Edit]) -> str:
    """``text`` with ``ordered`` (sorted, not overlapping) made."""
    parts, pos = [], 0
    for e in ordered:
        parts.append(text[pos:e.start])
        parts.append(e.replacement)
        pos = e.end
    parts.append(text[pos:])
    return "".join(parts)


class OffsetMap:
    """Maps character offsets of a text onto the text after a set of sorted edits."""

    def __init__(self, ordered: Sequence[Edit]):
        self._starts = [e.start for e in ordered]
        self._edits = list(ordered)
        shifts, total = [], 0
        for e in ordered:
            total += len(e.replacement) - (e.end - e.start)
            shifts.append(total)
        self._shift_after = shifts

    def map(self, pos: int, left: bool = True) -> int:
        """New offset of old offset ``pos``.

        A replacement belongs to the unit in which its edit starts: a position strictly
        inside a replaced range maps to the end of the replacement, and a position at the
        start of an edit maps before the replacement. ``left`` is kept for callers that
        map a start (True) or an end (False); both follow that one rule.
        """
        i = bisect.bisect_right(self._starts, pos) - 1
        if i < 0:
            return pos
        e = self._edits[i]
        before = self._shift_after[i - 1] if i else 0
        if pos >= e.end and not (pos == e.start == e.end and left):
            return pos + self._shift_after[i]  # (an insertion at a unit's start is the unit's)
        if pos <= e.start:
            return pos + before
        return e.start + before + len(e.replacement)


def new_unit(start_char: int, end_char: int, start: float | None, end: float | None,
             break_before: str, speaker_change: bool, words: tuple | None) -> Unit:
    """``Unit(start_char, end_char, start, end, break_before, speaker_change, words)``, two
    to three times faster (ingest makes one for every line of a big file, and a stage that
    moves or re-marks the units one for each). The frozen dataclass's ``__init__`` sets each
    field through ``object.__setattr__``; this stores the same fields, in the same order,
    in the new instance's own attribute dictionary (whose keys every ``Unit`` shares, so it
    stays small). ``Unit`` has no ``__post_init__`` to run."""
    new = _new_object(Unit)
    fields = new.__dict__  # (read, not assigned: the frozen dataclass refuses that)
    fields["start_char"] = start_char
    fields["end_char"] = end_char
    fields["start"] = start
    fields["end"] = end
    fields["break_before"] = break_before
    fields["speaker_change"] = speaker_change
    fields["words"] = words
    return new


_new_object = object.__new__


@contextlib.contextmanager
def collector_paused():
    """Pause Python's cyclic garbage collector while a million small objects are made
    (units, while parsing or when a stage moves or re-marks every unit): they hold no
    cycles, and its passes over them would make the work quadratic."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _remap_units(units: Sequence[Unit], ordered: Sequence[Edit], text: str) -> tuple[Unit, ...]:
    """The units with their spans mapped through the sorted edits ``ordered`` (non-empty):
    ``OffsetMap(ordered).map(start_char, left=True)`` and ``.map(end_char, left=False)``
    for each, computed inline. A unit whose span does not move is kept as it is; a moved
    one is a :func:`new_unit` with the new span (a big file has a hundred thousand units,
    and a stage with one edit moves all that follow it). :meth:`Document.apply_edits` calls
    it with the cyclic collector paused.

    An edit across a line break between two units ("Rocky\nStoltz" -> "Eric\nStoltz")
    whose replacement keeps as many line breaks keeps the boundary at the same break:
    the unit that ended at the k-th break of the original ends at the k-th break of the
    replacement (otherwise the whole replacement would go to the first unit)."""
    breaks: dict[int, tuple[int, int]] = {}  # old line break inside an edit -> its new place
    total = 0
    for e in ordered:
        old = [k for k in range(e.start, e.end) if text[k] == "\n"]
        if old:
            new = [k for k, ch in enumerate(e.replacement) if ch == "\n"]
            if len(new) == len(old):
                for o, n in zip(old, new):
                    breaks[o] = e.start + total + n
        total += len(e.replacement) - (e.end - e.start)
    starts = [e.start for e in ordered]
    ends = [e.end for e in ordered]
    lengths = [len(e.replacement) for e in ordered]
    shift_after, total = [], 0
    for e in ordered:
        total += len(e.replacement) - (e.end - e.start)
        shift_after.append(total)
    shift_before = [0, *shift_after[:-1]]
    first = starts[0]
    bisect_right = bisect.bisect_right
    out = []
    append = out.append
    for u in units:
        old_start, old_end = u.start_char, u.end_char
        if old_start < first and old_end < first:  # before every edit: neither moves
            append(u)
            continue
        # OffsetMap.map(old_start, left=True)
        i = bisect_right(starts, old_start) - 1
        if i < 0:
            start = old_start
        elif old_start >= ends[i] and not old_start == starts[i] == ends[i]:
            start = old_start + shift_after[i]
        elif old_start <= starts[i]:
            start = old_start + shift_before[i]
        else:
            start = starts[i] + shift_before[i] + lengths[i]
        # OffsetMap.map(old_end, left=False)
        i = bisect_right(starts, old_end) - 1
        if i < 0:
            end = old_end
        elif old_end >= ends[i]:
            end = old_end + shift_after[i]
        elif old_end <= starts[i]:
            end = old_end + shift_before[i]
        else:
            end = starts[i] + shift_before[i] + lengths[i]
        if breaks:  # a boundary at a line break inside an edit stays at that break
            if old_start - 1 in breaks:
                start = breaks[old_start - 1] + 1
            if old_end in breaks:
                end = breaks[old_end]
        if start == old_start and end == old_end:
            append(u)
        else:
            append(new_unit(start, end, u.start, u.end, u.break_before, u.speaker_change, u.words))
    return tuple(out)


def replay(text: str, corrections: Iterable[dict | Correction], stage: str) -> str:
    """Apply the recorded corrections of ``stage`` to that stage's input ``text``."""
    records = [c.to_json() if isinstance(c, Correction) else c for c in corrections]
    edits = [
        Edit(r["start"], r["end"], r["replacement"], r["rule"])
        for r in records
        if r["stage"] == stage
    ]
    for r in records:
        if r["stage"] == stage and text[r["start"]:r["end"]] != r["original"]:
            raise ValueError(f"correction {r} does not match its stage input")
    return splice(text, sorted(edits, key=lambda e: (e.start, e.end)))


def unreplay_all(text: str, corrections: Sequence[dict | Correction]) -> str:
    """Undo every recorded correction, last stage first: the clean text back to the
    text as ingested (the source's words)."""
    records = [c.to_json() if isinstance(c, Correction) else c for c in corrections]
    order: list[str] = []
    for r in records:
        if r["stage"] not in order:
            order.append(r["stage"])
    for stage in reversed(order):
        edits, shift = [], 0
        for r in sorted((r for r in records if r["stage"] == stage), key=lambda r: (r["start"], r["end"])):
            out_start = r["start"] + shift
            out_end = out_start + len(r["replacement"])
            edits.append(Edit(out_start, out_end, r["original"], r["rule"]))
            shift += len(r["replacement"]) - (r["end"] - r["start"])
        text = splice(text, edits)
    return text


def replay_all(text: str, corrections: Sequence[dict | Correction]) -> str:
    """Replay every stage's corrections in the order the stages ran."""
    records = [c.to_json() if isinstance(c, Correction) else c for c in corrections]
    order: list[str] = []
    for r in records:
        if r["stage"] not in order:
            order.append(r["stage"])
    for stage in order:
        text = replay(text, records, stage)
    return text
