"""The ``transcripts`` command line: a thin layer over :mod:`pipeline.core`.

Library errors become one line on stderr naming the file, and exit status 1; never a
traceback (set ``TRANSCRIPTS_DEBUG=1`` to see one).
"""
from __future__ import annotations

import collections
import contextlib
import functools
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import click

from . import __version__
from .config import load_settings
from .dictionaries import DECISIONS_NAME, check_lexicon, default_dictionary_paths, lexicon_errors, load_lexicon
from .errors import PipelineError, system_error

# The stages that record corrections, in order (their modules' STAGE; not imported here, to
# keep the stages' imports out of every command's start-up)
STAGE_NAMES = ("repair", "normalize", "correct", "spelling")

DICTIONARY_DIR = Path("dictionaries")


_user_stderr = None  # the terminal's stderr, once file descriptor 2 is sent to a log


def _n(count: int, word: str, plural: str | None = None) -> str:
    """"1 file", "2 files"."""
    return f"{count} {word if count == 1 else plural or word + 's'}"


def _err(message: str) -> None:
    """A line for the user on stderr (also when Prefect's stderr goes to a log)."""
    if _user_stderr is not None:
        click.echo(message, file=_user_stderr)
    else:
        click.echo(message, err=True)


def _say(line: str) -> None:
    """A progress line on stdout; where its reader went away (``transcripts run | head``),
    the rest of stdout goes nowhere and the run goes on with its work."""
    try:
        click.echo(line)
    except BrokenPipeError:
        _stdout_to_nowhere()


def _stdout_to_nowhere() -> None:
    """Point stdout at /dev/null: its reader went away, and what is still written (or
    flushed at exit) must not fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def _fail(message: str) -> None:
    _err(message)
    sys.exit(1)


def handle_errors(command):
    """Turn library errors into one clear line and exit status 1."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except PipelineError as exc:
            _fail(f"error: {exc}")
        except KeyboardInterrupt:  # Ctrl-C: the shell's status for it
            _err("interrupted")
            sys.exit(130)
        except click.ClickException:  # a usage error: click shows it with the usage line
            raise
        except BrokenPipeError:  # the reader went away (`transcripts diff DOC | head`)
            _stdout_to_nowhere()
            sys.exit(0)
        except Exception as exc:  # never a traceback for users
            if os.environ.get("TRANSCRIPTS_DEBUG"):
                raise
            if isinstance(exc, OSError) and (exc.filename or exc.errno):  # the system's answer
                _fail(f"error: {system_error(exc)}")
            _fail(f"error: internal error: {type(exc).__name__}: {exc} (set TRANSCRIPTS_DEBUG=1 for details)")

    return wrapper


def raw_dir_option(f):
    return click.option("--raw-dir", type=click.Path(path_type=Path), default=Path("raw"), show_default=True,
                        help="Folder of raw transcripts (searched recursively).")(f)


def clean_dir_option(f):
    return click.option("--clean-dir", type=click.Path(path_type=Path), default=Path("clean"), show_default=True,
                        help="Folder of versioned outputs.")(f)


def lexicon_options(f):
    f = click.option("--dictionary", "dictionaries", multiple=True, type=click.Path(path_type=Path),
                     help="Dictionary file (.txt or .toml); repeatable. Replaces the default set "
                          "(every dictionary in ./dictionaries/).")(f)
    f = click.option("--config", "config_path", type=click.Path(path_type=Path), default=None,
                     help="Settings file (default: ./transcripts.toml if present).")(f)
    return f


def run_options(f):
    """The options ``run`` and ``serve`` share: parallelism and forcing new versions."""
    f = click.option("--force", is_flag=True, help="Write a new version even where nothing changed.")(f)
    f = click.option("--dask-address", default=None,
                     help="Send files to an existing Dask cluster (tcp://host:port).")(f)
    f = click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
                     help="Files processed in parallel on this machine.")(f)
    return f


def verbose_option(f):
    return click.option("--verbose", "-v", is_flag=True, help="Show the orchestrator's own log lines.",
                        callback=_verbose_logging, expose_value=True)(f)


def _verbose_logging(ctx, param, value: bool) -> bool:
    """With --verbose, Prefect logs at INFO, or at the PREFECT_LOGGING_LEVEL the user set
    (pipeline.flows sets CRITICAL otherwise; Prefect reads it when first imported, after
    the options are parsed)."""
    if value:
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "INFO")
        if ctx.info_name == "run" and not os.environ.get("PREFECT_API_URL"):
            # the run's temporary server is gone when Prefect sends its last log lines to it
            # ("--- Error logging to API ---"): they are on stderr, and kept nowhere else
            os.environ.setdefault("PREFECT_LOGGING_TO_API_ENABLED", "false")
    return value


def _check_clean_dir(clean_dir: Path) -> None:
    """The clean folder, where it exists, must be a folder (else every file would fail,
    each error naming its raw file)."""
    if clean_dir.exists() and not clean_dir.is_dir():
        raise PipelineError(clean_dir, "the clean folder is not a folder")


def _check_clean_dir_writable(clean_dir: Path) -> None:
    """Fail at once, naming the clean folder, where no version can be written into it (a
    read-only file system, a path that cannot be made), rather than after cleaning every
    file, each failing with the same error."""
    try:
        clean_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=clean_dir, prefix=".tmp-check-"):
            pass
    except OSError as exc:
        raise PipelineError(clean_dir, f"cannot write versions here: {exc.strerror or exc}") from None


def build_context(clean_dir: Path, raw_dir: Path | None, dictionaries, config_path, force: bool):
    from .core import RunContext

    _check_clean_dir(clean_dir)
    settings, _ = load_settings(config_path)
    paths = list(dictionaries) if dictionaries else default_dictionary_paths(DICTIONARY_DIR)
    lexicon = load_lexicon(paths, DICTIONARY_DIR / DECISIONS_NAME)
    return RunContext(clean_dir=clean_dir, raw_dir=raw_dir, lexicon=lexicon, settings=settings, force=force)


class _OneLineUsageError(click.UsageError):
    """A usage error as one line on stderr (the contract's error form), exit status 2."""

    def __init__(self, exc: click.UsageError, where: str | None = None):
        super().__init__(exc.format_message(), exc.ctx)
        self.where = where

    def show(self, file=None) -> None:
        where = self.ctx.command_path if self.ctx is not None else self.where or "transcripts"
        message = self.message.rstrip(".")
        click.echo(f"error: {where}: {message[:1].lower() + message[1:]} (see '{where} --help')",
                   err=True)


class _Main(click.Group):
    """The command group, whose usage errors (an unknown option, a missing argument) are one
    line rather than click's usage block."""

    def make_context(self, *args, **kwargs):
        try:
            return super().make_context(*args, **kwargs)
        except click.UsageError as exc:
            raise _one_line(exc) from None

    def invoke(self, ctx):
        # (a subcommand's own parsing error, "run --workers" with no value, may come without
        # its context: it is named from the command line)
        # (the subcommand's name is in click's _protected_args; its public name warns that
        # it is deprecated)
        words = [*getattr(ctx, "_protected_args", ()), *ctx.args] if hasattr(ctx, "args") else []
        where = f"{ctx.command_path} {words[0]}" if words and words[0] in self.commands else None
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            raise _one_line(exc, where) from None


def _one_line(exc: click.UsageError, where: str | None = None) -> click.UsageError:
    if isinstance(exc, _OneLineUsageError) or type(exc).__name__ == "NoArgsIsHelpError":
        return exc  # (bare "transcripts" shows the help, as it should)
    return _OneLineUsageError(exc, where)


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="transcripts")
def main():
    """Clean, correct and version transcripts.

    Raw transcripts (.txt, .srt, .vtt, .json) in raw/ become clean, corrected, segmented
    versions in clean/<doc>/vNNNN/, with every change recorded for review.
    """


def _divert_stderr(enabled: bool) -> str | None:
    """Send file descriptor 2 — Prefect's log lines and its shutdown noise, which can come
    as late as interpreter exit — to a temporary log file for the rest of the process.
    The user's own error lines still reach the terminal (:func:`_err`). Returns the log path."""
    global _user_stderr
    if not enabled or _user_stderr is not None:
        return None
    import atexit

    sys.stderr.flush()
    _user_stderr = os.fdopen(os.dup(2), "w", buffering=1)
    fd, log_path = tempfile.mkstemp(prefix="transcripts-prefect-", suffix=".log")
    os.dup2(fd, 2)
    os.close(fd)
    atexit.register(_remove_log, log_path)
    return log_path


_keep_log = False  # set when the orchestrator failed: its log is then kept and named


def _remove_log(path: str) -> None:
    if not _keep_log and os.path.exists(path):
        os.unlink(path)


@contextlib.contextmanager
def _prefect_home():
    """Give this run (or ``serve``'s local server) Prefect's SQLite database to itself.

    Two processes that share one Prefect SQLite database can fail with "database is
    locked". The first run or serve takes Prefect's usual home (so its history is there
    for ``prefect server start`` to show); one that finds it in use gets a temporary one.
    Nothing is done where ``PREFECT_API_URL`` points at a real server.
    """
    if os.environ.get("PREFECT_API_URL"):
        yield
        return
    import fcntl
    import shutil

    home = Path(os.environ.get("PREFECT_HOME", "~/.prefect")).expanduser()
    home.mkdir(parents=True, exist_ok=True)
    with open(home / "transcripts-run.lock", "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            temporary, held = _claim_temporary_home()
            saved = os.environ.get("PREFECT_HOME")
            os.environ["PREFECT_HOME"] = temporary
            try:
                yield
            finally:
                if saved is None:
                    os.environ.pop("PREFECT_HOME", None)
                else:
                    os.environ["PREFECT_HOME"] = saved
                shutil.rmtree(temporary, ignore_errors=True)
                os.close(held)
            return
        yield


_TEMPORARY_HOME_PREFIX = "transcripts-prefect-home-"
_TEMPORARY_HOME_LOCK = ".transcripts-home.lock"
_SERVE_FOLDER_PREFIX = "transcripts-serve-"  # serve's private folder (SERVE_STATE)


def _claim_temporary_home(prefix: str = _TEMPORARY_HOME_PREFIX) -> tuple[str, int]:
    """A new temporary Prefect home (or another folder of ``prefix`` that a process keeps
    for its life: serve's) and the descriptor that holds its lock.

    The lock is held for the life of the process, so it goes with the process also when it
    is killed (SIGKILL), which leaves the folder behind (a Prefect database of some MB): the
    folders of runs that are gone, their lock free, are removed here first. The lock file is
    locked before it takes its name, so a folder being made is never taken for a left one.
    """
    import fcntl

    _remove_left_temporary_homes(prefix)
    temporary = tempfile.mkdtemp(prefix=prefix)
    making = os.path.join(temporary, _TEMPORARY_HOME_LOCK + ".new")
    held = os.open(making, os.O_CREAT | os.O_RDWR, 0o600)
    fcntl.flock(held, fcntl.LOCK_EX)
    os.rename(making, os.path.join(temporary, _TEMPORARY_HOME_LOCK))
    return temporary, held


def _remove_left_temporary_homes(prefix: str = _TEMPORARY_HOME_PREFIX) -> None:
    """Remove the temporary folders of ``prefix`` (Prefect homes) whose run is gone (their
    lock file is free)."""
    import fcntl

    base = tempfile.gettempdir()
    try:
        names = os.listdir(base)
    except OSError:
        return
    for name in names:
        if not name.startswith(prefix):
            continue
        folder = os.path.join(base, name)
        try:  # no lock file: one being made, or not one of ours to judge
            fd = os.open(os.path.join(folder, _TEMPORARY_HOME_LOCK), os.O_RDWR)
        except OSError:
            continue
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                continue  # its run is alive
            shutil.rmtree(folder, ignore_errors=True)
        finally:
            os.close(fd)


@contextlib.contextmanager
def _stage_line(file):
    """On a terminal, one line on stderr naming the stage a file is in, rewritten as the
    stages go and wiped at the end (a file of a few MB takes a while); elsewhere nothing."""
    if not sys.stderr.isatty():
        yield None
        return

    def show(stage: str) -> None:
        sys.stderr.write(f"\r{file}: {stage}...\x1b[K")
        sys.stderr.flush()

    try:
        yield show
    finally:
        sys.stderr.write("\r\x1b[K")
        sys.stderr.flush()


class _progress_bar:
    """A progress bar on the terminal (rich), for runs whose stdout is a terminal."""

    def __init__(self, total: int):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        # The bar writes to a duplicate of the terminal's stdout: fd 2 is sent to a log
        # while Prefect runs.
        self._stream = os.fdopen(os.dup(1), "w")
        self._progress = Progress(TextColumn("cleaning"), BarColumn(), MofNCompleteColumn(),
                                  TimeRemainingColumn(), TextColumn("{task.fields[last]}"),
                                  console=Console(file=self._stream), transient=False)
        self._task = self._progress.add_task("files", total=total, last="")
        self._progress.start()

    def advance(self, result, line: str) -> None:
        """Count ``result`` and print its file's ``line`` above the bar."""
        self._progress.console.print(line, markup=False, highlight=False, soft_wrap=True)
        self._progress.update(self._task, advance=1, last=f"{result.status}: {result.path}")
        self._progress.refresh()  # (now, not at the next tick: the bar never lags the lines above it)

    def close(self) -> None:
        self._progress.stop()
        self._stream.close()


def _progress_line(done: int | None, total: int, result) -> str:
    """A file's line: ``[done/total]`` counts the files processed, as the header does; a
    file that failed before processing (``done`` None) has no number."""
    where = f" -> {result.version_dir}" if result.version_dir else ""
    status = result.status if result.status != "failed" else "FAILED"
    number = f"[{done}/{total}] " if done is not None else ""
    return f"{number}{status:<9} {result.path}{where}"


def _check_reachable(dask_address: str, timeout: float = 5.0) -> None:
    """Fail at once, naming the address, where nothing listens at a ``tcp://`` Dask
    scheduler address (Dask itself waits 30 s, after Prefect has started). Other
    protocols (``tls://``, ``ucx://``) are left to Dask."""
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(dask_address if "://" in dask_address else f"tcp://{dask_address}")
    if parts.scheme != "tcp":
        return
    try:
        host, port = parts.hostname, parts.port
    except ValueError:  # a port out of range
        host = port = None
    if not host or not port:
        raise PipelineError(dask_address, "not a Dask scheduler address (tcp://HOST:PORT)")
    try:
        socket.create_connection((host, port), timeout=timeout).close()
    except OSError as error:
        raise PipelineError(dask_address, f"no Dask scheduler answers there ({error.strerror or error})") from None
    _check_workers(dask_address, timeout)


def _check_workers(dask_address: str, timeout: float) -> None:
    """Fail at once where the scheduler has no worker: the run would wait for one for ever,
    saying nothing."""
    import logging

    from distributed import Client

    quiet = logging.getLogger("distributed")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)  # (the client's own notices are not the user's)
    try:
        with Client(dask_address, timeout=timeout, set_as_default=False) as client:
            workers = client.scheduler_info().get("workers", {})
    except OSError as error:
        raise PipelineError(dask_address, f"the Dask scheduler does not answer ({error})") from None
    finally:
        quiet.setLevel(level)
    if not workers:
        raise PipelineError(dask_address, "the Dask scheduler has no workers: start some "
                                          "(`dask worker ADDRESS`) and run again")


@main.command(short_help="Process new and changed files under raw/ (Prefect).")
@raw_dir_option
@clean_dir_option
@lexicon_options
@run_options
@verbose_option
@handle_errors
def run(raw_dir, clean_dir, dictionaries, config_path, workers, dask_address, force, verbose):
    """Process every supported file under the raw folder, through Prefect.

    Transcripts are .txt, .srt, .vtt and .json files (any encoding); files of other types
    are counted and not read. Files whose inputs (source bytes, dictionaries, decisions, settings, pipeline version)
    did not change are skipped before the orchestrator starts. One bad file is reported and
    the rest still run; the exit status is 1 if any file failed.
    """
    from .core import plan

    started = time.perf_counter()
    ctx = build_context(clean_dir, raw_dir, dictionaries, config_path, force)
    if dask_address:  # whatever there is to do: a run with nothing to do says nothing of a wrong address
        _check_reachable(dask_address)
    the_plan = plan(raw_dir, ctx)
    total = len(the_plan.todo) + len(the_plan.unchanged) + len(the_plan.failed)
    results = list(the_plan.failed) + list(the_plan.unchanged)
    done = 0  # of the files to process, as the header and the progress bar count them
    if the_plan.others:  # a file of another type is no error, but is not silently passed over
        from .ingest import SUPPORTED_SUFFIXES

        kinds = collections.Counter(p.suffix.lower() or "no extension" for p in the_plan.others)
        click.echo(f"{_n(len(the_plan.others), 'file')} of other types not read ("
                   + ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items()))
                   + f"; transcripts are {', '.join(SUPPORTED_SUFFIXES)})")
    if the_plan.dictionaries:
        click.echo(f"{_n(len(the_plan.dictionaries), 'file')} in the raw folder "
                   f"{'is a dictionary' if len(the_plan.dictionaries) == 1 else 'are dictionaries'} of this run, "
                   "not read as " + ("a transcript: " if len(the_plan.dictionaries) == 1 else "transcripts: ")
                   + ", ".join(ctx.show(p) for p in the_plan.dictionaries))
    _warn_left_out(the_plan.left_out)
    if the_plan.todo:
        _check_clean_dir_writable(clean_dir)
        click.echo(f"{len(the_plan.todo)} of {_n(total, 'file')} to process ({len(the_plan.unchanged)} unchanged"
                   + (f", {len(the_plan.failed)} failed before processing)" if the_plan.failed else ")"))
    told: set[str] = set()  # the errors said so far (two files of one id: one line names both)

    def tell(result) -> None:
        """A failed file's error, on stderr right after its line."""
        if result.status == "failed" and result.error not in told:
            told.add(result.error)
            _err(f"error: {result.error}")

    for result in the_plan.failed:
        _say(_progress_line(None, len(the_plan.todo), result))
        tell(result)
    if the_plan.todo:
        bar = _progress_bar(len(the_plan.todo)) if sys.stdout.isatty() and not verbose else None
        reported: list = []

        def report(result):
            nonlocal done
            done += 1
            reported.append(result)
            line = _progress_line(done, len(the_plan.todo), result)
            if bar is not None:  # (the line above the bar; its error after the bar, on stderr)
                bar.advance(result, line)
            else:
                _say(line)
                tell(result)

        from .write import list_versions

        # versions before the run: after Ctrl-C, the files not reported yet may be written too
        before = {doc_id: len(list_versions(clean_dir / doc_id)) for _, doc_id in the_plan.todo}
        log_path = None
        try:
            log_path = _divert_stderr(not verbose)
            with _prefect_home():
                from .flows import run_flow

                flow_results = run_flow(the_plan.todo, ctx, workers=workers, dask_address=dask_address,
                                        on_result=report)
        except KeyboardInterrupt:  # Ctrl-C: what was done is whole; say so, and how to go on
            if bar is not None:
                bar.close()
                bar = None
            seen = {r.doc_id for r in reported}
            late = sum(len(list_versions(clean_dir / doc_id)) > count
                       for doc_id, count in before.items() if doc_id not in seen)
            _err(f"interrupted: {len(reported) + late} of {len(the_plan.todo)} files done "
                 f"({sum(r.status == 'written' for r in reported) + late} written, "
                 f"{sum(r.status == 'failed' for r in reported)} failed"
                 + (f"; {late} of them while stopping" if late else "") + "); "
                 "every version written is whole, and the next run processes the rest")
            sys.exit(130)
        except Exception as exc:
            global _keep_log
            _keep_log = True
            raise PipelineError("orchestrator", f"the Prefect run failed: {type(exc).__name__}: {exc}"
                                + (f" (log: {log_path})" if log_path else "")) from None
        finally:
            if bar is not None:
                bar.close()
        results += flow_results
    failed = [r for r in results if r.status == "failed"]
    for result in failed:
        tell(result)  # (a result the flow gave back without reporting it)
    for result in results:
        for warning in result.warnings:
            _err(f"warning: {warning}")
    written = sum(r.status == "written" for r in results)
    unchanged = sum(r.status == "unchanged" for r in results)
    corrections = sum(r.corrections for r in results if r.status == "written")
    click.echo(f"Summary: {_n(total, 'file')}: {written} written, {unchanged} unchanged (skipped), "
               f"{len(failed)} failed; {_n(corrections, 'correction')} in new versions "
               f"({time.perf_counter() - started:.1f} s)")
    if failed:
        sys.exit(1)


@main.command(short_help="Process one file now, directly (no orchestrator).")
@click.argument("file", type=click.Path(path_type=Path))
@raw_dir_option
@clean_dir_option
@lexicon_options
@click.option("--force", is_flag=True, help="Write a new version even if nothing changed.")
@click.option("--dry-run", is_flag=True,
              help="Show what the new version would change against the latest one "
                   "(before --- becomes: after) and write nothing.")
@handle_errors
def reprocess(file, raw_dir, clean_dir, dictionaries, config_path, force, dry_run):
    """Process one file now, directly (no orchestrator).

    The last line on stdout is the path of the version folder written (or of the
    unchanged latest one). With --dry-run nothing is written: the changes the new version
    would bring are shown instead. The document id is FILE's path under the raw folder
    without its last extension (raw/show/ep1.vtt: show/ep1); for a file outside it, its
    name without the extension.
    """
    from .core import process_file
    from .ingest import not_found

    ctx = build_context(clean_dir, raw_dir, dictionaries, config_path, force)
    if not Path(file).is_file():
        raise PipelineError(file, "is a folder, not a file (`transcripts run --raw-dir` takes a folder)"
                            if Path(file).is_dir() else not_found(Path(file)) + _raw_file_of(clean_dir, raw_dir, str(file)))
    _check_same_id(Path(file), raw_dir)
    from .core import left_out_dictionaries
    from .ingest import document_id
    from .write import latest_manifest

    with contextlib.suppress(OSError, ValueError, PipelineError):  # (warnings only: the file's own errors come next)
        doc_id = document_id(ctx.resolve(Path(file)), ctx.raw_dir)
        _warn_other_id(ctx, Path(file), doc_id)
        _warn_left_out({name: [doc_id] for name in
                        left_out_dictionaries(latest_manifest(ctx.clean_dir / doc_id), ctx)})
    if dry_run:  # (after the warnings: "5 no longer made" then says why)
        _print_preview(Path(file), ctx, file)
        return
    with _stage_line(file) as progress:
        result = process_file(Path(file), ctx, progress=progress)
    for warning in result.warnings:
        _err(f"warning: {warning}")
    if result.status == "failed":
        _fail(f"error: {result.error}")
    click.echo(f"{result.status}: {_n(result.corrections, 'correction')}" if result.status == "written"
               else "unchanged: inputs are the same as the latest version's (use --force for a new one)")
    click.echo(result.version_dir)


def _warn_left_out(left_out: dict[str, list[str]]) -> None:
    """Say, before anything is written, which dictionaries of the latest versions this run
    leaves out: their corrections would be gone from the new versions (a forgotten
    --dictionary)."""
    for name, docs in sorted(left_out.items()):
        _err(f"warning: {name}: the latest version of {_n(len(docs), 'document')} "
             f"({', '.join(docs[:3])}{', …' if len(docs) > 3 else ''}) was made with this dictionary, "
             "which this run leaves out; its corrections will not be made (pass it with --dictionary to keep them)")


def _warn_other_id(ctx, path: Path, doc_id: str) -> None:
    """A file outside the raw folder that a version of another document was read from (a
    `run --raw-dir DIR` before): say that this makes a document of its own name, and how to
    go on with the other one."""
    import json

    source = ctx.resolve(path)
    if ctx.raw_dir is None or source.resolve().is_relative_to(ctx.raw_dir.resolve()) or not ctx.clean_dir.is_dir():
        return
    for latest in ctx.clean_dir.rglob("latest"):
        other = latest.parent.relative_to(ctx.clean_dir).as_posix()
        if other == doc_id or not latest.is_symlink():
            continue
        with contextlib.suppress(OSError, ValueError, AttributeError):
            manifest = json.loads((latest / "manifest.json").read_text(encoding="utf-8"))
            was = ctx.resolve(Path(manifest["source"]["path"]))
            if was.resolve() == source.resolve():
                raw = Path(*was.parts[:len(was.parts) - len(Path(other).parts)])
                _err(f"warning: {ctx.show(source)} is outside the raw folder ({ctx.show(ctx.raw_dir)}), so its "
                     f"document is {doc_id!r}; its versions so far are document {other!r} "
                     f"(to go on with those: --raw-dir {shlex.quote(ctx.show(raw))})")
                return


def _raw_file_of(clean_dir: Path, raw_dir: Path, doc_id: str) -> str:
    """For a document id given where a file is wanted: its raw file (in the raw folder, else
    where its latest version was read from), or nothing if there is no such document."""
    from .ingest import SUPPORTED_SUFFIXES
    from .write import latest_manifest

    with contextlib.suppress(ValueError, OSError):
        manifest = latest_manifest(Path(clean_dir) / doc_id)
        if manifest is None:
            return ""
        found = [str(Path(raw_dir) / (doc_id + suffix)) for suffix in SUPPORTED_SUFFIXES
                 if (Path(raw_dir) / (doc_id + suffix)).is_file()]
        source = found[0] if found else ((manifest.get("source") or {}).get("path"))
        if source:
            return f" ({doc_id!r} is a document; reprocess takes its raw file: {source})"
    return ""


def _print_preview(path: Path, ctx, shown=None) -> None:
    """``reprocess --dry-run``: what would change, sqlite-utils style; nothing written."""
    from .review import format_becomes, format_comparison, preview

    color = _want_color()
    with _stage_line(shown if shown is not None else path) as progress:
        result = preview(path, ctx, progress=progress)
    latest = result.latest.name if result.latest else None
    if result.unchanged:
        click.echo(f"{result.doc_id}: inputs are the same as {latest}'s: reprocess would write nothing "
                   "(use --force for a new version)")
        click.echo("dry run: nothing written")
        return
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    against = f"against {latest}" if latest else "against the raw text (no version yet)"
    click.echo(f"{result.doc_id}: {result.next_name} would change {_n(len(result.places), 'place')} {against}")
    for place in result.places:
        click.echo("  " + format_becomes(place, color=color), color=color)
    if latest:
        for line in format_comparison(result.comparison, latest, result.next_name, color=color):
            click.echo(line, color=color)
    c = result.comparison
    click.echo(f"{result.next_name} would have {_n(result.corrections, 'correction')}"
               + (f" ({len(c.gone)} no longer made, {len(c.added)} new, {len(c.changed)} changed)" if latest else ""))
    click.echo("dry run: nothing written")


def _check_same_id(path: Path, raw_dir: Path) -> None:
    """A file beside another raw file with the same document id is an error naming both."""
    from .core import same_id
    from .ingest import document_id, is_supported

    siblings = [p for p in path.parent.glob(glob_escape(path.stem) + ".*")
                if p != path and p.stem == path.stem and p.is_file() and is_supported(p)]
    try:
        path.resolve().relative_to(raw_dir.resolve())
    except ValueError:
        return  # outside the raw folder: the id is the file's own name
    if siblings:
        names = " and ".join(str(p) for p in [path, *sorted(siblings)])
        raise PipelineError(names, same_id(1 + len(siblings), document_id(path, raw_dir)))


def glob_escape(text: str) -> str:
    import glob

    return glob.escape(text)


def resolve_doc_id(doc: str, raw_dir: Path) -> str:
    """A document id, or a raw file path turned into its id."""
    from .ingest import SUPPORTED_SUFFIXES, document_id

    path = Path(doc)
    if path.is_file():
        return document_id(path, raw_dir)
    if path.suffix in SUPPORTED_SUFFIXES and (path.is_absolute() or Path(raw_dir) in path.parents):
        # a path in the raw folder that is not there (an id, "calls/notes.srt", may end so too)
        raise PipelineError(path, "file not found (a document id, or the path of a raw file)")
    return doc


def _want_color() -> bool:
    """Colour on a terminal, unless NO_COLOR is set (https://no-color.org)."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def _decisions_lexicon():
    """The reviewers' decisions of the working folder (no dictionaries)."""
    return load_lexicon([], DICTIONARY_DIR / DECISIONS_NAME)


@main.command(short_help="Review what the pipeline changed in a document.")
@click.argument("doc")
@raw_dir_option
@clean_dir_option
@click.option("--from", "from_version", default=None, help="Compare from this version (e.g. v0001 or 1).")
@click.option("--to", "to_version", default=None, help="Compare to this version (default: the latest).")
@click.option("--stage", "stages", multiple=True, type=click.Choice(STAGE_NAMES),
              help="Only corrections of this stage (repeatable).")
@click.option("--rule", "rules", multiple=True,
              help="Only corrections of this rule (repeatable; wildcards allowed: 'dictionary:*'; "
                   "'sound' is 'dictionary:sound').")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=None,
              help="Only corrections with at least this confidence.")
@click.option("--max-confidence", type=click.FloatRange(0, 1), default=None,
              help="Only corrections with at most this confidence (the doubtful ones).")
@click.option("--words", is_flag=True, help="Also show the word diff of the raw text against the clean text.")
@click.option("--html", "html_out", type=click.Path(path_type=Path), default=None,
              help="Write a self-contained HTML review page here (every correction; the page has its own filters).")
@click.option("--color/--no-color", default=None, help="Colour the diff (default: on a terminal).")
@handle_errors
def diff(doc, raw_dir, clean_dir, from_version, to_version, stages, rules, min_confidence, max_confidence,
         words, html_out, color):
    """Review what the pipeline changed: raw -> latest version, or version -> version.

    DOC is a document id (e.g. rocky-dennis-mask-video) or a raw file path. Every
    correction is listed, numbered as its line in corrections.jsonl, with its context,
    rule, confidence and dictionary term, and the change inline ([-old-]{+new+}; coloured
    on a terminal). With --from, the corrections one version no longer makes or newly
    makes and the places where the text differs (what a dictionary edit changed).
    Reject a correction with 'transcripts reject DOC N'.
    """
    from .review import (Filters, compare_corrections, find_version, format_comparison, format_correction,
                         format_word_diff, numbered, statuses, summary_by_rule)

    color = _want_color() if color is None else color
    filters = Filters(tuple(stages), tuple(rules), min_confidence, max_confidence)
    doc_id = resolve_doc_id(doc, raw_dir)
    new = find_version(clean_dir, doc_id, to_version)
    if html_out is not None:
        from .html_review import write_review_page

        if from_version is not None:
            raise PipelineError(html_out, "the HTML page shows one version: use --to V, not --from")
        count = write_review_page(new, html_out, _decisions_lexicon())
        click.echo(f"wrote {html_out}: {doc_id} {new.name}, {_n(count, 'correction')} highlighted")
        return
    records = new.corrections()
    if from_version is not None:
        old = find_version(clean_dir, doc_id, from_version)
        old_records = old.corrections()
        comparison = compare_corrections(old_records, records).filtered(filters)
        click.echo(f"{doc_id}: {old.name} -> {new.name}: {len(old_records)} -> {len(records)} corrections"
                   + (f" (showing {filters.describe()})" if filters.active else ""))
        for line in format_comparison(comparison, old.name, new.name, color=color):
            click.echo(line, color=color)
        changes = format_word_diff(old.clean_text(), new.clean_text(), color=color)
        click.echo(f"Text: {_n(len(changes), 'changed place')}")
        for line in changes:
            click.echo("  " + line, color=color)
        return
    chosen = numbered(records, filters)
    state = statuses(doc_id, records, _decisions_lexicon())
    shown = f" (showing {len(chosen)}: {filters.describe()})" if filters.active else ""
    click.echo(f"{doc_id} {new.name}: {_n(len(records), 'correction')}, raw -> {new.name}{shown}")
    for number, record in chosen:
        status = {"rejected": "rejected: not made on reprocess", "accepted": "accepted"}.get(state[number - 1])
        click.echo(format_correction(number, record, color=color, status=status), color=color)
    if chosen:
        click.echo(f"By rule: {summary_by_rule(r for _, r in chosen)}")
    elif records and filters.rules:  # (what --rule could have named)
        click.echo(f"The rules of this version: {summary_by_rule(records)}")
    if words:
        changes = format_word_diff(new.raw_text(), new.clean_text(), color=color)
        click.echo(f"Word diff, raw -> {new.name} ({_n(len(changes), 'changed place')}):")
        for line in changes:
            click.echo("  " + line, color=color)


def _decide(action: str, doc, numbers, raw_dir, clean_dir, version, everywhere, note):
    """Record ``action`` on corrections ``numbers`` of a version; returns the version, its
    records and the decisions written."""
    from datetime import date

    from .dictionaries import append_decision
    from .review import decision_for_correction, find_version, format_correction, statuses

    doc_id = resolve_doc_id(doc, raw_dir)
    chosen = find_version(clean_dir, doc_id, version)
    records = chosen.corrections()
    path = DICTIONARY_DIR / DECISIONS_NAME
    for number in numbers:
        if number > len(records):
            raise PipelineError(chosen.path / "corrections.jsonl",
                                f"no correction {number} (this version has {len(records)})")
    written = []
    for number in numbers:
        decision = decision_for_correction(doc_id, records, number, action, everywhere=everywhere, note=note)
        state = statuses(doc_id, records, _decisions_lexicon())[number - 1]
        wanted = {"reject": "rejected", "accept": "accepted"}[action]
        if state == wanted and not everywhere:
            click.echo(f"{number}: already {wanted} in {path}")
            continue
        if not append_decision(path, decision, decided=date.today().isoformat()):
            click.echo(f"{number}: already {wanted} in {path}")
            continue
        where = "in every document" if everywhere else f"in {doc_id}"
        click.echo(f"{wanted} {number} {where}:")
        click.echo(format_correction(number, records[number - 1]))
        written.append(decision)
    return chosen, records, written


def decision_arguments(f):
    """DOC, N... and the options that find the version: what ``reject`` and ``accept`` share."""
    f = click.option("--version", "version", default=None,
                     help="The version whose corrections N counts (default: the latest).")(f)
    f = clean_dir_option(f)
    f = raw_dir_option(f)
    f = click.argument("numbers", metavar="N...", nargs=-1, required=True, type=click.IntRange(min=1))(f)
    return click.argument("doc")(f)


def _reprocess_hint(version, everywhere: bool = False, raw_dir: Path = Path("raw"),
                    clean_dir: Path = Path("clean"), why: str = "the decision holds for every document") -> str:
    """How to apply a decision: reprocess its document, or run over every document (with
    the folders given to the command where they are not the defaults), saying ``why``."""
    from .core import display_path

    manifest = version.manifest()
    source = manifest.get("source", {}).get("path")
    # the dictionaries the version was made with, where they are not the default set: a
    # version made from files of ./dictionaries/ was made with the default set of its day
    # (a file added there since belongs to the default set now, and is not left out)
    used = [d.get("path") for d in manifest.get("dictionaries", []) if d.get("path")]
    folder = display_path(DICTIONARY_DIR)
    default = all(Path(p).parent.as_posix() == folder for p in used)
    options = "" if default else "".join(f" --dictionary {shlex.quote(p)}" for p in used)
    if Path(raw_dir) != Path("raw"):
        options += f" --raw-dir {shlex.quote(str(raw_dir))}"
    if Path(clean_dir) != Path("clean"):
        options += f" --clean-dir {shlex.quote(str(clean_dir))}"
    reprocess = f"transcripts reprocess {shlex.quote(source)}{options}" if source else None
    if not everywhere:
        return reprocess or f"transcripts run{options}"
    run = f"transcripts run{options} ({why})"
    if source and not os.path.abspath(source).startswith(os.path.join(os.path.abspath(raw_dir), "")):
        # the version's file is no file of the raw folder (reprocessed from elsewhere): the
        # run would not make it again, and where there is no raw folder, it would fail
        if not Path(raw_dir).is_dir():
            return f"{reprocess} ({why})"
        return f"{run}; and, as its file is outside {raw_dir}: {reprocess}"
    return run


@main.command(short_help="Reject correction N of a document's version.")
@decision_arguments
@click.option("--everywhere", is_flag=True,
              help="Reject this change (original -> replacement) in every place of every document.")
@click.option("--note", default=None, help="Why (kept in decisions.toml for the next reviewer).")
@handle_errors
def reject(doc, numbers, raw_dir, clean_dir, version, everywhere, note):
    """Reject correction N (its line in corrections.jsonl, as 'transcripts diff' numbers it).

    The decision is recorded in dictionaries/decisions.toml (readable, editable): the
    correction is not made again when the document is reprocessed - that one place only,
    or with --everywhere that change everywhere. Decisions hold also with --dictionary.
    Nothing is written until the next 'transcripts reprocess' or 'run', which makes the
    new version (the command prints which to run).
    """
    chosen, _, written = _decide("reject", doc, numbers, raw_dir, clean_dir, version, everywhere, note)
    if written:
        click.echo(f"recorded in {DICTIONARY_DIR / DECISIONS_NAME}; apply with: "
                   f"{_reprocess_hint(chosen, everywhere, raw_dir, clean_dir)}")


@main.command(short_help="Accept correction N: undo a rejection, or promote.")
@decision_arguments
@click.option("--everywhere", is_flag=True, help="Accept this change in every document.")
@click.option("--promote", is_flag=True,
              help="Also add the original as a known variant of the correction's dictionary term.")
@click.option("--dictionary", "target", type=click.Path(path_type=Path), default=None,
              help="The .toml dictionary to promote into (default: the one that defines the term).")
@click.option("--note", default=None, help="Why (kept in decisions.toml for the next reviewer).")
@handle_errors
def accept(doc, numbers, raw_dir, clean_dir, version, everywhere, promote, target, note):
    """Accept correction N: record in dictionaries/decisions.toml that it is right.

    An accept written after a reject undoes it. With --promote the original becomes a
    variant of the term in a TOML dictionary, so it is corrected with full confidence.
    """
    from .dictionaries import promote_variant

    if promote:
        if target is not None and not target.is_file():
            raise PipelineError(target, "dictionary not found (--dictionary names an existing .toml file)")
        into = _check_promotable(doc, numbers, raw_dir, clean_dir, version, target)
    chosen, records, written = _decide("accept", doc, numbers, raw_dir, clean_dir, version, everywhere, note)
    if written:
        click.echo(f"recorded in {DICTIONARY_DIR / DECISIONS_NAME}")
    if not promote:
        return
    promoted = False
    for number in numbers:
        record = records[number - 1]  # _check_promotable made sure it has a term and a file
        path = into[number]
        if promote_variant(path, record["term"], record["original"]):
            click.echo(f"added variant {record['original']!r} of {record['term']!r} to {path}")
            promoted = True
        else:
            click.echo(f"{record['original']!r} is already a variant of {record['term']!r} in {path}")
    if promoted:  # (a dictionary changed: every document it applies to is made again)
        hint = _reprocess_hint(chosen, True, raw_dir, clean_dir, why="the new variant applies to every document")
        click.echo(f"apply with: {hint}")


def _check_promotable(doc, numbers, raw_dir: Path, clean_dir: Path, version, target: Path | None) -> dict:
    """Before anything is written: each correction has a dictionary term, its original is
    no ordinary English (as a variant it would be replaced in every document: "Genghis
    Khan" would become "Genghis Cannes"; check-dictionaries reports such variants), and
    there is one .toml dictionary to hold the variant: ``target``, or the one that defines
    the term; never a second entry of a term another dictionary defines. Returns the
    dictionary for each correction number."""
    from .dictionaries import ordinary_variant
    from .review import find_version

    settings, _ = load_settings(None)
    chosen = find_version(clean_dir, resolve_doc_id(doc, raw_dir), version)
    records = chosen.corrections()
    where = chosen.path / "corrections.jsonl"
    # the default set, and the dictionaries the version was made with (its --dictionary files)
    paths = default_dictionary_paths(DICTIONARY_DIR)
    known = {p.resolve() for p in paths}
    for d in chosen.manifest().get("dictionaries", []):
        p = Path(d.get("path") or "")
        if d.get("path") and p.suffix == ".toml" and p.is_file() and p.resolve() not in known:
            paths.append(p)
            known.add(p.resolve())
    defined = load_lexicon(paths, None).terms
    into = {}
    for number in numbers:
        if not 1 <= number <= len(records):
            continue  # _decide reports it
        record = records[number - 1]
        if not record.get("term"):
            raise PipelineError(where, f"correction {number} has no dictionary term to promote into")
        if ordinary_variant(record["original"], settings.correction_ordinary_zipf):
            raise PipelineError(where, f"correction {number}: {record['original']!r} is ordinary English; "
                                       f"as a variant of {record['term']!r} it would be replaced in every "
                                       "document, whatever is around it (accept it without --promote: the "
                                       "change is found by sound where the entry's context words are near)")
        sources = [Path(t.source) for t in defined if t.canonical == record["term"]]
        elsewhere = [p for p in sources if target is None or p.resolve() != target.resolve()]
        if len(elsewhere) < len(sources):
            elsewhere = []  # (the file named defines the term itself: its own entry takes the variant)
        if elsewhere and (target is not None or elsewhere[0].suffix != ".toml"):
            raise PipelineError(elsewhere[0], f"{record['term']!r} is defined here" + (
                ", a plain list that holds no variants: move its entry into a .toml dictionary, then promote"
                if elsewhere[0].suffix != ".toml" else
                f"; promote into this file (without --dictionary), not a second entry in {target}"))
        if target is None and not sources:
            raise PipelineError(DICTIONARY_DIR, f"no .toml dictionary here or of the version defines {record['term']!r}; "
                                                "name one with --dictionary FILE")
        into[number] = target or sources[0]
    return into


@main.command(name="list", short_help="Documents, their versions, and raw files gone.")
@raw_dir_option
@clean_dir_option
@handle_errors
def list_documents(raw_dir, clean_dir):
    """Documents, their versions and latest, and documents whose raw file is gone (neither
    in the raw folder nor where their latest version was read from); then the files that
    failed at their last run, with their errors."""
    from .core import discover, display_path, same_id
    from .ingest import document_id
    from .write import failure_records, latest_manifest, list_versions

    _check_clean_dir(clean_dir)
    by_id: dict[str, list[Path]] = {}
    for p in discover(raw_dir, clean_dir) if raw_dir.is_dir() else []:
        by_id.setdefault(document_id(p, raw_dir), []).append(p)
    raw_ids = set(by_id)
    docs = sorted({p.parent.relative_to(clean_dir).as_posix()
                   for p in clean_dir.rglob("v[0-9][0-9][0-9][0-9]") if p.is_dir()}) if clean_dir.is_dir() else []
    failures = failure_records(clean_dir)
    for doc_id, paths in by_id.items():  # (refused before processing, so recorded nowhere)
        if len(paths) > 1:
            failures[doc_id] = " and ".join(display_path(p) for p in paths) + ": " + same_id(len(paths), doc_id)
    if not docs and not failures:
        click.echo(f"no documents in {clean_dir}")
        return
    for doc_id in docs:
        versions = list_versions(clean_dir / doc_id)
        manifest = latest_manifest(clean_dir / doc_id) or {}
        source = (manifest.get("source") or {}).get("path")
        # gone: not in the raw folder, and not where its latest version was read from (a
        # file reprocessed from outside the raw folder is not gone while it is there)
        present = doc_id in raw_ids or bool(source) and Path(source).is_file()
        gone = "" if present else "  (raw file gone; outputs kept)"
        click.echo(f"{doc_id}: {_n(len(versions), 'version')}, latest {versions[-1]} "
                   f"({manifest.get('created_at', '?')}){gone}")
    if failures:
        click.echo(f"failed at the last run ({len(failures)}; a version written before stays latest):")
        for doc_id, error in sorted(failures.items()):
            click.echo(f"  {doc_id}: {error}")


def _check_api(url: str, timeout: float = 10.0) -> None:
    """Fail at once, naming the address, where no Prefect API answers at ``PREFECT_API_URL``
    (serve would say it serves, then stop with a connection error of its client)."""
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url.rstrip("/") + "/health", timeout=timeout):
            return
    except urllib.error.HTTPError:
        return  # something answers there: Prefect's own errors say the rest
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise PipelineError(url, f"no Prefect API answers at PREFECT_API_URL ({reason})") from None


@contextlib.contextmanager
def _local_prefect_server(verbose: bool):
    """Prefect's own server (SQLite in Prefect's home, loopback only) for the life of the
    block, unless ``PREFECT_API_URL`` already points at one. The temporary server refuses
    schedules, so ``serve`` needs a real one."""
    if os.environ.get("PREFECT_API_URL"):
        url = os.environ["PREFECT_API_URL"]
        _check_api(url)
        yield url
        return
    from .servers import free_port, local_server

    port = free_port()
    command = [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port),
               "--analytics-off"]
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_LOGGING_LEVEL": "WARNING"}
    with local_server("the local Prefect server", command, port, env, timeout=120, quiet=not verbose) as url:
        yield url


def _check_cron(cron: str) -> None:
    """Refuse a cron expression Prefect would refuse, as a usage error. Asked of Prefect in
    a process of its own: Prefect fixes its settings (which server, which home) when it is
    first imported, and this process must import it only once its own server is up."""
    check = ("import sys\n"
             "from pydantic import ValidationError\n"
             "from prefect.client.schemas.schedules import CronSchedule\n"
             "try:\n"
             "    CronSchedule(cron=sys.argv[1])\n"
             "except ValidationError as error:\n"
             "    print(error.errors()[0]['msg'].removeprefix('Value error, '))\n")
    env = {**os.environ, "PREFECT_LOGGING_LEVEL": "CRITICAL", "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    done = subprocess.run([sys.executable, "-c", check, cron], capture_output=True, text=True, env=env)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise PipelineError("--cron", f"could not check the expression: {last}")
    if done.stdout.strip():
        raise click.BadParameter(done.stdout.strip(), param_hint="--cron")


@main.command(short_help="Run on a schedule, through a Prefect deployment.")
@click.option("--cron", default=None, help="Cron schedule, e.g. '0 * * * *' (every hour).")
@click.option("--interval", type=click.FloatRange(min=1), default=None, help="Run every SECONDS seconds.")
@raw_dir_option
@clean_dir_option
@lexicon_options
@run_options
@verbose_option
@handle_errors
def serve(cron, interval, raw_dir, clean_dir, dictionaries, config_path, workers, dask_address, force, verbose):
    """Run the pipeline on a schedule, through a Prefect deployment served from here.

    Each scheduled run picks up new and changed files of the raw folder (--force applies to
    the first scheduled run only). Where no Prefect server is configured (PREFECT_API_URL), a
    local one is started (SQLite, loopback only) and stopped on exit; its UI shows the run
    history while this runs. Stop with Ctrl-C.
    """
    if (cron is None) == (interval is None):
        raise click.UsageError("give exactly one of --cron EXPR or --interval SECONDS")
    if cron is not None:  # refused here, before a server is started for it
        _check_cron(cron)
    # Check everything a run needs now, so a broken dictionary fails here, not at 3 a.m.
    build_context(clean_dir, raw_dir, dictionaries, config_path, force)
    _check_clean_dir_writable(clean_dir)
    parameters = {
        "raw_dir": str(raw_dir), "clean_dir": str(clean_dir),
        "dictionaries": [str(d) for d in dictionaries] or None,
        "config": str(config_path) if config_path else None,
        "workers": workers, "dask_address": dask_address, "force": force,
        "workdir": str(Path.cwd()),
    }
    import signal

    for signum in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):  # (the terminal closed)
        if signum is not None:
            signal.signal(signum, lambda *_: sys.exit(0))  # so the local server is stopped too
    ctrl_c = _stop_on_interrupt()
    try:
        _serve(parameters, cron, interval, raw_dir, clean_dir, verbose)
    except KeyboardInterrupt:
        pass
    click.echo("stopped")  # by Ctrl-C (which Prefect's runner may handle itself)
    if ctrl_c.is_set():  # the shell's status for Ctrl-C, as run's, once all is stopped
        sys.exit(130)


_STOP_GRACE = 20.0  # seconds a Ctrl-C gives Prefect's runner to end serve's runs
_serve_folders: list[str] = []  # serve's private temporary folder, once made


def _stop_on_interrupt() -> threading.Event:
    """Make Ctrl-C always stop ``serve``. The first one ends it as before (a
    KeyboardInterrupt, on which Prefect's runner cancels its runs and returns) and sets a
    deadline: if serve still runs ``_STOP_GRACE`` seconds later (the runner's shutdown can
    wait for ever on a run's process or an API call on a loaded machine), or at a second
    Ctrl-C, it stops its local server and leaves at once, with exit status 130. Its runs'
    processes leave with it (see pipeline.flows._leave_with_serve); a version being written
    is left to the next writer, since its folder is temporary. Returns an event set by the
    first Ctrl-C."""
    import signal

    armed = threading.Event()

    def leave() -> None:
        from .servers import stop_servers

        try:
            click.echo(f"stopped (its runs had not ended {_STOP_GRACE:g} s after Ctrl-C)")
            sys.stdout.flush()
            stop_servers()
            for folder in _serve_folders:  # (its folder will not be left normally)
                shutil.rmtree(folder, ignore_errors=True)
        finally:  # leave whatever happened above
            os._exit(130)

    def interrupted(signum, frame):
        if armed.is_set():
            leave()
        armed.set()
        deadline = threading.Timer(_STOP_GRACE, leave)
        deadline.daemon = True
        deadline.start()
        signal.default_int_handler(signum, frame)

    signal.signal(signal.SIGINT, interrupted)
    return armed


def _serve(parameters, cron, interval, raw_dir, clean_dir, verbose):
    own_server = not os.environ.get("PREFECT_API_URL")
    with _prefect_home(), _local_prefect_server(verbose) as url:
        ui = url[: -len("/api")] if url.endswith("/api") else url
        from .flows import (SERVE_PID, SERVE_STATE, USER_STDERR, clear_orphaned_runs, deployment_name,
                            retire_deployment, serve_schedule)

        if own_server:  # its runs' processes leave when it is gone (their API goes with it)
            os.environ[SERVE_PID] = str(os.getpid())

        # the database is this process's alone (its lock is held): what an earlier serve left
        # unfinished would otherwise start all at once, or stay "running" for ever
        cleared = clear_orphaned_runs(deployment_name(parameters)) if own_server else 0
        click.echo(f"serving: {'cron ' + repr(cron) if cron else f'every {interval:g} s'} over {raw_dir} "
                   f"into {clean_dir}; Prefect API {url} (UI {ui}); Ctrl-C stops"
                   + (f" ({cleared} runs left by an earlier serve cleared)" if cleared else ""))
        _divert_stderr(not verbose)
        if _user_stderr is not None:  # where its runs (its children) write their error lines
            own = f"/proc/{os.getpid()}/fd/{_user_stderr.fileno()}"
            if os.path.exists(own):
                os.environ[USER_STDERR] = own
        state, held = _claim_temporary_home(_SERVE_FOLDER_PREFIX)  # (one a killed serve left goes)
        _serve_folders.append(state)
        try:
            os.environ[SERVE_STATE] = state  # (its runs are its children: they inherit it)
            try:
                serve_schedule(parameters, cron, interval, folder=state)
            finally:  # (Ctrl-C, SIGTERM): no runs left scheduled, to turn late on the server
                with contextlib.suppress(Exception):
                    retire_deployment(deployment_name(parameters))
        finally:
            shutil.rmtree(state, ignore_errors=True)
            os.close(held)


@main.command(name="check-dictionaries", short_help="Check dictionaries: every error and risky entry.")
@lexicon_options
@handle_errors
def check_dictionaries(dictionaries, config_path):
    """Check dictionaries: every error and risky entry (unreadable entries, duplicates,
    colliding variants, entries that are ordinary English)."""
    settings, _ = load_settings(config_path)  # (--config, or ./transcripts.toml: read and checked too)
    paths = list(dictionaries) if dictionaries else default_dictionary_paths(DICTIONARY_DIR)
    if not paths:  # (nothing to check: most likely the wrong folder, so say where it looked)
        decisions = DICTIONARY_DIR / DECISIONS_NAME
        # the review decisions are checked all the same: every other command refuses a broken
        # decisions file (also with --dictionary) and sends the user here to see its errors
        errors = lexicon_errors([], decisions)
        if errors:
            for error in errors:
                _err(f"error: {error}")
            _fail("the decisions file cannot be read" + (f" ({len(errors)} errors)" if len(errors) > 1 else ""))
        click.echo(f"no dictionaries to check in {DICTIONARY_DIR}/ (*.txt, *.toml); "
                   "name them with --dictionary FILE, or run where dictionaries/ is")
        return
    try:
        lexicon = load_lexicon(paths, DICTIONARY_DIR / DECISIONS_NAME)
    except PipelineError:  # every error of every file, not only the first
        decisions = DICTIONARY_DIR / DECISIONS_NAME
        errors = lexicon_errors(paths, decisions)
        # the files that can be read are checked too, so that a broken file hides nothing
        broken = {str(error.path) for error in errors}
        readable = [p for p in paths if str(p) not in broken]
        if readable:
            with contextlib.suppress(PipelineError):
                for problem in check_lexicon(load_lexicon(readable, None), settings.correction_ordinary_zipf):
                    click.echo(problem)
        if errors:  # (each error, then the count, as the README shows, one error or many)
            for error in errors:
                _err(f"error: {error}")
            files = len(broken)
            _fail(f"{_n(len(paths), 'dictionary', 'dictionaries')}"
                  + (" and the decisions file" if decisions.is_file() else "") + f": {files} cannot be read"
                  + (f" ({len(errors)} errors)" if len(errors) > files else ""))
        raise
    problems = check_lexicon(lexicon, settings.correction_ordinary_zipf)
    for problem in problems:
        click.echo(problem)
    click.echo(f"{_n(len(paths), 'dictionary', 'dictionaries')}, {_n(len(lexicon.terms), 'term')}, "
               f"{_n(len(problems), 'problem')}")
    if problems:
        sys.exit(1)


if __name__ == "__main__":
    main()
