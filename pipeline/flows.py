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

from pathlib import Path  # noqa: E402
from typing import Callable  # noqa: E402

from prefect import flow, task  # noqa: E402
from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner  # noqa: E402

from .core import FileResult, RunContext, process_file  # noqa: E402


@task(name="clean-file", retries=0, cache_policy=None, persist_result=False)
def clean_file_task(path: str, doc_id: str, ctx: RunContext) -> FileResult:
    """Process one whole file: read, clean, write its version."""
    return process_file(Path(path), ctx, doc_id)


def _task_runner(workers: int, dask_address: str | None):
    if dask_address:
        from prefect_dask import DaskTaskRunner

        return DaskTaskRunner(address=dask_address)
    if workers > 1:
        return ProcessPoolTaskRunner(max_workers=workers)
    return ThreadPoolTaskRunner(max_workers=1)


def run_flow(todo: list[tuple[Path, str]], ctx: RunContext, workers: int = 1,
             dask_address: str | None = None,
             on_result: Callable[[FileResult], None] | None = None) -> list[FileResult]:
    """Run the cleaning flow over ``todo`` and return one result per file, in order."""

    @flow(name="transcripts-run", task_runner=_task_runner(workers, dask_address),
          log_prints=False, persist_result=False, validate_parameters=False)
    def transcripts_run(items: list[tuple[str, str]]) -> list[FileResult]:
        futures = [clean_file_task.submit(path, doc_id, ctx) for path, doc_id in items]
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

    return transcripts_run([(str(path), doc_id) for path, doc_id in todo])
