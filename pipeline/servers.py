"""Local API servers started as child processes (no Prefect import here).

Both the embedded server of a run and the real server of ``transcripts serve`` are child
processes on loopback: :func:`local_server` starts one, waits for its health check, points
``PREFECT_API_URL`` at it for the life of the block, and stops it. A child dies with its
parent, even when the parent is killed with SIGKILL.
"""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import time
import urllib.request

from .errors import PipelineError
from .parallel import die_with_parent


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now."""
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


_running: list[subprocess.Popen] = []  # the servers started by local_server, still running


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@contextlib.contextmanager
def local_server(what: str, command: list[str], port: int, env: dict, timeout: float, quiet: bool = True):
    """Run ``command`` (a server listening on ``127.0.0.1:port``) for the life of the block.

    Yields the API address (``http://127.0.0.1:PORT/api``) once ``/api/health`` answers,
    with ``PREFECT_API_URL`` set to it so worker processes started inside the block use it.
    """
    log = open(os.devnull, "wb") if quiet else None
    # its own session: a Ctrl-C at the terminal reaches this process only, which then stops
    # its work and the server in turn (a server stopped first leaves that work without an API)
    server = subprocess.Popen(command, env=env, stdout=log, stderr=log, stdin=subprocess.DEVNULL,
                              preexec_fn=die_with_parent, start_new_session=True)
    url = f"http://127.0.0.1:{port}/api"
    _running.append(server)
    try:
        deadline = time.monotonic() + timeout
        while not _healthy(url + "/health"):
            if server.poll() is not None:
                raise PipelineError(what, f"exited with status {server.returncode} while starting "
                                    "(run with --verbose to see why)")
            if time.monotonic() > deadline:
                raise PipelineError(what, f"did not start in {timeout:g} s")
            time.sleep(0.1)
        os.environ["PREFECT_API_URL"] = url
        yield url
    finally:
        os.environ.pop("PREFECT_API_URL", None)
        with contextlib.suppress(ValueError):  # (stop_servers may have taken it meanwhile)
            _running.remove(server)
        _stop(server)
        if log is not None:
            log.close()


def _stop(server: subprocess.Popen, grace: float = 15) -> None:
    server.terminate()
    try:
        server.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def stop_servers(grace: float = 10) -> None:
    """Stop every server :func:`local_server` started and has not stopped yet (a process
    about to leave at once, without unwinding its blocks)."""
    while True:
        try:
            server = _running.pop()
        except IndexError:  # (none left, or the block stopping the last one took it)
            return
        _stop(server, grace)
