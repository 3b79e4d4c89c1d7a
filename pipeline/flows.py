"""Prefect orchestration: the only module that imports Prefect.

One Prefect task handles one whole file (:func:`pipeline.core.process_file`); the flow maps
it over the files that :func:`pipeline.core.plan` found changed. Prefect runs embedded (a
temporary local API server on SQLite) unless ``PREFECT_API_URL`` points at a real server.
"""
from __future__ import annotations

import os

# Settings Prefect reads at import: no telemetry (there is no network), and its log lines
# stay off the user's terminal unless the CLI was asked for them (--verbose).
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_CLOUD_ENABLE_ORCHESTRATION_TELEMETRY", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "CRITICAL")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")

import collections  # noqa: E402
import concurrent.futures  # noqa: E402
import contextlib  # noqa: E402
import queue  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Callable  # noqa: E402

from prefect import flow, task  # noqa: E402
from prefect.task_runners import ThreadPoolTaskRunner  # noqa: E402

from .core import FileResult, RunContext, process_file, process_file_in_worker, start_worker  # noqa: E402
from .parallel import leave_with_parent  # noqa: E402
from .servers import free_port, local_server  # noqa: E402


SERVE_PID = "TRANSCRIPTS_SERVE_PID"  # set by ``transcripts serve`` for its runs' processes


def _leave_with_serve() -> None:
    """In a flow run that ``serve``'s Prefect runner started in a process of its own (which
    imports this module first): leave when that ``serve`` is gone. The runner does not end
    these processes when it is killed with SIGKILL, and one that was starting then waits
    for the dead API for ever. (A version being written is left to the next writer: its
    folder is temporary.)"""
    serve_pid = os.environ.get(SERVE_PID, "")
    if not serve_pid.isdigit() or os.getpid() == int(serve_pid):
        return
    if os.getppid() == int(serve_pid):
        leave_with_parent(int(serve_pid))
    elif not _alive(int(serve_pid)):  # it died while this process was starting
        os._exit(1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # (someone else's process now has that number)
        return True
    return True


_leave_with_serve()


class SharedContext:
    """The run's context, handed to each task as one opaque object.

    Prefect walks a task's parameters before every task run (twice), descending into every
    field of a dataclass, looking for upstream futures; a :class:`RunContext` holds the
    whole lexicon, and with a dictionary of a thousand terms that walk cost more than
    cleaning a short file. Prefect does not descend into a plain object like this one.
    (``prefect.utilities.annotations.quote`` would do the same, but reaches Dask workers
    as a bare tuple.)

    ``pool`` is the local process pool of a ``--workers N`` run; it stays in this process
    (it is not pickled: a Dask worker gets the context alone).
    """

    __slots__ = ("ctx", "pool")

    def __init__(self, ctx: RunContext, pool: concurrent.futures.Executor | None = None):
        self.ctx = ctx
        self.pool = pool

    def __getstate__(self):
        return {"ctx": self.ctx}

    def __setstate__(self, state):
        self.ctx = state["ctx"]
        self.pool = None


@task(name="clean-file", task_run_name="clean {doc_id}", retries=0, cache_policy=None, persist_result=False)
def clean_file_task(path: str, doc_id: str, shared: SharedContext) -> FileResult:
    """Process one whole file: read, clean, write its version (in a worker process of the
    local pool, where there is one)."""
    if shared.pool is not None:
        result = shared.pool.submit(process_file_in_worker, path, doc_id).result()
    else:
        result = process_file(Path(path), shared.ctx, doc_id)
    if result.status == "failed":  # the run history shows it failed, and why (the run goes on)
        from prefect.states import Failed

        return Failed(message=result.error, data=result)
    return result


def _task_runner(workers: int, dask_address: str | None):
    if dask_address:
        from prefect_dask import DaskTaskRunner

        return DaskTaskRunner(address=dask_address)
    return ThreadPoolTaskRunner(max_workers=workers)


@contextlib.contextmanager
def _local_pool(ctx: RunContext, workers: int, dask_address: str | None):
    """For ``--workers N`` (N > 1): N worker processes that clean files, without Prefect.

    Prefect's own ProcessPoolTaskRunner runs the whole task engine in the worker for each
    task (a new API client, TLS context and run context per task: about a tenth of a second,
    more than cleaning a typical file) and imports Prefect in every worker. Here Prefect
    runs each file's task in a thread of this process, as in a serial run, and the task
    hands the file to a worker process that was given the run's context once.
    """
    if dask_address or workers <= 1:
        yield None
        return
    import multiprocessing

    pool = concurrent.futures.ProcessPoolExecutor(
        max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
        initializer=start_worker, initargs=(ctx, os.getpid()))
    for _ in range(workers):  # start every worker now, while Prefect's API server starts
        pool.submit(int)
    try:
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


@contextlib.contextmanager
def embedded_api():
    """Prefect's embedded default: its temporary local API server (SQLite, loopback only).

    Where no ``PREFECT_API_URL`` is configured, start the server Prefect itself would start
    for an ephemeral run, once for the whole run, and point this process (and any child
    process, through the environment) at it. Started here rather than by Prefect so that
    it dies with this process, even when a run is killed with SIGKILL.
    """
    if os.environ.get("PREFECT_API_URL"):
        yield None
        return
    import sys

    import prefect
    from prefect.settings import PREFECT_API_URL, get_current_settings, temporary_settings

    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "--app-dir", str(prefect.__module_path__.parent), "--factory",
               "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(port),
               "--log-level", "error", "--lifespan", "on"]
    env = {**os.environ, "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1",
           **get_current_settings().to_environment_variables(exclude_unset=True)}
    timeout = float(os.environ["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"])
    with local_server("Prefect's local API server", command, port, env, timeout, quiet=False) as url:
        with temporary_settings(updates={PREFECT_API_URL: url}):
            yield url


_ARRIVALS_EVERY = 2.0  # seconds between two looks for files that arrived during a run


def run_flow(todo: list[tuple[Path, str]], ctx: RunContext, workers: int = 1,
             dask_address: str | None = None,
             on_result: Callable[[FileResult], None] | None = None,
             arrivals: Callable[[], list[tuple[Path, str]]] | None = None) -> list[FileResult]:
    """Run the cleaning flow over ``todo`` and return one result per file, in the order
    processed. With ``arrivals`` (a scheduled run), files are handed to the task runner a
    few at a time (more as each one finishes, whichever it is), and every
    ``_ARRIVALS_EVERY`` seconds ``arrivals()`` names files that came since the run planned:
    they go first, so a file dropped into a folder with a long backlog is not left waiting
    for the whole backlog, nor behind one slow file."""

    @flow(name="transcripts-run", task_runner=_task_runner(workers, dask_address),
          log_prints=False, persist_result=False, validate_parameters=False)
    def transcripts_run(items: list[tuple[str, str]]) -> list[FileResult]:
        if arrivals is None:  # every file at once, results in the order given
            futures = [clean_file_task.submit(path, doc_id, shared) for path, doc_id in items]
            return [finished(path, doc_id, future) for (path, doc_id), future in zip(items, futures)]
        # a few files at a time, each result as it comes, and a look for new files on time
        waiting = collections.deque(items)
        window = 4 * max(1, workers) if not dask_address else max(64, 4 * workers)
        running: dict[int, tuple[str, str, object]] = {}
        done: queue.Queue[int] = queue.Queue()
        results, number = [], 0
        looked = time.monotonic()
        while waiting or running:
            while waiting and len(running) < window:
                path, doc_id = waiting.popleft()
                future = clean_file_task.submit(path, doc_id, shared)
                running[number] = (path, doc_id, future)
                future.add_done_callback(lambda _, n=number: done.put(n))
                number += 1
            try:
                finished_one = done.get(timeout=max(0.0, looked + _ARRIVALS_EVERY - time.monotonic()))
            except queue.Empty:
                finished_one = None
            if finished_one is not None:
                results.append(finished(*running.pop(finished_one)))
            if time.monotonic() - looked >= _ARRIVALS_EVERY:
                waiting.extendleft(reversed([(str(p), d) for p, d in arrivals()]))
                looked = time.monotonic()
        return results

    def finished(path: str, doc_id: str, future) -> FileResult:
        try:  # (a file that failed is a Failed task run holding its FileResult)
            result = future.result(raise_on_failure=False)
        except Exception as exc:  # a crash in one file never stops the batch
            result = exc
        if not isinstance(result, FileResult):
            result = FileResult(path, doc_id, "failed", error=f"{path}: internal error: {result!r}")
        if on_result is not None:
            on_result(result)
        return result

    with _local_pool(ctx, workers, dask_address) as pool, embedded_api():
        shared = SharedContext(ctx, pool)
        return transcripts_run([(str(path), doc_id) for path, doc_id in todo])


@flow(name="transcripts-scheduled", log_prints=False, persist_result=False)
def scheduled_run(raw_dir: str = "raw", clean_dir: str = "clean", dictionaries: list[str] | None = None,
                  config: str | None = None, workers: int = 1, dask_address: str | None = None,
                  force: bool = False, workdir: str | None = None) -> dict:
    """One scheduled run: plan from content hashes, then clean the new and changed files."""
    from .cli import _progress_line, build_context
    from .core import plan
    from .errors import PipelineError, system_error

    # What the run did goes to serve's output (this process's stdout is the runner's, and
    # stderr is Prefect's log there): a line per file processed and a summary, nothing when
    # every file is unchanged, so a serve that has nothing to do stays quiet.
    # A file that keeps failing (the same error) is reported by the first run only.
    shown = ShownErrors.of_serve()
    _cancel_superseded_runs()
    force = force and _first_forced_run()
    try:
        if workdir:
            os.chdir(workdir)
        ctx = build_context(Path(clean_dir), Path(raw_dir), [Path(d) for d in dictionaries or []],
                            Path(config) if config else None, force)
        the_plan = plan(Path(raw_dir), ctx)
    except (PipelineError, OSError) as exc:  # a broken dictionary or settings file, no raw folder
        problem = str(exc) if isinstance(exc, PipelineError) else system_error(exc)
        if shown.new(FileResult("(start)", None, "failed", error=problem)):
            _error_line(f"error: {problem} (nothing processed until it is fixed)")
        raise
    if "(start)" in shown.errors:  # (such an error is shown again if it comes back)
        shown.new(FileResult("(start)", None, "written"))
        print(f"{time.strftime('%Y-%m-%d %H:%M:%S')} scheduled run: the error before is fixed; processing again",
              flush=True)
    total = len(the_plan.todo) + len(the_plan.unchanged) + len(the_plan.failed)
    processing = len(the_plan.todo)  # lines are numbered among these (and the files that arrive)
    done, news = 0, 0

    def report(result: FileResult, processed: bool = True) -> None:
        nonlocal done, news
        done += processed
        if not shown.new(result):
            return
        news += 1
        print(_progress_line(done if processed else None, processing, result), flush=True)
        if result.error:
            _error_line(f"error: {result.error}")

    for failure in the_plan.failed:  # (before processing: no number)
        report(failure, processed=False)

    find_new = _arrivals(Path(raw_dir), ctx, the_plan)

    def arrivals() -> list[tuple[Path, str]]:
        nonlocal total, processing
        new = find_new()
        total += len(new)
        processing += len(new)
        return new

    try:
        results = run_flow(the_plan.todo, ctx, workers=workers, dask_address=dask_address,
                           on_result=report, arrivals=arrivals) if the_plan.todo else []
    except Exception as exc:  # the orchestration itself failed (a Dask cluster gone, ...)
        if shown.new(FileResult("(orchestration)", None, "failed", error=f"{type(exc).__name__}: {exc}")):
            _error_line(f"error: the scheduled run failed: {type(exc).__name__}: {exc}")
        raise
    shown.new(FileResult("(orchestration)", None, "written"))
    summary = {
        "written": sum(r.status == "written" for r in results),
        "unchanged": len(the_plan.unchanged) + sum(r.status == "unchanged" for r in results),
        "failed": len(the_plan.failed) + sum(r.status == "failed" for r in results),
        "errors": [r.error for r in list(the_plan.failed) + results if r.error],
    }
    if news:
        print(f"{time.strftime('%Y-%m-%d %H:%M:%S')} scheduled run: {total} file{'s' if total != 1 else ''}: {summary['written']} written, "
              f"{summary['unchanged']} unchanged, {summary['failed']} failed", flush=True)
    return summary


def _arrivals(raw_dir: Path, ctx: RunContext, the_plan) -> Callable[[], list[tuple[Path, str]]]:
    """For a scheduled run: a function naming the raw files that appeared since ``the_plan``
    was made (a new path under ``raw_dir``), each once. A new file whose document id another
    raw file has is left to the next run's plan, which reports the clash."""
    from .core import discover
    from .ingest import document_id

    folder = ctx.resolve(raw_dir)
    planned = [p for p, _ in the_plan.todo] + [r.path for r in the_plan.unchanged + the_plan.failed]
    seen = {os.path.abspath(ctx.resolve(Path(p))) for p in planned}

    def arrivals() -> list[tuple[Path, str]]:
        try:
            paths = discover(folder, ctx.clean_dir)
        except Exception:  # the folder went away: the run goes on with what it has
            return []
        id_of = {path: document_id(path, folder) for path in paths}
        ids = collections.Counter(id_of.values())
        new = []
        for path in paths:
            where = os.path.abspath(path)
            if where not in seen:
                seen.add(where)
                if ids[id_of[path]] == 1:
                    new.append((path, id_of[path]))
        return new

    return arrivals


USER_STDERR = "TRANSCRIPTS_USER_STDERR"  # serve's own stderr, for its runs' error lines


def _error_line(line: str) -> None:
    """An error line of a scheduled run, on the stderr of the serve that started it (its
    runs are processes of their own, whose stderr is Prefect's log): opened by the path
    serve names in ``USER_STDERR``; on stdout where there is none."""
    path = os.environ.get(USER_STDERR)
    if path:
        try:
            with open(path, "a", encoding="utf-8") as stream:
                stream.write(line + "\n")
            return
        except OSError:
            pass
    print(line, flush=True)


SERVE_STATE = "TRANSCRIPTS_SERVE_STATE"  # a private folder of one ``serve``, for its runs


def _first_forced_run() -> bool:
    """Whether this scheduled run is the first of its serve, which alone applies ``--force``
    (every run writing a new version of every file would fill the disk with copies): the
    first to make the serve's marker file takes it. Outside a serve, every run is first."""
    folder = os.environ.get(SERVE_STATE)
    if not folder:
        return True
    try:
        with open(os.path.join(folder, "forced"), "x"):
            return True
    except FileExistsError:
        return False
    except OSError:
        return True


class ShownErrors:
    """The errors one ``serve``'s scheduled runs have shown (each run is a process of its
    own): a file that keeps failing with the same error is reported once, and again only
    after it has been processed without one. Kept in ``serve``'s private folder
    (``SERVE_STATE``), which serve removes when it stops; elsewhere every error is shown."""

    def __init__(self, path: Path | None):
        self.path = path
        self.errors: dict[str, str] = {}  # file -> its last error shown
        if path is not None:
            with contextlib.suppress(OSError):
                for line in path.read_text(encoding="utf-8").split("\n"):
                    file, _, error = line.partition("\t")
                    self.errors[file] = error

    @classmethod
    def of_serve(cls) -> "ShownErrors":
        folder = os.environ.get(SERVE_STATE)
        return cls(Path(folder) / "errors-shown.tsv" if folder else None)

    def new(self, result: FileResult) -> bool:
        """Whether ``result`` is worth showing (and note what was shown)."""
        error = (result.error or "").replace("\n", " ").replace("\t", " ")
        if self.errors.get(result.path, "") == error:
            return not error
        if error:
            self.errors[result.path] = error
        else:
            self.errors.pop(result.path, None)
        if self.path is not None:
            with contextlib.suppress(OSError):
                self.path.write_text("".join(f"{f}\t{e}\n" for f, e in self.errors.items()), encoding="utf-8")
        return True


DEPLOYMENT = "transcripts"  # the start of the name ``serve`` gives its deployment of ``scheduled_run``


def deployment_name(parameters: dict) -> str:
    """The name of a serve's deployment: ``transcripts-`` and a digest of the host and the
    folders it serves. Two serves of different folders on one long-lived Prefect server keep
    a deployment each (with one name, the second one's parameters replaced the first's, and
    the first folder was no longer served); two of the same folders share one."""
    import hashlib
    import socket

    workdir = Path(parameters.get("workdir") or ".")
    folders = [str((workdir / parameters[key]).resolve()) for key in ("raw_dir", "clean_dir")]
    digest = hashlib.sha256("\0".join([socket.gethostname(), *folders]).encode()).hexdigest()[:10]
    return f"{DEPLOYMENT}-{digest}"


def clear_orphaned_runs(name: str) -> int:
    """End what an earlier ``serve`` on this Prefect database left behind, and say how many.

    A ``serve`` leaves its deployment's runs behind: runs scheduled ahead (which turn late,
    and the next ``serve`` would start all at once) and, if it was killed, runs marked
    pending or running that no process runs any more. Only call this where no other
    ``serve`` can be using the database (``transcripts serve`` holds its lock), and only
    the deployment of a serve that is gone is touched (its tags name the serve). The runs
    marked pending or running are marked crashed, so the run history stays true; then the
    deployment is deleted, which deletes its scheduled runs in one go (``serve`` makes it
    anew; the finished runs stay in the history, under the flow)."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.objects import StateType
    from prefect.states import Crashed

    with get_client(sync_client=True) as client:
        deployment = _deployment(client, name)
        if deployment is None or not _orphaned(deployment.tags or []):
            return 0
        stale = _set_state(client, _runs_in(deployment, StateType.PENDING, StateType.RUNNING),
                           lambda: Crashed(message="the transcripts serve that ran this stopped"))
        scheduled = client.count_flow_runs(flow_run_filter=_runs_in(deployment, StateType.SCHEDULED))
        client.delete_deployment(deployment.id)
    return stale + scheduled


STOPPED = "the transcripts serve that scheduled this run stopped"


def retire_deployment(name: str) -> int:
    """On ``serve``'s way out: pause its deployment, which deletes the runs scheduled ahead
    (Prefect schedules up to a hundred; on a server that outlives serve they would turn late,
    and the next serve would start them all at once), and cancel its runs that fell due and
    did not start. A serve started again resumes the deployment. Only where the deployment's
    tag names this serve (another serve of the same folders may have taken it over since).
    How many runs were removed or cancelled."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.objects import StateType
    from prefect.states import Cancelled

    with get_client(sync_client=True) as client:
        deployment = _deployment(client, name)
        if deployment is None or owner_tag() not in (deployment.tags or []):
            return 0
        scheduled = _runs_in(deployment, StateType.SCHEDULED)
        before = client.count_flow_runs(flow_run_filter=scheduled)
        client.pause_deployment(deployment.id)  # (deletes the runs scheduled ahead of now)
        _set_state(client, scheduled, lambda: Cancelled(message=STOPPED))
    return before


def _deployment(client, name: str):
    """The scheduled flow's deployment of this name, or None."""
    from prefect.exceptions import ObjectNotFound

    try:
        return client.read_deployment_by_name(f"{scheduled_run.name}/{name}")
    except ObjectNotFound:
        return None


def _runs_in(deployment, *types):
    """A filter of the deployment's runs in these states."""
    from prefect.client.schemas.filters import (FlowRunFilter, FlowRunFilterDeploymentId,
                                                FlowRunFilterState, FlowRunFilterStateType)

    return FlowRunFilter(deployment_id=FlowRunFilterDeploymentId(any_=[deployment.id]),
                         state=FlowRunFilterState(type=FlowRunFilterStateType(any_=list(types))))


def _set_state(client, runs, state) -> int:
    """Set every run the filter ``runs`` finds to ``state()``, forced; how many."""
    from prefect.client.schemas.sorting import FlowRunSort

    seen: set = set()
    # (a sort must be given: this client sends none by default, which the server refuses)
    while found := [run for run in client.read_flow_runs(flow_run_filter=runs, sort=FlowRunSort.ID_DESC,
                                                        limit=200) if run.id not in seen]:
        for run in found:  # (one that stays unfinished is not asked about again)
            seen.add(run.id)
            client.set_flow_run_state(run.id, state(), force=True)
    return len(seen)


SUPERSEDED = "superseded: a later scheduled run took the files"


def _cancel_superseded_runs() -> int:
    """In a scheduled run: cancel the runs of its deployment that were due before now and
    have not started. Runs go one at a time, so after a long one the runs that came due
    meanwhile wait, and each would start a process of its own only to find what this one
    takes; with an interval shorter than that start-up they would pile up for ever. How
    many were cancelled (0 where this cannot be asked: the run goes on regardless)."""
    try:
        from prefect import get_client
        from prefect.client.schemas.filters import (
            FlowRunFilter, FlowRunFilterDeploymentId, FlowRunFilterExpectedStartTime, FlowRunFilterId,
            FlowRunFilterState, FlowRunFilterStateType)
        from prefect.client.schemas.objects import StateType
        from prefect.client.schemas.sorting import FlowRunSort
        from prefect.runtime import deployment, flow_run
        from prefect.states import Cancelled
        from prefect.types import DateTime

        if not deployment.id or not flow_run.id:
            return 0
        due = FlowRunFilter(
            id=FlowRunFilterId(not_any_=[flow_run.id]),
            deployment_id=FlowRunFilterDeploymentId(any_=[deployment.id]),
            state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.SCHEDULED])),
            expected_start_time=FlowRunFilterExpectedStartTime(before_=DateTime.now("UTC")))
        cancelled = 0
        with get_client(sync_client=True) as client:
            for run in client.read_flow_runs(flow_run_filter=due, sort=FlowRunSort.EXPECTED_START_TIME_ASC,
                                             limit=200):
                client.set_flow_run_state(run.id, Cancelled(message=SUPERSEDED))
                cancelled += 1
        return cancelled
    except Exception:  # noqa: BLE001 - housekeeping only: never a reason for the run to fail
        return 0


_OWNER = "transcripts-serve:"  # a deployment's tag naming the serve that serves it


def owner_tag() -> str:
    """The tag of this process's deployment: host and pid of the serve."""
    import socket

    return f"{_OWNER}{socket.gethostname()}:{os.getpid()}"


def _orphaned(tags: list[str]) -> bool:
    """Whether the serve a deployment's tags name is gone: a process of this host that no
    longer runs (a deployment from before these tags counts as gone; one of another host
    never does, since nothing here can tell)."""
    import socket

    owners = [tag[len(_OWNER):] for tag in tags if tag.startswith(_OWNER)]
    if not owners:
        return True
    host, _, pid = owners[0].rpartition(":")
    return host == socket.gethostname() and pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid))


def serve_schedule(parameters: dict, cron: str | None, interval: float | None,
                   folder: str | None = None) -> None:
    """Serve the scheduled run as a Prefect deployment from this process until stopped.

    Prefect's runner makes a folder of its own, ``runner_storage/<uuid>`` in the temporary
    folder, and leaves it there when it is stopped by Ctrl-C (its shutdown, cancelled, does
    not get as far as removing it). Given ``folder`` (serve's private one, which serve
    removes as it leaves), the runner makes it in there instead."""
    import tempfile

    from prefect.deployments.runner import EntrypointType

    saved = tempfile.tempdir
    if folder is not None:
        tempfile.tempdir = folder  # (where the runner, made by serve below, puts its folder)
    try:
        scheduled_run.serve(
            name=deployment_name(parameters),
            tags=[owner_tag()],
            cron=cron,
            interval=interval,
            parameters=parameters,
            description="Clean new and changed transcripts of the raw folder.",
            print_starting_message=False,
            pause_on_shutdown=False,
            limit=1,  # one run at a time: a run due while one is busy waits for it
            entrypoint_type=EntrypointType.MODULE_PATH,
        )
    finally:
        tempfile.tempdir = saved
