"""Share one big document's CPU-bound work between the machine's cores.

A stage whose work falls into independent parts (the correct stage's search by sound and
spelling: runs of words that start with different words) can compute the parts in forked
child processes. A child inherits everything the stage has built so far (tokens, compiled
dictionary, word lists) without copying or pickling it, computes its part, and sends back
only the result. The results are the same as computing every part in this process, in
the same order; a child that fails is recomputed here.

Forking is used only where it is safe and pays:

- on a system with ``os.fork`` and at least two usable cores;
- in a process with one thread (the ``reprocess`` command): forking a process whose other
  threads may hold locks is not safe (a serial ``run`` has Prefect's threads);
- not in a worker of a ``--workers`` pool, which already keeps every core busy;
- for work big enough to be worth a process (the caller decides, by size);
- not where ``TRANSCRIPTS_PROCESSES=1`` (or a larger cap) says otherwise, and not in a
  process that is already one of these children.
"""
from __future__ import annotations

import os
import pickle
import signal
import threading
from typing import Callable, TypeVar

T = TypeVar("T")

_in_child = False
_sharing = True


def share_cores(allowed: bool) -> None:
    """Allow or forbid forking in this process (a worker of a ``--workers`` pool, which
    already has a file for each core, forbids it)."""
    global _sharing
    _sharing = allowed


def usable_processes() -> int:
    """How many processes one document's work may use here (1: do it in this process)."""
    if _in_child or not _sharing or not hasattr(os, "fork") or threading.active_count() != 1:
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    cap = os.environ.get("TRANSCRIPTS_PROCESSES", "").strip()
    if cap.isdigit() and int(cap) >= 1:
        cores = min(cores, int(cap))
    return max(1, cores)


def die_with_parent(signum: int = signal.SIGTERM) -> None:
    """In a child process (a ``preexec_fn``, or a forked part): be sent ``signum`` when the
    parent dies, even by SIGKILL, so that no child outlives its run (Linux only)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signum)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def leave_with_parent(parent: int, poll: float = 1.0) -> None:
    """In a child process: leave (exit at once) when ``parent`` is no longer its parent,
    checked every ``poll`` seconds by a thread. For children that another library starts
    (Prefect's flow runs, a process pool's workers), which outlive their parent when it is
    killed with SIGKILL; the kernel's parent-death signal (:func:`die_with_parent`) would
    fire when the *thread* that started the child ends, which such a library decides."""
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(poll)
        os._exit(1)

    threading.Thread(target=watch, name="leave-with-parent", daemon=True).start()


def fork_map(work: Callable[[int], T], parts: int) -> list[T]:
    """``[work(0), ..., work(parts - 1)]``: part 0 in this process, the others in forked
    children (each result must pickle). A child that fails or dies is recomputed here, so
    the result never depends on the children."""
    if parts <= 1:
        return [work(k) for k in range(max(parts, 1))]
    global _in_child
    children: list[tuple[int, int, int]] = []  # (part, pid, read end)
    for k in range(1, parts):
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: compute part k, write it, leave at once
            status = 1
            try:
                _in_child = True
                die_with_parent(signal.SIGKILL)
                os.close(read)
                data = pickle.dumps(work(k), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write, "wb") as out:
                    out.write(data)
                status = 0
            except BaseException:  # noqa: BLE001 - the parent recomputes this part
                pass
            finally:
                os._exit(status)
        os.close(write)
        children.append((k, pid, read))
    results: dict[int, T] = {}
    try:
        results[0] = work(0)
    finally:
        for k, pid, read in children:
            with os.fdopen(read, "rb") as source:
                data = source.read()
            _, status = os.waitpid(pid, 0)
            if status == 0 and data:
                results[k] = pickle.loads(data)
    for k in range(1, parts):
        if k not in results:
            results[k] = work(k)
    return [results[k] for k in range(parts)]
