"""The chain of stages over one file, and deciding which files need it (no Prefect here).

:func:`clean_document` runs the pure stages; :func:`process_file` reads one file, runs them
and writes its version; :func:`plan` decides from content hashes which files of a raw
folder need processing, before any orchestrator starts.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__, parallel
from .config import Settings
from .correct import correct
from .dictionaries import Lexicon, sha256_file
from .document import Document
from .errors import InputError, PipelineError, one_line
from .ingest import check_document_id, document_id, ingest, is_supported, read_source
from .normalize import normalize
from .repair import repair
from .segment import segment
from .spelling import spelling
from .write import (forget_failure, forget_failures_but, latest_manifest, record_failure, recorded_failure,
                    repair_latest, write_version)


def _code_hash() -> str:
    """A hash of the package's code and data, so a changed pipeline makes new versions."""
    h = hashlib.sha256()
    root = Path(__file__).parent
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".txt", ".toml", ".json", ".tsv") and "__pycache__" not in path.parts:
            h.update(path.relative_to(root).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:12]


PIPELINE_VERSION = f"{__version__}+{_code_hash()}"


def display_path(path: Path, workdir: Path | None = None) -> str:
    """``path`` relative to the working folder where it is inside it, else absolute.

    The working folder is the one the run was started in (``RunContext.workdir``), also
    when a file is processed by a worker process elsewhere.
    """
    workdir = Path(workdir or Path.cwd())
    path = Path(path) if Path(path).is_absolute() else workdir / path
    try:
        shown = path.relative_to(workdir).as_posix()
    except ValueError:
        shown = path.as_posix()
    # a name that is no UTF-8 (its bytes kept as surrogates) is shown with its bytes escaped,
    # and a line break or other control character in a name as its escape
    return one_line(shown)


def same_id(count: int, doc_id: str) -> str:
    """The error of ``count`` raw files with one document id."""
    return f"{'two' if count == 2 else count} raw files with the same document id {doc_id!r}"


@dataclass(frozen=True)
class RunContext:
    """Everything that is the same for every file of one run."""

    clean_dir: Path
    raw_dir: Path | None
    lexicon: Lexicon
    settings: Settings
    force: bool = False
    workdir: Path = field(default_factory=Path.cwd)

    def __post_init__(self):
        # Absolute paths: a worker process (a Dask worker elsewhere) has another cwd.
        object.__setattr__(self, "workdir", Path(self.workdir).absolute())
        object.__setattr__(self, "clean_dir", self.resolve(self.clean_dir))
        if self.raw_dir is not None:
            object.__setattr__(self, "raw_dir", self.resolve(self.raw_dir))

    def resolve(self, path: Path) -> Path:
        path = Path(path)
        return path if path.is_absolute() else self.workdir / path

    def show(self, path: Path) -> str:
        return display_path(path, self.workdir)

    def input_key(self, source_sha256: str, doc_id: str) -> str:
        """A hash of everything that determines a document's output."""
        blob = "\n".join([source_sha256, self.lexicon.document_key(doc_id), self.settings.sha256(),
                          PIPELINE_VERSION])
        return hashlib.sha256(blob.encode()).hexdigest()


@dataclass
class FileResult:
    """What happened to one file."""

    path: str
    doc_id: str | None
    status: str  # written | unchanged | failed
    version_dir: str | None = None
    corrections: int = 0
    error: str | None = None
    warnings: list[str] = field(default_factory=list)


def clean_document(document: Document, lexicon: Lexicon, settings: Settings = Settings(),
                   timings: dict | None = None, progress=None) -> Document:
    """Run the text stages on an ingested document: repair, normalize, correct, spelling,
    segment. ``progress``, if given, is called with each stage's name as it starts."""
    stages = (
        ("repair", lambda d: repair(d)),
        ("normalize", lambda d: normalize(d)),
        ("correct", lambda d: correct(d, lexicon, settings)),
        ("spelling", lambda d: spelling(d, lexicon, settings)),
        ("segment", lambda d: segment(d)),
    )
    # Reviewers' rejections (decisions.toml) hold for every stage: Document.apply_edits
    # drops a rejected change where the stage makes it.
    document = document.replace(review=lexicon.review_filter(document.doc_id))
    for name, stage in stages:
        if progress is not None:
            progress(name)
        started = time.perf_counter()
        document = stage(document)
        if timings is not None:
            timings[name] = round((time.perf_counter() - started) * 1000, 2)
    return document


def process_file(path: Path, ctx: RunContext, doc_id: str | None = None, progress=None) -> FileResult:
    """Read, clean and write one file. Input problems come back as a failed result.
    ``progress``, if given, is called with each stage's name as it starts."""
    path = ctx.resolve(Path(path))
    doc_id = doc_id or document_id(path, ctx.raw_dir)
    seen = None  # the file's failure key, taken before it is read (see failure_key)
    try:
        check_document_id(doc_id, path)
        seen = failure_key(path, ctx, doc_id)
        started = time.perf_counter()
        data = read_source(path, ctx.settings)
        source_sha = hashlib.sha256(data).hexdigest()
        key = ctx.input_key(source_sha, doc_id)
        previous = latest_manifest(ctx.clean_dir / doc_id)
        if not ctx.force and previous and previous.get("input_key") == key:
            repair_latest(ctx.clean_dir / doc_id, previous["version"])
            return FileResult(ctx.show(path), doc_id, "unchanged",
                              ctx.show(ctx.clean_dir / doc_id / previous["version"]))
        timings: dict = {}
        if progress is not None:
            progress("ingest")
        document = ingest(path, doc_id, ctx.settings, data=data)
        timings["ingest"] = round((time.perf_counter() - started) * 1000, 2)
        document = clean_document(document, ctx.lexicon, ctx.settings, timings, progress)
        manifest = {
            "source": {
                "path": ctx.show(path),
                "sha256": document.source.sha256,
                "format": document.source.format,
                "encoding": document.source.encoding,
            },
            "dictionaries": [{"path": ctx.show(Path(f.path)), "sha256": f.sha256} for f in ctx.lexicon.files],
            "decisions": ({"path": ctx.show(Path(ctx.lexicon.decisions_file.path)),
                           "sha256": ctx.lexicon.decisions_file.sha256}
                          if ctx.lexicon.decisions_file else None),
            "pipeline_version": PIPELINE_VERSION,
            "config_sha256": ctx.settings.sha256(),
            "timings_ms": timings,
        }
        timings["total"] = round((time.perf_counter() - started) * 1000, 2)
        if progress is not None:
            progress("write")
        version_dir, written = write_version(document, ctx.clean_dir, manifest, key, force=ctx.force)
        warnings = [f"{ctx.show(path)}: {w}" for w in document.warnings]
        earlier = ((previous or {}).get("source") or {}).get("path")
        if written and earlier and _another_source(ctx.resolve(Path(earlier)), path):
            warnings.append(f"{ctx.show(path)}: {ctx.show(ctx.clean_dir / doc_id)}'s earlier versions "
                            f"came from {earlier} (the same document id)")
        forget_failure(ctx.clean_dir, doc_id)
        return FileResult(ctx.show(path), doc_id, "written" if written else "unchanged",
                          ctx.show(version_dir), len(document.corrections), warnings=warnings)
    except PipelineError as exc:
        exc.path = ctx.show(Path(exc.path)) if Path(exc.path).is_absolute() else exc.path
        if isinstance(exc, InputError) and seen is not None:  # the input's fault: it fails the
            with contextlib.suppress(OSError):  # same way again until it or the settings change
                record_failure(ctx.clean_dir, doc_id, seen, exc.describe())  # (see plan)
        return FileResult(ctx.show(path), doc_id, "failed", error=exc.describe())
    except OSError as exc:  # the system's reason, and the path it names if not the raw file's
        reason = exc.strerror or str(exc)
        if exc.filename is not None and Path(os.fsdecode(exc.filename)) != path:
            reason = f"{ctx.show(Path(os.fsdecode(exc.filename)))}: {reason}"
        return FileResult(ctx.show(path), doc_id, "failed", error=f"{ctx.show(path)}: {reason}")
    except Exception as exc:  # a bug, not the input's fault: still name the file, and go on
        if os.environ.get("TRANSCRIPTS_DEBUG"):
            raise
        return FileResult(ctx.show(path), doc_id, "failed",
                          error=f"{ctx.show(path)}: internal error: {type(exc).__name__}: {exc} "
                                "(set TRANSCRIPTS_DEBUG=1 for details)")


def _another_source(earlier: Path, path: Path) -> bool:
    """Whether a version's source (its manifest's path, as the run that wrote it showed it:
    relative to that run's folder) was another file than ``path``: a file that is there and
    is not this one, or else one of another name. (The same file named from another folder
    is no other source.)"""
    try:
        if earlier.exists():
            return not earlier.samefile(path)
    except OSError:
        pass
    return earlier.name != path.name


# A worker process of a local parallel run (``transcripts run --workers N``) gets the run's
# context once, when it starts, and then only file names; it never imports the orchestrator.
_worker_context: RunContext | None = None


def start_worker(ctx: RunContext, parent: int | None = None) -> None:
    """Initialise a worker process: keep the run's context, and clean one sentence so that
    every stage's one-time loads (word lists, the compiled dictionary) happen now, while
    the orchestrator starts, not in the worker's first file. With ``parent`` (the pid of
    the run), leave when the run is gone (killed with SIGKILL, its pool's workers would
    wait for work for ever)."""
    global _worker_context
    _worker_context = ctx
    parallel.share_cores(False)  # the pool already gives each core a file
    if parent is not None:
        parallel.leave_with_parent(parent)
    try:
        warm_up = ingest(Path("warm-up.txt"), "warm-up", ctx.settings,
                         data=b"Good morning, and welcome to the third quarter call.\n")
        clean_document(warm_up, ctx.lexicon, ctx.settings)
    except Exception:  # only a warm-up: the files themselves report any problem
        pass


def process_file_in_worker(path: str, doc_id: str) -> FileResult:
    """:func:`process_file` in a worker process started by :func:`start_worker`."""
    if _worker_context is None:
        raise RuntimeError("process_file_in_worker: this process was not started by start_worker")
    return process_file(Path(path), _worker_context, doc_id)


@dataclass
class Plan:
    """The files of a raw folder: which need processing, which are unchanged, which clash."""

    todo: list[tuple[Path, str]] = field(default_factory=list)
    unchanged: list[FileResult] = field(default_factory=list)
    failed: list[FileResult] = field(default_factory=list)
    others: list[Path] = field(default_factory=list)  # files of types the pipeline does not read
    dictionaries: list[Path] = field(default_factory=list)  # the run's own dictionaries kept in the raw folder
    left_out: dict[str, list[str]] = field(default_factory=dict)  # a dictionary of latest versions this run has not -> their ids


def failure_key(path: Path, ctx: RunContext, doc_id: str) -> str | None:
    """What a failure is remembered by: the file as the system describes it (size, time of
    its last change, inode; a link to nothing as the link) and every other input of the
    document, taken without reading the file (a file too big to read is refused unread)."""
    try:
        st = os.stat(path) if not os.path.islink(path) or os.path.exists(path) else os.lstat(path)
    except OSError:
        return None
    return ctx.input_key(f"stat:{st.st_size}:{st.st_mtime_ns}:{st.st_ino}", doc_id)


def discover(raw_dir: Path, clean_dir: Path | None = None, others: list[Path] | None = None) -> list[Path]:
    """Every supported file under ``raw_dir`` (anything but a folder: a pipe or a link to
    nothing there fails on its own, named), recursively, in a stable order: not in a
    hidden folder, and not in ``clean_dir`` where that is inside the raw folder (the outputs
    are no inputs: `transcripts run --raw-dir .` writes ./clean beside its sources). The
    files of other types there are added to ``others``, where given."""
    if not raw_dir.is_dir():
        raise InputError(raw_dir, "raw folder not found (name it with --raw-dir DIR, or run where raw/ is)"
                         if not raw_dir.exists()
                         else "the raw folder is not a folder (for one file: transcripts reprocess FILE)")
    skip = None
    if clean_dir is not None:
        with contextlib.suppress(ValueError, OSError):
            skip = Path(clean_dir).resolve().relative_to(raw_dir.resolve()).parts
    files = sorted(p for p in raw_dir.rglob("*") if not p.is_dir()
                   # (a link to nothing, a pipe, a device: reported as a file that cannot be read)
                   and not any(part.startswith(".") for part in p.relative_to(raw_dir).parts)
                   and not (skip and p.relative_to(raw_dir).parts[:len(skip)] == skip))
    if others is not None:
        others.extend(p for p in files if not is_supported(p))
    return [p for p in files if is_supported(p)]


def plan(raw_dir: Path, ctx: RunContext) -> Plan:
    """Decide from content hashes which files need processing (cheap: no stage runs)."""
    result = Plan()
    by_id: dict[str, list[Path]] = {}
    raw_dir = ctx.resolve(raw_dir)
    # a dictionary of this run kept among the transcripts ("raw/dict/terms.txt") is no transcript
    own = {os.path.realpath(ctx.resolve(Path(f.path))) for f in ctx.lexicon.files if f.path.endswith(".txt")}
    for path in discover(raw_dir, ctx.clean_dir, result.others):
        if own and path.suffix == ".txt" and os.path.realpath(path) in own:  # (realpath: no error for a loop)
            result.dictionaries.append(path)
            continue
        by_id.setdefault(document_id(path, raw_dir), []).append(path)
    forget_failures_but(ctx.clean_dir, set(by_id))  # (files that failed and are gone since)
    for doc_id, paths in sorted(by_id.items()):
        try:
            check_document_id(doc_id, paths[0])
        except InputError as exc:
            result.failed.extend(FileResult(ctx.show(p), doc_id, "failed",
                                            error=f"{ctx.show(p)}: {exc.message}") for p in paths)
            continue
        if len(paths) > 1:
            names = " and ".join(ctx.show(p) for p in paths)
            for p in paths:
                result.failed.append(FileResult(ctx.show(p), doc_id, "failed",
                                                error=f"{names}: {same_id(len(paths), doc_id)}"))
            continue
        path = paths[0]
        doc_dir = ctx.clean_dir / doc_id
        previous = latest_manifest(doc_dir)
        if not ctx.force:
            if previous is not None:
                try:  # (not a pipe's: reading it would wait for a writer)
                    key = ctx.input_key(sha256_file(path), doc_id) if path.is_file() else None
                except OSError:
                    key = None
                if previous.get("input_key") == key:
                    repair_latest(doc_dir, previous["version"])
                    result.unchanged.append(FileResult(ctx.show(path), doc_id, "unchanged",
                                                       ctx.show(doc_dir / previous["version"])))
                    continue
            error = recorded_failure(ctx.clean_dir, doc_id, lambda: failure_key(path, ctx, doc_id))
            if error is not None:  # failed with these very inputs before: it would again
                result.failed.append(FileResult(ctx.show(path), doc_id, "failed",
                                                error=error))  # (the same words: serve shows it once)
                continue
        result.todo.append((path, doc_id))
        for name in left_out_dictionaries(previous, ctx):
            result.left_out.setdefault(name, []).append(doc_id)
    return result


def left_out_dictionaries(manifest: dict | None, ctx: RunContext) -> list[str]:
    """The dictionaries a document's latest version was made with that this run leaves out
    (neither the same file nor the same bytes): most often a `--dictionary` forgotten, which
    would drop the corrections they brought."""
    if not manifest:
        return []
    here = {os.path.realpath(ctx.resolve(Path(f.path))) for f in ctx.lexicon.files}
    hashes = {f.sha256 for f in ctx.lexicon.files}
    names = {Path(f.path).name for f in ctx.lexicon.files}  # (a manifest's path is relative to where it ran)
    return [d["path"] for d in manifest.get("dictionaries") or []
            if isinstance(d, dict) and isinstance(d.get("path"), str) and Path(d["path"]).name not in names
            and os.path.realpath(ctx.resolve(Path(d["path"]))) not in here and d.get("sha256") not in hashes]
