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

import hashlib
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from .errors import DictionaryError

DECISIONS_NAME = "decisions.toml"
KINDS = ("person", "title", "term", "place", "organization", "other")
_TERM_FIELDS = {"canonical", "variants", "context", "kind", "note"}


@dataclass(frozen=True)
class Term:
    """One dictionary entry."""

    canonical: str
    variants: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    kind: str = "term"
    source: str = ""
    line: int | None = None


@dataclass(frozen=True)
class DictionaryFile:
    path: str
    sha256: str


@dataclass(frozen=True)
class Decision:
    """A reviewer's decision about one correction."""

    action: str  # reject | accept
    doc: str  # a document id, or "*" for every document
    original: str
    replacement: str
    rule: str | None = None
    term: str | None = None


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
        """A hash of everything in the lexicon that can change output."""
        h = hashlib.sha256()
        for f in self.files:
            h.update(f"{f.path}\0{f.sha256}\n".encode())
        if self.decisions_file:
            h.update(f"decisions\0{self.decisions_file.sha256}".encode())
        return h.hexdigest()

    def rejected(self, doc_id: str, original: str, replacement: str) -> bool:
        return any(
            d.action == "reject"
            and d.doc in (doc_id, "*")
            and d.original == original
            and d.replacement == replacement
            for d in self.decisions
        )


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

    Raises :class:`DictionaryError` naming the file and line of the first problem.
    """
    terms: list[Term] = []
    protected: set[str] = set()
    files = []
    for path in paths:
        path = Path(path)
        if not path.is_file():
            raise DictionaryError(path, "dictionary not found")
        if path.suffix == ".toml":
            file_terms, file_protected = _read_toml(path)
        elif path.suffix == ".txt":
            file_terms, file_protected = _read_txt(path), set()
        else:
            raise DictionaryError(path, "unknown dictionary format (use .txt or .toml)")
        terms.extend(file_terms)
        protected |= file_protected
        files.append(DictionaryFile(str(path), sha256_file(path)))
    decisions, decisions_file = (), None
    if decisions_path is not None and Path(decisions_path).is_file():
        decisions = tuple(read_decisions(Path(decisions_path)))
        decisions_file = DictionaryFile(str(decisions_path), sha256_file(Path(decisions_path)))
    return Lexicon(tuple(terms), frozenset(protected), tuple(files), decisions, decisions_file)


def _decode(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DictionaryError(path, "not valid UTF-8 text", line=line) from None


def _check_term(path: Path, text: str, line: int | None, what: str = "term") -> str:
    text = unicodedata.normalize("NFC", text.strip())
    if not text:
        raise DictionaryError(path, f"empty {what}", line=line)
    if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in text):
        raise DictionaryError(path, f"{what} {text!r} contains control characters", line=line)
    if not re.search(r"\w", text):
        raise DictionaryError(path, f"{what} {text!r} has no letters or digits", line=line)
    return text


_TXT_COMMENT = re.compile(r"(?:^|\s)#.*$")


def _read_txt(path: Path) -> list[Term]:
    terms = []
    for number, raw in enumerate(_decode(path).splitlines(), start=1):
        text = _TXT_COMMENT.sub("", raw).strip()
        if not text:
            continue
        terms.append(Term(_check_term(path, text, number), source=str(path), line=number))
    return terms


def _toml_error_line(exc: Exception) -> int | None:
    m = re.search(r"line (\d+)", str(exc))
    return int(m.group(1)) if m else None


def _read_toml(path: Path) -> tuple[list[Term], set[str]]:
    text = _decode(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DictionaryError(path, f"not valid TOML: {exc}", line=_toml_error_line(exc)) from None
    header_lines = [i for i, l in enumerate(text.splitlines(), start=1) if l.strip() == "[[term]]"]
    unknown = set(data) - {"term", "protected", "name", "description"}
    if unknown:
        raise DictionaryError(path, f"unknown top-level key(s): {', '.join(sorted(unknown))}")
    entries = data.get("term", [])
    if not isinstance(entries, list):
        raise DictionaryError(path, "'term' must be an array of tables ([[term]])")
    terms = []
    for i, entry in enumerate(entries):
        line = header_lines[i] if i < len(header_lines) else None
        if not isinstance(entry, dict):
            raise DictionaryError(path, "each [[term]] must be a table", line=line)
        extra = set(entry) - _TERM_FIELDS
        if extra:
            raise DictionaryError(path, f"unknown field(s) {', '.join(sorted(extra))} in [[term]]", line=line)
        if "canonical" not in entry or not isinstance(entry["canonical"], str):
            raise DictionaryError(path, "[[term]] needs a 'canonical' string", line=line)
        kind = entry.get("kind", "term")
        if kind not in KINDS:
            raise DictionaryError(path, f"kind {kind!r} is not one of {', '.join(KINDS)}", line=line)
        lists = {}
        for key in ("variants", "context"):
            value = entry.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise DictionaryError(path, f"'{key}' must be a list of strings", line=line)
            lists[key] = tuple(_check_term(path, v, line, key[:-1] if key == "variants" else "context word") for v in value)
        terms.append(Term(
            canonical=_check_term(path, entry["canonical"], line),
            variants=lists["variants"],
            context=lists["context"],
            kind=kind,
            source=str(path),
            line=line,
        ))
    protected = data.get("protected", [])
    if not isinstance(protected, list) or not all(isinstance(v, str) for v in protected):
        raise DictionaryError(path, "'protected' must be a list of strings")
    return terms, {_check_term(path, p, None, "protected word") for p in protected}


def read_decisions(path: Path) -> list[Decision]:
    """Read ``decisions.toml``: ``[[reject]]`` and ``[[accept]]`` tables."""
    text = _decode(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DictionaryError(path, f"not valid TOML: {exc}", line=_toml_error_line(exc)) from None
    decisions = []
    for action in ("reject", "accept"):
        for entry in data.get(action, []):
            if not isinstance(entry, dict) or not {"doc", "original", "replacement"} <= set(entry):
                raise DictionaryError(path, f"each [[{action}]] needs doc, original and replacement")
            decisions.append(Decision(
                action=action,
                doc=str(entry["doc"]),
                original=str(entry["original"]),
                replacement=str(entry["replacement"]),
                rule=entry.get("rule"),
                term=entry.get("term"),
            ))
    return decisions


def check_lexicon(lexicon: Lexicon, ordinary_zipf: float = 3.5) -> list[str]:
    """Problems that do not stop a run but a dictionary author should fix, one line each,
    naming the file and line of the entry:

    * duplicate terms (ignoring case);
    * a variant that is itself another term, or a variant of two different terms;
    * a variant that differs from its term only in case (case is corrected anyway);
    * a variant that is ordinary English ("will we"): it would be replaced everywhere;
    * a protected word that is also a variant (it cannot be both replaced and kept);
    * an entry the matcher cannot read as written: characters it ignores ("C#" is found
      as "C") or a context word of several words (context words are single words).
    """
    from .correct import tokens_of
    from .phonetics import zipf

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
        ignored = sorted(set(re.sub(r"[\w\s'’&.-]", "", term.canonical)))
        if ignored:
            form = " ".join(tokens_of(term.canonical))
            problems.append(f"{where(term)}: term {term.canonical!r} has characters the matcher "
                            f"ignores ({' '.join(ignored)}): it is found as {form!r}")
        for word in term.context:
            if len(word.split()) > 1:
                problems.append(f"{where(term)}: context word {word!r} of {term.canonical!r} has "
                                f"several words; context words are single words")
        for variant in term.variants:
            folded = variant.casefold()
            other = seen.get(folded)
            if folded == term.canonical.casefold():
                problems.append(f"{where(term)}: variant {variant!r} of {term.canonical!r} differs "
                                f"only in case; case is corrected without it")
            elif other is not None and other.canonical != term.canonical:
                problems.append(
                    f"{where(term)}: variant {variant!r} of {term.canonical!r} "
                    f"is itself the term {other.canonical!r} ({where(other)})"
                )
            again = variant_of.get(folded)
            if again is not None and again.canonical.casefold() != term.canonical.casefold():
                problems.append(f"{where(term)}: variant {variant!r} of {term.canonical!r} is also "
                                f"a variant of {again.canonical!r} ({where(again)})")
            variant_of.setdefault(folded, term)
            words = tokens_of(variant)
            if words and all(zipf(w.casefold()) >= ordinary_zipf for w in words):
                problems.append(f"{where(term)}: variant {variant!r} of {term.canonical!r} is "
                                f"ordinary English: it would be replaced everywhere")
            if folded in protected:
                problems.append(f"{where(term)}: variant {variant!r} of {term.canonical!r} is also "
                                f"a protected word")
    return problems
