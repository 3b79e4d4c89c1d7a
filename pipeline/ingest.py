"""Ingest: read a transcript's bytes, find their encoding, parse the format into units.

Supported formats: ``.txt`` (one caption line or paragraph per line). Each parser turns the
decoded text into :class:`RawUnit` objects; :func:`build_document` joins their texts with
``"\\n"`` into the document text. Leading and trailing white space of a unit, and blank
lines, are layout of the source, not words: they become ``Unit.break_before``.
"""
from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from .config import Settings
from .document import Document, Source, Unit
from .errors import InputError

SUPPORTED_SUFFIXES = (".txt",)

_BINARY_MAGIC = {
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a zip archive (or an office document)",
    b"\x89PNG": "a PNG image",
    b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"\x1f\x8b": "a gzip archive",
    b"\x7fELF": "an executable",
}
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class RawUnit:
    """A unit as the parser found it, before it becomes part of the document text."""

    text: str
    start: float | None = None
    end: float | None = None
    break_before: str = "line"
    speaker_change: bool = False


def document_id(path: Path, raw_dir: Path | None) -> str:
    """The path under ``raw_dir`` without its last extension, else the file name without it."""
    path = Path(path)
    if raw_dir is not None:
        try:
            rel = path.resolve().relative_to(Path(raw_dir).resolve())
            return rel.with_suffix("").as_posix() if rel.suffix else rel.as_posix()
        except ValueError:
            pass
    return path.stem if path.suffix else path.name


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_SUFFIXES and not path.name.startswith(".")


def decode_bytes(data: bytes, path: Path) -> tuple[str, str]:
    """Decoded text and the name of the encoding found.

    Mojibake (UTF-8 decoded as another codec and saved again) decodes fine here; the
    repair stage fixes it.
    """
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise InputError(path, f"this is {what}, not a transcript")
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(name)
            except UnicodeDecodeError as exc:
                raise InputError(path, f"starts with a {name} byte-order mark but is not valid {name} "
                                 f"(byte {exc.start})") from None
            return text.lstrip("\ufeff"), "utf-8-bom" if name == "utf-8-sig" else name
    if b"\x00" in data:
        text = _utf16_without_bom(data)
        if text is not None:
            return text
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise InputError(path, "binary data (NUL bytes): not a text file in any supported encoding", line=line)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    if len(data) < 4 or len(data) % 2:
        return None
    even_zeros = data[0::2].count(0) / (len(data) / 2)
    odd_zeros = data[1::2].count(0) / (len(data) / 2)
    for name, zeros in (("utf-16-le", odd_zeros), ("utf-16-be", even_zeros)):
        if zeros > 0.3:
            try:
                text = data.decode(name)
            except UnicodeDecodeError:
                continue
            if not _CONTROL.search(text):
                return text, name
    return None


def check_text(text: str, path: Path) -> None:
    """Refuse decoded text that is really binary data."""
    bad = _CONTROL.search(text)
    if bad is None:
        return
    count = len(_CONTROL.findall(text, 0, min(len(text), 1 << 20)))
    if count > max(3, len(text[: 1 << 20]) // 1000):
        line = text.count("\n", 0, bad.start()) + 1
        raise InputError(path, "binary data (control characters): not a text file in any supported encoding",
                         line=line)


def parse_txt(text: str, path: Path) -> list[RawUnit]:
    """One unit per non-blank line; a blank line before a unit is a paragraph break."""
    units, blank = [], True
    for line in _LINE_BREAK.split(text):
        stripped = " ".join(_CONTROL.sub(" ", line).split())
        if not stripped:
            blank = True
            continue
        units.append(RawUnit(stripped, break_before="paragraph" if blank else "line"))
        blank = False
    return units


PARSERS = {".txt": parse_txt}


def build_document(doc_id: str, source: Source, raw_units: list[RawUnit]) -> Document:
    """Join the units' texts with ``"\\n"`` into one document."""
    units, parts, pos = [], [], 0
    for raw in raw_units:
        if parts:
            pos += 1  # the "\n" between units
        units.append(Unit(pos, pos + len(raw.text), raw.start, raw.end, raw.break_before, raw.speaker_change))
        parts.append(raw.text)
        pos += len(raw.text)
    return Document(doc_id=doc_id, source=source, text="\n".join(parts), units=tuple(units), stages=("ingest",))


def read_source(path: Path, settings: Settings) -> bytes:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(path, "file not found") from None
    if size > settings.max_input_bytes:
        raise InputError(path, f"file is {size:,} bytes, over the limit of {settings.max_input_bytes:,} "
                         "(max_input_bytes in transcripts.toml)")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror}") from None


def ingest(path: Path, doc_id: str, settings: Settings = Settings(), data: bytes | None = None) -> Document:
    """Read, decode and parse one transcript file into a :class:`Document`."""
    path = Path(path)
    parser = PARSERS.get(path.suffix.lower())
    if parser is None:
        raise InputError(path, f"unsupported file type {path.suffix!r} (supported: {', '.join(SUPPORTED_SUFFIXES)})")
    if data is None:
        data = read_source(path, settings)
    text, encoding = decode_bytes(data, path)
    check_text(text, path)
    for number, line in enumerate(_LINE_BREAK.split(text), start=1):
        if len(line) > settings.max_line_chars:
            raise InputError(path, f"line is {len(line):,} characters long, over the limit of "
                             f"{settings.max_line_chars:,} (max_line_chars in transcripts.toml)", line=number)
    source = Source(str(path), hashlib.sha256(data).hexdigest(), path.suffix.lower().lstrip("."), encoding)
    document = build_document(doc_id, source, parser(text, path))
    if not document.text.strip():
        document = document.replace(warnings=(f"{path}: empty transcript (no text)",))
    return document
