"""Forked parts of one document's work: same results, in order, whatever the children do."""
from __future__ import annotations

import os

import pytest

from pipeline import parallel

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")


def test_parts_come_back_in_order_from_other_processes():
    results = parallel.fork_map(lambda k: (k * k, os.getpid()), 3)
    assert [value for value, _ in results] == [0, 1, 4]
    pids = {pid for _, pid in results}
    assert os.getpid() in pids and len(pids) == 3  # parts 1 and 2 ran in children


def test_a_failing_child_is_recomputed_here():
    def work(k):
        if parallel._in_child:
            raise RuntimeError("a child fails")
        return k + 10

    assert parallel.fork_map(work, 3) == [10, 11, 12]


def test_a_child_that_dies_is_recomputed_here():
    def work(k):
        if parallel._in_child:
            os._exit(3)
        return [k]

    assert parallel.fork_map(work, 2) == [[0], [1]]


def test_one_part_runs_here():
    assert parallel.fork_map(lambda k: os.getpid(), 1) == [os.getpid()]


def test_the_environment_caps_the_processes(monkeypatch):
    monkeypatch.setenv("TRANSCRIPTS_PROCESSES", "1")
    assert parallel.usable_processes() == 1


def test_a_pool_worker_does_not_fork(monkeypatch):
    monkeypatch.delenv("TRANSCRIPTS_PROCESSES", raising=False)
    monkeypatch.setattr(parallel, "_sharing", True)
    parallel.share_cores(False)
    assert parallel.usable_processes() == 1


def _running(pid: int) -> bool:
    """Whether ``pid`` runs (a process that has exited but is not yet reaped does not)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads /proc")
def test_a_child_leaves_when_its_parent_is_killed():
    """leave_with_parent: a child another library starts (a pool's worker, Prefect's flow
    run) leaves within about a second when its parent is killed with SIGKILL."""
    import signal
    import subprocess
    import sys
    import time

    from conftest import ROOT

    child = (f"import sys, time; sys.path.insert(0, {str(ROOT)!r}); "
             "from pipeline.parallel import leave_with_parent; "
             "leave_with_parent(int(sys.argv[1]), poll=0.1); print('ready', flush=True); time.sleep(60)")
    parent = ("import os, subprocess, sys, time; "
              f"c = subprocess.Popen([sys.executable, '-c', {child!r}, str(os.getpid())], stdout=subprocess.PIPE, text=True); "
              "c.stdout.readline(); print(c.pid, flush=True); time.sleep(60)")
    proc = subprocess.Popen([sys.executable, "-c", parent], stdout=subprocess.PIPE, text=True)
    grandchild = int(proc.stdout.readline())
    assert _running(grandchild)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10
    while _running(grandchild):
        assert time.monotonic() < deadline, "the child outlived its killed parent"
        time.sleep(0.05)

