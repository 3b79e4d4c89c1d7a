"""Review in the library: decisions (reading, matching, writing), locating corrections in
the clean text, comparing versions, and the HTML page's escaping. Milliseconds each."""
from __future__ import annotations

import json
import tomllib

import pytest
from hypothesis import given, settings, strategies as st

from conftest import doc_from_text, load_cases
from pipeline.core import clean_document
from pipeline.dictionaries import (Decision, Lexicon, Term, append_decision, load_lexicon, promote_variant,
                                   read_decisions)
from pipeline.document import Edit
from pipeline.errors import DictionaryError
from pipeline.html_review import render_page
from pipeline.review import (Filters, Version, clean_spans, compare_corrections, decision_for_correction,
                             format_correction, head_words, locate, numbered, statuses, tail_words)


def lexicon_for(case, tmp_path) -> Lexicon:
    terms = tuple(Term(t["canonical"], tuple(t.get("variants", ()))) for t in case["terms"])
    path = tmp_path / "decisions.toml"
    path.write_text(case["decisions"], encoding="utf-8")
    return Lexicon(terms=terms, decisions=tuple(read_decisions(path)))


@pytest.mark.parametrize("case", load_cases("decisions"))
def test_decision_cases(case, tmp_path):
    document = clean_document(doc_from_text(case["text"], doc_id=case.get("doc", "test")), lexicon_for(case, tmp_path))
    assert document.text == case["expected"]


def test_apply_edits_drops_what_the_review_filter_withholds():
    doc = doc_from_text("aaa bbb aaa").replace(review=lambda stage, records: {1})
    out = doc.apply_edits("s", [Edit(0, 3, "X", "r"), Edit(8, 11, "X", "r")])
    assert out.text == "X bbb aaa"
    assert [c.start for c in out.corrections] == [0]


def test_rejected_without_context_only_counts_broad_decisions():
    pinned = Decision("reject", "d", "Sher", "Cher", before="said ")
    broad = Decision("reject", "*", "Khan", "Cannes")
    lexicon = Lexicon(decisions=(pinned, broad))
    assert not lexicon.rejected("d", "Sher", "Cher")  # one place only: apply_edits decides
    assert lexicon.rejected("d", "Sher", "Cher", context=["Critics said ", " was"])
    assert lexicon.rejected("any", "Khan", "Cannes")
    assert lexicon.review_filter("other") is not None  # the "*" decision concerns every document
    assert Lexicon(decisions=(pinned,)).review_filter("other") is None


def test_read_decisions_names_the_line_of_a_bad_table(tmp_path):
    path = tmp_path / "decisions.toml"
    path.write_text('[[reject]]\ndoc = "d"\noriginal = "a"\nreplacement = "b"\n\n[[accept]]\ndoc = "d"\n', encoding="utf-8")
    with pytest.raises(DictionaryError, match=r"decisions.toml:6: each \[\[accept\]\] needs"):
        read_decisions(path)
    path.write_text('[[reject]]\ndoc = "d"\noriginal = "a"\nreplacement = "b"\ncolour = "x"\n', encoding="utf-8")
    with pytest.raises(DictionaryError, match="unknown field"):
        read_decisions(path)


def test_append_decision_keeps_comments_and_round_trips(tmp_path):
    path = tmp_path / "dictionaries" / "decisions.toml"
    weird = Decision("reject", "show/ep1", "Sher", "Cher", rule="dictionary:variant", stage="correct",
                     before='He said "it\'s ', after=' \\ done"\n', occurrence=2, note="not the singer")
    append_decision(path, weird, decided="2026-01-02")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Reviewers' decisions") and "[[reject]]" in text
    path.write_text(text + "# my own comment\n", encoding="utf-8")
    append_decision(path, Decision("accept", "*", "a", "b"))
    again = read_decisions(path)
    assert [d.action for d in again] == ["reject", "accept"]
    assert again[0].before == weird.before and again[0].after == weird.after and again[0].occurrence == 2
    assert "# my own comment" in path.read_text(encoding="utf-8")
    assert tomllib.loads(path.read_text(encoding="utf-8"))["reject"][0]["decided"] == "2026-01-02"


def test_the_same_decision_at_once_is_written_once(tmp_path):
    import multiprocessing

    path = tmp_path / "decisions.toml"
    decision = Decision("reject", "d", "Sher", "Cher", before="Ask ", after=" now")
    with multiprocessing.get_context("fork").Pool(6) as pool:
        written = pool.starmap(append_decision, [(path, decision)] * 6)
    assert written.count(True) == 1
    assert len(read_decisions(path)) == 1
    assert append_decision(path, Decision("accept", "d", "Sher", "Cher", before="Ask ", after=" now"))
    assert append_decision(path, decision)  # a reject after the accept is a new decision
    assert [d.action for d in read_decisions(path)] == ["reject", "accept", "reject"]


def test_append_decision_refuses_a_broken_file(tmp_path):
    path = tmp_path / "decisions.toml"
    path.write_text("[[reject]\n", encoding="utf-8")
    with pytest.raises(DictionaryError, match="not valid TOML"):
        append_decision(path, Decision("reject", "d", "a", "b"))
    assert path.read_text(encoding="utf-8") == "[[reject]\n"


RECORDS = [
    {"stage": "correct", "rule": "v", "original": "Sher", "replacement": "Cher", "start": 0, "end": 4,
     "confidence": 0.9, "term": "Cher", "context": ["", " sang. Ask Sher now. Ask Sher now."]},
    {"stage": "correct", "rule": "v", "original": "Sher", "replacement": "Cher", "start": 15, "end": 19,
     "confidence": 0.9, "term": "Cher", "context": ["Sher sang. Ask ", " now. Ask Sher now."]},
    {"stage": "correct", "rule": "v", "original": "Sher", "replacement": "Cher", "start": 29, "end": 33,
     "confidence": 0.9, "term": "Cher", "context": ["Sher sang. Ask Sher now. Ask ", " now."]},
]


def test_decision_for_a_correction_is_precise():
    first = decision_for_correction("d", RECORDS, 1, "reject")
    assert first.after == " sang. Ask" and first.occurrence is None
    second = decision_for_correction("d", RECORDS, 2, "reject")
    third = decision_for_correction("d", RECORDS, 3, "reject")
    for number, decision in ((1, first), (2, second), (3, third)):
        assert Lexicon(decisions=(decision,)).withheld("d", "correct", RECORDS) == {number - 1}
    everywhere = decision_for_correction("d", RECORDS, 2, "reject", everywhere=True)
    assert everywhere.doc == "*" and not everywhere.pinned
    with pytest.raises(Exception, match="no correction 4"):
        decision_for_correction("d", RECORDS, 4, "reject")


def test_statuses_show_the_decision_in_effect():
    decision = decision_for_correction("d", RECORDS, 2, "reject")
    assert statuses("d", RECORDS, Lexicon(decisions=(decision,))) == [None, "rejected", None]
    undo = Decision("accept", "d", "Sher", "Cher")
    assert statuses("d", RECORDS, Lexicon(decisions=(decision, undo))) == ["accepted"] * 3


def test_promote_variant_keeps_the_file(tmp_path):
    path = tmp_path / "d.toml"
    path.write_text('# people\n[[term]]\ncanonical = "Cher"  # the singer\nkind = "person"\n\n'
                    '[[term]]\ncanonical = "Mask"\nvariants = ["mask"]  # the film\n\n'
                    '[[term]]\ncanonical = "Cannes"\nvariants = [\n  "Khan",\n  "Can"\n]\n', encoding="utf-8")
    assert promote_variant(path, "Cher", "Sher")
    assert promote_variant(path, "Mask", "masc")
    assert promote_variant(path, "Cannes", "Kahn")
    assert promote_variant(path, "Stoltz", "Stoultz")
    assert not promote_variant(path, "Cher", "sher")
    terms = {t.canonical: t.variants for t in load_lexicon([path], None).terms}
    assert terms == {"Cher": ("Sher",), "Mask": ("mask", "masc"), "Cannes": ("Khan", "Can", "Kahn"),
                     "Stoltz": ("Stoultz",)}
    text = path.read_text(encoding="utf-8")
    assert "# the singer" in text and "# the film" in text and text.startswith("# people")


def test_word_windows():
    assert tail_words("and the Hollywood movie ", 2) == "Hollywood movie "
    assert tail_words("worry, Mr", 5) == "worry, Mr"
    assert head_words(". Naturally, it was", 2) == ". Naturally,"


def test_filters_and_numbering():
    records = [dict(RECORDS[0], rule="spacing:x", stage="normalize", confidence=0.95), RECORDS[1],
               dict(RECORDS[2], confidence=0.5)]
    assert [n for n, _ in numbered(records, Filters(rules=("spacing:*",)))] == [1]
    assert [n for n, _ in numbered(records, Filters(rules=("x",)))] == [1]  # (the rule without its family)
    assert [n for n, _ in numbered(records, Filters(rules=("other:x",)))] == []
    assert [n for n, _ in numbered(records, Filters(stages=("correct",), max_confidence=0.6))] == [3]
    assert [n for n, _ in numbered(records, Filters(min_confidence=0.9))] == [1, 2]
    assert "[-Sher-]{+Cher+}" in format_correction(2, RECORDS[1])


def test_compare_corrections_finds_what_a_version_no_longer_makes():
    c = compare_corrections(RECORDS, [RECORDS[0], RECORDS[2]])
    assert [n for n, _ in c.gone] == [2] and c.added == [] and c.changed == []
    c = compare_corrections(RECORDS[:1], RECORDS)
    assert c.gone == [] and [n for n, _ in c.added] == [2, 3]
    promoted = [RECORDS[0], dict(RECORDS[1], rule="dictionary:variant", confidence=0.99), RECORDS[2]]
    c = compare_corrections(RECORDS, promoted)
    assert c.gone == c.added == [] and [(p[0], p[2]) for p in c.changed] == [(2, 2)]


def test_compare_corrections_names_the_place_that_went_among_equal_ones():
    """The same change with the same words around it at three places; a version without
    the second (a reject pinned there): the one no longer made is #2, not the last one."""
    same = dict(RECORDS[1], context=["with ", " and"])
    old = [dict(same, start=100), dict(same, start=4000), dict(same, start=9000)]
    new = [dict(same, start=100), dict(same, start=9000)]
    c = compare_corrections(old, new)
    assert [n for n, _ in c.gone] == [2] and c.added == [] and c.changed == []
    c = compare_corrections(new, old)
    assert c.gone == [] and [n for n, _ in c.added] == [2]
    c = compare_corrections(old, [dict(same, start=4010)])  # offsets moved a little
    assert [n for n, _ in c.gone] == [1, 3]


@st.composite
def staged_documents(draw):
    words = draw(st.lists(st.sampled_from(["Sher", "said", "Mr.Sims", "a", "mask", "is", "ok,then", "  x"]),
                          min_size=1, max_size=25))
    return " ".join(words)


@settings(max_examples=60, deadline=None)
@given(staged_documents())
def test_every_correction_is_located_on_its_replacement(text):
    lexicon = Lexicon(terms=(Term("Cher", ("Sher",)), Term("Mask", ("mask",))))
    document = clean_document(doc_from_text(text), lexicon)
    records = [c.to_json() for c in document.corrections]
    clean = " ".join(s.text for s in document.segments)
    spans = locate(clean, records)
    assert spans == clean_spans(records)
    later = {r["stage"] for r in records}
    for (start, end), record in zip(spans, records):
        if len(later) == 1 or record["stage"] == "correct":
            assert clean[start:end] == record["replacement"]


def write_version(tmp_path, segments, records) -> Version:
    folder = tmp_path / "clean" / "doc" / "v0001"
    folder.mkdir(parents=True)
    (folder / "segments.jsonl").write_text("".join(json.dumps(s) + "\n" for s in segments), encoding="utf-8")
    (folder / "corrections.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    (folder / "manifest.json").write_text('{"doc_id": "doc", "source": {"path": "raw/<b>.txt"}}', encoding="utf-8")
    return Version("doc", "v0001", folder)


def test_html_page_escapes_transcript_text(tmp_path):
    text = 'He typed <script>alert("x")</script> & Sher <img src=x onerror=alert(1)> left.'
    start = text.index("Sher")
    record = {"stage": "correct", "rule": "dictionary:<i>v</i>", "original": "Sher", "replacement": "Cher",
              "start": start, "end": start + 4, "confidence": 0.9, "term": "<b>Cher</b>",
              "context": [text[:start], text[start + 4:]]}
    version = write_version(tmp_path, [
        {"index": 0, "kind": "heading", "speaker": None, "text": "<h1>Title</h1>", "start": None, "end": None},
        {"index": 1, "kind": "dialogue", "speaker": "<u>Rusty</u>", "text": text.replace("Sher", "Cher"),
         "start": None, "end": None},
    ], [dict(record, start=start + len("<h1>Title</h1> "), end=start + len("<h1>Title</h1> ") + 4,
             context=["<h1>Title</h1> " + text[:start], text[start + 4:]])])
    page, count = render_page(version)
    assert count == 1 and page.count('<mark class="corr') == 1
    body = page[page.index("<body>"):page.rindex("<script>")]
    for raw in ("<script>alert", "<img", "<h1>Title", "<u>", "<b>Cher", "<i>v"):
        assert raw not in body
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body
    assert "Content-Security-Policy" in page and "https://" not in page and "http://" not in page


def test_html_page_names_a_speaker_once(tmp_path):
    """A caption's turn starts with its label ("Operator: Good morning."): the page shows the
    label once, as transcript.txt does; a turn without it gets its speaker's name."""
    version = write_version(tmp_path, [
        {"index": 0, "kind": "dialogue", "speaker": "Operator", "text": "Operator: Good morning.",
         "start": None, "end": None},
        {"index": 1, "kind": "dialogue", "speaker": "Rusty", "text": "\u201cI like it.\u201d", "start": None, "end": None},
    ], [])
    page, _ = render_page(version)
    body = page[page.index("<body>"):page.rindex("<script>")]
    assert body.count("Operator:") == 1 and body.count('<span class="speaker">Rusty:</span>') == 1


def test_an_html_page_that_cannot_be_written_is_named_not_its_temporary_file(tmp_path, monkeypatch):
    from pathlib import Path

    from pipeline.errors import PipelineError
    from pipeline.html_review import write_review_page

    version = write_version(tmp_path, [{"index": 0, "kind": "narration", "speaker": None, "text": "Hi.",
                                        "start": None, "end": None}], [])

    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "write_text", refuse)
    with pytest.raises(PipelineError) as caught:
        write_review_page(version, tmp_path / "page.html")
    assert str(caught.value) == f"{tmp_path / 'page.html'}: cannot be written: Permission denied"
    assert list(tmp_path.glob(".page.html*")) == []


def test_locate_falls_back_to_the_context_where_offsets_do_not_fit():
    clean = "Ask Cher now. Ask Cher then."
    records = [dict(RECORDS[1], start=100, end=104, context=["Ask ", " then."]),
               dict(RECORDS[1], start=200, end=204, context=["Ask ", " now."]),
               dict(RECORDS[1], start=300, end=304, context=["x", "y"], replacement="Nowhere")]
    assert locate(clean, records) == [(18, 22), (4, 8), None]


def test_word_diff_of_long_texts_is_found_fast_and_reads_like_difflibs(monkeypatch):
    from pipeline import review

    old = "the quick brown fox jumps over the lazy dog and runs far away from the farm"
    new = "the quick red fox leaps over the lazy dog and runs away from the old farm"
    expected = review.word_diff(old, new)  # difflib's
    monkeypatch.setattr(review, "DIFFLIB_MAX_WORDS", 5)  # rapidfuzz's alignment from here
    runs = review.word_diff(old, new)
    assert " ".join(filter(None, (b if op != "equal" else a for op, a, b in runs))) == new
    assert " ".join(filter(None, (a for op, a, b in runs))) == old
    assert [r for r in runs if r[0] != "equal"] == [r for r in expected if r[0] != "equal"]
    assert not any(a[0] != "equal" and b[0] != "equal" for a, b in zip(runs, runs[1:]))  # changes merged


def test_a_version_is_named_as_a_user_would(tmp_path):
    from pipeline.review import find_version

    for name in ("v0001", "v0002"):
        (tmp_path / "doc" / name).mkdir(parents=True)
    assert find_version(tmp_path, "doc").name == "v0002"
    for given, name in (("latest", "v0002"), ("V0001", "v0001"), ("v1", "v0001"), ("2", "v0002")):
        assert find_version(tmp_path, "doc", given).name == name


def test_a_decision_reprocesses_only_the_documents_it_applies_to(tmp_path):
    """A decision is an input of its own document (and "*" of every one): a reject written
    for one document leaves every other document's key, and so its latest version, as it was;
    a note added to a decision changes no key at all."""
    from pipeline.config import Settings
    from pipeline.core import RunContext, plan, process_file

    raw = tmp_path / "raw"
    raw.mkdir()
    for name in ("a", "b", "c"):
        (raw / f"{name}.txt").write_text(f"Document {name} says hello.\n", encoding="utf-8")
    decisions = tmp_path / "decisions.toml"

    def context(text: str) -> RunContext:
        decisions.write_text(text, encoding="utf-8")
        lexicon = load_lexicon([], decisions)
        return RunContext(clean_dir=tmp_path / "clean", raw_dir=raw, lexicon=lexicon, settings=Settings())

    ctx = context("")
    for name in ("a", "b", "c"):
        assert process_file(raw / f"{name}.txt", ctx).status == "written"
    assert plan(raw, ctx).todo == []
    one = '[[reject]]\ndoc = "b"\noriginal = "x"\nreplacement = "y"\n'
    assert [doc for _, doc in plan(raw, context(one)).todo] == ["b"]
    assert process_file(raw / "b.txt", context(one)).status == "written"
    assert plan(raw, context(one + 'note = "a reviewer\'s reason"\n')).todo == []
    every = one + '\n[[reject]]\ndoc = "*"\noriginal = "p"\nreplacement = "q"\n'
    assert [doc for _, doc in plan(raw, context(every)).todo] == ["a", "b", "c"]


def test_a_decisions_file_that_cannot_be_written_is_named(tmp_path, monkeypatch):
    import tempfile

    path = tmp_path / "decisions.toml"

    def refuse(*args, **kwargs):
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(DictionaryError) as caught:
        append_decision(path, Decision("reject", "doc", "Sher", "Cher"))
    assert str(caught.value) == f"{path}: cannot be written: Read-only file system"


def test_a_dictionary_correction_says_why_in_words():
    record = {"stage": "correct", "rule": "dictionary:sound", "original": "Khan", "replacement": "Cannes",
              "start": 0, "end": 4, "confidence": 0.91, "term": "Cannes", "spelling": 0.5, "sound": 1.0,
              "evidence": ["context:actress,award", "established"], "context": ["the award at ", " for her role"]}
    entry = format_correction(3, record)
    assert entry.splitlines()[-1] == ("      why: letters 0.50 and sound 1.00 alike; the entry's context words "
                                      "nearby (actress, award); the term written right elsewhere in the document")
    plain = {k: v for k, v in record.items() if k not in ("spelling", "sound", "evidence")}
    assert "why:" not in format_correction(3, plain)


def test_the_word_diff_of_long_texts_is_whole():
    """Beyond DIFFLIB_MAX_WORDS the texts are aligned by runs of words first: the runs still
    give back both texts word for word, equal runs are equal, and the changes are found."""
    import random

    from pipeline.review import DIFFLIB_MAX_WORDS, word_diff

    rng = random.Random(7)
    vocabulary = [f"w{k}" for k in range(3000)] + ["end.", "so?", "yes!"]
    a = [rng.choice(vocabulary) for _ in range(3 * DIFFLIB_MAX_WORDS)]
    b = list(a)
    for _ in range(300):
        k = rng.randrange(len(b))
        choice = rng.random()
        if choice < 0.4:
            b[k] += "x"
        elif choice < 0.7:
            del b[k]
        else:
            b.insert(k, "new")
    runs = word_diff(" ".join(a), " ".join(b))
    assert " ".join(x for _, x, _ in runs if x) == " ".join(a)
    assert " ".join(y for _, _, y in runs if y) == " ".join(b)
    assert all(x == y for op, x, y in runs if op == "equal")
    assert all(not (p[0] == q[0] == "equal") for p, q in zip(runs, runs[1:]))
    changed = sum(op != "equal" for op, _, _ in runs)
    assert 0 < changed <= 300


def test_a_correction_across_a_line_break_is_one_line_of_the_review():
    """A caption's line break inside a change or its context is shown as ⏎ (in the change)
    or a space (around it): the entry keeps its two-line layout."""
    from pipeline.review import format_correction

    entry = format_correction(4, {"stage": "correct", "rule": "dictionary:case", "original": "broad\ninstitute",
                                  "replacement": "Broad\nInstitute", "confidence": 0.85, "term": "Broad Institute",
                                  "context": ["the big debate was\nwith the ", " and fang\nzhang"]})
    assert entry.splitlines()[1] == "      …the big debate was with the [-broad⏎institute-]{+Broad⏎Institute+} and fang zhang…"


def test_review_lines_show_a_transcripts_control_characters_escaped():
    """The repair stage removes control characters (a NUL, terminal escape codes) and
    records what it removed: review shows them escaped, so a reviewer sees what went, and a
    transcript's escape codes never reach the terminal (a colour, a window title)."""
    from pipeline.review import ChangedPlace, format_becomes, format_word_diff

    record = {"stage": "repair", "rule": "ftfy:unicode", "original": "\x1b[31mred\x1b[0m and \x1b]0;x\x07",
              "replacement": "red and ]0;x", "start": 6, "end": 30, "confidence": 1.0, "term": None,
              "context": ["Hello\x00 ", " title.\r"]}
    for color in (False, True):
        entry = format_correction(1, record, color=color)
        shown = entry.replace("\x1b[31;9m", "").replace("\x1b[32;4m", "").replace("\x1b[0m", "").replace(
            "\x1b[1m", "")  # (the review's own colours)
        assert not any(c in shown for c in "\x00\x07\x1b\r"), repr(shown)
        assert "\\x1b[31mred\\x1b[0m and \\x1b]0;x\\x07" in shown and "Hello\\x00" in shown
    lines = format_word_diff("hello\x00world and \x1b[1mbold", "helloworld and bold")
    assert lines == ["[-hello\\x00world-]{+helloworld+} and", "and [-\\x1b[1mbold-]{+bold+}"]
    assert format_becomes(ChangedPlace("a\x1b[2J", "b\x00", "c", "d\r")) == "a\\x1b[2J b\\x00 d\\r --- becomes: a\\x1b[2J c d\\r"
