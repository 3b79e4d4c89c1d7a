"""Domain dictionaries: loading, validation and the review decisions file.

Formats (documented for users in ``dictionaries/README.md``):

``.txt``
    One canonical term per line. ``#`` at the start of a line, or after white space, starts
    a comment. Blank lines are skipped.
``.toml``
    ``[[term]]`` tables with ``canonical`` (required), ``variants``, ``context``, ``kind``
    (person, title, term, place, organization, other), and a top-level ``protected`` list
    of words that must never be changed.

``decisions.toml`` in the dictionaries folder is never loaded as a dictionary: it holds the
reviewers' decisions and is always applied.
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import re
import tomllib
import unicodedata
import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from .errors import DictionaryError, toml_error_line

DECISIONS_NAME = "decisions.toml"
KINDS = ("person", "title", "term", "place", "organization", "other")
_TERM_FIELDS = {"canonical", "variants", "context", "kind", "note"}


def _unknown_fields(extra: set[str], known: set[str], table: str) -> str:
    """The error for fields a table does not have, with the known field each is nearest to
    ("cannonical": did you mean 'canonical'?)."""
    import difflib

    near = {k: difflib.get_close_matches(k, sorted(known), n=1, cutoff=0.7) for k in sorted(extra)}
    hints = [f"{k!r} -> {m[0]!r}" for k, m in near.items() if m]
    return (f"unknown field(s) {', '.join(sorted(extra))} in [[{table}]]"
            + (f" (did you mean {', '.join(hints)}?)" if hints else f"; fields: {', '.join(sorted(known))}"))


@dataclass(frozen=True)
class Term:
    """One dictionary entry."""

    canonical: str
    variants: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    kind: str = "term"
    source: str = ""
    line: int | None = None
    # the line of each variant in a .toml file (where found), for problems named at it
    variant_lines: tuple[int | None, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class DictionaryFile:
    path: str
    sha256: str  # of the file's bytes, as the manifest records it
    entries: str = ""  # of what the file says (its terms and protected words), see entries_sha256


def entries_sha256(terms: Sequence["Term"], protected: set[str] | frozenset[str]) -> str:
    """A hash of what a dictionary file tells the stages, in its order: each term's
    canonical form, variants, context words and kind, and the protected words. Comments,
    blank lines, the layout of a TOML table and its ``name``/``description`` change nothing
    here, so editing them makes no new versions."""
    h = hashlib.sha256()
    for t in terms:
        h.update((repr((t.canonical, t.variants, t.context, t.kind)) + "\n").encode())
    h.update(repr(sorted(protected)).encode())
    return h.hexdigest()


_WHITESPACE = re.compile(r"\s+")


def squash(text: str) -> str:
    """White space runs as single spaces (line breaks included): how contexts are compared."""
    return _WHITESPACE.sub(" ", text)


@dataclass(frozen=True)
class Decision:
    """A reviewer's decision about a correction, as written in ``decisions.toml``.

    A decision *matches* a correction of its document (``doc``, or ``"*"`` for every
    document) that changed ``original`` into ``replacement``. ``before``/``after``, where
    given, pin it to one place: the words just before and after the change, as the stage saw
    them (compared with white space squashed); ``occurrence`` (1-based) picks one of several
    places with the same words around them. Without them, the decision holds for every such
    change in the document(s). ``stage``, ``rule``, ``term`` and ``note`` are for people: a
    decision survives a renamed rule or a dictionary edit.

    Where several decisions match one correction, the last one in the file wins (so an
    ``accept`` written after a ``reject`` undoes it).
    """

    action: str  # reject | accept
    doc: str  # a document id, or "*" for every document
    original: str
    replacement: str
    rule: str | None = None
    term: str | None = None
    stage: str | None = None
    before: str | None = None
    after: str | None = None
    occurrence: int | None = None
    note: str | None = None
    line: int | None = None  # where the table starts in decisions.toml

    @property
    def pinned(self) -> bool:
        """Whether the decision is about one place rather than every such change."""
        return self.before is not None or self.after is not None or self.occurrence is not None

    def applies_to(self, doc_id: str) -> bool:
        return self.doc in (doc_id, "*")

    def matches(self, doc_id: str, original: str, replacement: str,
                context: Sequence[str] | None = None) -> bool:
        """Whether the decision covers this change (ignoring ``occurrence``). Without a
        ``context`` ([before, after]) only decisions that are not pinned can match."""
        if not self.applies_to(doc_id) or self.original != original or self.replacement != replacement:
            return False
        if self.before is None and self.after is None:
            return True
        if context is None:
            return False
        before, after = (list(context) + ["", ""])[:2]
        return (squash(before).endswith(squash(self.before or ""))
                and squash(after).startswith(squash(self.after or "")))

    def to_toml_table(self) -> dict:
        """The decision as a ``decisions.toml`` table (fields that are set, in a fixed order)."""
        table = {"doc": self.doc, "stage": self.stage, "rule": self.rule,
                 "original": self.original, "replacement": self.replacement,
                 "before": self.before, "after": self.after, "occurrence": self.occurrence,
                 "term": self.term, "note": self.note}
        return {k: v for k, v in table.items() if v is not None}


@dataclass(frozen=True)
class Lexicon:
    """Everything the correction stage knows of the domain: terms, protected words, decisions."""

    terms: tuple[Term, ...] = ()
    protected: frozenset[str] = frozenset()
    files: tuple[DictionaryFile, ...] = ()
    decisions: tuple[Decision, ...] = ()
    decisions_file: DictionaryFile | None = None

    @property
    def key(self) -> str:
        """A hash of the dictionaries (paths and entries): an input of every document."""
        h = hashlib.sha256()
        for f in self.files:
            h.update(f"{f.path}\0{f.entries or f.sha256}\n".encode())
        return h.hexdigest()

    def document_key(self, doc_id: str) -> str:
        """A hash of everything in the lexicon that can change ``doc_id``'s output: the
        dictionaries, and the decisions that apply to that document (its own and those for
        every document, ``"*"``), in file order since the last matching one wins. A decision
        about another document, or a note or date added to one, changes nothing here."""
        h = hashlib.sha256(self.key.encode())
        for d in self.decisions:
            if d.applies_to(doc_id):
                fields = (d.action, d.doc, d.original, d.replacement, d.before, d.after, d.occurrence)
                h.update(("\0".join("\1" if v is None else str(v) for v in fields) + "\n").encode())
        return h.hexdigest()

    def rejected(self, doc_id: str, original: str, replacement: str,
                 context: Sequence[str] | None = None) -> bool:
        """Whether a reviewer rejected changing ``original`` into ``replacement`` here.

        Without ``context`` ([before, after] as the stage sees them) the answer covers every
        place in the document: only decisions that are not pinned to one place count, and a
        later pinned ``accept`` of the same change keeps it possible. A stage may skip a
        rejected change early with this; :meth:`withheld` (which
        :meth:`pipeline.document.Document.apply_edits` applies to every stage) is exact.
        """
        verdict = None
        for d in self.decisions:
            if context is None and d.pinned:
                if d.action == "accept" and d.matches(doc_id, original, replacement, (d.before or "", d.after or "")):
                    verdict = "accept"
                continue
            if d.matches(doc_id, original, replacement, context):
                verdict = d.action
        return verdict == "reject"

    def withheld(self, doc_id: str, stage: str, records: Sequence) -> set[int]:
        """The indices of one stage's proposed corrections (in text order) that reviewers'
        decisions reject. ``records`` are :class:`pipeline.document.Correction` objects or
        their JSON dicts (``original``, ``replacement``, ``context``)."""
        relevant = [d for d in self.decisions if d.applies_to(doc_id)]
        if not relevant:
            return set()
        verdict: dict[int, str] = {}
        for d in relevant:
            seen = 0
            for i, r in enumerate(records):
                original, replacement, context = _record_fields(r)
                if d.matches(doc_id, original, replacement, context):
                    seen += 1
                    if d.occurrence is None or d.occurrence == seen:
                        verdict[i] = d.action
        return {i for i, action in verdict.items() if action == "reject"}

    def decision_for(self, doc_id: str, record: dict, occurrence: int = 1) -> Decision | None:
        """The decision in effect for one recorded correction (the last matching one), if any.
        ``occurrence``: which of the places with the same change and context it is (1-based)."""
        found = None
        original, replacement, context = _record_fields(record)
        for d in self.decisions:
            if d.matches(doc_id, original, replacement, context) and d.occurrence in (None, occurrence):
                found = d
        return found

    def review_filter(self, doc_id: str):
        """A callable ``(stage, records) -> indices to withhold`` for one document, or None
        when no decision concerns it (see :attr:`pipeline.document.Document.review`)."""
        if not any(d.applies_to(doc_id) and d.action == "reject" for d in self.decisions):
            return None
        return functools.partial(self.withheld, doc_id)


def _record_fields(record) -> tuple[str, str, Sequence[str] | None]:
    if isinstance(record, dict):
        return record["original"], record["replacement"], record.get("context")
    extra = getattr(record, "extra", None) or {}
    return record.original, record.replacement, extra.get("context")


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def default_dictionary_paths(folder: Path) -> list[Path]:
    """Every ``*.txt`` and ``*.toml`` dictionary in ``folder`` (none if it does not exist)."""
    if not folder.is_dir():
        return []
    return sorted(
        p for p in folder.iterdir()
        if p.is_file() and p.suffix in (".txt", ".toml") and p.name != DECISIONS_NAME
    )


def load_lexicon(paths: Sequence[Path], decisions_path: Path | None) -> Lexicon:
    """Read and validate the dictionaries and the decisions file.

    Raises :class:`DictionaryError` naming the file and line of the first problem, and how
    many more that file has (:func:`lexicon_errors` names them all).
    """
    terms: list[Term] = []
    protected: set[str] = set()
    files = []
    for path in map(Path, paths):
        file_terms, file_protected = _strictly(_read_dictionary, path)
        terms.extend(file_terms)
        protected |= file_protected
        files.append(DictionaryFile(str(path), sha256_file(path), entries_sha256(file_terms, file_protected)))
    decisions, decisions_file = (), None
    if decisions_path is not None and Path(decisions_path).is_file():
        decisions = tuple(read_decisions(Path(decisions_path)))
        decisions_file = DictionaryFile(str(decisions_path), sha256_file(Path(decisions_path)))
    return Lexicon(tuple(terms), frozenset(protected), tuple(files), decisions, decisions_file)


def lexicon_errors(paths: Sequence[Path], decisions_path: Path | None) -> list[DictionaryError]:
    """Every error of the dictionaries and the decisions file that :func:`load_lexicon`
    would read, each naming its file and line: file by file, each file's in line order.
    Where :func:`load_lexicon` stops at the first, this goes on past every bad entry; a
    file that cannot be parsed at all (not UTF-8, a TOML syntax error) has its one error."""
    errors = []
    for path in map(Path, paths):
        errors += _every_error(_read_dictionary, path)
    if decisions_path is not None and Path(decisions_path).is_file():
        errors += _every_error(_read_decisions, Path(decisions_path))
    return errors


# The readers of one file, ``read(path, errors)``, add each problem of an entry to
# ``errors`` and go on with the next entry; they raise DictionaryError only where they
# cannot go on (a file that is not there, not UTF-8, not TOML).

def _every_error(read, path: Path) -> list[DictionaryError]:
    errors: list[DictionaryError] = []
    try:
        read(path, errors)
    except DictionaryError as exc:
        errors.append(exc)
    return sorted(errors, key=_in_file_order)


def _strictly(read, path: Path):
    """What ``read`` makes of ``path``; where it found problems, the first one (in line
    order) raised, saying how many more there are."""
    errors: list[DictionaryError] = []
    result = read(path, errors)
    if not errors:
        return result
    first = min(errors, key=_in_file_order)
    if len(errors) == 1:
        raise first
    more = len(errors) - 1
    raise DictionaryError(first.path, f"{first.message} (and {more} more error{'s' if more > 1 else ''} in "
                                      "this file: `transcripts check-dictionaries` names them all)", line=first.line)


def _in_file_order(error: DictionaryError) -> tuple[bool, int]:
    return error.line is None, error.line or 0


def _read_dictionary(path: Path, errors: list[DictionaryError]) -> tuple[list[Term], set[str]]:
    """The terms and protected words of one dictionary file."""
    if not path.is_file():
        raise DictionaryError(path, "is a folder, not a dictionary file" if path.is_dir()
                              else "dictionary not found")
    if path.name == DECISIONS_NAME:
        raise DictionaryError(path, "the review decisions file is no dictionary (it always applies)")
    if path.suffix == ".toml":
        return _read_toml(path, errors)
    if path.suffix == ".txt":
        return _read_txt(path, errors), set()
    raise DictionaryError(path, "unknown dictionary format (use .txt or .toml)")


def _decode(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DictionaryError(path, "not valid UTF-8 text", line=line) from None


def _parse_toml(path: Path, text: str) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DictionaryError(path, f"not valid TOML: {exc}", line=toml_error_line(exc, text)) from None


def _key_line(text: str, key: str) -> int | None:
    """The line of a TOML file that sets the top-level ``key`` (``key = ...`` before the
    first table, or a ``[key]`` table), if there is one."""
    name = re.escape(key)
    in_tables = False
    for number, line in enumerate(text.splitlines(), start=1):
        code = line.strip()
        if code.startswith("["):
            in_tables = True
            if re.match(rf"\[\[?\s*[\"']?{name}[\"']?\s*\]", code):
                return number
        elif not in_tables and re.match(rf"[\"']?{name}[\"']?\s*=", code):
            return number
    return None


def _check_term(path: Path, text: str, line: int | None, errors: list[DictionaryError],
                what: str = "term") -> str | None:
    """``text`` as the stages see it, or None where it cannot be a term (the problem is
    added to ``errors``)."""
    # NFC, and any run of white space (a no-break space pasted from a web page) one space:
    # the text a term is written into has only plain spaces (normalize makes them so)
    text = " ".join(unicodedata.normalize("NFC", text).split())
    if not text:
        problem = f"empty {what}"
    elif any(unicodedata.category(ch) in ("Cc", "Cf") for ch in text):
        problem = f"{what} {text!r} contains control characters"
    elif not re.search(r"\w", text):
        problem = f"{what} {text!r} has no letters or digits"
    else:
        return text
    errors.append(DictionaryError(path, problem, line=line))
    return None


_TXT_COMMENT = re.compile(r"(?:^|\s)#.*$")


def _read_txt(path: Path, errors: list[DictionaryError]) -> list[Term]:
    terms = []
    for number, raw in enumerate(_decode(path).splitlines(), start=1):
        text = _TXT_COMMENT.sub("", raw).strip()
        if not text:
            continue
        canonical = _check_term(path, text, number, errors)
        if canonical is not None:
            terms.append(Term(canonical, source=str(path), line=number))
    return terms


def _read_toml(path: Path, errors: list[DictionaryError]) -> tuple[list[Term], set[str]]:
    text = _decode(path)
    data = _parse_toml(path, text)
    header_lines = [i for i, l in enumerate(text.splitlines(), start=1) if l.strip() == "[[term]]"]
    unknown = sorted(set(data) - {"term", "protected", "name", "description"})
    if unknown:
        lines = [n for n in (_key_line(text, key) for key in unknown) if n is not None]
        errors.append(DictionaryError(path, f"unknown top-level key(s): {', '.join(unknown)}",
                                      line=min(lines, default=None)))
    entries = data.get("term", [])
    if not isinstance(entries, list):
        errors.append(DictionaryError(path, "'term' must be an array of tables ([[term]])",
                                      line=_key_line(text, "term")))
        entries = []
    terms = []
    for i, entry in enumerate(entries):
        line = header_lines[i] if i < len(header_lines) else None
        end = header_lines[i + 1] if i + 1 < len(header_lines) else None
        fields = _field_lines(text, line, end)
        term = _toml_term(path, entry, line, errors, fields)
        if term is not None and term.variants and "variants" in fields:
            term = dataclasses.replace(term, variant_lines=_value_lines(text, fields["variants"], end, term.variants))
        if term is not None:
            terms.append(term)
    protected = data.get("protected", [])
    line = _key_line(text, "protected")
    if not isinstance(protected, list) or not all(isinstance(v, str) for v in protected):
        errors.append(DictionaryError(path, "'protected' must be a list of strings", line=line))
        protected = []
    words = (_check_term(path, p, line, errors, "protected word") for p in protected)
    return terms, {w for w in words if w is not None}


def _field_lines(text: str, start: int | None, end: int | None) -> dict[str, int]:
    """The line of each ``key = ...`` of the ``[[term]]`` table whose header is line
    ``start``, up to line ``end`` (the next table's header), so that a problem of a field is
    named at its own line."""
    if start is None:
        return {}
    found: dict[str, int] = {}
    for number, line in enumerate(text.splitlines()[start:end - 1 if end else None], start=start + 1):
        m = re.match(r"\s*[\"']?([A-Za-z_][\w-]*)[\"']?\s*=", line)
        if m:
            found.setdefault(m.group(1), number)
    return found


def _value_lines(text: str, first: int, end: int | None, values: tuple[str, ...]) -> tuple[int | None, ...]:
    """The line of each of ``values`` (strings of an array whose key is on line ``first``,
    within the table that ends before line ``end``): the first line from there that holds it
    quoted; None where none does (an escape sequence)."""
    lines = text.splitlines()[first - 1:end - 1 if end else None]
    found = []
    for value in values:
        quoted = (f'"{value}"', f"'{value}'")
        found.append(next((first + k for k, line in enumerate(lines) if any(q in line for q in quoted)), None))
    return tuple(found)


def _toml_term(path: Path, entry, line: int | None, errors: list[DictionaryError],
               fields: dict[str, int] | None = None) -> Term | None:
    """One ``[[term]]`` table as a Term, or None where it has problems (each one added to
    ``errors``, at the line of its field where ``fields`` has it, else of the table)."""
    fields = fields or {}

    def at(key: str) -> int | None:
        return fields.get(key, line)

    if not isinstance(entry, dict):
        errors.append(DictionaryError(path, "each [[term]] must be a table", line=line))
        return None
    found = len(errors)
    extra = set(entry) - _TERM_FIELDS
    if extra:
        errors.append(DictionaryError(path, _unknown_fields(extra, _TERM_FIELDS, "term"), line=at(min(extra))))
    canonical = entry.get("canonical")
    if not isinstance(canonical, str):
        errors.append(DictionaryError(path, "[[term]] needs a 'canonical' string", line=at("canonical")))
    kind = entry.get("kind", "term")
    if kind not in KINDS:
        errors.append(DictionaryError(path, f"kind {kind!r} is not one of {', '.join(KINDS)}", line=at("kind")))
    lists = {}
    for key, what in (("variants", "variant"), ("context", "context word")):
        value = entry.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            errors.append(DictionaryError(path, f"'{key}' must be a list of strings", line=at(key)))
            continue
        words = (_check_term(path, v, at(key), errors, what) for v in value)
        lists[key] = tuple(w for w in words if w is not None)
    if isinstance(canonical, str):
        canonical = _check_term(path, canonical, at("canonical"), errors)
    if len(errors) > found:
        return None
    return Term(canonical=canonical, variants=lists["variants"], context=lists["context"], kind=kind,
                source=str(path), line=line)


_DECISION_FIELDS = {"doc", "stage", "rule", "original", "replacement", "before", "after",
                    "occurrence", "term", "note", "decided"}

DECISIONS_HEADER = """\
# Reviewers' decisions about corrections (written by `transcripts reject` / `transcripts accept`;
# edit freely). Never loaded as a dictionary; always applied, also with --dictionary.
#
# [[reject]]: the change is not made again when the document is reprocessed.
# [[accept]]: the change was checked and is right (it undoes an earlier reject).
#   doc          a document id, or "*" for every document
#   original     the text the pipeline changed ...
#   replacement  ... and what it changed it into
#   before/after optional: the words just before/after the change; with them the decision
#                holds for that one place, without them for every such change in the document
#   occurrence   optional: which of several places with the same words around them (1-based)
#   stage, rule, term, note, decided: for people (not matched)
# Where several decisions match one change, the last one in this file wins.
"""


def read_decisions(path: Path) -> list[Decision]:
    """Read ``decisions.toml``: ``[[reject]]`` and ``[[accept]]`` tables, in file order.

    Raises :class:`DictionaryError` naming the file and line of the first problem, and how
    many more the file has.
    """
    return _strictly(_read_decisions, path)


def _read_decisions(path: Path, errors: list[DictionaryError]) -> list[Decision]:
    text = _decode(path)
    data = _parse_toml(path, text)
    unknown = sorted(set(data) - {"reject", "accept"})
    if unknown:
        lines = [n for n in (_key_line(text, key) for key in unknown) if n is not None]
        errors.append(DictionaryError(path, f"unknown top-level key(s): {', '.join(unknown)} "
                                            "(use [[reject]] and [[accept]] tables)", line=min(lines, default=None)))
    header_lines: dict[str, list[int]] = {"reject": [], "accept": []}
    for number, line in enumerate(text.splitlines(), start=1):
        m = re.match(r"\s*\[\[\s*(reject|accept)\s*\]\]", line)
        if m:
            header_lines[m.group(1)].append(number)
    decisions = []
    for action in ("reject", "accept"):
        entries = data.get(action, [])
        if not isinstance(entries, list):
            errors.append(DictionaryError(path, f"'{action}' must be an array of tables ([[{action}]])",
                                          line=_key_line(text, action)))
            continue
        for i, entry in enumerate(entries):
            line = header_lines[action][i] if i < len(header_lines[action]) else None
            decision = _decision(path, action, entry, line, errors)
            if decision is not None:
                decisions.append(decision)
    decisions.sort(key=lambda d: d.line or 0)
    return decisions


def _decision(path: Path, action: str, entry, line: int | None, errors: list[DictionaryError]) -> Decision | None:
    """One ``[[reject]]`` or ``[[accept]]`` table as a Decision, or None where it has
    problems (each one added to ``errors``)."""
    needs = f"each [[{action}]] needs doc, original and replacement"
    if not isinstance(entry, dict):
        errors.append(DictionaryError(path, needs, line=line))
        return None
    found = len(errors)
    if not {"doc", "original", "replacement"} <= set(entry):
        errors.append(DictionaryError(path, needs, line=line))
    extra = set(entry) - _DECISION_FIELDS
    if extra:
        errors.append(DictionaryError(path, _unknown_fields(extra, _DECISION_FIELDS, action), line=line))
    for key in ("doc", "original", "replacement", "stage", "rule", "before", "after", "term", "note"):
        if key in entry and not isinstance(entry[key], str):
            errors.append(DictionaryError(path, f"'{key}' must be a string in [[{action}]]", line=line))
    occurrence = entry.get("occurrence")
    if occurrence is not None and (not isinstance(occurrence, int) or isinstance(occurrence, bool)
                                   or occurrence < 1):
        errors.append(DictionaryError(path, f"'occurrence' must be a whole number from 1 in [[{action}]]",
                                      line=line))
    if "original" in entry and entry["original"] == entry.get("replacement"):
        errors.append(DictionaryError(path, f"original and replacement are the same in [[{action}]]", line=line))
    if len(errors) > found:
        return None
    return Decision(
        action=action,
        doc=entry["doc"],
        original=entry["original"],
        replacement=entry["replacement"],
        rule=entry.get("rule"),
        term=entry.get("term"),
        stage=entry.get("stage"),
        before=entry.get("before"),
        after=entry.get("after"),
        occurrence=occurrence,
        note=entry.get("note"),
        line=line,
    )


def ordinary_variant(variant: str, ordinary_zipf: float) -> bool:
    """Whether ``variant`` is ordinary English: a common word ("Khan"), or words that are
    each common and that English writes in sequence ("will we": symspellpy's list of common
    word pairs): as a variant it would be replaced wherever it is written, in every document.
    Common words in a sequence English does not write ("Goldman Sacks") are a misspelling."""
    from .correct import tokens_of
    from .phonetics import zipf
    from .wordpairs import common_pair

    words = [w.casefold() for w in tokens_of(variant)]
    return bool(words) and all(zipf(w) >= ordinary_zipf for w in words) \
        and all(common_pair(a, b) for a, b in zip(words, words[1:]))


_SENTENCE_WORDS = 8  # a term of more words reads like a sentence


def check_lexicon(lexicon: Lexicon, ordinary_zipf: float = 3.5) -> list[str]:
    """Problems that do not stop a run but a dictionary author should fix, one line each,
    naming the file and line of the entry:

    * duplicate terms (ignoring case);
    * a variant that is itself another term, or a variant of two different terms;
    * a variant that differs from its term only in case (case is corrected anyway);
    * a variant that is ordinary English ("will we"): it would be replaced everywhere;
    * a protected word that is also a variant (it cannot be both replaced and kept), or that
      is a term with capitals (the protected word is kept as written: "humira" is never
      recased to `Humira`; misheard forms still become the term);
    * an entry the matcher cannot read as written: characters it ignores ("C#" is found
      as "C");
    * a term of more than eight words: a sentence (a transcript given as a dictionary).
    """
    from .correct import tokens_of

    def where(term: Term) -> str:
        return f"{term.source}:{term.line}"

    problems = []
    seen: dict[str, Term] = {}
    for term in lexicon.terms:
        key = term.canonical.casefold()
        if key in seen:
            first = seen[key]
            problems.append(
                f"{where(term)}: duplicate term {term.canonical!r} "
                f"(also {where(first)})"
            )
        else:
            seen[key] = term
    variant_of: dict[str, Term] = {}
    protected = {p.casefold() for p in lexicon.protected}
    for term in lexicon.terms:
        if term.canonical.casefold() in protected and term.canonical != term.canonical.lower():
            problems.append(f"{where(term)}: term {term.canonical!r} is also a protected word: where "
                            f"the document writes it in other capitals it is kept as written, not recased")
        if len(tokens_of(term.canonical)) > _SENTENCE_WORDS:
            problems.append(f"{where(term)}: term {term.canonical[:40]!r}… has "
                            f"{len(tokens_of(term.canonical))} words: it reads like a sentence "
                            f"(is the file a transcript rather than a dictionary?)")
        ignored = sorted(set(re.sub(r"[\w\s'’&.-]", "", term.canonical)))
        if ignored:
            form = " ".join(tokens_of(term.canonical))
            problems.append(f"{where(term)}: term {term.canonical!r} has characters the matcher "
                            f"ignores ({' '.join(ignored)}): it is found as {form!r}")
        for k, variant in enumerate(term.variants):
            folded = variant.casefold()
            here = f"{term.source}:{(term.variant_lines[k:k + 1] or (None,))[0] or term.line}"  # its own line
            other = seen.get(folded)
            if folded == term.canonical.casefold():
                problems.append(f"{here}: variant {variant!r} of {term.canonical!r} differs "
                                f"only in case; case is corrected without it")
            elif other is not None and other.canonical != term.canonical:
                problems.append(
                    f"{here}: variant {variant!r} of {term.canonical!r} "
                    f"is itself the term {other.canonical!r} ({other.source}:{other.line})"
                )
            again = variant_of.get(folded)
            if again is not None and again.canonical.casefold() != term.canonical.casefold():
                problems.append(f"{here}: variant {variant!r} of {term.canonical!r} is also "
                                f"a variant of {again.canonical!r} ({again.source}:{again.line})")
            variant_of.setdefault(folded, term)
            if ordinary_variant(variant, ordinary_zipf):
                problems.append(f"{here}: variant {variant!r} of {term.canonical!r} is "
                                f"ordinary English: it would be replaced everywhere")
            if folded in protected:
                problems.append(f"{here}: variant {variant!r} of {term.canonical!r} is also "
                                f"a protected word")
    return problems


def append_decision(path: Path, decision: Decision, decided: str | None = None) -> bool:
    """Add one decision at the end of ``decisions.toml`` (created with an explanatory header
    if missing), keeping everything already in the file, comments included. The file is
    checked before and after, and replaced atomically. Returns False, writing nothing, where
    the last decision about the same change and place already says the same (two reviewers
    rejecting one correction at once write it once)."""
    import tomli_w

    path = Path(path)
    table = decision.to_toml_table()
    if decided:
        table["decided"] = decided
    block = f"[[{decision.action}]]\n" + tomli_w.dumps(table)
    with _folder_lock(path.parent):
        old = _decode(path) if path.is_file() else DECISIONS_HEADER
        if path.is_file():
            same = [d for d in read_decisions(path) if _same_change(d, decision)]
            if same and same[-1].action == decision.action:
                return False
        new = old + ("" if old.endswith("\n") or not old else "\n") + "\n" + block
        _replace_text(path, new, check=read_decisions)
    return True


def _same_change(a: Decision, b: Decision) -> bool:
    return (a.doc, a.original, a.replacement, a.before, a.after, a.occurrence) == \
        (b.doc, b.original, b.replacement, b.before, b.after, b.occurrence)


@contextlib.contextmanager
def _folder_lock(folder: Path):
    """Hold an exclusive lock on ``folder`` (created if missing) while a file in it is read,
    changed and replaced, so two reviewers' commands at once do not lose a decision."""
    import fcntl
    import os

    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _replace_text(path: Path, text: str, check) -> None:
    """Write ``text`` to a temporary file beside ``path``, ``check`` it, then rename it into place."""
    import os
    import tempfile

    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=path.suffix, dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        check(Path(tmp))
        os.replace(tmp, path)
    except OSError as exc:  # named as the file, not as its temporary copy
        raise DictionaryError(path, f"cannot be written: {exc.strerror or exc}") from None
    finally:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)


def _toml_string(text: str) -> str:
    import tomli_w

    return tomli_w.dumps({"v": text})[4:].strip()


def promote_variant(path: Path, canonical: str, variant: str) -> bool:
    """Add ``variant`` to the ``variants`` of the ``[[term]]`` whose canonical form is
    ``canonical`` in the TOML dictionary ``path`` (a new ``[[term]]`` at the end if there is
    none). The rest of the file, comments included, is kept. Returns False when the variant
    was already known (nothing written)."""
    path = Path(path)
    if path.suffix != ".toml":
        raise DictionaryError(path, "variants can only be added to a .toml dictionary")
    if variant.casefold() == canonical.casefold():
        return False
    with _folder_lock(path.parent):
        return _promote_variant(path, canonical, variant)


def _promote_variant(path: Path, canonical: str, variant: str) -> bool:
    text = _decode(path) if path.is_file() else ""
    terms, _ = _strictly(_read_toml, path) if path.is_file() else ([], set())
    target = next((t for t in terms if t.canonical == canonical), None)
    if target is not None and any(v.casefold() == variant.casefold() for v in target.variants):
        return False
    lines = text.splitlines(keepends=True)
    if target is None:
        block = f"[[term]]\ncanonical = {_toml_string(canonical)}\nvariants = [{_toml_string(variant)}]\n"
        new = text + ("" if text.endswith("\n") or not text else "\n") + "\n" + block
    else:
        start = target.line  # 1-based line of its [[term]] header
        end = next((i for i in range(start, len(lines)) if lines[i].lstrip().startswith("[")), len(lines))
        body = range(start, end)  # 0-based indices of the table's lines
        variants_at = next((i for i in body if re.match(r"\s*variants\s*=", lines[i])), None)
        if variants_at is None:
            canonical_at = next(i for i in body if re.match(r"\s*canonical\s*=", lines[i]))
            lines.insert(canonical_at + 1, f"variants = [{_toml_string(variant)}]\n")
        else:
            close = next(i for i in range(variants_at, end) if "]" in lines[i].split("#")[0])
            quoted = _toml_string(variant)
            line = lines[close]
            cut = line.split("#")[0].rindex("]")
            head = line[:cut].rstrip()
            if head.strip():  # items (or the opening bracket) on the closing line
                joint = "" if head.endswith("[") else (" " if head.endswith(",") else ", ")
                lines[close] = head + joint + quoted + line[cut:]
            else:  # "]" on a line of its own: a new item line before it
                previous = close - 1
                code = lines[previous].split("#")[0].rstrip()
                if not code.endswith((",", "[")):
                    lines[previous] = code + "," + lines[previous][len(code):]
                lines.insert(close, f"    {quoted},\n")
        new = "".join(lines)

    def check(tmp: Path) -> None:
        new_terms, _ = _strictly(_read_toml, tmp)
        found = next((t for t in new_terms if t.canonical == canonical), None)
        if found is None or variant not in found.variants:
            raise DictionaryError(path, f"could not add variant {variant!r} to {canonical!r}; add it by hand")

    _replace_text(path, new, check=check)
    return True
