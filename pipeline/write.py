"""Write: the versioned output folder ``clean/<doc_id>/vNNNN/`` and the ``latest`` link.

A version is written to a hidden temporary folder beside the versions and renamed into
place, so it appears whole or not at all. The document's folder is locked (``fcntl``)
while its next version number is chosen and written, so two runs at once never write the
same document together, and never make two folders with one number or leave a gap.
Versions are never changed or deleted after they are written.
"""
from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import shutil
from datetime import datetime, timezone
from pathlib import Path

from .document import Document, Segment, collector_paused
from .segment import clean_text
from .speakers import TURN_CLOCK, TURN_TIME

VERSION_RE = re.compile(r"^v(\d{4,})$")
LOCK_NAME = ".lock"
TMP_PREFIX = ".tmp-"


UNNAMED_INDENT = "    "
# a transcription service's time beside a speaker's label: "[00:12:31] Sarah: …",
# "Sarah (00:12:31): …", "Sarah Kim 0:04 …", a meeting log's "10:02 AM John Smith: …"
_TIME_BEFORE = re.compile(rf"[\[(]{TURN_TIME}{TURN_CLOCK}[\])]\s*|{TURN_TIME}{TURN_CLOCK}\s+")
_TIME_AFTER = re.compile(rf"\s*(?:[\[(]{TURN_TIME}[\])]\s*:|{TURN_TIME}(?:\s|$))")


def _names_itself(text: str, speaker: str) -> bool:
    """Whether ``text`` starts with the label of ``speaker`` and a time beside it, or with
    the name in capitals over a screenplay character's lines ("MARA (not looking up) Do
    you?"), or with a transcript's question or answer letter ("Q. Brian, what did you see?")."""
    m = _TIME_BEFORE.match(text)
    if m is not None:
        return text.startswith(speaker + ":", m.end())
    if not text.startswith(speaker):
        return False
    return _TIME_AFTER.match(text, len(speaker)) is not None \
        or speaker.isupper() and (text[len(speaker):len(speaker) + 1] in (" ", "(")
                                  or len(speaker) == 1 and text[len(speaker):len(speaker) + 2] in (". ", ".\n"))


def dialogue_label(seg: Segment) -> str:
    """What sets a dialogue segment apart in ``transcript.txt``: ``Speaker: `` where the text
    names the speaker (nothing more where the segment starts with that label itself, as a
    caption's ``NAME:`` does), else an indent - a voice that is not the narrator's, unnamed.
    Neither adds a word that is not a speaker's name."""
    if seg.speaker and (seg.text.startswith(seg.speaker + ":") or _names_itself(seg.text, seg.speaker)):
        return ""
    if seg.speaker:
        return f"{seg.speaker}: "
    return UNNAMED_INDENT


def render_transcript(segments: tuple[Segment, ...]) -> str:
    """The clean text for people to read: layout only added.

    ::

        ## A heading

        A narration paragraph, as many sentences as it has.

        Rusty: “A quote whose speaker the text names.”

            A clip whose speaker the text does not name, indented.

    Every segment is one block (a narration segment that does not start a paragraph joins
    the one before: the attribution after a quote in its sentence, "“We're late,” said
    Siobhán.", joins the quote's), blocks are separated by a blank line: narration paragraphs as they are,
    a heading marked ``## ``, dialogue set apart by :func:`dialogue_label`. Taking the
    heading marks and speaker labels off gives the segments' words, in order.
    """
    blocks: list[str] = []
    previous_kind = None
    for seg in segments:
        if seg.kind == "heading":
            blocks.append("## " + seg.text)
        elif seg.kind == "dialogue":
            blocks.append(dialogue_label(seg) + seg.text)
        elif blocks and previous_kind in ("narration", "dialogue") and not seg.paragraph_start:
            blocks[-1] += " " + seg.text  # the same paragraph
        else:
            blocks.append(seg.text)
        previous_kind = seg.kind
    return "\n\n".join(blocks) + ("\n" if blocks else "")


def _fmt_time(seconds: float, sep: str) -> str:
    ms = int(round(seconds * 1000))
    h, ms = divmod(ms, 3_600_000)
    m, ms = divmod(ms, 60_000)
    s, ms = divmod(ms, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


CAPTION_LINE_CHARS = 42  # a caption line longer than this is shown as lines of even length


def _cut_bonus(line: str, k: int) -> int:
    """How much nearer the even point a cut at the space ``k`` counts: before a dialogue
    dash ("…tonight? | - To the store") the most, after a sentence's or a clause's mark less."""
    if line.startswith("- ", k + 1):
        return 15
    return 8 if line[k - 1:k] in (".", "?", "!") else 4 if line[k - 1:k] in (",", ";", ":") else 0


def _caption_lines(line: str) -> str:
    """``line`` as caption lines of at most about CAPTION_LINE_CHARS characters each, as
    even as its spaces allow, where they allow before a dialogue dash or after a sentence's
    end (a source cue's two lines were joined into one by ingest)."""
    if len(line) <= CAPTION_LINE_CHARS or " " not in line:
        return line
    count = -(-len(line) // CAPTION_LINE_CHARS)
    spaces = [k for k, ch in enumerate(line) if ch == " "]
    cuts: list[int] = []
    for n in range(1, count):
        target = n * len(line) / count
        options = [k for k in spaces if not cuts or k > cuts[-1]]
        if not options:
            break
        cuts.append(min(options, key=lambda k: abs(k - target) - _cut_bonus(line, k)))
    pieces, start = [], 0
    for cut in cuts:
        pieces.append(line[start:cut])
        start = cut + 1
    pieces.append(line[start:])
    return "\n".join(pieces)


def caption_cues(document: Document) -> list[tuple[float, float, str]]:
    """The clean text of the timed units as caption cues ``(start, end, text)``, in order,
    with the source's times.

    Units that share their times (a cue split at a speaker change) share one cue, a line
    each; a unit whose text the stages removed gives no cue; a long line is cut into lines
    of even length (:func:`_caption_lines`).
    """
    cues: list[tuple[float, float, str]] = []
    for unit in document.units:
        if unit.start is None or unit.end is None:
            continue
        text = _caption_lines(" ".join(document.unit_text(unit).split()))
        if not text:
            continue
        if cues and cues[-1][:2] == (unit.start, unit.end):
            cues[-1] = (unit.start, unit.end, cues[-1][2] + "\n" + text)
        else:
            cues.append((unit.start, unit.end, text))
    return cues


def render_srt(cues) -> str:
    """SubRip text of ``(start, end, text)`` cues, numbered from 1."""
    return "".join(
        f"{i}\n{_fmt_time(s, ',')} --> {_fmt_time(e, ',')}\n{t}\n\n" for i, (s, e, t) in enumerate(cues, 1)
    )


def _vtt_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render_vtt(cues) -> str:
    """WebVTT text of ``(start, end, text)`` cues; ``&``, ``<`` and ``>`` are escaped."""
    return "WEBVTT\n\n" + "".join(
        f"{_fmt_time(s, '.')} --> {_fmt_time(e, '.')}\n{_vtt_escape(t)}\n\n" for s, e, t in cues)


def version_number(name: str) -> int | None:
    m = VERSION_RE.match(name)
    return int(m.group(1)) if m else None


def list_versions(doc_dir: Path) -> list[str]:
    """The version folders of one document, oldest first."""
    if not doc_dir.is_dir():
        return []
    names = [p.name for p in doc_dir.iterdir() if p.is_dir() and version_number(p.name) is not None]
    return sorted(names, key=version_number)


FAILED_DIR = ".failed"  # in the clean folder: the inputs each document's file last failed with


def _failure_path(clean_dir: Path, doc_id: str) -> Path:
    return Path(clean_dir) / FAILED_DIR / (hashlib.sha256(doc_id.encode()).hexdigest()[:32] + ".json")


def record_failure(clean_dir: Path, doc_id: str, failure_key: str, error: str) -> None:
    """Remember that the file of this document failed with these inputs (``failure_key``),
    so that a run over an unchanged corpus reports it again without starting anything. Kept
    apart from the versions (no document folder is made for a file that never worked),
    written whole: a temporary file renamed into place."""
    path = _failure_path(clean_dir, doc_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{TMP_PREFIX}{os.getpid()}-{path.name}")
    try:
        tmp.write_text(json.dumps({"doc_id": doc_id, "key": failure_key, "error": error},
                                  ensure_ascii=False) + "\n", encoding="utf-8")
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def recorded_failure(clean_dir: Path, doc_id: str, failure_key) -> str | None:
    """The error the document's file last failed with, if that was with the same inputs:
    ``failure_key()`` gives them now; it is called only where there is a record (most
    files have none, and their inputs are not looked at for it)."""
    try:
        record = json.loads(_failure_path(clean_dir, doc_id).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if isinstance(record, dict) and record.get("doc_id") == doc_id and isinstance(record.get("error"), str) \
            and record.get("key") is not None and record.get("key") == failure_key():
        return record["error"]
    return None


def _failure_files(clean_dir: Path) -> list[tuple[Path, dict | None]]:
    """Each failure record's file, with what it holds (None where it cannot be read)."""
    try:
        paths = sorted(p for p in (Path(clean_dir) / FAILED_DIR).iterdir() if p.suffix == ".json")
    except OSError:
        return []
    files = []
    for path in paths:
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            record = None
        files.append((path, record if isinstance(record, dict) else None))
    return files


def forget_failures_but(clean_dir: Path, doc_ids: set[str]) -> None:
    """Remove the failure records of documents whose raw file is gone (not in ``doc_ids``,
    the documents of the raw folder): a few files, read only where there are any."""
    for path, record in _failure_files(clean_dir):
        if (record or {}).get("doc_id") not in doc_ids:
            with contextlib.suppress(OSError):
                path.unlink()


def failure_records(clean_dir: Path) -> dict[str, str]:
    """Document id -> the error its file last failed with, for every failure remembered."""
    return {record["doc_id"]: record["error"] for _, record in _failure_files(clean_dir)
            if record is not None and isinstance(record.get("doc_id"), str) and isinstance(record.get("error"), str)}


def forget_failure(clean_dir: Path, doc_id: str) -> None:
    with contextlib.suppress(OSError):
        _failure_path(clean_dir, doc_id).unlink()


def latest_manifest(doc_dir: Path) -> dict | None:
    versions = list_versions(doc_dir)
    if not versions:
        return None
    try:
        return json.loads((doc_dir / versions[-1] / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


@contextlib.contextmanager
def document_lock(doc_dir: Path):
    """Hold the document's lock file (blocking) for the duration of the block."""
    doc_dir.mkdir(parents=True, exist_ok=True)
    with open(doc_dir / LOCK_NAME, "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _write_file(path: Path, content: str) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(content)
        fh.flush()
        os.fsync(fh.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# ``json.dumps(o, ensure_ascii=False)`` makes an encoder like this one for every object.
_JSON_LINE = json.JSONEncoder(ensure_ascii=False)


# Characters that Python's str.splitlines() and many JSON Lines readers take for a line
# break: written as \u escapes, so that each object stays on one line for any reader.
_LINE_BREAKS = {c: f"\\u{ord(c):04x}" for c in "\x85\u2028\u2029"}  # json escapes those under U+0020
_LINE_BREAK = re.compile("[" + "".join(_LINE_BREAKS) + "]")


def _jsonl(objects) -> str:
    encode = _JSON_LINE.encode
    text = "".join([encode(o) + "\n" for o in objects])
    return _LINE_BREAK.sub(lambda m: _LINE_BREAKS[m.group()], text) if _LINE_BREAK.search(text) else text


def _write_files(folder: Path, document: Document, segments: list[dict], manifest: dict) -> None:
    """The files of one version, in ``folder`` (made durable before it is renamed)."""
    _write_file(folder / "transcript.txt", render_transcript(document.segments))
    _write_file(folder / "segments.jsonl", _jsonl(segments))
    _write_file(folder / "corrections.jsonl", _jsonl(c.to_json() for c in document.corrections))
    if document.events:  # sound tags, voice names: information, not words of the text
        _write_file(folder / "events.jsonl", _jsonl(document.events))
    cues = caption_cues(document)
    if cues:
        _write_file(folder / "captions.srt", render_srt(cues))
        _write_file(folder / "captions.vtt", render_vtt(cues))
    _write_file(folder / "manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    _fsync_dir(folder)


def write_version(document: Document, clean_dir: Path, manifest: dict, input_key: str,
                  force: bool = False) -> tuple[Path, bool]:
    """Write the document's next version unless the latest one has the same inputs.

    Returns the version folder (new, or the unchanged latest) and whether it was written.
    ``manifest`` holds the fields that describe the inputs; this function adds
    ``doc_id``, ``version``, ``parent``, ``created_at`` and ``counts``.
    """
    doc_dir = Path(clean_dir) / document.doc_id
    # Rendering makes a dictionary or string for every segment and correction, and no
    # reference cycles: the cyclic collector is paused (its passes would walk the document).
    with document_lock(doc_dir), collector_paused():
        _remove_stale(doc_dir)
        versions = list_versions(doc_dir)
        previous = latest_manifest(doc_dir)
        if previous and previous.get("input_key") == input_key and not force:
            _point_latest_if_behind(doc_dir, versions[-1])
            return doc_dir / versions[-1], False
        number = (version_number(versions[-1]) + 1) if versions else 1
        name = f"v{number:04d}"
        tmp = doc_dir / f"{TMP_PREFIX}{name}-{os.getpid()}"
        segments = [s.to_json() for s in document.segments]
        full = {
            "doc_id": document.doc_id,
            "version": name,
            "parent": versions[-1] if versions else None,
            **manifest,
            "input_key": input_key,
            "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "counts": {
                "units": len(document.units),
                "segments": len(segments),
                "words": len(clean_text(document).split()),
                "corrections": len(document.corrections),
                **{f"segments_{k}": sum(1 for s in segments if s["kind"] == k)
                   for k in ("narration", "dialogue", "heading")},
            },
            "warnings": list(document.warnings),
        }
        final = doc_dir / name
        tmp.mkdir()
        try:
            _write_files(tmp, document, segments, full)
            os.rename(tmp, final)
        except BaseException:  # (a full disk, Ctrl-C): no half-written folder, and its space back
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        _point_latest(doc_dir, name)
        return final, True


def _remove_stale(doc_dir: Path) -> None:
    """Remove what a writer that crashed left (under the document's lock, which every
    writer holds while it writes: no live writer's folder is among them)."""
    for stale in doc_dir.glob(TMP_PREFIX + "*"):
        if stale.is_symlink():
            stale.unlink()  # a link to `latest` not yet renamed (rmtree refuses links)
        else:
            shutil.rmtree(stale, ignore_errors=True)


def _has_stale(doc_dir: Path) -> bool:
    try:
        with os.scandir(doc_dir) as entries:
            return any(e.name.startswith(TMP_PREFIX) for e in entries)
    except OSError:
        return False


def _latest_target(doc_dir: Path) -> str | None:
    try:
        return os.readlink(doc_dir / "latest")
    except OSError:
        return None


def _point_latest(doc_dir: Path, name: str) -> None:
    """Make ``latest`` name version ``name``, atomically (a new link renamed over it)."""
    link_tmp = doc_dir / f"{TMP_PREFIX}latest-{os.getpid()}"
    if link_tmp.is_symlink() or link_tmp.exists():
        link_tmp.unlink()
    os.symlink(name, link_tmp)
    os.replace(link_tmp, doc_dir / "latest")
    _fsync_dir(doc_dir)


def _point_latest_if_behind(doc_dir: Path, newest: str) -> None:
    if _latest_target(doc_dir) != newest:
        _point_latest(doc_dir, newest)


def repair_latest(doc_dir: Path, newest: str) -> None:
    """Point ``latest`` at the newest version (``newest``, as the caller just read it) where
    a writer killed between renaming its version into place and replacing the link left it
    at an older one (or none), and remove the temporary folder a killed writer left: a run
    that finds the document unchanged mends it, so ``latest`` always names the newest
    version and no half-written folder stays. A look at the link and at the folder's names,
    and the document's lock (with the versions listed again under it) only where it needs
    mending."""
    if not doc_dir.is_dir() or _latest_target(doc_dir) == newest and not _has_stale(doc_dir):
        return
    with document_lock(doc_dir):
        _remove_stale(doc_dir)
        versions = list_versions(doc_dir)
        if versions:
            _point_latest_if_behind(doc_dir, versions[-1])
