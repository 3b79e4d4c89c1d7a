"""Review: what the pipeline changed in a document, for people.

Reads only the version folders (``corrections.jsonl``, ``segments.jsonl``), never re-runs a
stage: every correction carries its own context. The raw text is recovered by undoing the
recorded corrections, and each correction is located in the clean text by carrying its
place through the later stages' edits, so review needs no source file.

Corrections are numbered by their line in ``corrections.jsonl`` (1-based) everywhere: in
``transcripts diff``, in the HTML page and in ``transcripts reject DOC N``.
"""
from __future__ import annotations

import difflib
import fnmatch
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from rapidfuzz.distance import Levenshtein

from .dictionaries import Decision, Lexicon, squash
from .document import Edit, OffsetMap, replay_all, unreplay_all
from .errors import PipelineError
from .write import list_versions


class ReviewError(PipelineError):
    code = "E400"


@dataclass(frozen=True)
class Version:
    """One version folder of a document."""

    doc_id: str
    name: str
    path: Path

    def corrections(self) -> list[dict]:
        return _read_jsonl(self.path / "corrections.jsonl")

    def segments(self) -> list[dict]:
        return _read_jsonl(self.path / "segments.jsonl")

    def manifest(self) -> dict:
        try:
            return json.loads((self.path / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def clean_text(self) -> str:
        return " ".join(s["text"] for s in self.segments())

    def raw_text(self) -> str:
        return unreplay_all(self.clean_text(), self.corrections())


def _read_jsonl(path: Path) -> list[dict]:
    try:
        lines = path.read_text(encoding="utf-8").split("\n")  # JSON Lines: "\n" ends a line, nothing else
    except FileNotFoundError:
        raise ReviewError(path, "missing from the version folder") from None
    records = []
    for number, line in enumerate(lines, start=1):
        if line.strip():
            try:
                records.append(json.loads(line))
            except ValueError as exc:
                raise ReviewError(path, f"not valid JSON: {exc.msg}", line=number) from None
    return records


def _other_documents(clean_dir: Path, doc_id: str) -> str:
    """What to say after "no versions of document X": the documents of the clean folder whose
    id starts with ``doc_id`` or is near it ("horology" for `horology-talk.en`), or that it is
    empty."""
    import difflib

    ids = sorted({p.parent.relative_to(clean_dir).as_posix()
                  for p in clean_dir.rglob("v[0-9][0-9][0-9][0-9]") if p.is_dir()}) if clean_dir.is_dir() else []
    if not ids:
        return f"(no documents in {clean_dir.as_posix()}: run 'transcripts run' first)"
    near = [i for i in ids if i.casefold().startswith(doc_id.casefold())
            or i.rsplit("/", 1)[-1].casefold().startswith(doc_id.casefold())]
    near = near or difflib.get_close_matches(doc_id, ids, n=3, cutoff=0.6)
    if near:
        return "(did you mean " + " or ".join(repr(i) for i in near[:3]) + "?)"
    return f"('transcripts list' shows the {len(ids)} document{'s' if len(ids) != 1 else ''} of {clean_dir.as_posix()})"


def find_version(clean_dir: Path, doc_id: str, version: str | None = None) -> Version:
    """A version of a document (``None`` or ``latest``: the latest). ``version`` may be
    ``v0002``, ``V0002``, ``v2`` or ``2``."""
    doc_dir = Path(clean_dir) / doc_id
    versions = list_versions(doc_dir)
    if not versions:
        raise ReviewError(doc_dir, f"no versions of document {doc_id!r} " + _other_documents(Path(clean_dir), doc_id))
    if version is None or version.strip().casefold() == "latest":
        name = versions[-1]
    else:
        digits = version.strip().casefold().removeprefix("v")
        name = f"v{int(digits):04d}" if digits.isdigit() else version
        if name not in versions:
            raise ReviewError(doc_dir, f"no version {version!r}; versions: {', '.join(versions)}")
    return Version(doc_id, name, doc_dir / name)


# --- choosing corrections ---------------------------------------------------------------

def _rule_matches(rule: str, pattern: str) -> bool:
    """Whether a rule ("dictionary:sound") matches a ``--rule`` pattern: the whole rule, or
    without its family where the pattern names none ("sound", "sp*")."""
    return fnmatch.fnmatchcase(rule, pattern) or ":" not in pattern and ":" in rule \
        and fnmatch.fnmatchcase(rule.split(":", 1)[1], pattern)


@dataclass(frozen=True)
class Filters:
    """Which corrections to show: stages and rules (``fnmatch`` patterns, e.g.
    ``dictionary:*``; empty = all) and a confidence range."""

    stages: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    min_confidence: float | None = None
    max_confidence: float | None = None

    @property
    def active(self) -> bool:
        return bool(self.stages or self.rules or self.min_confidence is not None or self.max_confidence is not None)

    def accepts(self, record: dict) -> bool:
        if self.stages and record["stage"] not in self.stages:
            return False
        if self.rules and not any(_rule_matches(record["rule"], p) for p in self.rules):
            return False
        confidence = float(record.get("confidence", 1.0))
        if self.min_confidence is not None and confidence < self.min_confidence:
            return False
        if self.max_confidence is not None and confidence > self.max_confidence:
            return False
        return True

    def describe(self) -> str:
        parts = [f"stage {'/'.join(self.stages)}"] if self.stages else []
        parts += [f"rule {'/'.join(self.rules)}"] if self.rules else []
        if self.min_confidence is not None:
            parts.append(f"confidence >= {self.min_confidence:g}")
        if self.max_confidence is not None:
            parts.append(f"confidence <= {self.max_confidence:g}")
        return ", ".join(parts)


def numbered(records: Sequence[dict], filters: Filters = Filters()) -> list[tuple[int, dict]]:
    """``(number, record)`` for the records the filters accept; numbers are 1-based lines."""
    return [(n, r) for n, r in enumerate(records, start=1) if filters.accepts(r)]


def correction_key(record: dict) -> tuple:
    """What identifies a correction across versions: the change and the words around it."""
    before, after = (list(record.get("context") or ["", ""]) + ["", ""])[:2]
    return (record["stage"], record["rule"], record["original"], record["replacement"],
            squash(tail_words(before, 3)), squash(head_words(after, 3)))


@dataclass
class Comparison:
    """How the corrections of two versions differ. Numbers are each version's own."""

    gone: list[tuple[int, dict]] = field(default_factory=list)  # no longer made
    added: list[tuple[int, dict]] = field(default_factory=list)  # newly made
    changed: list[tuple[int, dict, int, dict]] = field(default_factory=list)  # same change, other rule or confidence

    def filtered(self, filters: "Filters") -> "Comparison":
        return Comparison([(n, r) for n, r in self.gone if filters.accepts(r)],
                          [(n, r) for n, r in self.added if filters.accepts(r)],
                          [c for c in self.changed if filters.accepts(c[3]) or filters.accepts(c[1])])


def _pair(old: list[tuple[int, dict]], new: list[tuple[int, dict]], key) -> tuple[list, list, list]:
    """Pair old and new corrections with equal ``key``, in order; the rest stay unpaired.
    Where one version has more corrections of a key than the other (the same change with
    the same words around it, made at more places), the ones paired are those nearest in
    the text (:func:`_nearest_in_order`), so the one left over is the one that went or came."""
    old_by_key: dict = {}
    new_by_key: dict = {}
    for n, r in old:
        old_by_key.setdefault(key(r), []).append((n, r))
    for n, r in new:
        new_by_key.setdefault(key(r), []).append((n, r))
    pairs = []
    for k, olds in old_by_key.items():
        pairs.extend((*a, *b) for a, b in _nearest_in_order(olds, new_by_key.get(k, [])))
    pairs.sort(key=lambda p: p[0])
    paired_old = {p[0] for p in pairs}
    paired_new = {p[2] for p in pairs}
    return (pairs, [(n, r) for n, r in old if n not in paired_old],
            [(n, r) for n, r in new if n not in paired_new])


def _nearest_in_order(shorter: list, longer: list) -> list[tuple]:
    """Pairs (one of ``shorter``, one of ``longer``; each a (number, record)) that keep both
    orders and put every item of the shorter list beside an item of the longer one, with the
    least total distance between their ``start`` offsets (a record without one counts as
    0). The lists may come in either order; the pairs keep it. Offsets are in the text each
    stage saw: where the source itself changed between the versions, "nearest" is a guess.
    Time and memory grow with the shorter list's length times the difference in length."""
    swapped = len(shorter) > len(longer)
    if swapped:
        shorter, longer = longer, shorter
    a, spare = len(shorter), len(longer) - len(shorter)
    if a == 0:
        return []
    at = lambda item: item[1].get("start") or 0
    inf = float("inf")
    # cost[i][d]: the least cost of pairing shorter[:i] within longer[:i + d] (d, the items
    # of the longer list skipped so far, is at most ``spare``: the table is a band)
    cost = [[0.0] * (spare + 1)] + [[inf] * (spare + 1) for _ in range(a)]
    for i in range(1, a + 1):
        row, above, here = cost[i], cost[i - 1], at(shorter[i - 1])
        for d in range(spare + 1):
            paired = above[d] + abs(here - at(longer[i + d - 1]))
            row[d] = min(row[d - 1], paired) if d else paired
    pairs, i, d = [], a, spare
    while i > 0:
        if d > 0 and cost[i][d] == cost[i][d - 1]:
            d -= 1  # longer[i + d - 1] is left unpaired
            continue
        pairs.append((shorter[i - 1], longer[i + d - 1]) if not swapped else (longer[i + d - 1], shorter[i - 1]))
        i -= 1
    return pairs[::-1]


def compare_corrections(old: Sequence[dict], new: Sequence[dict]) -> Comparison:
    """Which corrections a version no longer makes, newly makes, or makes by another rule
    or with another confidence (what a dictionary edit or a decision changed)."""
    exact, old_left, new_left = _pair(list(enumerate(old, start=1)), list(enumerate(new, start=1)), correction_key)
    loose, gone, added = _pair(old_left, new_left, lambda r: correction_key(r)[:1] + correction_key(r)[2:])
    changed = sorted(loose + [p for p in exact if p[1].get("confidence") != p[3].get("confidence")],
                     key=lambda p: p[2])
    return Comparison(gone, added, changed)


def format_comparison(comparison: Comparison, old_name: str, new_name: str, color: bool = False) -> list[str]:
    """The listing of a :class:`Comparison`, for ``diff --from`` and ``reprocess --dry-run``."""
    lines = [f"Corrections no longer made ({len(comparison.gone)}; numbered as in {old_name}):"]
    lines += [format_correction(n, r, color=color) for n, r in comparison.gone]
    lines.append(f"New corrections ({len(comparison.added)}; numbered as in {new_name}):")
    lines += [format_correction(n, r, color=color) for n, r in comparison.added]
    if comparison.changed:
        lines.append(f"Same change, other rule or confidence ({len(comparison.changed)}; numbered as in {new_name}):")
        lines += [format_correction(new_n, new_r, color=color,
                                    status=f"was {old_r['rule']} {float(old_r['confidence']):.2f}, {old_n} in {old_name}")
                  for old_n, old_r, new_n, new_r in comparison.changed]
    return lines


# --- context and words ------------------------------------------------------------------

_PIECES = re.compile(r"\s+|\S+")


def tail_words(text: str, n: int) -> str:
    """The last ``n`` words of ``text`` with the white space after them (all of it if fewer)."""
    pieces = _PIECES.findall(text)
    words = 0
    for i in range(len(pieces) - 1, -1, -1):
        if not pieces[i].isspace():
            words += 1
            if words == n:
                return "".join(pieces[i:])
    return text


def head_words(text: str, n: int) -> str:
    """The first ``n`` words of ``text`` with the white space before them."""
    pieces = _PIECES.findall(text)
    words = 0
    for i, piece in enumerate(pieces):
        if not piece.isspace():
            words += 1
            if words == n:
                return "".join(pieces[:i + 1])
    return text


def trimmed_context(record: dict) -> tuple[str, str]:
    """The recorded context without the word fragments the 40-character window cut."""
    before, after = (list(record.get("context") or ["", ""]) + ["", ""])[:2]
    if len(before) >= 40 and not before[:1].isspace():
        before = re.sub(r"^\S*", "", before, count=1)
    if len(after) >= 40 and not after[-1:].isspace():
        after = re.sub(r"\S*$", "", after, count=1)
    return before.lstrip(), after.rstrip()


# Control characters other than a tab and a line break (a NUL, a terminal's escape codes, a
# carriage return): a transcript may hold them (the repair stage removes them, and records
# what it removed), and printed as they are they would show nothing, or act on the terminal
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def escaped(text: str) -> str:
    """``text`` with its control characters (but a tab and a line break) written as escapes
    (``\\x00``, ``\\x1b``), as review shows them."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def visible(text: str) -> str:
    """A changed piece of text with its white space made visible where it matters, and its
    control characters escaped."""
    if not text:
        return "∅"
    if text.strip() != text or not text.strip():
        return escaped(text.replace(" ", "␣").replace("\n", "⏎").replace("\t", "⇥"))
    return escaped(text.replace("\n", "⏎"))  # (a caption's line break inside it keeps the line whole)


RED, GREEN, DIM, BOLD, RESET = "\x1b[31;9m", "\x1b[32;4m", "\x1b[2m", "\x1b[1m", "\x1b[0m"


def inline_change(old: str, new: str, color: bool) -> str:
    """``[-old-]{+new+}`` (plain) or struck red / underlined green (terminal)."""
    if color:
        return (f"{RED}{visible(old)}{RESET}" if old else "") + (f"{GREEN}{visible(new)}{RESET}" if new else "")
    return (f"[-{visible(old)}-]" if old else "") + (f"{{+{visible(new)}+}}" if new else "")


# What each piece of evidence a dictionary correction records means, for reviewers.
EVIDENCE = {
    "context": "the entry's context words nearby",
    "established": "the term written right elsewhere in the document",
    "document-context": "a word the document writes beside the term elsewhere",
    "near-term": "another term named nearby",
    "holds-term": "another listed term heard as a part of the name",
    "written-as-name": "written as a name (capitals, or all the words of a name)",
    "heard-with": "a word beside it heard as part of the term",
}


def why(record: dict) -> str:
    """Why a change was made, in words: the likeness of a sound match and the evidence the
    correction records ("" where it records none)."""
    parts = []
    if record.get("spelling") is not None and record.get("sound") is not None:
        parts.append(f"letters {float(record['spelling']):.2f} and sound {float(record['sound']):.2f} alike")
    for item in record.get("evidence") or ():
        name, _, words = str(item).partition(":")
        meaning = EVIDENCE.get(name, name)
        parts.append(f"{meaning} ({words.replace(',', ', ')})" if words else meaning)
    return "; ".join(parts)


def format_correction(number: int, record: dict, color: bool = False, status: str | None = None) -> str:
    """One correction as a review entry: number, stage/rule, confidence, term, the change
    inline in its context (as the stage saw it), and why it was made where it says."""
    before, after = (escaped(" ".join(part.split("\n"))) for part in trimmed_context(record))  # (one line)
    change = inline_change(record["original"], record["replacement"], color)
    term = f", term {record['term']!r}" if record.get("term") else ""
    mark = f"  [{status}]" if status else ""
    head = f"{number:>4}. {record['stage']}/{record['rule']} (confidence {float(record['confidence']):.2f}{term}){mark}"
    if color:
        head = f"{BOLD}{head}{RESET}"
    reason = why(record)
    return f"{head}\n      …{before}{change}{after}…" + (f"\n      why: {reason}" if reason else "")


# Up to this many words in all, difflib finds the diff (its runs read best); beyond it, the
# texts are cut into short runs of words at places their words decide (a sentence's end, or
# a word whose checksum says so), the runs aligned by rapidfuzz's Levenshtein (C), and only
# the runs that differ aligned word by word, with adjacent changes merged into one run. (One
# word-by-word alignment of the whole texts costs time with the square of their length:
# about 3 s for two texts of 195,000 words, 5 minutes for 830,000.)
DIFFLIB_MAX_WORDS = 40_000
_RUN_END = re.compile(r"[.!?…][\"'”’)\]]*$")


def word_diff(old: str, new: str) -> list[tuple[str, str, str]]:
    """(op, old words, new words) runs: op is equal, replace, delete or insert."""
    a, b = old.split(), new.split()
    if len(a) + len(b) <= DIFFLIB_MAX_WORDS:
        codes = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    else:
        codes = _merged(_chunked_opcodes(a, b))
    return [(op, " ".join(a[i1:i2]), " ".join(b[j1:j2])) for op, i1, i2, j1, j2 in codes]


def _runs(words: list[str]) -> list[int]:
    """Where the short runs of ``words`` end (exclusive indexes): after a word that ends a
    sentence, or whose CRC-32 is a multiple of 16 (about one word in 16). Each place depends
    on its word alone, so an unchanged stretch of two texts is cut the same way in both."""
    import zlib

    ends = [k + 1 for k, w in enumerate(words)
            if _RUN_END.search(w) or zlib.crc32(w.encode("utf-8", "surrogatepass")) % 16 == 0]
    if not ends or ends[-1] != len(words):
        ends.append(len(words))
    return ends


def _chunked_opcodes(a: list[str], b: list[str]) -> list[tuple[str, int, int, int, int]]:
    """Word opcodes of two long word lists: their runs (:func:`_runs`) aligned, then the
    words of the runs that differ."""
    ends_a, ends_b = _runs(a), _runs(b)
    ids: dict[tuple, int] = {}

    def keys(words, ends):
        starts = [0, *ends[:-1]]
        return starts, [ids.setdefault(tuple(words[s:e]), len(ids)) for s, e in zip(starts, ends)]

    starts_a, keys_a = keys(a, ends_a)
    starts_b, keys_b = keys(b, ends_b)

    def at(starts, index, total):  # the word index where run ``index`` starts
        return starts[index] if index < len(starts) else total

    out: list[tuple[str, int, int, int, int]] = []
    for code in Levenshtein.opcodes(keys_a, keys_b):
        i1, i2 = at(starts_a, code.src_start, len(a)), at(starts_a, code.src_end, len(a))
        j1, j2 = at(starts_b, code.dest_start, len(b)), at(starts_b, code.dest_end, len(b))
        if code.tag == "equal":
            out.append(("equal", i1, i2, j1, j2))
            continue
        for sub in Levenshtein.opcodes(a[i1:i2], b[j1:j2]):
            out.append((sub.tag, i1 + sub.src_start, i1 + sub.src_end, j1 + sub.dest_start, j1 + sub.dest_end))
    return out


def _merged(opcodes) -> list[tuple[str, int, int, int, int]]:
    """Opcodes (tuples) with each run of equal words, and each run of changes next to each
    other, made one, as difflib gives them."""
    out: list[list] = []
    for op, i1, i2, j1, j2 in opcodes:
        if i1 == i2 and j1 == j2:
            continue
        if out and (op == "equal") == (out[-1][0] == "equal"):
            out[-1][2], out[-1][4] = i2, j2
        else:
            out.append([op, i1, i2, j1, j2])
    for code in out:
        if code[0] != "equal":
            code[0] = "replace" if code[1] < code[2] and code[3] < code[4] else \
                "delete" if code[1] < code[2] else "insert"
    return [tuple(code) for code in out]


@dataclass(frozen=True)
class ChangedPlace:
    """One place where two texts differ, with a few equal words either side."""

    left: str
    old: str
    new: str
    right: str

    def before(self) -> str:
        return " ".join(filter(None, [self.left, self.old, self.right]))

    def after(self) -> str:
        return " ".join(filter(None, [self.left, self.new, self.right]))


def changed_places(old: str, new: str, context_words: int = 5) -> list[ChangedPlace]:
    """The places where ``new`` differs from ``old``, word by word."""
    runs = word_diff(old, new)
    places = []
    for i, (op, a, b) in enumerate(runs):
        if op == "equal":
            continue
        left = runs[i - 1][1].split()[-context_words:] if i > 0 and runs[i - 1][0] == "equal" else []
        right = runs[i + 1][1].split()[:context_words] if i + 1 < len(runs) and runs[i + 1][0] == "equal" else []
        places.append(ChangedPlace(" ".join(left), a, b, " ".join(right)))
    return places


def format_word_diff(old: str, new: str, color: bool = False, context_words: int = 6) -> list[str]:
    """The changed places of a word diff, each inline with a few words of context."""
    return [" ".join(filter(None, [escaped(p.left), inline_change(p.old, p.new, color), escaped(p.right)]))
            for p in changed_places(old, new, context_words)]


def format_becomes(place: ChangedPlace, color: bool = False) -> str:
    """sqlite-utils' dry-run style: ``before --- becomes: after``."""
    left, right = escaped(place.left), escaped(place.right)
    old = f"{RED}{escaped(place.old)}{RESET}" if color and place.old else escaped(place.old)
    new = f"{GREEN}{escaped(place.new)}{RESET}" if color and place.new else escaped(place.new)
    before = " ".join(filter(None, [left, old, right]))
    after = " ".join(filter(None, [left, new, right]))
    return f"{before} --- becomes: {after}"


# --- where each correction is in the clean text -----------------------------------------

def stage_order(records: Sequence[dict]) -> list[str]:
    order: list[str] = []
    for r in records:
        if r["stage"] not in order:
            order.append(r["stage"])
    return order


def clean_spans(records: Sequence[dict]) -> list[tuple[int, int]]:
    """Where each correction's replacement ended up in the final text: its place in its
    stage's output, carried through every later stage's edits."""
    spans: list[tuple[int, int] | None] = [None] * len(records)
    for stage in stage_order(records):
        indices = sorted((i for i, r in enumerate(records) if r["stage"] == stage),
                         key=lambda i: (records[i]["start"], records[i]["end"]))
        edits = [Edit(records[i]["start"], records[i]["end"], records[i]["replacement"], records[i]["rule"])
                 for i in indices]
        mapper = OffsetMap(edits)
        for i, span in enumerate(spans):
            if span is not None:
                a, b = span
                spans[i] = (mapper.map(a, left=True), mapper.map(b, left=a != b))
        shift = 0
        for i in indices:
            r = records[i]
            start = r["start"] + shift
            spans[i] = (start, start + len(r["replacement"]))
            shift += len(r["replacement"]) - (r["end"] - r["start"])
    return [s for s in spans if s is not None]


def aligned(clean: str, records: Sequence[dict]) -> bool:
    """Whether the recorded offsets fit the clean text (undoing then replaying every
    correction gives it back), so :func:`clean_spans` can be trusted."""
    try:
        return replay_all(unreplay_all(clean, records), records) == clean
    except (ValueError, KeyError, IndexError):
        return False


def locate(clean: str, records: Sequence[dict]) -> list[tuple[int, int] | None]:
    """Each correction's place in the clean text (``None`` where it cannot be found).

    Uses the recorded offsets where they fit the text. Otherwise (a version whose clean
    text is not the last stage's text) each replacement is searched with as much of its
    recorded context as can be found, a place taken only once, as a best effort."""
    if aligned(clean, records):
        return list(clean_spans(records))
    taken: set[int] = set()
    found: list[tuple[int, int] | None] = []
    for r in records:
        replacement = squash(r["replacement"])
        before, after = (list(r.get("context") or ["", ""]) + ["", ""])[:2]
        place = None
        if replacement.strip():
            for words in (3, 1, 0):
                left = squash(tail_words(before, words)) if words else ""
                right = squash(head_words(after, words)) if words else ""
                start = clean.find(left + replacement + right)
                while start >= 0 and start + len(left) in taken:
                    start = clean.find(left + replacement + right, start + 1)
                if start >= 0:
                    place = (start + len(left), start + len(left) + len(replacement))
                    taken.add(place[0])
                    break
        found.append(place)
    return found


# --- decisions --------------------------------------------------------------------------

def decision_for_correction(doc_id: str, records: Sequence[dict], number: int, action: str,
                            everywhere: bool = False, note: str | None = None) -> Decision:
    """A decision about correction ``number`` (1-based) of a version, identified precisely:
    by the change and the fewest words around it that tell it from every other change of
    the same text in its stage (and, where even the whole recorded context is the same,
    by its occurrence). With ``everywhere``: the change in every document, every place."""
    if not 1 <= number <= len(records):
        raise ReviewError("corrections.jsonl", f"no correction {number} (this version has {len(records)})")
    record = records[number - 1]
    common = dict(action=action, original=record["original"], replacement=record["replacement"],
                  rule=record.get("rule"), term=record.get("term"), stage=record.get("stage"), note=note)
    if everywhere:
        return Decision(doc="*", **common)
    same = [(n, r) for n, r in enumerate(records, start=1)
            if r["stage"] == record["stage"] and r["original"] == record["original"]
            and r["replacement"] == record["replacement"]]
    before, after = (list(record.get("context") or ["", ""]) + ["", ""])[:2]
    for words in (2, 3, 4, 6, 8, 100):
        decision = Decision(doc=doc_id, before=tail_words(before, words), after=head_words(after, words), **common)
        matching = [n for n, r in same if decision.matches(doc_id, r["original"], r["replacement"], r.get("context"))]
        if matching == [number]:
            return decision
    occurrence = matching.index(number) + 1
    return Decision(doc=doc_id, before=before, after=after, occurrence=occurrence, **common)


def statuses(doc_id: str, records: Sequence[dict], lexicon: Lexicon) -> list[str | None]:
    """The reviewer's decision in effect for each correction: ``rejected``, ``accepted`` or None."""
    out = []
    seen: Counter = Counter()
    for r in records:
        key = (r["stage"], r["original"], r["replacement"], tuple(squash(c) for c in (r.get("context") or [])))
        seen[key] += 1
        d = lexicon.decision_for(doc_id, r, occurrence=seen[key])
        out.append(None if d is None else {"reject": "rejected", "accept": "accepted"}[d.action])
    return out


def summary_by_rule(records: Iterable[dict]) -> str:
    """``normalize 3 (spacing:after-period 2, …); correct 5 (…)``."""
    by_stage: dict[str, Counter] = {}
    for r in records:
        by_stage.setdefault(r["stage"], Counter())[r["rule"]] += 1
    return "; ".join(
        f"{stage} {sum(rules.values())} (" + ", ".join(f"{rule} {n}" for rule, n in sorted(rules.items())) + ")"
        for stage, rules in by_stage.items()
    )


# --- what reprocessing would change -----------------------------------------------------

@dataclass
class Preview:
    """What ``transcripts reprocess FILE`` would write, computed without writing anything."""

    doc_id: str
    latest: Version | None
    unchanged: bool  # the inputs are those of the latest version: nothing would be written
    next_name: str | None = None
    comparison: Comparison = field(default_factory=Comparison)
    places: list[ChangedPlace] = field(default_factory=list)
    corrections: int = 0
    warnings: list[str] = field(default_factory=list)


def preview(path: Path, ctx, doc_id: str | None = None, progress=None) -> Preview:
    """Run the stages on one file in memory and compare the result with its latest version
    (or with the raw text, where there is none). Nothing is written. ``progress``, if given,
    is called with each stage's name as it starts (and "compare")."""
    import hashlib

    from .core import clean_document
    from .ingest import document_id, ingest, read_source
    from .segment import clean_text
    from .write import version_number

    path = Path(path)
    doc_id = doc_id or document_id(path, ctx.raw_dir)
    versions = list_versions(Path(ctx.clean_dir) / doc_id)
    latest = find_version(ctx.clean_dir, doc_id) if versions else None
    data = read_source(path, ctx.settings)
    key = ctx.input_key(hashlib.sha256(data).hexdigest(), doc_id)
    if latest is not None and not ctx.force and latest.manifest().get("input_key") == key:
        return Preview(doc_id, latest, unchanged=True)
    if progress is not None:
        progress("ingest")
    document = clean_document(ingest(path, doc_id, ctx.settings, data=data), ctx.lexicon, ctx.settings,
                              progress=progress)
    if progress is not None:
        progress("compare")
    new_records = [c.to_json() for c in document.corrections]
    new_clean = clean_text(document)
    if latest is not None:
        old_records, old_clean = latest.corrections(), latest.clean_text()
        number = version_number(latest.name) + 1
    else:
        old_records, old_clean = [], unreplay_all(document.text, new_records)
        number = 1
    return Preview(doc_id, latest, unchanged=False, next_name=f"v{number:04d}",
                   comparison=compare_corrections(old_records, new_records),
                   places=changed_places(old_clean, new_clean), corrections=len(new_records),
                   warnings=[f"{ctx.show(Path(path))}: {w}" for w in document.warnings])
