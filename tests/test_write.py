"""Versioned outputs: whole folders, numbering under concurrency, the latest link."""
import json
import multiprocessing
import os

from pipeline.core import RunContext, process_file
from pipeline.config import Settings
from pipeline.dictionaries import Lexicon
from pipeline.write import TMP_PREFIX, list_versions, render_transcript, repair_latest, write_version
from pipeline.document import Segment

from conftest import doc_from_text


def _write(clean_dir, key="k1", force=False, text="Hello there."):
    from pipeline.segment import segment
    doc = segment(doc_from_text(text, "show/ep1"))
    return write_version(doc, clean_dir, {"timings_ms": {}}, key, force=force)


def test_first_version_and_latest_link(tmp_path):
    path, written = _write(tmp_path)
    assert written and path == tmp_path / "show/ep1/v0001"
    assert os.readlink(tmp_path / "show/ep1/latest") == "v0001"
    assert sorted(p.name for p in path.iterdir()) == ["corrections.jsonl", "manifest.json", "segments.jsonl", "transcript.txt"]
    manifest = json.loads((path / "manifest.json").read_text())
    assert manifest["parent"] is None and manifest["version"] == "v0001"


def test_same_inputs_write_nothing_and_force_writes_child(tmp_path):
    _write(tmp_path)
    path, written = _write(tmp_path)
    assert not written and path.name == "v0001"
    path, written = _write(tmp_path, force=True)
    assert written and path.name == "v0002"
    assert json.loads((path / "manifest.json").read_text())["parent"] == "v0001"
    path, written = _write(tmp_path, key="k2")
    assert path.name == "v0003"


def test_stale_temporary_folder_is_removed_and_never_a_version(tmp_path):
    doc_dir = tmp_path / "show/ep1"
    (doc_dir / f"{TMP_PREFIX}v0001-999").mkdir(parents=True)
    (doc_dir / f"{TMP_PREFIX}v0001-999" / "transcript.txt").write_text("half")
    _write(tmp_path)
    assert list_versions(doc_dir) == ["v0001"]
    assert not list(doc_dir.glob(TMP_PREFIX + "*"))


def _killed_before_the_link(tmp_path):
    """The state a writer killed between renaming v0002 into place and replacing `latest`
    leaves: a whole v0002, `latest` still at v0001, its new link not yet renamed."""
    doc_dir = tmp_path / "show/ep1"
    _write(tmp_path, key="k1")
    _write(tmp_path, key="k2")
    os.replace(doc_dir / "latest", doc_dir / f"{TMP_PREFIX}latest-999")
    os.symlink("v0001", doc_dir / "latest")
    return doc_dir


def test_a_writer_killed_before_the_link_leaves_it_mended_by_the_next(tmp_path):
    doc_dir = _killed_before_the_link(tmp_path)
    path, written = _write(tmp_path, key="k2")  # the same inputs again: nothing to write
    assert not written and path.name == "v0002"
    assert os.readlink(doc_dir / "latest") == "v0002"
    assert not list(doc_dir.glob(TMP_PREFIX + "*"))  # the stale link too (rmtree refuses links)


def test_an_unchanged_document_of_a_run_gets_its_latest_mended(tmp_path):
    doc_dir = _killed_before_the_link(tmp_path)
    repair_latest(doc_dir, "v0002")  # what a run's plan does for a document it skips as unchanged
    assert os.readlink(doc_dir / "latest") == "v0002"
    repair_latest(tmp_path / "show/none", "v0001")  # no versions: nothing to do, nothing made
    assert not (tmp_path / "show/none").exists()


def test_an_unchanged_document_of_a_run_loses_the_folder_a_killed_writer_left(tmp_path):
    path, _ = _write(tmp_path, key="k1")
    doc_dir = path.parent
    half = doc_dir / f"{TMP_PREFIX}v0002-999"
    half.mkdir()
    (half / "transcript.txt").write_text("half")
    repair_latest(doc_dir, "v0001")  # latest is right: only the stale folder to remove
    assert not half.exists() and os.readlink(doc_dir / "latest") == "v0001"
    assert sorted(p.name for p in doc_dir.iterdir()) == [".lock", "latest", "v0001"]


def _writer(args):
    clean_dir, i = args
    return _write(clean_dir, force=True)[0].name


def test_concurrent_writers_make_consecutive_versions(tmp_path):
    with multiprocessing.get_context("fork").Pool(4) as pool:
        names = pool.map(_writer, [(tmp_path, i) for i in range(12)])
    assert sorted(names) == [f"v{i:04d}" for i in range(1, 13)]
    assert list_versions(tmp_path / "show/ep1") == sorted(names)
    assert os.readlink(tmp_path / "show/ep1/latest") == "v0012"


def test_render_transcript_sets_out_structure():
    segs = (
        Segment(0, "heading", None, "Early life.", None, None),
        Segment(1, "narration", None, "He was born.", None, None),
        Segment(2, "narration", None, "He grew.", None, None, paragraph_start=False),
        Segment(3, "dialogue", "Rusty", "“I was there.”", None, None),
    )
    assert render_transcript(segs) == "## Early life.\n\nHe was born. He grew.\n\nRusty: “I was there.”\n"


def test_process_file_failure_leaves_no_version(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"%PDF-1.4 binary")
    ctx = RunContext(tmp_path / "clean", tmp_path, Lexicon(), Settings())
    result = process_file(bad, ctx)
    assert result.status == "failed" and "bad.txt" in result.error and "PDF" in result.error
    assert not (tmp_path / "clean" / "bad").exists()


def test_a_failed_write_leaves_no_temporary_folder(tmp_path, monkeypatch):
    """A write that fails half-way (here the disk fills at the second file) removes its own
    temporary folder at once: no half-written version, and the space it took is freed for
    the other documents of the run."""
    import errno

    import pytest

    from pipeline import write

    real, calls = write._write_file, []

    def filling(path, text):
        calls.append(path.name)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(path, text)

    monkeypatch.setattr(write, "_write_file", filling)
    with pytest.raises(OSError, match="No space left"):
        _write(tmp_path)
    doc_dir = tmp_path / "show/ep1"
    assert sorted(p.name for p in doc_dir.iterdir()) == [".lock"]
    monkeypatch.setattr(write, "_write_file", real)
    path, written = _write(tmp_path)
    assert written and path.name == "v0001"
