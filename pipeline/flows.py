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

import contextlib  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Callable  # noqa: E402

from prefect import flow, task  # noqa: E402
from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner  # noqa: E402

from .core import FileResult, RunContext, process_file  # noqa: E402


class SharedContext:
    """The run's context, handed to each task as one opaque object.

    Prefect walks a task's parameters before every task run (twice), descending into every
    field of a dataclass, looking for upstream futures; a :class:`RunContext` holds the
    whole lexicon, and with a dictionary of a thousand terms that walk cost more than
    cleaning a short file. Prefect does not descend into a plain object like this one.
    (``prefect.utilities.annotations.quote`` would do the same, but reaches Dask workers
    as a bare tuple.)
    """

    __slots__ = ("ctx",)

    def __init__(self, ctx: RunContext):
        self.ctx = ctx


@task(name="clean-file", retries=0, cache_policy=None, persist_result=False)
def clean_file_task(path: str, doc_id: str, shared: SharedContext) -> FileResult:
    """Process one whole file: read, clean, write its version."""
    return process_file(Path(path), shared.ctx, doc_id)


def _task_runner(workers: int, dask_address: str | None):
    if dask_address:
        from prefect_dask import DaskTaskRunner

        return DaskTaskRunner(address=dask_address)
    if workers > 1:
        return ProcessPoolTaskRunner(max_workers=workers)
    return ThreadPoolTaskRunner(max_workers=1)


@contextlib.contextmanager
def embedded_api():
    """Prefect's embedded default, shared with worker processes.

    Where no ``PREFECT_API_URL`` is configured, start Prefect's temporary local API server
    (SQLite, loopback only) once for the whole run and point this process and every worker
    process at it; otherwise each worker process would start a temporary server of its own.
    """
    if os.environ.get("PREFECT_API_URL"):
        yield None
        return
    from prefect.server.api.server import SubprocessASGIServer
    from prefect.settings import PREFECT_API_URL, temporary_settings

    server = SubprocessASGIServer()
    server.start()
    os.environ["PREFECT_API_URL"] = server.api_url
    try:
        with temporary_settings(updates={PREFECT_API_URL: server.api_url}):
            yield server.api_url
    finally:
        os.environ.pop("PREFECT_API_URL", None)
        server.stop()


def run_flow(todo: list[tuple[Path, str]], ctx: RunContext, workers: int = 1,
             dask_address: str | None = None,
             on_result: Callable[[FileResult], None] | None = None) -> list[FileResult]:
    """Run the cleaning flow over ``todo`` and return one result per file, in order."""

    @flow(name="transcripts-run", task_runner=_task_runner(workers, dask_address),
          log_prints=False, persist_result=False, validate_parameters=False)
    def transcripts_run(items: list[tuple[str, str]]) -> list[FileResult]:
        shared = SharedContext(ctx)
        futures = [clean_file_task.submit(path, doc_id, shared) for path, doc_id in items]
        results = []
        for (path, doc_id), future in zip(items, futures):
            try:
                result = future.result()
            except Exception as exc:  # a crash in one file never stops the batch
                result = FileResult(path, doc_id, "failed", error=f"{path}: internal error: {exc!r}")
            if on_result is not None:
                on_result(result)
            results.append(result)
        return results

    with embedded_api():
        return transcripts_run([(str(path), doc_id) for path, doc_id in todo])


@flow(name="transcripts-scheduled", log_prints=False, persist_result=False)
def scheduled_run(raw_dir: str = "raw", clean_dir: str = "clean", dictionaries: list[str] | None = None,
                  config: str | None = None, workers: int = 1, dask_address: str | None = None,
                  force: bool = False, workdir: str | None = None) -> dict:
    """One scheduled run: plan from content hashes, then clean the new and changed files."""
    from .cli import build_context
    from .core import plan

    if workdir:
        os.chdir(workdir)
    ctx = build_context(Path(clean_dir), Path(raw_dir), [Path(d) for d in dictionaries or []],
                        Path(config) if config else None, force)
    the_plan = plan(Path(raw_dir), ctx)
    results = run_flow(the_plan.todo, ctx, workers=workers, dask_address=dask_address) if the_plan.todo else []
    summary = {
        "written": sum(r.status == "written" for r in results),
        "unchanged": len(the_plan.unchanged) + sum(r.status == "unchanged" for r in results),
        "failed": len(the_plan.failed) + sum(r.status == "failed" for r in results),
        "errors": [r.error for r in list(the_plan.failed) + results if r.error],
    }
    return summary


def serve_schedule(parameters: dict, cron: str | None, interval: float | None) -> None:
    """Serve the scheduled run as a Prefect deployment from this process until stopped."""
    from prefect.deployments.runner import EntrypointType

    scheduled_run.serve(
        name="transcripts",
        cron=cron,
        interval=interval,
        parameters=parameters,
        description="Clean new and changed transcripts of the raw folder.",
        print_starting_message=False,
        pause_on_shutdown=False,
        entrypoint_type=EntrypointType.MODULE_PATH,
    )
