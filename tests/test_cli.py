"""The command line, end to end: the real `transcripts` command on real files."""
from __future__ import annotations

import contextlib

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

BIN = Path(sys.executable).parent
COMMANDS = ["run", "reprocess", "diff", "list", "serve", "check-dictionaries", "reject", "accept"]
SEGMENT_FIELDS = {"index", "kind", "speaker", "text", "start", "end"}
CORRECTION_FIELDS = {"stage", "rule", "original", "replacement", "start", "end", "confidence", "term"}
MANIFEST_FIELDS = {"doc_id", "version", "parent", "source", "dictionaries", "decisions", "pipeline_version",
                   "config_sha256", "created_at", "counts", "timings_ms"}


def transcripts(*args, cwd, env=None, check=True):
    command = [str(BIN / "transcripts"), *map(str, args)]
    full_env = {**os.environ, **(env or {})}
    proc = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=full_env, timeout=600)
    if check and proc.returncode != 0:
        raise AssertionError(f"{command} exited {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}")
    return proc


@pytest.fixture
def workdir(tmp_path):
    """A working folder like a user's: raw/ with the examples, dictionaries/, no clean/."""
    shutil.copytree(ROOT / "raw", tmp_path / "raw")
    shutil.copytree(ROOT / "dictionaries", tmp_path / "dictionaries")
    return tmp_path


@pytest.fixture(scope="module")
def prefect_env(tmp_path_factory):
    return {"PREFECT_HOME": str(tmp_path_factory.mktemp("prefect-home"))}


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command, tmp_path):
    proc = transcripts(command, "--help", cwd=tmp_path)
    assert "Usage: transcripts " + command in proc.stdout
    assert len(proc.stdout.splitlines()) > 5


def check_version_folder(folder: Path):
    assert {p.name for p in folder.iterdir()} >= {"transcript.txt", "segments.jsonl", "corrections.jsonl", "manifest.json"}
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert MANIFEST_FIELDS <= set(manifest)
    assert set(manifest["source"]) >= {"path", "sha256", "format", "encoding"}
    segments = [json.loads(l) for l in (folder / "segments.jsonl").read_text(encoding="utf-8").splitlines()]
    assert segments and all(SEGMENT_FIELDS <= set(s) for s in segments)
    assert [s["index"] for s in segments] == list(range(len(segments)))
    assert all(s["kind"] in ("narration", "dialogue", "heading") for s in segments)
    for line in (folder / "corrections.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        assert CORRECTION_FIELDS <= set(record) and 0 <= record["confidence"] <= 1
    return manifest, segments


@pytest.mark.e2e
def test_run_versions_and_idempotence(workdir, prefect_env):
    first = transcripts("run", cwd=workdir, env=prefect_env)
    assert "2 written" in first.stdout and not first.stderr.strip()
    for doc in ("rocky-dennis-article", "rocky-dennis-mask-video"):
        folder = workdir / "clean" / doc / "v0001"
        manifest, segments = check_version_folder(folder)
        assert manifest["parent"] is None and manifest["doc_id"] == doc
        assert os.readlink(workdir / "clean" / doc / "latest") == "v0001"
        raw_words = (workdir / "raw" / f"{doc}.txt").read_text(encoding="utf-8").split()
        assert abs(len(" ".join(s["text"] for s in segments).split()) - len(raw_words)) <= 3

    second = transcripts("run", cwd=workdir, env=prefect_env)
    assert "0 written" in second.stdout
    assert not (workdir / "clean/rocky-dennis-article/v0002").exists()

    forced = transcripts("run", "--force", "--verbose", cwd=workdir, env=prefect_env)
    assert "2 written" in forced.stdout
    assert "| INFO    | Task run 'clean rocky-dennis-article'" in forced.stderr  # Prefect's own log lines
    assert "Error logging to API" not in forced.stderr  # (to the temporary server, gone by then)
    for doc in ("rocky-dennis-article", "rocky-dennis-mask-video"):
        v2 = workdir / "clean" / doc / "v0002"
        assert json.loads((v2 / "manifest.json").read_text())["parent"] == "v0001"
        assert (v2 / "transcript.txt").read_bytes() == (workdir / "clean" / doc / "v0001/transcript.txt").read_bytes()
        assert (v2 / "segments.jsonl").read_bytes() == (workdir / "clean" / doc / "v0001/segments.jsonl").read_bytes()


@pytest.mark.e2e
def test_one_bad_file_does_not_stop_the_batch(workdir, prefect_env):
    (workdir / "raw" / "scan.txt").write_bytes(b"%PDF-1.7\n\x00\x01binary")
    (workdir / "raw" / "empty.txt").write_bytes(b"  \n\n")
    (workdir / "raw" / "notes").mkdir()
    (workdir / "raw" / "notes" / "latest.txt").write_text("Named like a version folder.\n")
    proc = transcripts("run", cwd=workdir, env=prefect_env, check=False)
    assert proc.returncode == 1
    errors = [l for l in proc.stderr.splitlines() if l.startswith("error:")]
    assert len(errors) == 2 and "raw/scan.txt" in errors[1] and "raw/notes/latest.txt" in errors[0]
    assert not (workdir / "clean/notes").exists()
    assert "Traceback" not in proc.stderr
    assert (workdir / "clean/rocky-dennis-article/v0001").is_dir()
    assert not (workdir / "clean/scan").exists()
    assert "empty transcript" in proc.stderr  # a warning, and an empty version
    assert (workdir / "clean/empty/v0001/segments.jsonl").read_text() == ""


def test_reprocess_refuses_ids_that_leave_their_folder(workdir):
    """"...txt" would be the document "..": its versions would land beside clean/."""
    (workdir / "raw" / "...txt").write_text("Hello there.\n")
    proc = transcripts("reprocess", "raw/...txt", cwd=workdir, check=False)
    assert proc.returncode == 1 and "raw/...txt" in proc.stderr and "starts with '.'" in proc.stderr
    assert not (workdir / "v0001").exists() and not (workdir / "latest").exists()
    (workdir / "raw" / "rocky-dennis-article").mkdir()
    (workdir / "raw" / "rocky-dennis-article" / "v0001.txt").write_text("Hello.\n")
    transcripts("reprocess", "raw/rocky-dennis-article.txt", cwd=workdir)
    proc = transcripts("reprocess", "raw/rocky-dennis-article/v0001.txt", cwd=workdir, check=False)
    assert proc.returncode == 1 and "version folder" in proc.stderr
    assert not (workdir / "clean/rocky-dennis-article/v0001/v0001").exists()
    (workdir / "raw" / "*.txt").write_text("Hello.\n")  # "*" stands for every document in decisions
    proc = transcripts("reprocess", "raw/*.txt", cwd=workdir, check=False)
    assert proc.returncode == 1 and "stands for every document" in proc.stderr
    assert not (workdir / "clean" / "*").exists()


def test_a_time_beyond_any_recording_is_an_input_error(workdir):
    (workdir / "raw" / "far.json").write_text('[{"text": "a", "start": 1e308, "end": 1e308}]')
    proc = transcripts("reprocess", "raw/far.json", cwd=workdir, check=False)
    assert proc.returncode == 1 and "raw/far.json" in proc.stderr and "more than any recording" in proc.stderr
    assert "internal error" not in proc.stderr


def test_a_clean_folder_that_is_a_file_is_named(workdir):
    (workdir / "clean").write_text("")
    for args in (("reprocess", "raw/rocky-dennis-article.txt"), ("list",)):
        proc = transcripts(*args, cwd=workdir, check=False)
        assert proc.returncode == 1 and "clean: the clean folder is not a folder" in proc.stderr


def test_a_clean_folder_that_cannot_be_made_is_named_and_a_folder_is_no_file(workdir):
    (workdir / "plain").write_text("")
    proc = transcripts("reprocess", "raw/rocky-dennis-article.txt", "--clean-dir", "plain/sub", cwd=workdir,
                       check=False)
    assert proc.returncode == 1
    assert proc.stderr == "error: raw/rocky-dennis-article.txt: plain/sub/rocky-dennis-article: Not a directory\n"
    proc = transcripts("reprocess", "raw", cwd=workdir, check=False)
    assert proc.returncode == 1 and proc.stderr.startswith("error: raw: is a folder, not a file")
    # a run finds it before cleaning any file (one error, not one per file after the work)
    proc = transcripts("run", "--clean-dir", "plain/sub", cwd=workdir, check=False)
    assert proc.returncode == 1
    assert proc.stderr == "error: plain/sub: cannot write versions here: Not a directory\n"


def test_list_says_which_raw_files_are_gone(workdir, tmp_path_factory):
    outside = tmp_path_factory.mktemp("elsewhere") / "notes.txt"
    outside.write_text("A note kept outside the raw folder.\n", encoding="utf-8")
    transcripts("reprocess", "raw/rocky-dennis-article.txt", cwd=workdir)
    transcripts("reprocess", outside, cwd=workdir)
    (workdir / "raw" / "rocky-dennis-article.txt").unlink()
    lines = transcripts("list", cwd=workdir).stdout.splitlines()
    assert any(l.startswith("rocky-dennis-article: 1 version") and l.endswith("(raw file gone; outputs kept)")
               for l in lines), lines
    assert any(l.startswith("notes: 1 version") and "gone" not in l for l in lines), lines  # it is there
    outside.unlink()
    assert any(l.startswith("notes: ") and "raw file gone" in l for l in transcripts("list", cwd=workdir).stdout.splitlines())


def test_reprocess_of_a_file_with_another_documents_id_warns(workdir, tmp_path_factory):
    transcripts("reprocess", "raw/rocky-dennis-article.txt", cwd=workdir)
    other = tmp_path_factory.mktemp("elsewhere") / "rocky-dennis-article.txt"
    other.write_text("Another text altogether.\n")
    proc = transcripts("reprocess", other, cwd=workdir)
    assert "earlier versions came from raw/rocky-dennis-article.txt" in proc.stderr
    assert (workdir / "clean/rocky-dennis-article/v0002").is_dir()
    raw = workdir / "raw" / "rocky-dennis-article.txt"
    proc = transcripts("reprocess", raw, cwd=workdir)
    assert f"earlier versions came from {other}" in proc.stderr
    # the same raw file, named from another folder, is no other source
    raw.write_text(raw.read_text() + "One more line.\n")
    proc = transcripts("reprocess", raw, "--raw-dir", workdir / "raw", "--clean-dir", workdir / "clean",
                       cwd=workdir.parent)
    assert (workdir / "clean/rocky-dennis-article/v0004").is_dir()
    assert "earlier versions" not in proc.stderr


def test_reprocess_with_a_dictionary_replacing_the_defaults(workdir):
    source = workdir / "elsewhere" / "talk.txt"
    source.parent.mkdir()
    source.write_text("we spoke with eric stoltz about the film.\nIt was Mr.Sims who called.\n", encoding="utf-8")
    terms = workdir / "extra.txt"
    terms.write_text("# only in this file\nEric Stoltz\n", encoding="utf-8")
    proc = transcripts("reprocess", source, "--clean-dir", workdir / "out", "--dictionary", terms, cwd=workdir)
    folder = Path(proc.stdout.strip().splitlines()[-1])
    folder = folder if folder.is_absolute() else workdir / folder
    assert folder == workdir / "out/talk/v0001"
    manifest, segments = check_version_folder(folder)
    assert [d["path"] for d in manifest["dictionaries"]] == ["extra.txt"]
    records = [json.loads(l) for l in (folder / "corrections.jsonl").read_text().splitlines()]
    assert any(r["term"] == "Eric Stoltz" and r["original"] == "eric stoltz" for r in records)
    assert "Eric Stoltz" in " ".join(s["text"] for s in segments)
    again = transcripts("reprocess", source, "--clean-dir", workdir / "out", "--dictionary", terms, cwd=workdir)
    assert again.stdout.strip().splitlines()[-1] == proc.stdout.strip().splitlines()[-1]

    listing = transcripts("diff", "talk", "--clean-dir", workdir / "out", cwd=workdir)
    numbered = [l for l in listing.stdout.splitlines() if l[:5].strip().rstrip(".").isdigit()]
    assert len(numbered) == len(records)
    assert "[-eric stoltz-]{+Eric Stoltz+}" in listing.stdout


def test_reprocess_bad_input_is_one_line(workdir):
    bad = workdir / "raw" / "photo.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    proc = transcripts("reprocess", bad, cwd=workdir, check=False)
    assert proc.returncode == 1
    assert proc.stderr.count("\n") == 1 and "raw/photo.txt" in proc.stderr and "Traceback" not in proc.stderr
    assert not (workdir / "clean" / "photo").exists()


def test_broken_dictionary_stops_before_writing(workdir):
    (workdir / "dictionaries" / "broken.toml").write_text("[[term]]\ncanonical = \"A\"\nkind = 3 3\n")
    proc = transcripts("reprocess", workdir / "raw/rocky-dennis-article.txt", cwd=workdir, check=False)
    assert proc.returncode == 1
    assert proc.stderr.startswith("error: dictionaries/broken.toml:3: ")
    assert not (workdir / "clean").exists()


def test_two_raw_files_with_one_id_are_an_error(workdir, prefect_env):
    (workdir / "raw" / "rocky-dennis-article.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\nHi\n")
    proc = transcripts("run", cwd=workdir, env=prefect_env, check=False)
    assert proc.returncode == 1
    assert "raw/rocky-dennis-article.srt" in proc.stderr and "raw/rocky-dennis-article.txt" in proc.stderr


def test_run_refuses_a_dask_address_nothing_answers_at_once(workdir):
    proc = transcripts("run", "--dask-address", "tcp://127.0.0.1:1", cwd=workdir, check=False)
    assert proc.returncode == 1
    assert proc.stderr.strip() == "error: tcp://127.0.0.1:1: no Dask scheduler answers there (Connection refused)"
    assert not (workdir / "clean").exists() or not list((workdir / "clean").glob("*/v0001"))


def test_run_refuses_a_dask_address_nothing_answers_also_with_nothing_to_do(tmp_path):
    """The address is checked whatever the plan: a run with nothing to do does not say all
    is well with a cluster it could never use."""
    (tmp_path / "raw").mkdir()
    proc = transcripts("run", "--dask-address", "tcp://127.0.0.1:1", cwd=tmp_path, check=False)
    assert proc.returncode == 1 and not proc.stdout, proc.stdout
    assert proc.stderr.strip() == "error: tcp://127.0.0.1:1: no Dask scheduler answers there (Connection refused)"


@pytest.mark.parametrize("args, message", [
    ((), "give exactly one of --cron EXPR or --interval SECONDS"),
    (("--cron", "61 * * * *"), 'invalid value for --cron: Invalid cron string: "61 * * * *"'),
])
def test_serve_refuses_a_bad_schedule_before_starting_a_server(workdir, args, message):
    proc = transcripts("serve", *args, cwd=workdir, check=False)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1, proc.stderr  # one line
    assert proc.stderr.startswith("error: transcripts serve: ") and message in proc.stderr, proc.stderr
    assert "internal error" not in proc.stderr and not proc.stdout  # no "serving: ..." line


def _serve(workdir, env):
    """``transcripts serve --interval 5`` in a session of its own (as at a terminal), and
    the port of the Prefect server it started (from its first line)."""
    import re
    import time

    proc = subprocess.Popen([str(BIN / "transcripts"), "serve", "--interval", "5"], cwd=workdir, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 240  # server start-up (slow on a loaded machine)
    line = proc.stdout.readline()
    assert line.startswith("serving: "), (line, proc.poll() is None or proc.communicate())
    assert time.monotonic() < deadline
    return proc, int(re.search(r"127\.0\.0\.1:(\d+)/api", line).group(1)), line


def _wait_for(path: Path, proc, seconds: float, what: str) -> None:
    import time

    deadline = time.monotonic() + seconds
    while not path.is_dir():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, what
        time.sleep(1)


def _started_by_serve(pid: int) -> list[int]:
    """The processes whose environment says that the serve ``pid`` started their run."""
    marker = f"TRANSCRIPTS_SERVE_PID={pid}\0".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != pid:
            try:
                if marker in (entry / "environ").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                pass
    return found


def _answers(port: int) -> bool:
    import urllib.request

    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=2):
            return True
    except OSError:
        return False


@pytest.mark.e2e
def test_serve_picks_up_a_new_file(workdir, tmp_path_factory):
    """`serve --interval` with no Prefect server running starts one, and a file dropped
    into raw/ gets its version within 60 seconds of being dropped. A serve killed with
    SIGKILL takes its server and its runs' processes with it, and leaves runs scheduled
    ahead in Prefect's database: the next serve clears them (they would all start at once)
    and works as the first did, removing the killed serve's private folder. Ctrl-C stops serve
    and its server, without a traceback, and leaves nothing in the temporary folder (Prefect's
    runner left its runner_storage/<uuid>)."""
    import signal
    import time

    env = {**os.environ, "PREFECT_HOME": str(tmp_path_factory.mktemp("serve-home")),
           "TMPDIR": str(tmp_path_factory.mktemp("serve-tmp"))}
    env.pop("PREFECT_API_URL", None)
    first, port, _ = _serve(workdir, env)
    try:
        _wait_for(workdir / "clean/rocky-dennis-article/v0001", first, 300, "the first scheduled run did not happen")
    finally:
        first.kill()
        first.wait(timeout=60)
        first.stdout.close()  # (children may hold the pipes a little longer)
        first.stderr.close()
    deadline = time.monotonic() + 60
    while _answers(port) or _started_by_serve(first.pid):  # its server and runs die with it
        assert time.monotonic() < deadline, (
            "the killed serve's Prefect server is still running" if _answers(port) else
            f"processes of the killed serve's runs are still running: {_started_by_serve(first.pid)}")
        time.sleep(0.5)

    left_by_the_killed_serve = set(Path(env["TMPDIR"]).rglob("*"))
    second, port, line = _serve(workdir, env)
    try:
        assert "runs left by an earlier serve cleared" in line, line
        (workdir / "raw" / "broken.srt").write_text("1\n00:00:01,000 --> soon\nHi.\n", encoding="utf-8")
        (workdir / "raw" / "dropped.txt").write_text("A file dropped in later.\n", encoding="utf-8")
        _wait_for(workdir / "clean/dropped/v0001", second, 60, "the dropped file was not picked up within 60 s")
        time.sleep(11)  # two more runs, which have nothing new to say
        os.killpg(second.pid, signal.SIGINT)  # Ctrl-C at the terminal
        stopping = time.monotonic()
        out, err = second.communicate(timeout=180)
        assert time.monotonic() - stopping < 60, "Ctrl-C took a minute or more to stop serve"
    finally:
        if second.poll() is None:
            second.kill()
    assert second.returncode == 130, err  # Ctrl-C's status, as run's, after a clean stop
    assert "stopped" in out and "Traceback" not in err
    assert not _answers(port)
    # the killed serve's own folder is removed by the next serve (its lock was free); what
    # else it left stays
    killed_folders = {p for p in left_by_the_killed_serve
                      if p.parent == Path(env["TMPDIR"]) and p.name.startswith("transcripts-serve-")}
    assert killed_folders
    assert set(Path(env["TMPDIR"]).rglob("*")) == {
        p for p in left_by_the_killed_serve if not any(p == f or f in p.parents for f in killed_folders)}
    # what the scheduled runs did is on serve's output: each file written, a summary of the
    # run, and a file that keeps failing once
    assert "written   raw/dropped.txt -> clean/dropped/v0001" in out, out
    # (the run that wrote it says so; it may also have written what the killed serve's run
    # had not reached yet: that run was killed once the first file was written)
    summaries = [int(n) for n in re.findall(r"scheduled run: \d+ files: (\d+) written", out)]
    assert summaries and max(summaries) >= 1 and sum(summaries) == len(re.findall(r"\] written ", out)), out
    assert err.count("error: raw/broken.srt:2 (cue 1): broken cue timing") == 1, err  # on serve's stderr
    assert "error: " not in out, out
    # runs are due every 5 s and go one at a time, slower than that: each run cancels the
    # ones that came due before it started, which would otherwise pile up for ever
    import sqlite3

    from pipeline.flows import SUPERSEDED

    with contextlib.closing(sqlite3.connect(Path(env["PREFECT_HOME"]) / "prefect.db")) as db:
        superseded = db.execute("SELECT count(*) FROM flow_run_state WHERE message = ?", (SUPERSEDED,)).fetchone()[0]
        scheduled = db.execute("SELECT count(*) FROM flow_run WHERE state_type = 'SCHEDULED'").fetchone()[0]
        # a run that started more than the interval after it was due found the next one due
        # too (a run as quick as the interval leaves none to cancel: a fast, idle machine)
        late = db.execute("SELECT count(*) FROM flow_run WHERE start_time IS NOT NULL AND "
                          "(julianday(start_time) - julianday(expected_start_time)) * 86400 > 6").fetchone()[0]
        timed = db.execute("SELECT count(*) FROM flow_run WHERE julianday(start_time) IS NOT NULL").fetchone()[0]
    assert timed > 0  # (the times can be read)
    assert superseded > 0 or late == 0, (superseded, late)
    assert scheduled == 0  # Ctrl-C left no runs scheduled ahead



def _count_runs(api: str, state_type: str) -> int:
    import urllib.request

    body = json.dumps({"flow_runs": {"state": {"type": {"any_": [state_type]}}}}).encode()
    request = urllib.request.Request(f"{api}/flow_runs/count", data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


@pytest.mark.e2e
def test_serve_on_a_long_lived_server_leaves_no_scheduled_runs_behind(workdir, tmp_path_factory):
    """A serve pointed at a Prefect server that outlives it (PREFECT_API_URL), stopped with
    Ctrl-C, pauses its deployment and leaves none of its runs scheduled: they would be late
    runs on that server, all started at once by the next serve."""
    import signal
    import time

    from pipeline.servers import free_port

    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {**os.environ, "PREFECT_HOME": str(tmp_path_factory.mktemp("server-home"))}
    env.pop("PREFECT_API_URL", None)
    server = subprocess.Popen([sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1",
                               "--port", str(port), "--analytics-off"], env=env, stdin=subprocess.DEVNULL,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 240
        while not _answers(port):
            assert server.poll() is None and time.monotonic() < deadline, "the Prefect server did not start"
            time.sleep(0.5)
        serve_env = {**env, "PREFECT_API_URL": api, "PREFECT_HOME": str(tmp_path_factory.mktemp("serve-home"))}
        proc, _, _ = _serve(workdir, serve_env)
        try:
            _wait_for(workdir / "clean/rocky-dennis-article/v0001", proc, 300, "the first scheduled run did not happen")
            assert _count_runs(api, "SCHEDULED") > 0  # the runs Prefect schedules ahead
            os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C at the terminal
            out, err = proc.communicate(timeout=120)
        finally:
            if proc.poll() is None:
                proc.kill()
        assert proc.returncode == 130 and "stopped" in out and "Traceback" not in err, (out, err)
        assert _answers(port)  # (not serve's to stop)
        assert _count_runs(api, "SCHEDULED") == 0
        # serve again: its deployment is no longer paused, and it picks up a new file
        proc, _, _ = _serve(workdir, serve_env)
        try:
            (workdir / "raw" / "dropped.txt").write_text("A file dropped in later.\n", encoding="utf-8")
            _wait_for(workdir / "clean/dropped/v0001", proc, 60, "the dropped file was not picked up within 60 s")
        finally:
            os.killpg(proc.pid, signal.SIGINT)
            proc.communicate(timeout=120)
    finally:
        server.terminate()
        server.wait(timeout=60)


def _outputs(clean_dir: Path) -> dict:
    return {p.relative_to(clean_dir).as_posix(): p.read_bytes()
            for p in sorted(clean_dir.rglob("*")) if p.is_file() and p.suffix in (".txt", ".jsonl", ".srt", ".vtt")}


@pytest.mark.e2e
def test_workers_and_dask_give_the_serial_bytes(workdir, prefect_env):
    from distributed import LocalCluster

    transcripts("run", "--clean-dir", "serial", cwd=workdir, env=prefect_env)
    transcripts("run", "--clean-dir", "parallel", "--workers", "2", cwd=workdir, env=prefect_env)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        transcripts("run", "--clean-dir", "dask", "--dask-address", cluster.scheduler_address,
                    cwd=workdir, env=prefect_env)
    serial = _outputs(workdir / "serial")
    assert serial and _outputs(workdir / "parallel") == serial == _outputs(workdir / "dask")


def test_a_dask_scheduler_with_no_workers_is_an_error_at_once(workdir):
    from distributed import LocalCluster

    with LocalCluster(n_workers=0, processes=True, dashboard_address=None) as cluster:
        proc = transcripts("run", "--dask-address", cluster.scheduler_address, cwd=workdir, check=False)
    assert proc.returncode == 1
    assert proc.stderr == (f"error: {cluster.scheduler_address}: the Dask scheduler has no workers: "
                           "start some (`dask worker ADDRESS`) and run again\n")


@pytest.mark.e2e
def test_two_runs_at_once_leave_exactly_one_whole_version(workdir, prefect_env):
    procs = [subprocess.Popen([str(BIN / "transcripts"), "run"], cwd=workdir, env={**os.environ, **prefect_env},
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outcomes = [p.communicate(timeout=600) + (p.returncode,) for p in procs]
    assert [rc for _, _, rc in outcomes] == [0, 0], outcomes
    for doc in ("rocky-dennis-article", "rocky-dennis-mask-video"):
        assert sorted(p.name for p in (workdir / "clean" / doc).iterdir() if not p.name.startswith(".")) == ["latest", "v0001"]
        check_version_folder(workdir / "clean" / doc / "v0001")


def _run_stopped_after_its_first_version(workdir, env, sig):
    """``transcripts run`` over 40 copies of the article, sent ``sig`` once its first
    version is written (Ctrl-C as at a terminal: SIGINT not ignored). Returns the process,
    its stdout and its stderr."""
    import signal
    import time

    text = (workdir / "raw/rocky-dennis-article.txt").read_text(encoding="utf-8")
    for i in range(40):
        (workdir / "raw" / f"copy{i:02d}.txt").write_text(f"Copy {i}.\n\n" + text, encoding="utf-8")
    proc = subprocess.Popen([str(BIN / "transcripts"), "run"], cwd=workdir, env={**os.environ, **env},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 120
    while not list((workdir / "clean").glob("copy*/v0001")):
        assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
        time.sleep(0.05)
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=60)
    return proc, out, err


@pytest.mark.e2e
def test_a_run_killed_with_sigkill_leaves_whole_versions(workdir, prefect_env):
    import signal

    _run_stopped_after_its_first_version(workdir, prefect_env, signal.SIGKILL)
    written = list((workdir / "clean").glob("*/v0001"))
    assert written
    for folder in written:
        check_version_folder(folder)
    again = transcripts("run", cwd=workdir, env=prefect_env)
    assert "0 failed" in again.stdout
    docs = [p for p in (workdir / "clean").iterdir() if p.is_dir()]
    assert len(docs) == 42
    for doc in docs:
        assert sorted(p.name for p in doc.iterdir() if not p.name.startswith(".")) == ["latest", "v0001"]
        check_version_folder(doc / "v0001")


@pytest.mark.e2e
def test_ctrl_c_during_a_run_says_what_was_done_and_the_next_run_does_the_rest(workdir, prefect_env):
    import signal

    proc, out, err = _run_stopped_after_its_first_version(workdir, prefect_env, signal.SIGINT)
    if proc.returncode == 0:
        pytest.skip("the run ended before Ctrl-C reached it")
    assert proc.returncode == 130, (out, err)
    assert err.strip().splitlines()[-1].startswith("interrupted: ") and "the next run processes the rest" in err
    assert "Traceback" not in err
    assert not list((workdir / "clean").glob("*/.tmp-*"))
    written = len(list((workdir / "clean").glob("*/v0001")))  # every file written, reported or not
    assert f" files done ({written} written, " in err.strip().splitlines()[-1], err
    again = transcripts("run", cwd=workdir, env=prefect_env)
    assert "0 failed" in again.stdout
    assert len(list((workdir / "clean").glob("*/v0001"))) == 42


def test_reprocess_refuses_a_file_whose_id_another_raw_file_has(workdir):
    (workdir / "raw" / "rocky-dennis-article.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\nHi\n")
    proc = transcripts("reprocess", "raw/rocky-dennis-article.txt", cwd=workdir, check=False)
    assert proc.returncode == 1
    assert "raw/rocky-dennis-article.srt" in proc.stderr and "raw/rocky-dennis-article.txt" in proc.stderr
    assert not (workdir / "clean").exists()


def test_serve_with_no_api_at_prefect_api_url_names_the_address(workdir):
    import socket

    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/api"
    proc = transcripts("serve", "--interval", "5", cwd=workdir, env={"PREFECT_API_URL": url}, check=False)
    assert proc.returncode == 1 and "serving" not in proc.stdout
    assert proc.stderr.startswith(f"error: {url}: no Prefect API answers at PREFECT_API_URL"), proc.stderr


def test_only_the_first_scheduled_run_of_a_serve_applies_force(tmp_path, monkeypatch):
    from pipeline.flows import SERVE_STATE, _first_forced_run

    monkeypatch.delenv(SERVE_STATE, raising=False)
    assert _first_forced_run() and _first_forced_run()  # outside a serve: every run
    monkeypatch.setenv(SERVE_STATE, str(tmp_path))
    assert _first_forced_run()
    assert not _first_forced_run() and not _first_forced_run()


def test_serves_of_other_folders_keep_a_deployment_each(tmp_path):
    from pipeline.flows import deployment_name

    a = {"raw_dir": "raw", "clean_dir": "clean", "workdir": str(tmp_path / "a")}
    b = {**a, "workdir": str(tmp_path / "b")}
    same = {"raw_dir": str(tmp_path / "a" / "raw"), "clean_dir": "../clean", "workdir": str(tmp_path / "a" / "x")}
    assert deployment_name(a) != deployment_name(b)  # (one name let the second serve take the first's)
    assert deployment_name(a) == deployment_name(same) and deployment_name(a).startswith("transcripts-")


def test_a_deployment_is_cleared_only_when_the_serve_it_names_is_gone():
    """serve clears an earlier serve's deployment only when its tag names a serve of this
    host that no longer runs: never a live one's, never another host's."""
    import socket
    import subprocess
    import sys

    from pipeline.flows import _OWNER, _orphaned

    host = socket.gethostname()
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    assert _orphaned([]) and _orphaned(["other-tag"])  # from before the tags
    assert _orphaned([f"{_OWNER}{host}:{gone}"])
    assert not _orphaned([f"{_OWNER}{host}:{os.getppid()}"])  # a live process
    assert not _orphaned([f"{_OWNER}{host}:{os.getpid()}"])  # this one
    assert not _orphaned([f"{_OWNER}another-{host}:{gone}"])


def test_checking_a_cron_expression_does_not_import_prefect_here():
    """serve checks --cron before its server starts, in a process of its own: Prefect
    fixes its settings (which server, which home) at its first import, and the serve
    process must import it only once its own server is up."""
    check = ("import sys; from pipeline.cli import _check_cron; _check_cron('*/5 * * * *'); "
             "print(any(name == 'prefect' or name.startswith('prefect.') for name in sys.modules))")
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0 and done.stdout.strip() == "False", done.stderr


def test_a_file_the_system_refuses_is_named_not_an_internal_error(capsys, monkeypatch):
    from pipeline.cli import handle_errors

    monkeypatch.delenv("TRANSCRIPTS_DEBUG", raising=False)

    @handle_errors
    def command():
        raise PermissionError(13, "Permission denied", "clean/doc/v0003")

    with pytest.raises(SystemExit) as caught:
        command()
    assert caught.value.code == 1
    assert capsys.readouterr().err == "error: clean/doc/v0003: Permission denied\n"

    @handle_errors
    def full():
        raise OSError(28, "No space left on device")

    with pytest.raises(SystemExit):
        full()
    assert capsys.readouterr().err == "error: No space left on device\n"


ARRIVAL_SCRIPT = r"""
import sys
from pathlib import Path
from pipeline import flows

work = Path(sys.argv[1])
flows._ARRIVALS_EVERY = 0.0  # look after every file (the files here take milliseconds)
make_finder = flows._arrivals


def dropping_finder(*args):
    find = make_finder(*args)
    calls = []

    def arrivals():
        calls.append(1)
        if len(calls) == 1:  # dropped while the run works through its backlog
            (work / "raw" / "zz-dropped.txt").write_text("Dropped in during the run.\n", encoding="utf-8")
        return find()

    return arrivals


flows._arrivals = dropping_finder
if len(sys.argv) > 2:  # three threads, no process pool, and the first file slow
    import contextlib
    import time

    flows._local_pool = lambda *args: contextlib.nullcontext()
    process = flows.process_file

    def slow_first(path, ctx, doc_id):
        if doc_id == "a0":
            time.sleep(6)
        return process(path, ctx, doc_id)

    flows.process_file = slow_first
summary = flows.scheduled_run.fn(raw_dir="raw", clean_dir="clean", workdir=str(work),
                                 workers=int(sys.argv[2]) if len(sys.argv) > 2 else 1)
print("SUMMARY", summary["written"], summary["failed"])
"""


@pytest.mark.e2e
@pytest.mark.parametrize("threads", [None, "3"])
def test_a_scheduled_run_takes_a_file_dropped_during_its_backlog_first(tmp_path, prefect_env, threads):
    """A file that arrives while a scheduled run works through a backlog is processed next,
    not after the backlog (nor left to the next run); with three workers and a slow first
    file, the others (and the dropped one) go on beside it."""
    raw = tmp_path / "raw"
    raw.mkdir()
    for k in range(8):
        (raw / f"a{k}.txt").write_text(f"File number {k} of the backlog.\n", encoding="utf-8")
    env = {**os.environ, **prefect_env, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", ARRIVAL_SCRIPT, str(tmp_path), *([threads] if threads else [])],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    order = [line.split()[2] for line in proc.stdout.splitlines() if line.startswith("[")]
    assert "SUMMARY 9 0" in proc.stdout, proc.stdout
    assert sorted(order) == [f"raw/a{k}.txt" for k in range(8)] + ["raw/zz-dropped.txt"]
    if threads:
        assert order[-1] == "raw/a0.txt", order  # the slow one held up nothing
    else:
        assert order.index("raw/zz-dropped.txt") <= 4, order  # after those handed out already
    assert (tmp_path / "clean" / "zz-dropped" / "v0001").is_dir()


def test_a_serve_shows_an_error_once_until_the_file_is_fixed(tmp_path):
    from pipeline.core import FileResult
    from pipeline.flows import ShownErrors

    def run(*results):  # each scheduled run reads what the runs before it showed
        shown = ShownErrors(tmp_path / "errors-shown.tsv")
        return [shown.new(r) for r in results]

    broken = FileResult("raw/a.srt", "a", "failed", error="raw/a.srt:2 (cue 1): broken cue timing")
    other = FileResult("raw/b.txt", "b", "written", "clean/b/v0001")
    assert run(broken, other) == [True, True]
    assert run(broken) == [False]
    assert run(FileResult("raw/a.srt", "a", "failed", error="raw/a.srt:5 (cue 2): no text")) == [True]
    assert run(FileResult("raw/a.srt", "a", "written", "clean/a/v0001")) == [True]
    assert run(broken) == [True]  # broken again after it was fixed
    assert ShownErrors(None).new(broken) and ShownErrors(None).new(broken)  # outside a serve


def test_a_scheduled_run_that_cannot_start_says_why_once(tmp_path, capsys, monkeypatch):
    """A broken dictionary stops every scheduled run before it plans: serve's output says
    so once (not at every run), and the run fails (Prefect's history shows it)."""
    from pipeline.errors import DictionaryError
    from pipeline.flows import SERVE_STATE, scheduled_run

    (tmp_path / "raw").mkdir()
    broken = tmp_path / "broken.toml"
    broken.write_text("[[term]]\ncanonical = \n", encoding="utf-8")
    monkeypatch.setenv(SERVE_STATE, str(tmp_path))
    monkeypatch.chdir(tmp_path)
    for _ in range(2):
        with pytest.raises(DictionaryError):
            scheduled_run.fn(raw_dir="raw", clean_dir="clean", dictionaries=[str(broken)], workdir=str(tmp_path))
    out = capsys.readouterr().out
    assert out.count("error: ") == 1 and "broken.toml:2" in out and "nothing processed" in out, out
    broken.write_text('[[term]]\ncanonical = "Cher"\n', encoding="utf-8")  # fixed: said once
    for _ in range(2):
        scheduled_run.fn(raw_dir="raw", clean_dir="clean", dictionaries=[str(broken)], workdir=str(tmp_path))
    assert capsys.readouterr().out.count("the error before is fixed; processing again") == 1


def test_a_scheduled_run_writes_its_error_lines_to_the_stderr_serve_names(tmp_path, capsys, monkeypatch):
    """A scheduled run is a process of its own whose stderr is Prefect's log: its error
    lines go to the stream serve names (serve's own stderr, by its /proc path)."""
    from pipeline.errors import DictionaryError
    from pipeline.flows import SERVE_STATE, USER_STDERR, scheduled_run

    (tmp_path / "raw").mkdir()
    broken = tmp_path / "broken.toml"
    broken.write_text("[[term]]\ncanonical = \n", encoding="utf-8")
    monkeypatch.setenv(SERVE_STATE, str(tmp_path))
    monkeypatch.setenv(USER_STDERR, str(tmp_path / "stderr.txt"))
    monkeypatch.chdir(tmp_path)
    with pytest.raises(DictionaryError):
        scheduled_run.fn(raw_dir="raw", clean_dir="clean", dictionaries=[str(broken)], workdir=str(tmp_path))
    assert "error: " not in capsys.readouterr().out
    assert (tmp_path / "stderr.txt").read_text().startswith("error: ") and "broken.toml:2" in (tmp_path / "stderr.txt").read_text()


def test_a_scheduled_run_in_a_folder_that_is_gone_says_why(tmp_path, capsys, monkeypatch):
    from pipeline.flows import SERVE_STATE, scheduled_run

    monkeypatch.setenv(SERVE_STATE, str(tmp_path))
    monkeypatch.chdir(tmp_path)
    with pytest.raises(OSError):
        scheduled_run.fn(workdir=str(tmp_path / "gone"))
    assert "error: " in capsys.readouterr().out


_HANGING_SHUTDOWN = """
import sys, time
from pipeline import cli
cli._STOP_GRACE = float(sys.argv[1])
cli._stop_on_interrupt()
said = False
while True:  # a shutdown that never ends: every KeyboardInterrupt is swallowed
    try:
        if not said:
            said = True
            print("ready", flush=True)
        time.sleep(0.05)
    except KeyboardInterrupt:
        pass
"""


@pytest.mark.parametrize("grace, second_interrupt", [(1.0, False), (60.0, True)])
def test_ctrl_c_stops_serve_even_when_its_shutdown_hangs(grace, second_interrupt):
    """serve's Ctrl-C: when Prefect's runner does not end within the grace period, or at a
    second Ctrl-C, the process leaves anyway (exit status 130, "stopped" said)."""
    import signal
    import subprocess
    import sys
    import time

    child = subprocess.Popen([sys.executable, "-c", _HANGING_SHUTDOWN, str(grace)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "ready"
        started = time.monotonic()
        child.send_signal(signal.SIGINT)
        if second_interrupt:
            time.sleep(0.5)
            child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == 130, err
    assert "stopped (its runs had not ended" in out
    assert time.monotonic() - started < 10
    assert "Traceback" not in err


@pytest.mark.parametrize("args, message", [
    (("run", "--bogus"), "error: transcripts run: no such option '--bogus'"),
    (("reprocess",), "error: transcripts reprocess: missing argument 'FILE'"),
    (("run", "--workers", "0"), "error: transcripts run: invalid value for '--workers'"),
    (("frob",), "error: transcripts: no such command 'frob'"),
    (("run", "--workers"), "error: transcripts run: option '--workers' requires an argument"),
])
def test_a_usage_error_is_one_line(tmp_path, args, message):
    proc = transcripts(*args, cwd=tmp_path, check=False)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and proc.stderr.startswith(message), proc.stderr
    assert "--help'" in proc.stderr and not proc.stdout


def test_a_clean_folder_inside_the_raw_folder_is_no_input(tmp_path):
    from pipeline.core import RunContext, plan
    from pipeline.config import Settings
    from pipeline.dictionaries import Lexicon

    (tmp_path / "a.txt").write_text("Hello there. This is a test.\n", encoding="utf-8")
    proc = transcripts("reprocess", "a.txt", "--raw-dir", ".", cwd=tmp_path)
    assert proc.stdout.splitlines()[-1] == "clean/a/v0001"
    (tmp_path / "clean" / "a" / "v0001" / "captions.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\nHi\n")
    ctx = RunContext(clean_dir=Path("clean"), raw_dir=Path("."), lexicon=Lexicon(), settings=Settings(),
                     workdir=tmp_path)
    the_plan = plan(Path("."), ctx)
    assert [r.path for r in the_plan.unchanged] == ["a.txt"] and not the_plan.todo and not the_plan.failed
    proc = transcripts("run", "--raw-dir", "a.txt", cwd=tmp_path, check=False)
    assert proc.returncode == 1 and "the raw folder is not a folder" in proc.stderr


def test_a_file_that_failed_is_not_tried_again_until_its_inputs_change(tmp_path):
    """A run over an unchanged corpus starts nothing: a file that failed for its input
    (here over the size limit) is reported from its record until it or the settings change."""
    from pipeline.core import RunContext, plan, process_file
    from pipeline.config import Settings
    from pipeline.dictionaries import Lexicon

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "long.txt").write_text("A much longer text that goes over the limit.\n", encoding="utf-8")
    ctx = RunContext(clean_dir=Path("clean"), raw_dir=Path("raw"), lexicon=Lexicon(),
                     settings=Settings(max_input_bytes=20), workdir=tmp_path)
    assert plan(Path("raw"), ctx).todo == [(raw / "long.txt", "long")]
    first = process_file(raw / "long.txt", ctx, "long")
    assert first.status == "failed" and "over the limit of 20" in first.error
    the_plan = plan(Path("raw"), ctx)
    assert not the_plan.todo and [r.error for r in the_plan.failed] == [first.error]
    assert plan(Path("raw"), RunContext(clean_dir=Path("clean"), raw_dir=Path("raw"), lexicon=Lexicon(),
                                        settings=Settings(max_input_bytes=20), force=True, workdir=tmp_path)).todo
    assert plan(Path("raw"), RunContext(clean_dir=Path("clean"), raw_dir=Path("raw"), lexicon=Lexicon(),
                                        settings=Settings(), workdir=tmp_path)).todo  # other settings
    (raw / "long.txt").write_text("Short.\n", encoding="utf-8")
    assert plan(Path("raw"), ctx).todo == [(raw / "long.txt", "long")]
    assert not (tmp_path / "clean" / "long").exists()  # no document folder for a file that never worked
    assert process_file(raw / "long.txt", ctx, "long").status == "written"
    assert not list((tmp_path / "clean" / ".failed").iterdir())  # forgotten once it works
    (raw / "gone.txt").write_text("A much longer text that goes over the limit.\n", encoding="utf-8")
    assert process_file(raw / "gone.txt", ctx, "gone").status == "failed"
    assert len(list((tmp_path / "clean" / ".failed").iterdir())) == 1
    (raw / "gone.txt").unlink()
    plan(Path("raw"), ctx)
    assert not list((tmp_path / "clean" / ".failed").iterdir())  # its raw file is gone: so is its record


def test_a_link_to_nothing_in_the_raw_folder_is_reported_not_skipped(tmp_path):
    from pipeline.core import RunContext, discover, process_file
    from pipeline.config import Settings
    from pipeline.dictionaries import Lexicon

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    assert discover(raw) == [raw / "gone.txt"]
    ctx = RunContext(clean_dir=Path("clean"), raw_dir=Path("raw"), lexicon=Lexicon(), settings=Settings(),
                     workdir=tmp_path)
    result = process_file(raw / "gone.txt", ctx, "gone")
    target = str(tmp_path / "nowhere.txt")
    assert result.status == "failed" and result.error == f"raw/gone.txt: a link to {target!r}, which is not there"
    proc = transcripts("reprocess", "raw/gone.txt", cwd=tmp_path, check=False)
    assert proc.returncode == 1 and proc.stderr == f"error: raw/gone.txt: a link to {target!r}, which is not there\n"


def test_a_pipe_in_the_raw_folder_is_reported_not_skipped(tmp_path):
    """A named pipe (or a socket, a device) with a transcript's suffix is no file to read:
    a run lists it as failed, with one line naming it, and never opens it (a pipe would
    wait for a writer for ever); also where the document has a version from a real file."""
    import os

    from pipeline.config import Settings
    from pipeline.core import RunContext, discover, plan, process_file
    from pipeline.dictionaries import Lexicon

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "fine.txt").write_text("Hello there.\n", encoding="utf-8")
    (raw / "pipe.txt").write_text("Hello.\n", encoding="utf-8")
    ctx = RunContext(clean_dir=Path("clean"), raw_dir=Path("raw"), lexicon=Lexicon(), settings=Settings(),
                     workdir=tmp_path)
    assert process_file(raw / "pipe.txt", ctx, "pipe").status == "written"
    (raw / "pipe.txt").unlink()
    os.mkfifo(raw / "pipe.txt")
    assert discover(raw) == [raw / "fine.txt", raw / "pipe.txt"]
    the_plan = plan(Path("raw"), ctx)
    assert [doc_id for _, doc_id in the_plan.todo] == ["fine", "pipe"]
    result = process_file(raw / "pipe.txt", ctx, "pipe")
    assert result.status == "failed" and result.error == "raw/pipe.txt: not a regular file (a pipe or a device?)"
    proc = transcripts("run", cwd=tmp_path, check=False)
    assert proc.returncode == 1
    assert "error: raw/pipe.txt: not a regular file (a pipe or a device?)\n" in proc.stderr + proc.stdout


def test_plan_reads_no_new_file_to_look_for_a_failure(tmp_path, monkeypatch):
    """Only files with a version are hashed by the plan; a failure record is looked up by
    the file's size and time of change, not by reading it."""
    import pipeline.core as core
    from pipeline.config import Settings
    from pipeline.dictionaries import Lexicon

    raw = tmp_path / "raw"
    raw.mkdir()
    for name in ("a.txt", "b.txt"):
        (raw / name).write_text("Hello there.\n", encoding="utf-8")
    ctx = core.RunContext(clean_dir=Path("clean"), raw_dir=Path("raw"), lexicon=Lexicon(),
                          settings=Settings(max_input_bytes=5), workdir=tmp_path)
    assert core.process_file(raw / "a.txt", ctx, "a").status == "failed"
    hashed = []
    monkeypatch.setattr(core, "sha256_file", lambda path: hashed.append(path) or "x")
    the_plan = core.plan(Path("raw"), ctx)
    assert hashed == [] and [r.doc_id for r in the_plan.failed] == ["a"] and the_plan.todo == [(raw / "b.txt", "b")]


def _files_failing_before_processing_and_a_flow_without_prefect(tmp_path, monkeypatch):
    """raw/ with two files of one id (they fail before processing) and two to process; the
    flow's work done in this process, without Prefect."""
    import pipeline.flows as flows
    from pipeline.core import process_file

    raw = tmp_path / "raw"
    raw.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (raw / name).write_text("Hello there.\n", encoding="utf-8")
    (raw / "a.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\nHello.\n", encoding="utf-8")

    def run_flow(todo, ctx, on_result=None, **_):
        results = [process_file(path, ctx, doc_id) for path, doc_id in todo]
        for result in results:
            on_result(result)
        return results

    monkeypatch.setattr(flows, "run_flow", run_flow)
    monkeypatch.chdir(tmp_path)


def test_run_numbers_its_lines_among_the_files_it_processes(tmp_path, monkeypatch):
    """`transcripts run` numbers its lines among the files to process, as its header counts
    them (and its progress bar); a file that failed before processing has a line without a
    number, and the summary counts every file."""
    from click.testing import CliRunner

    from pipeline.cli import main

    _files_failing_before_processing_and_a_flow_without_prefect(tmp_path, monkeypatch)
    for name, value in (("PREFECT_HOME", str(tmp_path / "prefect-home")), ("PREFECT_LOGGING_LEVEL", "CRITICAL"),
                        ("PREFECT_LOGGING_TO_API_ENABLED", "false")):
        monkeypatch.setenv(name, value)  # (--verbose: stderr is left alone)
    done = CliRunner().invoke(main, ["run", "--verbose"])
    lines = done.stdout.splitlines()
    assert done.exit_code == 1, done.output
    assert lines[:5] == ["2 of 4 files to process (0 unchanged, 2 failed before processing)",
                         "FAILED    raw/a.srt",
                         "FAILED    raw/a.txt",
                         "[1/2] written   raw/b.txt -> clean/b/v0001",
                         "[2/2] written   raw/c.txt -> clean/c/v0001"]
    assert lines[5].startswith("Summary: 4 files: 2 written, 0 unchanged (skipped), 2 failed;")


def test_a_failed_files_error_follows_its_line(tmp_path, monkeypatch):
    """The error of a file that fails while it is processed comes right after its line, not
    with the others at the end: a reader sees which file it belongs to."""
    from click.testing import CliRunner

    from pipeline.cli import main

    _files_failing_before_processing_and_a_flow_without_prefect(tmp_path, monkeypatch)
    (tmp_path / "raw" / "b.txt").unlink()
    (tmp_path / "raw" / "b.srt").write_text("1\n00:00:01,000 --> 00:00:02\nbroken\n", encoding="utf-8")
    for name, value in (("PREFECT_HOME", str(tmp_path / "prefect-home")), ("PREFECT_LOGGING_LEVEL", "CRITICAL"),
                        ("PREFECT_LOGGING_TO_API_ENABLED", "false")):
        monkeypatch.setenv(name, value)
    done = CliRunner().invoke(main, ["run", "--verbose"])
    lines = done.output.splitlines()
    assert done.exit_code == 1, done.output
    failed = lines.index("[1/2] FAILED    raw/b.srt")
    assert lines[failed + 1].startswith("error: raw/b.srt:2 (cue 1): broken cue timing"), lines
    assert lines[failed + 2] == "[2/2] written   raw/c.txt -> clean/c/v0001", lines
    assert sum(line.startswith("error: raw/b.srt") for line in lines) == 1


def test_a_scheduled_run_numbers_its_lines_among_the_files_it_processes(tmp_path, monkeypatch, capsys):
    from pipeline.flows import scheduled_run

    _files_failing_before_processing_and_a_flow_without_prefect(tmp_path, monkeypatch)
    scheduled_run.fn(workdir=str(tmp_path))
    lines = [line for line in capsys.readouterr().out.splitlines() if not line.startswith("error: ")]
    assert lines[:4] == ["FAILED    raw/a.srt", "FAILED    raw/a.txt",
                         "[1/2] written   raw/b.txt -> clean/b/v0001", "[2/2] written   raw/c.txt -> clean/c/v0001"]
    assert lines[4].endswith("scheduled run: 4 files: 2 written, 0 unchanged, 2 failed")


def test_check_dictionaries_names_every_file_that_cannot_be_read(tmp_path):
    (tmp_path / "dictionaries").mkdir()
    (tmp_path / "dictionaries" / "a.toml").write_text("[[term]]\ncanonical = \n", encoding="utf-8")
    (tmp_path / "dictionaries" / "b.txt").write_text("ok\n\x01bad\n", encoding="utf-8")
    (tmp_path / "dictionaries" / "c.txt").write_text("Cher\n", encoding="utf-8")
    proc = transcripts("check-dictionaries", cwd=tmp_path, check=False)
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [
        "error: dictionaries/a.toml:2: not valid TOML: Invalid value (at line 2, column 13)",
        "error: dictionaries/b.txt:2: term '\\x01bad' contains control characters",
        "3 dictionaries: 2 cannot be read"]


def test_check_dictionaries_names_every_error_of_a_file(tmp_path):
    """Every error of each file, with its line, not only the first; a file that cannot be
    parsed has its one error. A command that loads the dictionaries refuses a file with its
    first error, in one line saying how many more there are."""
    folder = tmp_path / "dictionaries"
    folder.mkdir()
    (folder / "a.toml").write_text('[[term]]\ncanonical = "A"\nkind = "planet"\n\n[[term]]\nkind = "person"\n\n'
                                   '[[term]]\ncanonical = "B"\nvariants = [""]\n', encoding="utf-8")
    (folder / "b.txt").write_text("ok\n\x01bad\n!!!\n", encoding="utf-8")
    (folder / "c.toml").write_text("[[term]]\ncanonical = \n[[term]]\nkind = 3\n", encoding="utf-8")
    (folder / "decisions.toml").write_text('[[reject]]\ndoc = "*"\noriginal = "x"\nreplacement = "x"\n\n'
                                           '[[accept]]\ndoc = 3\n', encoding="utf-8")
    proc = transcripts("check-dictionaries", cwd=tmp_path, check=False)
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [
        "error: dictionaries/a.toml:3: kind 'planet' is not one of person, title, term, place, organization, other",
        "error: dictionaries/a.toml:5: [[term]] needs a 'canonical' string",
        "error: dictionaries/a.toml:10: empty variant",
        "error: dictionaries/b.txt:2: term '\\x01bad' contains control characters",
        "error: dictionaries/b.txt:3: term '!!!' has no letters or digits",
        "error: dictionaries/c.toml:2: not valid TOML: Invalid value (at line 2, column 13)",
        "error: dictionaries/decisions.toml:1: original and replacement are the same in [[reject]]",
        "error: dictionaries/decisions.toml:6: each [[accept]] needs doc, original and replacement",
        "error: dictionaries/decisions.toml:6: 'doc' must be a string in [[accept]]",
        "3 dictionaries and the decisions file: 4 cannot be read (9 errors)"]
    refused = transcripts("reprocess", "raw/x.txt", cwd=tmp_path, check=False)
    assert refused.returncode == 1 and not (tmp_path / "clean").exists()
    assert refused.stderr.splitlines() == [
        "error: dictionaries/a.toml:3: kind 'planet' is not one of person, title, term, place, organization, "
        "other (and 2 more errors in this file: `transcripts check-dictionaries` names them all)"]


def test_check_dictionaries_checks_the_decisions_file_also_without_a_dictionary(tmp_path):
    """A working folder whose dictionaries/ holds only the review decisions (its dictionary
    given with --dictionary, as in the README's review workflow): the other commands refuse
    a broken decisions file and send the user here, so its errors are named here too."""
    folder = tmp_path / "dictionaries"
    folder.mkdir()
    (folder / "decisions.toml").write_text('[[reject]]\noriginal = "x"\nreplacement = "y"\n\n[[maybe]]\ndoc = "a"\n',
                                           encoding="utf-8")
    proc = transcripts("check-dictionaries", cwd=tmp_path, check=False)
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [
        "error: dictionaries/decisions.toml:1: each [[reject]] needs doc, original and replacement",
        "error: dictionaries/decisions.toml:5: unknown top-level key(s): maybe (use [[reject]] and [[accept]] tables)",
        "the decisions file cannot be read (2 errors)"]
    (folder / "decisions.toml").write_text('[[reject]]\ndoc = "*"\noriginal = "x"\nreplacement = "y"\n', encoding="utf-8")
    proc = transcripts("check-dictionaries", cwd=tmp_path)
    assert proc.stdout.startswith("no dictionaries to check in dictionaries/") and not proc.stderr


def test_check_dictionaries_reads_the_settings_it_is_given(tmp_path):
    (tmp_path / "bad.toml").write_text("bogus = 1\n", encoding="utf-8")
    proc = transcripts("check-dictionaries", "--config", "bad.toml", cwd=tmp_path, check=False)
    assert proc.returncode == 1 and proc.stderr.startswith("error: bad.toml: unknown setting 'bogus'")


@pytest.mark.e2e
def test_a_run_whose_reader_goes_away_finishes_its_work(workdir, prefect_env):
    """``transcripts run | head -1``: the progress lines go nowhere once the reader is gone,
    and every file is still processed."""
    proc = subprocess.Popen([str(BIN / "transcripts"), "run"], cwd=workdir, env={**os.environ, **prefect_env},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout.readline().startswith("2 of 2 files to process")
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(timeout=120) == 0 and "error" not in err, err
    assert len(list((workdir / "clean").glob("*/v0001"))) == 2


def test_a_link_in_a_loop_and_a_name_that_is_no_utf8_fail_alone(tmp_path):
    """One bad file never stops a batch: a link to itself, and a name whose bytes are no
    UTF-8, each fail with a line that names them (the name's bytes escaped); the others
    are planned."""
    import os

    from pipeline.config import Settings
    from pipeline.core import RunContext, plan
    from pipeline.dictionaries import Lexicon

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "fine.txt").write_text("Hello there.\n", encoding="utf-8")
    (raw / "loop.txt").symlink_to("loop.txt")
    bad = os.path.join(os.fsencode(raw), b"caf\xe9.txt")
    with open(bad, "wb") as f:
        f.write(b"Hello.\n")
    ctx = RunContext(clean_dir=Path("clean"), raw_dir=Path("raw"), lexicon=Lexicon(), settings=Settings(),
                     workdir=tmp_path)
    the_plan = plan(Path("raw"), ctx)
    assert [doc_id for _, doc_id in the_plan.todo] == ["fine", "loop"]
    (failed,) = the_plan.failed
    assert failed.error.startswith("raw/caf\\xe9.txt: its name (or a folder's) is not valid UTF-8")


def test_a_name_with_a_line_break_is_one_line_in_every_message(tmp_path):
    """A file name may hold a line break or a tab: the FAILED line and the error still are
    one line each, the character shown escaped."""
    from pipeline.config import Settings
    from pipeline.core import RunContext, plan
    from pipeline.dictionaries import Lexicon

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "two\nlines.txt").write_text("Hello.\n", encoding="utf-8")
    ctx = RunContext(clean_dir=Path("clean"), raw_dir=Path("raw"), lexicon=Lexicon(), settings=Settings(),
                     workdir=tmp_path)
    (failed,) = plan(Path("raw"), ctx).failed
    assert failed.path == "raw/two\\nlines.txt"
    assert failed.error.startswith("raw/two\\nlines.txt: its name (or a folder's) is not valid UTF-8")
    proc = transcripts("reprocess", "raw/two\nlines.txt", cwd=tmp_path, check=False)
    assert proc.returncode == 1 and proc.stderr.count("\n") == 1, proc.stderr
    assert proc.stderr.startswith("error: raw/two\\nlines.txt: ")
    proc = transcripts("run", cwd=tmp_path, check=False)
    assert proc.returncode == 1 and proc.stderr.count("\n") == 1, proc.stderr
    assert "FAILED    raw/two\\nlines.txt\n" in proc.stdout


def test_raw_files_of_one_document_id_are_an_error_naming_them_all(tmp_path):
    """ep1.srt beside ep1.vtt (and ep1.txt): each fails, with one error naming every file
    and how many there are; the other files of the run are written."""
    raw = tmp_path / "raw"
    (raw / "show").mkdir(parents=True)
    (raw / "show" / "ep1.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\nHello.\n", encoding="utf-8")
    (raw / "show" / "ep1.vtt").write_text("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHello.\n", encoding="utf-8")
    (raw / "ep2.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\nBye.\n", encoding="utf-8")
    proc = transcripts("run", cwd=tmp_path, check=False)
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == ["error: raw/show/ep1.srt and raw/show/ep1.vtt: two raw files with the "
                                        "same document id 'show/ep1'"]
    assert (tmp_path / "clean" / "ep2" / "v0001").is_dir() and not (tmp_path / "clean" / "show").exists()
    (raw / "show" / "ep1.txt").write_text("Hello.\n", encoding="utf-8")
    proc = transcripts("run", cwd=tmp_path, check=False)
    assert proc.stderr.splitlines() == ["error: raw/show/ep1.srt and raw/show/ep1.txt and raw/show/ep1.vtt: "
                                        "3 raw files with the same document id 'show/ep1'"]
    proc = transcripts("reprocess", "raw/show/ep1.vtt", cwd=tmp_path, check=False)
    assert proc.returncode == 1 and proc.stderr == ("error: raw/show/ep1.vtt and raw/show/ep1.srt and "
                                                    "raw/show/ep1.txt: 3 raw files with the same document id "
                                                    "'show/ep1'\n")


def test_counts_of_one_are_singular(tmp_path):
    (tmp_path / "dictionaries").mkdir()
    (tmp_path / "dictionaries" / "one.txt").write_text("Cher\n", encoding="utf-8")
    out = transcripts("check-dictionaries", cwd=tmp_path).stdout
    assert out.strip().splitlines()[-1] == "1 dictionary, 1 term, 0 problems"


def test_diff_of_a_raw_path_that_is_not_there_says_so(tmp_path):
    bad = transcripts("diff", "raw/nothere.txt", cwd=tmp_path, check=False)
    assert bad.returncode == 1
    assert bad.stderr.strip() == "error: raw/nothere.txt: file not found (a document id, or the path of a raw file)"


def test_a_document_id_that_ends_like_a_file_is_an_id():
    from pipeline.cli import resolve_doc_id

    assert resolve_doc_id("calls/notes.srt", Path("raw")) == "calls/notes.srt"  # raw/calls/notes.srt.txt


def test_the_command_list_is_not_cut_short():
    """`transcripts --help` lists every command with its whole summary, none cut with "..."."""
    from click.testing import CliRunner

    from pipeline.cli import main

    out = CliRunner().invoke(main, ["--help"], terminal_width=80).output
    commands = out[out.index("Commands:"):].splitlines()[1:]
    assert len(commands) >= 8 and not any(line.rstrip().endswith("...") for line in commands), out


def test_check_dictionaries_checks_the_readable_files_beside_a_broken_one(tmp_path):
    """A dictionary that cannot be read hides nothing: the others are still checked."""
    folder = tmp_path / "dictionaries"
    folder.mkdir()
    (folder / "a.toml").write_text('[[term]]\ncanonical = "Cher"\nkind = "planet"\n', encoding="utf-8")
    (folder / "b.txt").write_text("Wegovy\nWegovy\n", encoding="utf-8")
    proc = transcripts("check-dictionaries", cwd=tmp_path, check=False)
    assert proc.returncode == 1
    assert "dictionaries/b.txt:2: duplicate term 'Wegovy' (also dictionaries/b.txt:1)" in proc.stdout.splitlines()
    assert proc.stderr.splitlines() == [
        "error: dictionaries/a.toml:3: kind 'planet' is not one of person, title, term, place, organization, other",
        "2 dictionaries: 1 cannot be read"]  # (the count follows one error as it follows many)


def test_run_says_which_files_it_does_not_read(tmp_path):
    """A file of another type in the raw folder is no error, and is not passed over in silence."""
    (tmp_path / "raw" / "show").mkdir(parents=True)
    (tmp_path / "raw" / "notes.md").write_text("# notes\n", encoding="utf-8")
    (tmp_path / "raw" / "show" / "script.DOCX").write_bytes(b"PK\x03\x04")
    (tmp_path / "raw" / "show" / "README").write_text("x\n", encoding="utf-8")
    proc = transcripts("run", cwd=tmp_path)
    assert "3 files of other types not read (.docx 1, .md 1, no extension 1; transcripts are .txt" in proc.stdout


def test_list_names_the_files_that_failed(tmp_path):
    """`list` shows the files that failed at their last run, with their errors."""
    from pipeline.write import record_failure

    record_failure(tmp_path / "clean", "show/ep2", "key", "raw/show/ep2.srt:7 (cue 2): broken cue timing")
    out = transcripts("list", cwd=tmp_path).stdout
    assert "failed at the last run (1" in out and "  show/ep2: raw/show/ep2.srt:7 (cue 2): broken cue timing" in out


def test_a_dictionary_kept_in_the_raw_folder_is_no_transcript(tmp_path):
    """`run --dictionary raw/dict/terms.txt`: the run's own dictionary is named, not cleaned."""
    (tmp_path / "raw" / "dict").mkdir(parents=True)
    (tmp_path / "raw" / "dict" / "terms.txt").write_text("Hagia Sophia\n", encoding="utf-8")
    proc = transcripts("run", "--dictionary", "raw/dict/terms.txt", cwd=tmp_path)
    assert "1 file in the raw folder is a dictionary of this run, not read as a transcript: raw/dict/terms.txt" \
        in proc.stdout
    assert "0 written" in proc.stdout and not (tmp_path / "clean" / "dict").exists()


def test_list_names_raw_files_that_share_a_document_id(tmp_path):
    """Refused before processing, two files of one id are recorded nowhere: `list` finds them."""
    (tmp_path / "raw").mkdir()
    for name in ("ep1.srt", "ep1.vtt"):
        (tmp_path / "raw" / name).write_text("x\n", encoding="utf-8")
    (tmp_path / "clean").mkdir()
    out = transcripts("list", cwd=tmp_path).stdout
    assert "  ep1: raw/ep1.srt and raw/ep1.vtt: two raw files with the same document id 'ep1'" in out


def test_a_wrong_name_or_folder_says_what_to_give_instead(tmp_path):
    """A document id cut short, a document id where a file is wanted, no raw folder here, no
    dictionaries here: each error says what would work."""
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "horology-talk.en.txt").write_text("The watch was made in Geneva.\n", encoding="utf-8")
    transcripts("reprocess", "raw/horology-talk.en.txt", cwd=tmp_path)
    bad = transcripts("diff", "horology", cwd=tmp_path, check=False)
    assert bad.returncode == 1 and "no versions of document 'horology' (did you mean 'horology-talk.en'?)" in bad.stderr
    bad = transcripts("reprocess", "horology-talk.en", cwd=tmp_path, check=False)
    assert bad.returncode == 1 and bad.stderr.strip() == (
        "error: horology-talk.en: file not found ('horology-talk.en' is a document; "
        "reprocess takes its raw file: raw/horology-talk.en.txt)")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    bad = transcripts("run", cwd=elsewhere, check=False)
    assert bad.returncode == 1 and "raw folder not found (name it with --raw-dir DIR, or run where raw/ is)" in bad.stderr
    said = transcripts("check-dictionaries", cwd=elsewhere)
    assert said.stdout.startswith("no dictionaries to check in dictionaries/")
    other = tmp_path / "other"
    other.mkdir()  # (from another folder: the id's file in the raw folder given)
    bad = transcripts("reprocess", "horology-talk.en", "--raw-dir", tmp_path / "raw", "--clean-dir",
                      tmp_path / "clean", cwd=other, check=False)
    assert f"reprocess takes its raw file: {tmp_path / 'raw' / 'horology-talk.en.txt'})" in bad.stderr


def test_a_run_without_a_dictionary_the_latest_versions_were_made_with_says_so(tmp_path):
    """A forgotten --dictionary drops its corrections from the new versions: said before."""
    (tmp_path / "raw").mkdir()
    (tmp_path / "mine").mkdir()
    (tmp_path / "raw" / "k.txt").write_text("We moved everything to Kubernets last year.\n", encoding="utf-8")
    (tmp_path / "mine" / "tech.txt").write_text("Kubernetes\n", encoding="utf-8")
    transcripts("reprocess", "raw/k.txt", "--dictionary", "mine/tech.txt", cwd=tmp_path)
    dry = transcripts("reprocess", "raw/k.txt", "--dry-run", cwd=tmp_path)
    assert dry.stderr.startswith("warning: mine/tech.txt: the latest version of 1 document (k)")
    proc = transcripts("reprocess", "raw/k.txt", cwd=tmp_path)
    assert proc.stderr.splitlines()[0] == (
        "warning: mine/tech.txt: the latest version of 1 document (k) was made with this dictionary, "
        "which this run leaves out; its corrections will not be made (pass it with --dictionary to keep them)")
    again = transcripts("reprocess", "raw/k.txt", "--dictionary", "mine/tech.txt", cwd=tmp_path)
    assert "warning" not in again.stderr  # (the version before was made without it: nothing left out)
    with open(tmp_path / "mine" / "tech.txt", "a", encoding="utf-8") as fh:
        fh.write("Docker\n")  # edited, and given from another folder: no warning
    other = transcripts("reprocess", tmp_path / "raw" / "k.txt", "--raw-dir", tmp_path / "raw", "--clean-dir",
                        tmp_path / "clean", "--dictionary", tmp_path / "mine" / "tech.txt", cwd=tmp_path / "mine")
    assert "warning" not in other.stderr


def test_the_plan_names_the_dictionaries_a_run_leaves_out(tmp_path, monkeypatch):
    from pipeline.cli import build_context
    from pipeline.core import plan

    monkeypatch.chdir(tmp_path)
    (tmp_path / "raw").mkdir()
    (tmp_path / "mine").mkdir()
    (tmp_path / "raw" / "k.txt").write_text("We moved everything to Kubernets last year.\n", encoding="utf-8")
    (tmp_path / "mine" / "tech.txt").write_text("Kubernetes\n", encoding="utf-8")
    transcripts("reprocess", "raw/k.txt", "--dictionary", "mine/tech.txt", cwd=tmp_path)
    ctx = build_context(Path("clean"), Path("raw"), (), None, False)
    assert plan(Path("raw"), ctx).left_out == {"mine/tech.txt": ["k"]}
    ctx = build_context(Path("clean"), Path("raw"), (Path("mine/tech.txt"),), None, True)
    assert plan(Path("raw"), ctx).left_out == {}


def test_reprocess_outside_the_raw_folder_names_the_document_run_made_of_the_file(tmp_path):
    """`run --raw-dir feeds` made 'show/ep1'; `reprocess feeds/show/ep1.txt` without --raw-dir
    makes 'ep1': said, with the option that goes on with 'show/ep1'."""
    (tmp_path / "feeds" / "show").mkdir(parents=True)
    (tmp_path / "feeds" / "show" / "ep1.txt").write_text("We talked about watches.\n", encoding="utf-8")
    transcripts("reprocess", "feeds/show/ep1.txt", "--raw-dir", "feeds", cwd=tmp_path)
    proc = transcripts("reprocess", "feeds/show/ep1.txt", cwd=tmp_path)
    assert ("warning: feeds/show/ep1.txt is outside the raw folder (raw), so its document is 'ep1'; "
            "its versions so far are document 'show/ep1' (to go on with those: --raw-dir feeds)") in proc.stderr
