"""The correct stage's tokenizer (``correct._tokenize``, written for speed: the text split
into words and gaps at once, only the words after an unusual gap looked at one by one)
against a plain reference that asks every word everything, as the stage once did.

The fast version inlines what ``at_sentence_start`` and the abbreviation test answer in the
common cases; a change to either, or to ``TOKEN`` (a group or a flag), that the fast path
does not follow shows here."""
from __future__ import annotations

import dataclasses
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings, strategies as st

from pipeline import correct as C
from pipeline.document import Source
from pipeline.ingest import build_document, parse_txt


def _reference_abbreviated(tokens, text: str, end: int, start: int) -> str:
    word = tokens[-1].text
    if not (start == end + 2 and text[end:start] == ". " and text[start:start + 1].isupper()):
        return ""
    if len(word) == 1 and word.isupper():
        return "initial" if len(tokens) > 1 and tokens[-2].text[:1].isupper() and len(tokens[-2].text) > 1 \
            and text[tokens[-2].end + len(tokens[-2].suffix):tokens[-1].start] == " " else ""
    if len(word) == 3 and word[1] == "." and word[0].isupper() and word[2].isupper():
        return "initial"
    return "title" if word[:1].isupper() and C._fold(word) in C.NAME_ABBREVIATIONS else ""


def reference_tokenize(document):
    """Every word asked everything: its sentence's start, its gap from the word before."""
    text = document.text
    hard_newlines = {u.start_char - 1 for u in document.units if u.break_before != "continue"}
    soft_newlines = {u.start_char - 1 for u in document.units if u.break_before == "continue"}
    tokens, joinable = [], []
    sentence = 0
    previous_end = -1
    for m in C.TOKEN.finditer(text):
        start, written = m.start(), m.group()
        word, suffix = written, ""
        pm = C._POSSESSIVE.search(written)
        if pm and len(written) > 3:
            word, suffix = written[:pm.start()], written[pm.start():]
        sentence_start = C.at_sentence_start(text, start, soft_newlines)
        if previous_end >= 0:
            if text[previous_end:start] == " ":
                joinable.append(True)
            elif tokens[-1].end == previous_end and (kind := _reference_abbreviated(tokens, text, previous_end, start)):
                joinable.append(True)
                if kind == "title":
                    sentence_start = False
                else:
                    sentence += 1
            else:
                gap = text[previous_end:start]
                hard = any(text[p] == "\n" and p in hard_newlines for p in range(previous_end, start))
                joinable.append(not hard and C._ALLOWED_GAP.fullmatch(gap) is not None)
                if hard or C._SENTENCE_GAP.search(gap):
                    sentence += 1
        end = start + len(word)
        tokens.append(C.Token(start, end, word, C._fold(word), suffix, word[:1].isupper() and not sentence_start,
                              sentence, sentence_start))
        previous_end = end + len(suffix)
    joinable.append(False)
    return tokens, joinable


def _document(text: str, breaks: list[str]):
    """A document of ``text`` as is (no layout made), a unit at each line's start, each with
    its break from ``breaks`` (in turn)."""
    doc = build_document("t", Source("t.txt", "0" * 64, "txt", "utf-8"), parse_txt("x", Path("t.txt")))
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    unit = doc.units[0]
    units = tuple(dataclasses.replace(unit, start_char=s, end_char=s, break_before=breaks[k % len(breaks)])
                  for k, s in enumerate(starts))
    return doc.replace(text=text, units=units)


_WORDS = ["J.P.", "Morgan", "St.", "Louis", "Plan", "B.", "Buyer", "prices", "O'Brien", "Dan's", "DAN’S", "&",
          "AT&T", "3.5", "x", "é", "e\u0301", "Robert", "W.", "Dr.", "Reddy", "the", "U.S.", "L.S.S.T", "tullis.acts",
          "2024", "it's", "Smiths’", "'s", "R&D", "½", "Ⅻ", "ǅ", "İ", "ß", "“Hi”", "(x)", "[laughs]", ">>", "Mr."]
_GAPS = [" ", " ", " ", " ", "  ", "\n", "\r\n", "\r", "\t", "\u00a0", "\u2028", ". ", "! ", ".\n", " - ", "-", "–",
         " — ", ", ", "\n\n", " \n", "\n ", ".  ", "'", "’", ".", " & ", "_", "(", ") ", "\"", " “", "” ", "…"]


@st.composite
def texts(draw):
    parts = draw(st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_GAPS)), max_size=30))
    text = "".join(w + g for w, g in parts)
    return draw(st.sampled_from(["", " ", "\n", "\ufeff"])) + text[:len(text) - draw(st.integers(0, 2))]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts(), st.lists(st.sampled_from(["continue", "line", "paragraph"]), min_size=1, max_size=5))
@example("Plan B. Buyer prices rose. J.P. Morgan and St. Louis", ["line"])
@example("Robert W. Baird\nsaid\nwe &\nSo Dan's. Dr. Reddy", ["continue", "line"])
@example("", ["line"])
def test_tokenize_answers_as_the_plain_reference(text, breaks):
    document = _document(text, breaks)
    assert C._tokenize(document) == reference_tokenize(document)


def test_token_split_pattern_is_the_token_pattern_in_one_group():
    assert C._TOKEN_SPLIT.groups == 1 and C._TOKEN_SPLIT.flags == C.TOKEN.flags
