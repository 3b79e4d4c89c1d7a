"""Ingest: the formats, YouTube's rolling automatic captions, broken files, clean captions out.

The cases in ``tests/cases/ingest/*.json`` are data: each names a file, its content and
what must come of it. The fixtures in ``tests/fixtures/captions/`` are written by
``make_fixtures.py`` there, from one spoken script.
"""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from pipeline.config import Settings
from pipeline.core import RunContext, clean_document, process_file
from pipeline.dictionaries import Lexicon
from pipeline.errors import InputError
from pipeline.ingest import ingest
from pipeline.normalize import normalize
from pipeline.segment import clean_text, source_paragraphs
from pipeline.write import caption_cues, render_srt, render_transcript, render_vtt

from conftest import growth

ROOT = Path(__file__).resolve().parent
CASES = ROOT / "cases" / "ingest"
CAPTIONS = ROOT / "fixtures" / "captions"


def _load(name: str) -> list[dict]:
    return json.loads((CASES / name).read_text(encoding="utf-8"))


def _write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def _clean(path: Path):
    return clean_document(ingest(path, path.stem), Lexicon())


def _words(text: str) -> list[str]:
    return re.sub(r"[^\w\s'&]", " ", text.lower().replace("’", "'")).split()


# --------------------------------------------------------------------------- formats


@pytest.mark.parametrize("case", _load("formats.json"), ids=lambda c: c["label"])
def test_format_case(case, tmp_path):
    document = ingest(_write(tmp_path, case["name"], case["content"]), "a")
    got = []
    for unit in document.units:
        row = [document.unit_text(unit), unit.start, unit.end]
        if unit.speaker_change:
            row.append(True)
        got.append(row)
    assert got == case["units"]
    assert [e["text"] for e in document.events if e["type"] == "sound"] == case.get("events", [])
    assert document.source.format == case["name"].rsplit(".", 1)[1]


@pytest.mark.parametrize("case", _load("line-breaks.json"), ids=lambda c: c["label"])
def test_line_break_case(case, tmp_path):
    document = _clean(_write(tmp_path, "a.txt", case["text"]))
    assert source_paragraphs(document) == case["paragraphs"]


def test_ascii_spacing_is_layout_other_white_space_is_kept_for_repair(tmp_path):
    text = "  Ã\xa0 côté\t \n\x85 NBSP\xa0 stays\t\tinside  \n"
    document = ingest(_write(tmp_path, "a.txt", text), "a")
    assert [document.unit_text(u) for u in document.units] == ["Ã\xa0 côté", "\x85 NBSP\xa0 stays inside"]


def test_word_times_survive_squeezed_spacing(tmp_path):
    content = "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nso<00:00:01.500><c>   what</c><00:00:02.000><c>\tnow</c>\n"
    (unit,) = ingest(_write(tmp_path, "a.vtt", content), "a").units
    assert unit.words == ((0, 1.0), (3, 1.5), (8, 2.0))


def test_event_positions_point_into_the_ingested_text(tmp_path):
    document = ingest(_write(tmp_path, "a.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n"
                                               "so [Laughter] anyway\n\n00:00:03.000 --> 00:00:04.000\n[Music]\n\n"
                                               "00:00:05.000 --> 00:00:06.000\nback\n"), "a")
    assert document.text == "so anyway\nback"
    laughter, music = document.events
    assert (laughter["unit"], laughter["offset"], laughter["char"]) == (0, 2, 2)
    assert document.text[laughter["char"]:].startswith(" anyway")
    assert (music["unit"], music["char"], music["start"]) == (1, 10, 3.0)
    assert document.text[music["char"]:] == "back"
    # a final cue of a sound alone: at the text's end, not past it
    last = ingest(_write(tmp_path, "b.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nhello there\n\n"
                                            "00:00:03.000 --> 00:00:04.000\n[Applause]\n"), "b")
    assert last.text == "hello there" and [(e["unit"], e["char"]) for e in last.events] == [(1, 11)]


def test_voice_tags_are_speaker_changes_and_events():
    document = ingest(CAPTIONS / "dialogue.vtt", "d")
    assert [(document.unit_text(u), u.speaker_change) for u in document.units] == [
        ("Are you coming?", False), ("Mom?", False), ("In a minute & no more!", True)]
    assert [e["text"] for e in document.events if e["type"] == "voice"] == ["Rocky", "Rocky", "Rusty"]


def test_srt_dialogue_dashes_sound_tags_and_music():
    document = _clean(CAPTIONS / "dialogue.srt")
    assert clean_text(document) == "Are you coming? In a minute. Happy birthday to you I said, now!"
    assert [e["text"] for e in document.events] == ["(DOOR SLAMS)", "♪", "♪"]
    assert [u.speaker_change for u in document.units] == [True, True, False, True]


# --------------------------------------------------------------------------- YouTube


def test_youtube_automatic_captions_keep_every_spoken_word_once():
    document = _clean(CAPTIONS / "auto.en.vtt")
    expected = (CAPTIONS / "expected-words.txt").read_text(encoding="utf-8").split()
    assert clean_text(document).split() == expected
    assert clean_text(document).count("kwame") == 3  # really repeated, on lines of their own


def test_youtube_automatic_captions_match_the_manual_word_count():
    auto = len(clean_text(_clean(CAPTIONS / "auto.en.vtt")).split())
    for manual_file in ("manual.srt", "manual.vtt", "export.json"):
        manual = len(clean_text(_clean(CAPTIONS / manual_file)).split())
        assert abs(auto - manual) <= 0.05 * manual, manual_file
    assert _words(clean_text(_clean(CAPTIONS / "auto.en.vtt"))) == _words(clean_text(_clean(CAPTIONS / "manual.srt")))


def test_youtube_automatic_captions_carry_times():
    document = _clean(CAPTIONS / "auto.en.vtt")
    assert document.segments and all(s.start is not None and s.end is not None for s in document.segments)
    starts = [u.start for u in document.units]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)  # one unit a new line
    assert all(u.end - u.start > 0.05 for u in document.units)  # no 10 ms hold cue
    first = document.units[0]
    assert document.unit_text(first) == "welcome back to the channel"
    assert first.words == ((0, 4.8), (8, 5.25), (13, 5.64), (16, 5.99), (20, 6.36))
    assert [e["text"] for e in document.events] == ["[Music]", "[Music]", "[Applause]"]
    assert sum(u.speaker_change for u in document.units) == 6
    assert "&gt;" not in document.text and ">>" not in document.text


def test_youtube_dl_style_fragment():
    """The real fragment from webvtt-py's tests: colour tags, a cue with no blank line
    before the next, and a display cue that only repeats."""
    document = ingest(CAPTIONS / "youtube-dl-fragment.vtt", "f")
    assert [document.unit_text(u) for u in document.units] == ["yeah", "what", "this will happen is I'm telling"]
    assert document.units[2].words[-1] == (24, 305.069)


def test_word_times_follow_markers_out_of_the_text(tmp_path):
    content = ("WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n \n&gt;&gt; so<00:00:01.500><c> [Music]</c>"
               "<00:00:02.000><c> what</c><00:00:02.500><c> &gt;&gt;</c><00:00:02.700><c> no</c>\n")
    document = ingest(_write(tmp_path, "a.vtt", content), "a")
    units = [(document.unit_text(u), u.words, u.speaker_change) for u in document.units]
    assert units == [("so what", ((0, 1.0), (3, 2.0)), True), ("no", ((0, 2.7),), True)]
    assert document.events[0]["start"] == 1.0 and document.events[0]["offset"] == 2


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("case", _load("broken.json"), ids=lambda c: c["label"])
def test_broken_case(case, tmp_path):
    path = _write(tmp_path, case["name"], case["content"])
    with pytest.raises(InputError) as info:
        ingest(path, "a")
    assert info.value.line == case.get("line")
    assert info.value.cue == case.get("cue")
    message = str(info.value)
    assert message.startswith(str(path)) and "\n" not in message
    assert case.get("message", "") in message


@pytest.mark.parametrize("case", _load("legacy-encodings.json"), ids=lambda c: c["label"])
def test_legacy_encodings_of_other_scripts_are_refused_not_misread(case, tmp_path):
    """Single-byte text is read as Windows-1252 or Latin-1; where most of its letters would
    then be accented ones, it is another script's encoding, and refused with its line."""
    path = _write(tmp_path, "a.txt", case["text"].encode(case["codec"]))
    if "encoding" in case:
        document = ingest(path, "a")
        assert document.source.encoding == case["encoding"]
        assert document.text == case["text"].rstrip("\n")
        return
    with pytest.raises(InputError, match="Save the file as UTF-8") as info:
        ingest(path, "a")
    assert info.value.line == case["refused_line"]


BROKEN_FIXTURES = sorted(p.name for p in CAPTIONS.glob("broken-*")) + sorted(p.name for p in CAPTIONS.glob("binary-*"))


@pytest.mark.parametrize("name", BROKEN_FIXTURES)
def test_broken_and_binary_files_fail_cleanly_with_no_version(name, tmp_path):
    ctx = RunContext(tmp_path / "clean", None, Lexicon(), Settings())
    result = process_file(CAPTIONS / name, ctx)
    assert result.status == "failed"
    assert "\n" not in result.error and "Traceback" not in result.error
    assert name in result.error.split(":")[0]
    assert not (tmp_path / "clean" / Path(name).stem).exists() or not any(
        (tmp_path / "clean" / Path(name).stem).glob("v*"))


@pytest.mark.parametrize("name", ["empty.txt", "blank.srt", "header-only.vtt", "empty-list.json"])
def test_empty_files_give_an_empty_version_with_a_warning(name, tmp_path):
    ctx = RunContext(tmp_path / "clean", None, Lexicon(), Settings())
    result = process_file(CAPTIONS / name, ctx)
    assert result.status == "written"
    assert any("empty transcript" in w for w in result.warnings)
    assert (Path(result.version_dir) / "transcript.txt").read_text() == ""


@pytest.mark.parametrize("suffix", [".txt", ".srt", ".vtt"])
def test_a_huge_line_is_refused_quickly(suffix, tmp_path):
    path = _write(tmp_path, "big" + suffix, b"word " * 600_000)
    with pytest.raises(InputError, match="max_line_chars") as info:
        ingest(path, "big", Settings(max_line_chars=1_000_000))
    assert info.value.line == 1


def test_a_long_line_in_the_middle_is_named(tmp_path):
    path = _write(tmp_path, "a.txt", "short\n" * 3 + "x" * 2000 + "\nshort\n")
    with pytest.raises(InputError) as info:
        ingest(path, "a", Settings(max_line_chars=1000))
    assert info.value.line == 4


def test_a_json_export_on_one_line_is_read(tmp_path):
    items = [{"text": f"word {i}", "start": i, "duration": 1} for i in range(3000)]
    path = _write(tmp_path, "a.json", json.dumps(items))
    document = ingest(path, "a", Settings(max_line_chars=1000))
    assert len(document.units) == 3000


def test_a_file_over_the_size_limit_is_refused(tmp_path):
    path = _write(tmp_path, "a.txt", "hello\n" * 100)
    with pytest.raises(InputError, match="max_input_bytes"):
        ingest(path, "a", Settings(max_input_bytes=100))
    with pytest.raises(InputError, match="max_input_bytes"):
        ingest(path, "a", Settings(max_input_bytes=100), data=path.read_bytes())


def test_unsupported_suffix(tmp_path):
    with pytest.raises(InputError, match="unsupported file type"):
        ingest(_write(tmp_path, "a.docx", "x"), "a")


@pytest.mark.parametrize("content, fmt", [
    ("\ufeff1\r\n00:00:01,000 --> 00:00:02,500\r\n<i>Hello</i> there.\r\n\r\n2\r\n00:00:03,000 --> 00:00:04,000\r\n"
     "See you.\r\n", "srt"),
    ("\n00:00:01.000 --> 00:00:02.500\nHello there.\n\n00:00:03.000 --> 00:00:04.000\nSee you.\n", "srt"),
    ("WEBVTT\nKind: captions\n\n00:00:01.000 --> 00:00:02.500 align:start\nHello there.\n\n"
     "00:00:03.000 --> 00:00:04.000\n<c>See</c> you.\n", "vtt"),
    ('[{"text": "Hello there.", "start": 1.0, "duration": 1.5},\n {"text": "See you.", "start": 3.0, "duration": 1.0}]\n',
     "json"),
    ('\ufeff {"segments": [{"text": "Hello there.", "start": 1, "end": 2.5}, {"text": "[Music]"},\n'
     '  {"text": "See you.", "start": 3, "end": 4}]}', "json"),
])
def test_captions_saved_as_txt_are_read_as_captions(content, fmt, tmp_path):
    """Subtitles and JSON caption lists saved or renamed as .txt are read as what they
    plainly are (a first line WEBVTT, or a first cue's timing line; JSON that the JSON reader
    takes, with some text), with a warning: not as text full of timings or brackets."""
    document = ingest(_write(tmp_path, "a.txt", content), "a")
    assert [(document.unit_text(u), u.start, u.end) for u in document.units] == [
        ("Hello there.", 1.0, 2.5), ("See you.", 3.0, 4.0)]
    assert document.source.format == fmt
    name = {"srt": "SRT", "vtt": "WebVTT", "json": "JSON"}[fmt]
    assert document.warnings == (f"holds {name} captions, not plain text: read as .{fmt}",)


@pytest.mark.parametrize("name, content, fmt", [
    ("a.vtt", "1\n00:00:01,000 --> 00:00:02,500\nHello there.\n\n2\n00:00:03,000 --> 00:00:04,000\nSee you.\n", "srt"),
    ("a.vtt", "\r\n00:00:01,000 --> 00:00:02,500\r\nHello there.\r\n\r\n00:00:03,000 --> 00:00:04,000\r\nSee you.", "srt"),
    ("a.srt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.500\nHello there.\n\n00:00:03.000 --> 00:00:04.000\nSee you.\n", "vtt"),
    ("a.json", "1\n00:00:01,000 --> 00:00:02,500\nHello there.\n\n2\n00:00:03,000 --> 00:00:04,000\nSee you.\n", "srt"),
])
def test_captions_named_as_another_format_are_read_as_what_they_are(name, content, fmt, tmp_path):
    """SubRip named .vtt (its timing lines have a comma, and no WEBVTT line comes first),
    WebVTT named .srt: read as what they plainly are, with a warning, as subtitles saved as
    .txt are. A WebVTT file without its WEBVTT line (a point before the milliseconds) is
    still refused (broken.json)."""
    document = ingest(_write(tmp_path, name, content), "a")
    assert [(document.unit_text(u), u.start, u.end) for u in document.units] == [
        ("Hello there.", 1.0, 2.5), ("See you.", 3.0, 4.0)]
    assert document.source.format == fmt
    names = {"srt": "SRT", "vtt": "WebVTT", "json": "JSON"}
    assert document.warnings == (f"holds {names[fmt]} captions, not {names[name[2:]]}: read as .{fmt}",)


@pytest.mark.parametrize("name, content", [
    ("a.srt", "1\n00:00:01,000 --> 00:00:02,500\nHello.\n\n2\n00:00:03,000 --> 00:00:04,000\n"),
    ("a.srt", "1\r\n00:00:01,000 --> 00:00:02,500\r\nHello.\r\n\r\n2\r\n00:00:03,000 --> 00:00:04,000\r\n\r\n"),
    ("a.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.500\nHello.\n\n00:00:03.000 --> 00:00:04.000 align:start\n"),
])
def test_an_empty_last_cue_is_left_out_with_a_warning(name, content, tmp_path):
    """Some subtitle tools write a last cue with no text: its timing line is whole and ends
    with a line break. It is left out, as an empty cue in the middle is, and said so; a file
    that ends on the timing line itself may be cut off there, and is refused (broken.json)."""
    document = ingest(_write(tmp_path, name, content), "a")
    assert [(document.unit_text(u), u.start, u.end) for u in document.units] == [("Hello.", 1.0, 2.5)]
    assert document.warnings == ("the last cue (cue 2, line 6) has no text: left out",)


@pytest.mark.parametrize("content", [
    "1\nThe first point is this.\n2\nThe second.\n",
    "Notes on the meeting\n00:00:01,000 --> 00:00:02,000 was the first cue.\n",
    "WEBVTTX is no header.\n00:00:01.000 --> 00:00:02.000\n",
    "[Music] Hello there.\n[Applause]\n",
    "[1] The first point.\n",
    "[]\n",
    '["Hello there.", "See you."]\n',
    '[{"text": "[Music]"}]\n',
    '{"title": "Notes", "body": "Hello there."}\n',
])
def test_text_that_only_looks_like_captions_stays_text(content, tmp_path):
    document = ingest(_write(tmp_path, "a.txt", content), "a")
    assert document.source.format == "txt" and not document.warnings


@pytest.mark.parametrize("content", [
    "WEBVTT is the caption format of the web. Today we look at how it works.\nA file starts with a header line.\n",
    "WEBVTT\nNotes on the format.\n\nA cue starts with its timing line.\n",
    "00:00:01,000 --> 00:00:04,000\nIntro music\n\n1:30 --> 2:00 discussion of budget\nWe talked about money.\n",
    "00:00:01,000 --> 00:00:04,000\n",
    "1\n00:00:01,000 --> 00:00:04,000\n[Music]\n",
    "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHello.\n\n00:00:03.000 --> 00:00:74.000\nBye.\n",
])
def test_txt_that_does_not_read_as_the_captions_it_starts_like_is_text(content, tmp_path):
    """Where a .txt file only starts like subtitles (a "WEBVTT" word with no cue after it, a
    timing line before notes that are no cues) and does not read as them, or holds no words
    as them, it is text, line for line, as a .txt file is: nobody said it held captions."""
    document = ingest(_write(tmp_path, "a.txt", content), "a")
    assert document.source.format == "txt" and not document.warnings
    assert [document.unit_text(u) for u in document.units] == [
        line for line in content.splitlines() if line.strip() and line != "[Music]"]


def test_random_mutations_never_crash(tmp_path):
    """Damaged captions give a document or one InputError line, never anything else."""
    import random

    rng = random.Random(7)
    seeds = [p.read_bytes() for p in sorted(CAPTIONS.iterdir()) if p.suffix in (".srt", ".vtt", ".json")]
    pieces = [b"\n", b"\r\n", b"-->", b"00:00:01.000", b"00:00:01,000", b"WEBVTT", b"<c>", b"<00:00:02.000>",
              b">>", b"[Music]", b"\xe2\x80\x99", b"\xc3", b"\x92", b"\x00", b"{", b"]", b"\n\n", b"- "]
    for _ in range(400):
        data = bytearray(rng.choice(seeds))
        for _ in range(rng.randint(1, 5)):
            pos = rng.randint(0, len(data))
            if rng.random() < 0.5:
                data[pos:pos] = rng.choice(pieces)
            else:
                del data[pos:pos + rng.randint(1, 30)]
        path = _write(tmp_path, "m" + rng.choice([".srt", ".vtt", ".json", ".txt"]), bytes(data))
        try:
            document = clean_document(ingest(path, "m"), Lexicon())
        except InputError as exc:
            assert "\n" not in str(exc)
        else:
            render_srt(caption_cues(document))


# --------------------------------------------------------------------------- captions out


def test_clean_captions_keep_the_original_times(tmp_path):
    ctx = RunContext(tmp_path / "clean", None, Lexicon(), Settings())
    result = process_file(CAPTIONS / "manual.srt", ctx)
    folder = Path(result.version_dir)
    srt_text = (folder / "captions.srt").read_text(encoding="utf-8")
    vtt_text = (folder / "captions.vtt").read_text(encoding="utf-8")
    source = ingest(CAPTIONS / "manual.srt", "m")
    times = [(u.start, u.end) for u in source.units]
    assert srt_text.startswith("1\n00:00:04,800 --> 00:00:07,580\nWelcome back to the channel.\n\n")
    assert "R&B" in srt_text and "R&amp;B" in vtt_text
    assert srt_text.count(" --> ") == vtt_text.count(" --> ") == len(times)
    assert ">>" not in srt_text and "[MUSIC]" not in srt_text


def test_text_files_have_no_captions(tmp_path):
    ctx = RunContext(tmp_path / "clean", None, Lexicon(), Settings())
    result = process_file(_write(tmp_path, "a.txt", "Hello.\n"), ctx)
    assert not (Path(result.version_dir) / "captions.srt").exists()


def test_captions_of_one_cue_split_at_a_speaker_change_stay_one_cue():
    document = _clean(CAPTIONS / "dialogue.srt")
    cues = caption_cues(document)
    assert cues[0] == (1.0, 3.0, "Are you coming?\nIn a minute.")
    assert len(cues) == 3


def test_caption_outputs_read_back_with_the_caption_libraries():
    srt = pytest.importorskip("srt")
    webvtt = pytest.importorskip("webvtt")
    for name in ("auto.en.vtt", "manual.srt", "export.json", "dialogue.vtt"):
        document = _clean(CAPTIONS / name)
        cues = caption_cues(document)
        parsed = list(srt.parse(render_srt(cues)))
        assert [(s.start.total_seconds(), s.end.total_seconds(), s.content) for s in parsed] == [
            (pytest.approx(a), pytest.approx(b), t) for a, b, t in cues]
        vtt = webvtt.from_string(render_vtt(cues))
        assert [html.unescape(c.text) for c in vtt] == [t for _, _, t in cues]


def test_our_cue_reader_agrees_with_the_caption_libraries_on_good_files():
    srt = pytest.importorskip("srt")
    webvtt = pytest.importorskip("webvtt")
    from pipeline.formats import scan_cues

    text = (CAPTIONS / "manual.srt").read_text(encoding="utf-8")
    ours = scan_cues(text, Path("manual.srt"), "srt")
    theirs = list(srt.parse(text))
    assert [(c.start, c.end, "\n".join(c.lines)) for c in ours] == [
        (s.start.total_seconds(), s.end.total_seconds(), s.content) for s in theirs]
    for name in ("manual.vtt", "auto.en.vtt", "youtube-dl-fragment.vtt"):
        text = (CAPTIONS / name).read_text(encoding="utf-8")
        ours = scan_cues(text, Path(name), "vtt")
        theirs = webvtt.from_string(text)
        assert [(c.start, c.end) for c in ours] == [
            (c.start_time.in_milliseconds() / 1000, c.end_time.in_milliseconds() / 1000) for c in theirs]


def test_transcript_of_the_example_video_joins_cut_sentences():
    path = ROOT.parent / "raw" / "rocky-dennis-mask-video.txt"
    if not path.exists():
        pytest.skip("the example transcript is not in raw/")
    document = _clean(path)
    assert "few had ever heard. one that reshaped" in clean_text(document)
    closing = next(u for u in document.units if document.unit_text(u).startswith("” When Rocky passed"))
    assert closing.break_before == "continue"
    transcript = render_transcript(document.segments)
    assert transcript.startswith("## Before She Died, Rocky Dennis’s Mom FINALLY Broke Silence About Rocky "
                                 "Dennis And It’s Not Good\n\n    Don’t worry, Mr. Sims.")


def test_normalize_keeps_the_decisions_of_a_clean_text(tmp_path):
    """Deciding line breaks twice changes nothing."""
    document = normalize(ingest(CAPTIONS / "manual.srt", "m"))
    again = normalize(document)
    assert [u.break_before for u in again.units] == [u.break_before for u in document.units]


def test_process_file_names_each_stage_as_it_starts(tmp_path):
    """`reprocess` shows on a terminal which stage a long file is in: process_file names
    every stage, in order, before it runs (and none for an unchanged file)."""
    ctx = RunContext(tmp_path / "clean", None, Lexicon(), Settings())
    path = _write(tmp_path, "a.txt", b"A short transcript. It has two sentences.\n")
    stages: list[str] = []
    assert process_file(path, ctx, progress=stages.append).status == "written"
    assert stages == ["ingest", "repair", "normalize", "correct", "spelling", "segment", "write"]
    stages.clear()
    assert process_file(path, ctx, progress=stages.append).status == "unchanged"
    assert stages == []


def test_a_link_in_the_raw_folder_is_a_document_of_its_own_name(tmp_path):
    from pipeline.ingest import document_id

    raw = tmp_path / "raw"
    (raw / "sub").mkdir(parents=True)
    (raw / "sub" / "a.txt").write_text("Hello.\n")
    (raw / "linked.txt").symlink_to("sub/a.txt")
    assert document_id(raw / "linked.txt", raw) == "linked"
    assert document_id(raw / "sub" / "a.txt", raw) == "sub/a"
    (tmp_path / "via").symlink_to(raw)  # the raw folder reached through a link
    assert document_id(tmp_path / "via" / "sub" / "a.txt", raw) == "sub/a"


@pytest.mark.parametrize("doc_id", ["..", ".", "a/.hidden", "a/v0001", "a/latest", "v12345/b",
                                    "two\nlines", "tab\tname", "caf\udce9", "a\u2028b"])
def test_ids_that_would_write_outside_their_folder_are_refused(doc_id):
    from pipeline.ingest import check_document_id

    with pytest.raises(InputError):
        check_document_id(doc_id, Path("raw/x.txt"))


@pytest.mark.parametrize("doc_id", ["a", "sub/a", "v1", "version0001", "latest-news", "a.b",
                                    # a no-break or ideographic space, an emoji of several joined
                                    "meeting\xa0notes", "名前\u3000ファイル", "family 👨\u200d👩\u200d👧"])
def test_ordinary_ids_are_accepted(doc_id):
    from pipeline.ingest import check_document_id

    check_document_id(doc_id, Path("raw/x.txt"))


@pytest.mark.parametrize("items, warning", [
    ([{"text": "One.", "offset": 1000}], 'times not read from "offset" (first in item 1): cannot tell '
     'seconds from milliseconds in them'),
    ([{"text": "One.", "offset": 1000.5, "duration": 1500.25}], 'times not read from "offset", "duration" '
     '(first in item 1): cannot tell seconds from milliseconds in them'),
    ([{"text": "One.", "start": 1, "duration": 1}, {"text": "Two.", "startMs": 2000, "endMs": 3000}],
     'times not read from "startMs", "endMs" (first in item 2): times are read from "start" (seconds) '
     'or "offset", with "duration" or "end"'),
    ([{"text": "One.", "duration": 1}], 'times not read from "duration" (first in item 1): times are '
     'read from "start" (seconds) or "offset", with "duration" or "end"'),
    # a key whose name only holds a time's letters is no time: "sentiment", "speaker_gender"
    ([{"text": "One.", "sentiment": "POSITIVE", "speaker_gender": "f", "tStartMs_x": 5, "begin_time": 2}],
     'times not read from "tStartMs_x", "begin_time" (first in item 1): times are read from "start" '
     '(seconds) or "offset", with "duration" or "end"'),
])
def test_json_times_that_are_not_read_are_named(items, warning, tmp_path):
    """An item that holds a time the reader does not take (a unit it cannot tell, a key it
    does not know) is read without times, and the warning says so: never silently."""
    document = ingest(_write(tmp_path, "a.json", json.dumps(items)), "a")
    assert document.warnings == (warning,)
    assert all(u.start is None for u in document.units[len(items) - 1:])


@pytest.mark.parametrize("items, times, warning", [
    # AssemblyAI: "start" and "end" in milliseconds
    ([{"text": "Hello there.", "start": 1000, "end": 2500}, {"text": "See you.", "start": 3000, "end": 4000}],
     [(1.0, 2.5), (3.0, 4.0)], "times read as milliseconds (as seconds, the items would last 1,500 s each, "
                               "with one word in 625 s)"),
    ([{"text": "Hello there.", "start": 1000, "duration": 1500}, {"text": "See you.", "start": 3000}],
     [(1.0, 2.5), (3.0, None)], "times read as milliseconds (as seconds, the items would last 1,500 s each, "
                                "with one word in 750 s)"),
    ([{"text": "Hello there.", "start": 1000.5, "end": 2500}, {"text": "See you.", "start": 3000, "end": 4000}],
     [(1000.5, 2500.0), (3000.0, 4000.0)], "times read as seconds, but may be milliseconds (as seconds, the "
                                           "items would last 1,499.5 s each, with one word in 625 s)"),
    # seconds: long paragraphs of many words, long sound tags, short captions
    ([{"text": "word " * 300, "start": 0, "end": 120}, {"text": "word " * 400, "start": 120, "end": 300}],
     [(0.0, 120.0), (120.0, 300.0)], None),
    ([{"text": "[Music]", "start": 0, "end": 200}, {"text": "Hello.", "start": 200, "end": 202}],
     [(200.0, 202.0)], None),
    ([{"text": "Hello there.", "start": 1, "end": 2}, {"text": "See you.", "start": 3, "end": 4}],
     [(1.0, 2.0), (3.0, 4.0)], None),
    # a chapter list in whole seconds: items of minutes stay seconds, with a warning only
    ([{"text": "Introduction", "start": 0, "duration": 300}, {"text": "The early years", "start": 300, "duration": 600},
      {"text": "Questions", "start": 900, "duration": 240}],
     [(0.0, 300.0), (300.0, 900.0), (900.0, 1140.0)], "times read as seconds, but may be milliseconds (as seconds, "
                                                      "the items would last 300 s each, with one word in 228 s)"),
])
def test_json_start_in_milliseconds_is_read_where_the_numbers_leave_no_doubt(items, times, warning, tmp_path):
    """"start" is seconds; where the items would then last 1000 s or more each and hold under
    one word in 20 s, with whole numbers only, the times are milliseconds (AssemblyAI), read
    so with a warning; with fractions, or items of 100 to 1000 s, a warning says they may be."""
    document = ingest(_write(tmp_path, "a.json", json.dumps(items)), "a")
    assert [(u.start, u.end) for u in document.units] == times
    assert document.warnings == ((warning,) if warning else ())


def test_json_offsets_are_milliseconds_in_the_errors_too(tmp_path):
    path = _write(tmp_path, "a.json", '[{"text": "a", "offset": 1000, "duration": 1500},\n'
                                      ' {"text": "b", "offset": "soon", "duration": 1000}]')
    with pytest.raises(InputError, match='item 2: "offset" must be a number of milliseconds') as info:
        ingest(path, "a")
    assert (info.value.line, info.value.cue) == (2, 2)


def test_youtube_json3_captions(tmp_path):
    path = tmp_path / "yt.json"
    path.write_text(json.dumps({"wireMagic": "pb3", "events": [
        {"tStartMs": 0, "dDurationMs": 8000, "id": 1, "wpWinPosId": 1},  # a window: no text
        {"tStartMs": 160, "dDurationMs": 4000, "wWinId": 1,
         "segs": [{"utf8": "so"}, {"utf8": " today", "tOffsetMs": 320}, {"utf8": " we", "tOffsetMs": 640}]},
        {"tStartMs": 2150, "dDurationMs": 2010, "aAppend": 1, "segs": [{"utf8": "\n"}]},
        {"tStartMs": 2160, "dDurationMs": 4000, "segs": [{"utf8": "talk"}, {"utf8": " about", "tOffsetMs": 300}]},
    ]}))
    document = ingest(path, "yt")
    assert [document.unit_text(u) for u in document.units] == ["so today we", "talk about"]
    assert (document.units[0].start, document.units[0].end) == (0.16, 4.16)
    assert (document.units[1].start, document.units[1].end) == (2.16, 6.16)
    path.write_text(json.dumps({"events": [{"tStartMs": "soon", "segs": [{"utf8": "hi"}]}]}))
    with pytest.raises(InputError, match='"tStartMs" must be a number of milliseconds'):
        ingest(path, "yt")


@pytest.mark.parametrize("name", ["auto.en.vtt", "manual.srt", "manual.vtt", "export.json", "dialogue.vtt", "dialogue.srt",
                                  "youtube-dl-fragment.vtt"])
def test_segments_of_captions_follow_one_another_in_time(name):
    """A segment that starts or ends inside a cue ("His name?" then the narrator, in one cue)
    takes the time there (a word's time, else the cue's time shared out by characters), so
    the segments of a caption file never overlap in time."""
    segments = _clean(CAPTIONS / name).segments
    timed = [s for s in segments if s.start is not None and s.end is not None]
    assert timed and all(s.start <= s.end for s in timed)
    assert all(a.end <= b.start for a, b in zip(timed, timed[1:])), [(s.start, s.end, s.text[:30]) for s in timed]


def test_a_second_voice_on_one_caption_line_is_a_turn_of_its_own(tmp_path):
    path = tmp_path / "voices.vtt"
    path.write_text("WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n"
                    "<v Rusty>Rocky, come here right now.</v> <v Rocky>Coming, mom!</v>\n\n"
                    "00:00:03.000 --> 00:00:05.000\n<v Rusty><00:00:03.000>Now <00:00:03.500>please. "
                    "<00:00:04.000><v Rocky>Fine.\n", encoding="utf-8")
    document = ingest(path, "voices")
    assert [document.unit_text(u) for u in document.units] == [
        "Rocky, come here right now.", "Coming, mom!", "Now please.", "Fine."]
    assert [e["text"] for e in document.events if e["type"] == "voice"] == ["Rusty", "Rocky", "Rusty", "Rocky"]
    assert document.units[3].words == ((0, 4.0),)  # the later voice starts at the last word time before it
    segments = _clean(path).segments
    assert [(s.speaker, s.text) for s in segments] == [
        ("Rusty", "Rocky, come here right now."), ("Rocky", "Coming, mom!"), ("Rusty", "Now please."), ("Rocky", "Fine.")]


@pytest.mark.parametrize("text, message", [
    ('[{"text": "bad \\ud800 x", "start": 0, "duration": 1}]', r"item 1: the text holds \ud800, half of a character"),
    ('{"events": [{"tStartMs": 0, "dDurationMs": 5, "segs": [{"utf8": "a \\udc00"}]}]}', r"item 1: the text holds \udc00"),
    ('[{"text": "x", "start": ' + "9" * 5000 + ', "duration": 1}]', "a number with more than 4300 digits"),
])
def test_json_that_holds_no_text_is_named(tmp_path, text, message):
    path = tmp_path / "odd.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        ingest(path, "odd")
    assert message in str(exc.value)


def test_a_character_beyond_the_basic_plane_written_as_two_escapes_is_read(tmp_path):
    path = tmp_path / "emoji.json"
    path.write_text('[{"text": "ok \\ud83d\\ude00 x", "start": 0, "duration": 1}]', encoding="utf-8")
    assert ingest(path, "emoji").text == "ok \U0001F600 x"


def test_cues_that_repeat_their_own_lines_do_not_roll(tmp_path):
    """A chant or a chorus says one line twice in each cue: no cue rolls into the next,
    and every line the viewer sees stays."""
    path = tmp_path / "chant.vtt"
    cue = "Go team go!\nGo team go!\n\n"
    path.write_text("WEBVTT\n\n" + "".join(f"00:00:0{k}.000 --> 00:00:0{k + 1}.000\n{cue}" for k in range(1, 5)),
                    encoding="utf-8")
    assert ingest(path, "chant").text.count("Go team go!") == 8


def test_a_dialogue_dash_without_its_space_is_a_speaker_change(tmp_path):
    path = tmp_path / "dash.srt"
    path.write_text("1\n00:00:00,000 --> 00:00:03,000\n-Where were you last night?\n-At the office.\n\n"
                    "2\n00:00:03,000 --> 00:00:05,000\n-5 degrees outside.\n\n"
                    "3\n00:00:05,000 --> 00:00:07,000\n-Где ты был?\n—And then it ended.\n", encoding="utf-8")
    document = ingest(path, "dash")
    assert [(document.unit_text(u), u.speaker_change) for u in document.units] == [
        ("Where were you last night?", True), ("At the office.", True), ("-5 degrees outside.", False),
        ("Где ты был? —And then it ended.", True)]  # (a dash glued to a word goes on with a line)


def test_a_caption_verb_in_parentheses_is_a_sound_tag(tmp_path):
    path = tmp_path / "sdh.srt"
    path.write_text("1\n00:00:00,000 --> 00:00:03,000\n(GRUNTS) I cannot lift it.\n\n"
                    "2\n00:00:03,000 --> 00:00:06,000\n(whispering) Be quiet. (NASA), (JAMES) and (this) stay.\n",
                    encoding="utf-8")
    document = ingest(path, "sdh")
    assert document.text == "I cannot lift it.\nBe quiet. (NASA), (JAMES) and (this) stay."
    assert [e["text"] for e in document.events] == ["(GRUNTS)", "(whispering)"]


def test_cues_out_of_time_order_are_read_in_file_order_with_a_warning(tmp_path):
    path = tmp_path / "order.srt"
    path.write_text("1\n00:00:00,000 --> 00:00:02,000\nFirst line.\n\n2\n00:00:04,000 --> 00:00:06,000\n"
                    "Third line.\n\n3\n00:00:02,000 --> 00:00:04,000\nSecond line.\n", encoding="utf-8")
    document = ingest(path, "order")
    assert document.text == "First line.\nThird line.\nSecond line."
    assert document.warnings == ("cues out of time order (one at 2 s after one at 4 s): read in the file's order",)


def test_cue_times_are_read_to_the_millisecond_and_within_reason(tmp_path):
    path = tmp_path / "r.srt"
    path.write_text("1\n00:00:01,743 --> 00:00:01,743\nHi. >> Yes.\n", encoding="utf-8")
    assert [(u.start, u.end) for u in ingest(path, "r").units] == [(1.743, 1.743), (1.743, 1.743)]
    path.write_text("1\n99999999:00:00,000 --> 99999999:00:01,000\nHi.\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"r.srt:2 \(cue 1\): impossible time .* \(at most 10,000,000 s\)"):
        ingest(path, "r")


def test_a_word_timed_cue_split_at_a_speaker_change_shares_its_time(tmp_path):
    path = tmp_path / "wt.vtt"
    path.write_text("WEBVTT\n\n00:00:00.000 --> 00:00:03.000\n"
                    "so I said<00:00:01.000><c> >></c><00:00:01.500><c> what</c><00:00:02.000><c> now</c>\n",
                    encoding="utf-8")
    segments = _clean(path).segments
    assert [(s.text, s.start, s.end) for s in segments] == [("so I said", 0.0, 1.5), ("what now", 1.5, 3.0)]


@pytest.mark.parametrize("value, seconds", [("1:02:03.5", 3723.5), ("02:03", 123.0), ("12.5", 12.5),
                                            ("1:-5", None), ("1:99.5", None)])
def test_a_json_time_written_as_a_clock_must_be_one(tmp_path, value, seconds):
    path = tmp_path / "t.json"
    path.write_text(json.dumps([{"text": "hi", "start": value, "duration": 1}]), encoding="utf-8")
    if seconds is None:
        with pytest.raises(InputError, match='"start" must be a number of seconds'):
            ingest(path, "t")
    else:
        assert ingest(path, "t").units[0].start == seconds


def test_a_long_caption_line_is_cut_into_even_lines(tmp_path):
    """A source cue's two lines are one unit after ingest; the clean captions show it again
    as lines a player can show (about 42 characters at most, as even as the words allow)."""
    path = _write(tmp_path, "a.srt", "1\n00:00:01,000 --> 00:00:04,000\nTONIGHT, ERIC STOLTZ TALKS ABOUT\n"
                                     "HIS ROLE IN MASK WITH CHER.\n\n2\n00:00:04,000 --> 00:00:05,000\nSHORT ONE.\n")
    cues = caption_cues(_clean(path))
    assert cues == [(1.0, 4.0, "TONIGHT, ERIC STOLTZ TALKS ABOUT\nHIS ROLE IN MASK WITH CHER."), (4.0, 5.0, "SHORT ONE.")]


def test_a_long_caption_line_is_cut_before_a_dialogue_dash():
    from pipeline.write import _caption_lines

    assert _caption_lines("Where are you going tonight? - To the store for milk, eggs and bread.") == \
        "Where are you going tonight?\n- To the store for milk, eggs and bread."


@pytest.mark.parametrize("name, text, line", [
    ("a.srt", "1\n00:00:01,000 --> 00:00:02,000\nHello\n\n00:00:03,000 -> 00:00:04,000\nBye.\n", 5),
    ("a.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHello\n\n00:00:03.000 -> 00:00:04.000\nBye.\n", 6),
    ("b.srt", "1\n00:00:01,000 --> 00:00:02,000\nHello\n\n00:00:03,000 => 00:00:04,000\nBye.\n", 5),
])
def test_a_timing_line_with_its_arrow_mistyped_is_a_broken_timing(name, text, line, tmp_path):
    """"00:00:03,000 -> 00:00:04,000" is no words of the cue before: it was read into its text."""
    with pytest.raises(InputError, match="broken cue timing") as info:
        ingest(_write(tmp_path, name, text), "a")
    assert info.value.line == line


def test_an_arrow_of_one_dash_in_a_cues_text_is_text(tmp_path):
    document = ingest(_write(tmp_path, "a.srt", "1\n00:00:01,000 --> 00:00:02,000\n"
                                                "The score went 2 -> 3 and the slot was 10:30 – 11:00.\n"), "a")
    assert document.text == "The score went 2 -> 3 and the slot was 10:30 – 11:00."


def test_a_timing_line_with_a_dash_in_its_settings_is_a_timing_line(tmp_path):
    document = ingest(_write(tmp_path, "a.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000 region:a–b\nHello.\n"), "a")
    assert [(u.start, u.end) for u in document.units] == [(1.0, 2.0)]


def test_a_long_run_of_carriage_returns_is_read_quickly(tmp_path):
    """The blank lines of a file with CR line ends: a run of 200,000 CRs is 200,000 line
    breaks, found in linear time (the search for a LF after each CR read the rest of the
    run again: 300,000 CRs took half a minute)."""

    from pipeline.formats import LINE_BREAK

    small = _write(tmp_path, "small.txt", "First line.\r" + "\r" * 20_000 + "Last line.\r\r\r\nEnd.\r")
    path = _write(tmp_path, "a.txt", "First line.\r" + "\r" * 200_000 + "Last line.\r\r\r\nEnd.\r")
    assert growth(lambda p: ingest(p, "a"), small, path) < 35  # linear: 10, quadratic: 100
    document = ingest(path, "a")
    assert [document.unit_text(u) for u in document.units] == ["First line.", "Last line.", "End."]
    assert LINE_BREAK.split("a\r\r\nb\r\rc\nd\r\n") == ["a", "b", "", "c", "d", ""]


_HINT_PIECES = [">", ">>", "[", "(", "♪", "♫", "🎵", "🎶", " ", "  ", "\t", "\f", "\v", "\r", "a", "é", "\u00a0", "\n"]


@pytest.mark.parametrize("seed", range(3))
def test_the_string_tests_answer_as_the_patterns_they_stand_for(seed):
    """formats' quick string tests spell out what a pattern looks for (most lines have
    none of it): they must answer as the pattern does, also once either is changed."""
    import random

    from pipeline.formats import _MARKER_HINT, _SPACE_RUN, _has_marker_hint, _has_space_run

    rng = random.Random(seed)
    for _ in range(3000):
        text = "".join(rng.choice(_HINT_PIECES) for _ in range(rng.randint(0, 6)))
        assert _has_marker_hint(text) == (_MARKER_HINT.search(text) is not None), repr(text)
        assert _has_space_run(text) == (_SPACE_RUN.search(text) is not None), repr(text)
