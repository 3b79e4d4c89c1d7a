"""Correct: replace misheard or miswritten domain terms by their dictionary form.

Rules (each correction records its rule, confidence and dictionary term):

``dictionary:variant``
    A variant listed in the dictionary ("Sher" for "Cher"), matched whole-word and
    case-insensitively, becomes the canonical form.
``dictionary:case``
    A multi-word term written with other capitals ("eric stoltz") gets the canonical ones.

A match that starts a sentence keeps its capital letter; words the dictionary protects and
corrections a reviewer rejected (``decisions.toml``) are never made. Matches never cross a
sentence end or a paragraph break.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import regex

from .dictionaries import Lexicon, Term
from .document import Document, Edit

STAGE = "correct"

_OPENERS = "\"'“‘(["
_CLOSERS = "\"'”’)]"


def at_sentence_start(text: str, index: int) -> bool:
    """Whether ``text[index:]`` starts a sentence: after .!? (and closing quotes), a line
    break, or the start of the text, skipping opening quotes and white space."""
    i = index
    while i > 0 and text[i - 1] in _OPENERS:
        i -= 1
    saw_space = False
    while i > 0 and text[i - 1] in " \t":
        i -= 1
        saw_space = True
    if i == 0 or text[i - 1] == "\n":
        return True
    while i > 0 and text[i - 1] in _CLOSERS:
        i -= 1
    return saw_space and text[i - 1] in ".!?…"


@dataclass(frozen=True)
class CompiledLexicon:
    """The lexicon's patterns, built once per lexicon (see :func:`compile_lexicon`)."""

    lexicon: Lexicon
    pattern: "regex.Pattern | None"
    forms: dict  # casefolded surface form -> (term, rule, confidence)


def _form_pattern(form: str) -> str:
    words = [regex.escape(w) for w in form.split()]
    return r"\s+".join(words)


@functools.lru_cache(maxsize=16)
def compile_lexicon(lexicon: Lexicon) -> CompiledLexicon:
    """One alternation of every variant and multi-word term, longest first."""
    forms: dict[str, tuple[Term, str, float]] = {}
    for term in lexicon.terms:
        if len(term.canonical.split()) > 1:
            forms.setdefault(_key(term.canonical), (term, "dictionary:case", 0.95))
        for variant in term.variants:
            forms.setdefault(_key(variant), (term, "dictionary:variant", 0.99))
    if not forms:
        return CompiledLexicon(lexicon, None, {})
    surface = {}
    for term in lexicon.terms:
        if len(term.canonical.split()) > 1:
            surface[_key(term.canonical)] = term.canonical
        for variant in term.variants:
            surface.setdefault(_key(variant), variant)
    alternatives = sorted(surface.values(), key=lambda s: (-len(s), s))
    pattern = regex.compile(
        r"(?<![\w'’-])(?:" + "|".join(_form_pattern(s) for s in alternatives) + r")(?![\w-]|['’]\w\w)",
        regex.IGNORECASE | regex.V1,
    )
    return CompiledLexicon(lexicon, pattern, forms)


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _with_sentence_capital(replacement: str, matched: str, at_sentence_start: bool) -> str:
    if at_sentence_start and matched[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def correct(document: Document, lexicon: Lexicon) -> Document:
    """Apply the dictionary's terms to the document, recording each change."""
    compiled = compile_lexicon(lexicon)
    if compiled.pattern is None:
        return document.apply_edits(STAGE, [])
    text = document.text
    protected = {p.casefold() for p in lexicon.protected}
    hard_breaks = {u.start_char - 1 for u in document.units if u.break_before != "continue"}
    edits = []
    for m in compiled.pattern.finditer(text):
        matched = m.group()
        entry = compiled.forms.get(_key(matched))
        if entry is None:
            continue
        term, rule, confidence = entry
        if _key(matched) in protected:
            continue
        if any(pos in hard_breaks for pos in range(m.start(), m.end()) if text[pos] == "\n"):
            continue
        at_start = at_sentence_start(text, m.start())
        replacement = _with_sentence_capital(term.canonical, matched, at_start)
        if replacement == " ".join(matched.split()) or lexicon.rejected(document.doc_id, matched, replacement):
            continue
        edits.append(Edit(m.start(), m.end(), replacement, rule=rule, confidence=confidence,
                          term=term.canonical))
    return document.apply_edits(STAGE, edits)
