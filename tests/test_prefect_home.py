"""The temporary Prefect home of a second run at the same time: one left by a killed run goes."""
import fcntl
import os
import signal
import subprocess
import sys
import tempfile

from pipeline import cli


def _setup(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setenv("PREFECT_HOME", str(home))
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    return home, temp


def test_a_killed_runs_temporary_home_is_removed_by_the_next_one(tmp_path, monkeypatch):
    home, temp = _setup(tmp_path, monkeypatch)
    # a run killed with SIGKILL while it held its temporary home
    code = ("import os, signal, tempfile; tempfile.tempdir = %r\n"
            "from pipeline import cli\n"
            "folder, _ = cli._claim_temporary_home()\n"
            "open(os.path.join(folder, 'prefect.db'), 'w').write('x' * 1000)\n"
            "os.kill(os.getpid(), signal.SIGKILL)\n" % str(temp))
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    killed = subprocess.run([sys.executable, "-c", code], env=env)
    assert killed.returncode == -signal.SIGKILL
    left = [p for p in temp.iterdir() if p.name.startswith("transcripts-prefect-home-")]
    assert len(left) == 1 and (left[0] / "prefect.db").exists()
    # one alive (its lock held) and one being made (no lock file yet) stay
    alive = temp / "transcripts-prefect-home-alive"
    alive.mkdir()
    held = os.open(alive / ".transcripts-home.lock", os.O_CREAT | os.O_RDWR)
    fcntl.flock(held, fcntl.LOCK_EX)
    making = temp / "transcripts-prefect-home-making"
    making.mkdir()
    other = temp / "transcripts-other"
    other.mkdir()
    with open(home / "transcripts-run.lock", "a") as first:  # a first run holds Prefect's home
        fcntl.flock(first, fcntl.LOCK_EX)
        with cli._prefect_home():
            mine = os.environ["PREFECT_HOME"]
            assert os.path.dirname(mine) == str(temp)
            assert not left[0].exists()
            assert alive.exists() and making.exists() and other.exists()
            # a second run meanwhile does not take this one's for a left one
            with open(home / "transcripts-run.lock", "a"):
                cli._remove_left_temporary_homes()
            assert os.path.isdir(mine)
        assert not os.path.exists(mine)
    os.close(held)
    assert alive.exists()
    assert os.environ["PREFECT_HOME"] == str(home)


def test_a_killed_serves_folder_is_removed_by_the_next_serve(tmp_path, monkeypatch):
    """serve's private folder (its runs' shared state) is held as a temporary Prefect home
    is: one a serve killed with SIGKILL left is removed when the next serve makes its own,
    and a live serve's folder, or a Prefect home, is not."""
    _, temp = _setup(tmp_path, monkeypatch)
    code = ("import os, signal, tempfile; tempfile.tempdir = %r\n"
            "from pipeline import cli\n"
            "folder, _ = cli._claim_temporary_home(cli._SERVE_FOLDER_PREFIX)\n"
            "open(os.path.join(folder, 'errors-shown.tsv'), 'w').write('x')\n"
            "os.kill(os.getpid(), signal.SIGKILL)\n" % str(temp))
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    assert subprocess.run([sys.executable, "-c", code], env=env).returncode == -signal.SIGKILL
    left = [p for p in temp.iterdir() if p.name.startswith("transcripts-serve-")]
    assert len(left) == 1 and (left[0] / "errors-shown.tsv").exists()
    home, home_lock = cli._claim_temporary_home()  # a run's Prefect home, alive
    alive, alive_lock = cli._claim_temporary_home(cli._SERVE_FOLDER_PREFIX)  # another live serve
    assert not left[0].exists()
    mine, mine_lock = cli._claim_temporary_home(cli._SERVE_FOLDER_PREFIX)
    assert os.path.isdir(alive) and os.path.isdir(home) and os.path.isdir(mine)
    for held in (home_lock, alive_lock, mine_lock):
        os.close(held)
    cli._remove_left_temporary_homes(cli._SERVE_FOLDER_PREFIX)  # (now gone: only serve's go)
    assert not os.path.exists(alive) and not os.path.exists(mine) and os.path.isdir(home)
