"""Review end to end: `transcripts diff`, `reject`, `accept` and `reprocess --dry-run` on the
example video transcript, through the real command line (``python -m pipeline``)."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from collections import Counter
from pathlib import Path

import pytest

from conftest import ROOT
from pipeline.config import Settings
from pipeline.core import RunContext, process_file
from pipeline.dictionaries import default_dictionary_paths, load_lexicon, sha256_file

DOC = "rocky-dennis-mask-video"
VIDEO = f"raw/{DOC}.txt"
# Known misspellings of the video transcript, so a test can count on several corrections.
EXTRA = """
[[term]]
canonical = "Cher"
variants = ["Sher"]

[[term]]
canonical = "Eric Stoltz"
variants = ["Eric Stoultz"]
"""
ENTRY = re.compile(r"^\s*(\d+)\. (\S+)/(\S+) \(confidence ([\d.]+)")


def transcripts(*args, cwd, check=True):
    """The real command line, from this checkout."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    proc = subprocess.run([sys.executable, "-m", "pipeline", *map(str, args)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)
    if check and proc.returncode != 0:
        raise AssertionError(f"transcripts {' '.join(map(str, args))} exited {proc.returncode}\n"
                             f"stdout:\n{proc.stdout}\nstderr:\n{proc.stderr}")
    return proc


def records_of(folder: Path) -> list[dict]:
    return [json.loads(l) for l in (folder / "corrections.jsonl").read_text(encoding="utf-8").splitlines() if l]


def change(record: dict) -> tuple:
    return record["stage"], record["rule"], record["original"], record["replacement"]


@pytest.fixture
def workdir(tmp_path):
    shutil.copytree(ROOT / "raw", tmp_path / "raw")
    shutil.copytree(ROOT / "dictionaries", tmp_path / "dictionaries")
    (tmp_path / "extra.toml").write_text(EXTRA, encoding="utf-8")
    return tmp_path


@pytest.mark.e2e
def test_diff_lists_exactly_the_corrections_of_the_example_video(workdir, monkeypatch):
    monkeypatch.chdir(workdir)
    lexicon = load_lexicon(default_dictionary_paths(Path("dictionaries")), Path("dictionaries/decisions.toml"))
    ctx = RunContext(clean_dir=workdir / "clean", raw_dir=workdir / "raw", lexicon=lexicon, settings=Settings())
    result = process_file(workdir / VIDEO, ctx)
    assert result.status == "written", result.error
    records = records_of(workdir / "clean" / DOC / "latest")

    out = transcripts("diff", DOC, "--no-color", cwd=workdir).stdout
    listed = [m.groups() for m in map(ENTRY.match, out.splitlines()) if m]
    assert [(int(n), stage, rule, float(conf)) for n, stage, rule, conf in listed] == \
        [(n, r["stage"], r["rule"], round(r["confidence"], 2)) for n, r in enumerate(records, start=1)]
    assert f"{len(records)} corrections" in out.splitlines()[0]
    by_path = transcripts("diff", VIDEO, "--no-color", cwd=workdir).stdout
    assert by_path == out

    page = workdir / "review.html"
    said = transcripts("diff", DOC, "--html", page, cwd=workdir).stdout
    assert f"{len(records)} corrections highlighted" in said
    assert page.read_text(encoding="utf-8").count('<mark class="corr') == len(records)


@pytest.mark.e2e
def test_reject_then_reprocess_drops_that_correction_only(workdir):
    first = transcripts("reprocess", VIDEO, "--dictionary", "extra.toml", cwd=workdir).stdout.splitlines()[-1]
    v1 = workdir / first
    old = records_of(v1)
    shers = [n for n, r in enumerate(old, start=1) if r["original"] == "Sher"]
    assert len(shers) >= 3, "the video transcript has several 'Sher'"
    number = shers[1]

    listing = transcripts("diff", DOC, "--rule", "dictionary:*", "--no-color", cwd=workdir).stdout
    assert f"{number}. correct/" in listing and "[-Sher-]{+Cher+}" in listing
    said = transcripts("reject", DOC, number, cwd=workdir).stdout
    assert f"rejected {number} in {DOC}" in said and f"transcripts reprocess {VIDEO}" in said
    decisions = workdir / "dictionaries" / "decisions.toml"
    table = tomllib.loads(decisions.read_text(encoding="utf-8"))["reject"][0]
    assert table["doc"] == DOC and table["original"] == "Sher" and table["before"] and table["after"]
    listing = transcripts("diff", DOC, "--no-color", cwd=workdir).stdout
    assert "[rejected: not made on reprocess]" in listing

    dry = transcripts("reprocess", VIDEO, "--dictionary", "extra.toml", "--dry-run", cwd=workdir).stdout
    assert re.search(r"Cher threw .* --- becomes: .*Sher threw", dry)
    assert dry.splitlines()[-1] == "dry run: nothing written"
    assert "Corrections no longer made (1" in dry
    assert sorted(p.name for p in (workdir / "clean" / DOC).iterdir() if p.name.startswith("v")) == ["v0001"]

    second = transcripts("reprocess", VIDEO, "--dictionary", "extra.toml", cwd=workdir).stdout.splitlines()[-1]
    v2 = workdir / second
    assert v2.name == "v0002"
    new = records_of(v2)
    expected = Counter(map(change, old))
    expected[change(old[number - 1])] -= 1
    assert Counter(map(change, new)) == expected
    manifest = json.loads((v2 / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["decisions"]["sha256"] == sha256_file(decisions)

    compared = transcripts("diff", DOC, "--from", "v0001", "--no-color", cwd=workdir).stdout
    assert "Corrections no longer made (1" in compared and "New corrections (0" in compared

    # the decision survives a dictionary edit and a run with the default dictionaries
    (workdir / "extra.toml").write_text(EXTRA + '\n[[term]]\ncanonical = "Mask"\n', encoding="utf-8")
    third = transcripts("reprocess", VIDEO, "--dictionary", "extra.toml", cwd=workdir).stdout.splitlines()[-1]
    after_edit = Counter(map(change, records_of(workdir / third)))
    assert after_edit[change(old[number - 1])] == len(shers) - 1

    # accepting it again (numbered as in v0001) undoes the rejection
    transcripts("accept", DOC, number, "--version", "v0001", cwd=workdir)
    fourth = transcripts("reprocess", VIDEO, "--dictionary", "extra.toml", cwd=workdir).stdout.splitlines()[-1]
    assert Counter(map(change, records_of(workdir / fourth))) == after_edit + Counter([change(old[number - 1])])


@pytest.mark.e2e
def test_reject_everywhere_and_accept_promote(workdir):
    transcripts("reprocess", VIDEO, "--dictionary", "extra.toml", cwd=workdir)
    old = records_of(workdir / "clean" / DOC / "latest")
    stoultz = next(n for n, r in enumerate(old, start=1) if r["original"] == "Eric Stoultz")
    sher = next(n for n, r in enumerate(old, start=1) if r["original"] == "Sher")
    said = transcripts("reject", DOC, sher, "--everywhere", cwd=workdir).stdout
    assert "apply with: transcripts run --dictionary extra.toml (the decision" in said  # the version's dictionary
    table = tomllib.loads((workdir / "dictionaries" / "decisions.toml").read_text(encoding="utf-8"))["reject"][0]
    assert table["doc"] == "*" and "before" not in table
    out = transcripts("reprocess", VIDEO, "--dictionary", "extra.toml", cwd=workdir).stdout.splitlines()[-1]
    assert not any(r["original"] == "Sher" for r in records_of(workdir / out))

    said = transcripts("accept", DOC, stoultz, "--promote", "--dictionary", "dictionaries/rocky-dennis.toml",
                       "--version", "v0001", cwd=workdir).stdout
    assert "added variant 'Eric Stoultz' of 'Eric Stoltz'" in said
    terms = load_lexicon([workdir / "dictionaries" / "rocky-dennis.toml"], None).terms
    assert "Eric Stoultz" in next(t for t in terms if t.canonical == "Eric Stoltz").variants

    bad = transcripts("reject", DOC, 999, cwd=workdir, check=False)
    assert bad.returncode == 1 and "no correction 999" in bad.stderr and "Traceback" not in bad.stderr


def test_promoting_ordinary_english_as_a_variant_is_refused(workdir):
    """"Khan" as a variant of Cannes would make "Genghis Khan" "Genghis Cannes" everywhere."""
    transcripts("reprocess", VIDEO, cwd=workdir)
    records = records_of(workdir / "clean" / DOC / "latest")
    khan = next(n for n, r in enumerate(records, start=1) if r["original"] == "Khan")
    before = (workdir / "dictionaries" / "rocky-dennis.toml").read_text(encoding="utf-8")
    bad = transcripts("accept", DOC, khan, "--promote", cwd=workdir, check=False)
    assert bad.returncode == 1 and "'Khan' is ordinary English" in bad.stderr
    assert (workdir / "dictionaries" / "rocky-dennis.toml").read_text(encoding="utf-8") == before
    assert not (workdir / "dictionaries" / "decisions.toml").exists()
    stoultz = next(n for n, r in enumerate(records, start=1) if r["original"] == "Eric Stoultz")
    bad = transcripts("accept", DOC, stoultz, "--promote", "--dictionary", "nosuch.toml", cwd=workdir, check=False)
    assert bad.returncode == 1 and "nosuch.toml: dictionary not found" in bad.stderr
    assert not (workdir / "nosuch.toml").exists()


@pytest.mark.e2e
def test_dry_run_on_a_new_document_writes_nothing(workdir):
    out = transcripts("reprocess", VIDEO, "--dictionary", "extra.toml", "--dry-run", cwd=workdir).stdout
    assert "against the raw text" in out and "--- becomes:" in out
    assert out.splitlines()[-1] == "dry run: nothing written"
    assert not (workdir / "clean").exists()


@pytest.mark.parametrize("command", ["diff", "reject", "accept", "reprocess"])
def test_review_commands_have_help(command, tmp_path):
    out = transcripts(command, "--help", cwd=tmp_path).stdout
    assert f"Usage: transcripts {command}" in out and len(out.splitlines()) > 5


def test_the_stages_diff_filters_on_are_the_stages_that_record_corrections():
    from pipeline import cli, correct, normalize, repair, spelling

    assert cli.STAGE_NAMES == (repair.STAGE, normalize.STAGE, correct.STAGE, spelling.STAGE)


def test_line_separators_in_the_text_keep_the_records_one_per_line(tmp_path):
    """U+0085, U+2028 and U+2029 are line breaks to str.splitlines() and to many JSON Lines
    readers: the version's .jsonl files escape them, and review reads them back."""
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "seps.txt").write_text("He paused\x85 and then he left.\nFirst part\u2028second part.\n",
                                              encoding="utf-8")
    transcripts("reprocess", "raw/seps.txt", cwd=tmp_path)
    version = tmp_path / "clean" / "seps" / "latest"
    for name in ("corrections.jsonl", "segments.jsonl"):
        lines = (version / name).read_text(encoding="utf-8").splitlines()
        assert lines and all(json.loads(line) for line in lines)
    originals = [json.loads(line)["original"] for line in
                 (version / "corrections.jsonl").read_text(encoding="utf-8").splitlines()]
    assert "paused\x85" in originals and "\u2028" in originals
    out = transcripts("diff", "seps", cwd=tmp_path).stdout
    assert "seps v0001" in out


def test_diff_shows_the_escape_codes_the_repair_stage_removed(tmp_path):
    """A transcript with a terminal's colour codes: repair removes them, and `diff` shows
    what it removed, escaped, never as codes the terminal would act on; one changed place
    is "1 changed place"."""
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "esc.txt").write_bytes(b"Hello \x1b[31mred\x1b[0m world.\n")
    transcripts("reprocess", "raw/esc.txt", cwd=tmp_path)
    out = transcripts("diff", "esc", "--words", cwd=tmp_path).stdout
    assert "\x1b" not in out
    assert out.splitlines()[-2:] == ["Word diff, raw -> v0001 (1 changed place):",
                                     "  Hello [-\\x1b[31mred\\x1b[0m-]{+red+} world."]


def test_the_hint_after_a_promote_says_the_new_variant_applies_everywhere(tmp_path):
    """An accept of one place is a decision for its document only; what makes every document
    again is the dictionary's new variant, and the hint says so."""
    (tmp_path / "raw").mkdir()
    (tmp_path / "dictionaries").mkdir()
    (tmp_path / "raw" / "t.txt").write_text("The movie starred Eric Stoultz as Rocky.\n", encoding="utf-8")
    (tmp_path / "dictionaries" / "films.toml").write_text(
        '[[term]]\ncanonical = "Eric Stoltz"\ncontext = ["movie"]\n', encoding="utf-8")
    transcripts("reprocess", "raw/t.txt", cwd=tmp_path)
    assert [r["original"] for r in records_of(tmp_path / "clean" / "t" / "latest")] == ["Eric Stoultz"]
    said = transcripts("accept", "t", 1, "--promote", cwd=tmp_path).stdout.splitlines()
    assert said[-2:] == ["added variant 'Eric Stoultz' of 'Eric Stoltz' to dictionaries/films.toml",
                         "apply with: transcripts run (the new variant applies to every document)"]
    decision = tomllib.loads((tmp_path / "dictionaries" / "decisions.toml").read_text(encoding="utf-8"))
    assert decision["accept"][0]["doc"] == "t"


def test_promoting_a_term_of_a_plain_list_is_refused_before_anything_is_written(tmp_path):
    """A .txt dictionary holds no variants, and a second entry elsewhere would duplicate the
    term: accept --promote says so and records nothing."""
    (tmp_path / "raw").mkdir()
    (tmp_path / "dictionaries").mkdir()
    (tmp_path / "raw" / "k.txt").write_text("We moved everything to Kubernets last year.\n", encoding="utf-8")
    (tmp_path / "dictionaries" / "tech.txt").write_text("Kubernetes\n", encoding="utf-8")
    (tmp_path / "dictionaries" / "people.toml").write_text('[[term]]\ncanonical = "Cher"\n', encoding="utf-8")
    transcripts("reprocess", "raw/k.txt", cwd=tmp_path)
    records = [json.loads(line) for line in (tmp_path / "clean/k/latest/corrections.jsonl").read_text().splitlines()]
    number = next(n for n, r in enumerate(records, 1) if r.get("term") == "Kubernetes")
    for extra in ((), ("--dictionary", "dictionaries/people.toml")):
        bad = transcripts("accept", "k", number, "--promote", *extra, cwd=tmp_path, check=False)
        assert bad.returncode == 1 and "dictionaries/tech.txt: 'Kubernetes' is defined here, a plain list" in bad.stderr
        assert not (tmp_path / "dictionaries" / "decisions.toml").exists()
    assert "Kubernetes" not in (tmp_path / "dictionaries" / "people.toml").read_text(encoding="utf-8")


class _Version:
    def __init__(self, dictionaries, source="raw/n.txt", doc_id=None):
        self._manifest = {"source": {"path": source}, "dictionaries": [{"path": p} for p in dictionaries]}
        if doc_id is not None:
            self._manifest["doc_id"] = doc_id

    def manifest(self):
        return self._manifest


def test_the_hint_keeps_the_default_dictionaries(tmp_path, monkeypatch):
    """A version made with ./dictionaries/ is reprocessed with that folder's files as they are
    now (a file added since is not left out); one made with --dictionary names its files."""
    from pipeline.cli import _reprocess_hint

    monkeypatch.chdir(tmp_path)
    (tmp_path / "dictionaries").mkdir()
    for name in ("a.txt", "b.txt"):  # b.txt added after the version was made
        (tmp_path / "dictionaries" / name).write_text("Cher\n", encoding="utf-8")
    assert _reprocess_hint(_Version(["dictionaries/a.txt"])) == "transcripts reprocess raw/n.txt"
    assert _reprocess_hint(_Version(["extra.toml"])) == "transcripts reprocess raw/n.txt --dictionary extra.toml"
    assert _reprocess_hint(_Version(["dictionaries/a.txt", "terms/x.txt"]), everywhere=True) == \
        "transcripts run --dictionary dictionaries/a.txt --dictionary terms/x.txt (the decision holds for every document)"


def test_the_hint_names_the_folders_given(tmp_path, monkeypatch):
    """Followed as printed, the hint writes into the clean folder the decision was made for."""
    from pipeline.cli import _reprocess_hint

    monkeypatch.chdir(tmp_path)
    hint = _reprocess_hint(_Version(["dictionaries/a.txt"]), raw_dir=Path("myraw"), clean_dir=Path("myclean"))
    assert hint == "transcripts reprocess raw/n.txt --raw-dir myraw --clean-dir myclean"


def test_the_hint_to_apply_everywhere_reprocesses_a_version_read_from_outside_the_raw_folder(tmp_path, monkeypatch):
    """`reject --everywhere` on a version whose file is no file of the raw folder: the run
    would not make it again (and with no raw folder it would fail), so the hint reprocesses
    that file too (or only, where there is no raw folder)."""
    from pipeline.cli import _reprocess_hint

    monkeypatch.chdir(tmp_path)
    (tmp_path / "dictionaries").mkdir()
    (tmp_path / "dictionaries" / "a.txt").write_text("Cher\n", encoding="utf-8")
    assert _reprocess_hint(_Version(["dictionaries/a.txt"], "/data/talks/ep1.txt", "ep1"), everywhere=True) == \
        "transcripts reprocess /data/talks/ep1.txt (the decision holds for every document)"
    (tmp_path / "raw").mkdir()
    assert _reprocess_hint(_Version(["dictionaries/a.txt"], "/data/talks/ep1.txt", "ep1"), everywhere=True) == \
        ("transcripts run (the decision holds for every document); and, as its file is outside raw: "
         "transcripts reprocess /data/talks/ep1.txt")
    assert _reprocess_hint(_Version(["dictionaries/a.txt"], "raw/show/ep1.vtt", "show/ep1"), everywhere=True) == \
        "transcripts run (the decision holds for every document)"
    assert _reprocess_hint(_Version(["dictionaries/a.txt"], "feeds/show/ep1.vtt", "show/ep1"), everywhere=True,
                           raw_dir=Path("feeds")) == "transcripts run --raw-dir feeds (the decision holds for every document)"
