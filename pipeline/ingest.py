"""Ingest: read a transcript's bytes, find their encoding, parse the format into units.

Supported formats: ``.txt`` (one caption line or paragraph per line), ``.srt``, ``.vtt``
(including YouTube's rolling automatic captions) and ``.json`` (a list of ``{"text",
"start", "duration"}``); the parsers live in :mod:`pipeline.formats`. :func:`build_document`
joins the units' texts with ``"\\n"`` into the document text. Leading and trailing spacing of
a unit, and blank lines, are layout of the source, not words: they become
``Unit.break_before``. Sound tags become ``Document.events``; ``>>`` becomes
``Unit.speaker_change``.

The encoding found is recorded in ``Source.encoding`` under one of these names:
``utf-8``, ``utf-8-bom``, ``utf-16-le-bom``, ``utf-16-be-bom``, ``utf-32-le-bom``,
``utf-32-be-bom``, ``utf-16-le``, ``utf-16-be`` (no byte-order mark), ``windows-1252``,
``latin-1`` (single bytes, none in 0x80-0x9F) and ``utf-8+windows-1252`` (UTF-8 with a few
stray Windows-1252 bytes, each read as Windows-1252; ``utf-8-bom+windows-1252`` after a
byte-order mark). Mojibake - text that was decoded
with the wrong codec and saved again - decodes fine here; the repair stage fixes it.
"""
from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
from pathlib import Path

import ftfy.bad_codecs  # noqa: F401  (registers the "sloppy-windows-1252" codec)

from .config import Settings
from .document import Document, Source, collector_paused, new_unit
from .errors import InputError, unprintable
from .formats import LINE_BREAK, PARSERS, RawUnit, captions_in_text, parse_txt, split_lines  # noqa: F401  (parse_txt: for callers)

SUPPORTED_SUFFIXES = tuple(PARSERS)

_BINARY_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a zip archive (or an office document)"),
    (b"PK\x05\x06", "a zip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", None),  # checked below: bzip2 only with its block magic
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "an executable"),
    (b"MZ", None),  # checked below: a Windows executable only with its PE header
    (b"OggS", "an Ogg audio file"),
    (b"fLaC", "a FLAC audio file"),
    (b"ID3", None),  # checked below: an MP3 only with a version byte
    (b"RIFF", "a RIFF file (WAV audio, AVI video or WebP image)"),
    (b"\x1aE\xdf\xa3", "a Matroska or WebM video"),
    (b"SQLite format 3\x00", "an SQLite database"),
)
_BOMS = (  # longest first: the UTF-32-LE mark starts with the UTF-16-LE one
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le-bom"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be-bom"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-bom"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le-bom"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be-bom"),
)
# C0 control characters other than tab, line feed, form feed and carriage return.
_CONTROL_CODES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F])
_NOT_CONTROL = bytes(b for b in range(256) if b not in _CONTROL_CODES)
_NOT_C1 = bytes(b for b in range(256) if not 0x80 <= b < 0xA0)
_C1_OR_PRIVATE = re.compile("[\x80-\x9f\ue000-\uf8ff]")
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")  # a byte that is not UTF-8, as "surrogateescape" keeps it
_WINDOWS_1252 = {chr(0xDC00 + b): bytes([b]).decode("sloppy-windows-1252") for b in range(0x80, 0x100)}


def document_id(path: Path, raw_dir: Path | None) -> str:
    """The path under ``raw_dir`` without its last extension, else the file name without it.
    A link in the raw folder is a document of its own name (not its target's)."""
    path = Path(path)
    if raw_dir is not None:
        for rel in _relative(path, Path(raw_dir)):
            return rel.with_suffix("").as_posix() if rel.suffix else rel.as_posix()
    return path.stem if path.suffix else path.name


def _relative(path: Path, folder: Path):
    """``path`` relative to ``folder``: as written (made absolute), else with every link
    resolved (a raw folder reached through a link); nothing if it is not inside."""
    try:
        yield Path(os.path.abspath(path)).relative_to(Path(os.path.abspath(folder)))
        return
    except ValueError:
        pass
    try:  # (resolved only where needed: a link in a loop cannot be)
        yield path.resolve().relative_to(folder.resolve())
    except (ValueError, OSError, RuntimeError):
        return


_VERSION_NAME = re.compile(r"v\d{4,}")


def check_document_id(doc_id: str, path: Path) -> None:
    """A document id must make a folder of its own under the clean folder: no part of it
    empty or starting with "." ("..txt", "...txt", ".hidden"), and none named like what a
    document's folder holds ("v0001", "latest"), which would write into another document's
    versions); nor ``*``, which in decisions.toml stands for every document."""
    if doc_id == "*":
        raise InputError(path, "its document id would be '*', which stands for every document in "
                               "review decisions: rename the file")
    if unprintable(doc_id):
        raise InputError(path, "its name (or a folder's) is not valid UTF-8 or holds a control "
                               "character, and a document id must be text: rename it")
    for part in doc_id.split("/"):
        if not part or part.startswith("."):
            raise InputError(path, f"a file whose name (or folder) starts with '.' is no document "
                                   f"(run skips it; its id would be {doc_id!r}): rename it")
        if part.casefold() == "latest" or _VERSION_NAME.fullmatch(part.casefold()):
            raise InputError(path, f"its document id {doc_id!r} has a part named like a version "
                                   f"folder ({part!r}), which would write into another document's "
                                   "versions: rename the file or its folder")


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_SUFFIXES and not path.name.startswith(".")


def _binary_kind(data: bytes) -> str | None:
    """What a file is, from its first bytes, when it is a known binary format."""
    for magic, what in _BINARY_MAGIC:
        if data.startswith(magic):
            if what is not None:
                return what
            if magic == b"BZh" and data[3:4].isdigit() and data[4:10] == b"1AY&SY":
                return "a bzip2 archive"
            if magic == b"MZ" and b"PE\x00\x00" in data[:1024]:
                return "a Windows executable"
            if magic == b"ID3" and data[3:4] in (b"\x02", b"\x03", b"\x04"):
                return "an MP3 audio file"
    if data[4:8] == b"ftyp":
        return "an MP4 or QuickTime video"
    return None


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def decode_bytes(data: bytes, path: Path) -> tuple[str, str]:
    """Decoded text and the name of the encoding found (see the module docstring).

    Refuses binary data: known binary formats by their first bytes, and bytes that are
    text in no supported encoding (many control bytes). UTF-16 is text, with or without
    a byte-order mark.
    """
    text, name, _, _ = _decode(data, path)
    return text, name


def _unpadded(data: bytes, width: int) -> bytes:
    """``data`` without the NUL bytes it ends in - padding, not text: space a program set
    aside and never wrote, a copy or download cut short - but with those that belong to its
    last character (``width`` bytes a code unit: "\\n" in UTF-16-LE is ``0a 00``). Data of
    nothing but NUL bytes stays as it is (refused as binary: no text to keep)."""
    if not data.endswith(b"\x00"):
        return data
    end = len(data.rstrip(b"\x00"))
    return data[:end + (-end) % width] if end else data


def _decode(data: bytes, path: Path) -> tuple[str, str, list[int], int]:
    """:func:`decode_bytes`, the lines of the stray bytes read as Windows-1252 (the first
    few, for the warning), and the number of NUL bytes of padding left out at the end."""
    what = _binary_kind(data)
    if what:
        raise InputError(path, f"this is {what}, not a transcript")
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            body = _unpadded(data, 4 if codec.startswith("utf-32") else 2 if codec.startswith("utf-16") else 1)
            padding = len(data) - len(body)
            if codec == "utf-8":  # a stray byte is no reason to refuse: read as without the mark
                text, found, strays = _decode_ascii_compatible(body[len(bom):], path, utf8_marked=True)
                return text.lstrip("\ufeff"), found.replace("utf-8", name, 1), strays, padding
            try:
                text = body[len(bom):].decode(codec)
            except UnicodeDecodeError as exc:
                raise _not_valid(path, body[len(bom):], codec, exc, f"starts with a {codec} byte-order "
                                 f"mark but is not valid {codec}", len(bom)) from None
            _check_controls(text.encode("utf-8", "surrogatepass"), path)
            return text.lstrip("\ufeff"), name, [], padding
    plain = _unpadded(data, 1)
    if b"\x00" in plain:
        even = _unpadded(data, 2)
        utf16 = _utf16_without_bom(even, path)
        if utf16 is not None:
            return (*utf16, [], len(data) - len(even))
    return (*_decode_ascii_compatible(plain, path), len(data) - len(plain))


def _not_valid(path: Path, data: bytes, codec: str, exc: UnicodeDecodeError, what: str,
               skipped: int = 0) -> InputError:
    """The error for ``data`` that ``codec`` cannot decode: the byte (counting ``skipped``
    bytes before ``data``) and its line."""
    width = 4 if codec.startswith("utf-32") else 2  # bytes a code unit
    before = data[:exc.start - exc.start % width].decode(codec, "replace")
    line = len(LINE_BREAK.findall(before)) + 1
    return InputError(path, f"{what} (byte {exc.start + skipped})", line=line)


def _decode_ascii_compatible(data: bytes, path: Path, utf8_marked: bool = False) -> tuple[str, str, list[int]]:
    """Text in UTF-8 (with perhaps a few stray bytes), Windows-1252 or Latin-1. After a
    UTF-8 byte-order mark (``utf8_marked``), which no single-byte text starts with, the
    bytes that are not UTF-8 are stray ones also where they are not outnumbered by UTF-8
    sequences (ASCII text with one Windows-1252 apostrophe pasted in)."""
    _check_controls(data, path)
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    if utf8_marked or _mostly_utf8(data):
        escaped = data.decode("utf-8", "surrogateescape")
        text = _ESCAPED_BYTE.sub(lambda m: _WINDOWS_1252[m.group()], escaped)
        if not _mostly_utf8(data):
            _check_latin_script(data, "sloppy-windows-1252", text, path)
        return text, "utf-8+windows-1252", _stray_lines(escaped)
    if data.translate(None, _NOT_C1):
        # bytes 0x80-0x9F: punctuation in Windows-1252 (’ “ ” – …), control codes in Latin-1
        codec, name = "sloppy-windows-1252", "windows-1252"
    else:
        codec, name = "latin-1", "latin-1"
    text = data.decode(codec)
    _check_latin_script(data, codec, text, path)
    return text, name, []


def _stray_lines(text: str, most: int = 5) -> list[int]:
    """The first lines of ``text`` that hold a byte escaped by "surrogateescape": ``most``
    of them, and one more where there are more."""
    lines, line, pos = [], 1, 0
    for m in _ESCAPED_BYTE.finditer(text):
        line += len(LINE_BREAK.findall(text, pos, m.start()))
        pos = m.start()
        if not lines or lines[-1] != line:
            lines.append(line)
            if len(lines) > most:  # one more: there are more than ``most``
                break
    return lines


_ASCII_LETTERS = bytes(range(65, 91)) + bytes(range(97, 123))
_ASCII = bytes(range(128))


def _check_latin_script(data: bytes, codec: str, text: str, path: Path) -> None:
    """Refuse single-byte text whose letters are mostly (over half) outside ASCII: in
    Windows-1252 or Latin-1, text in a language written with Latin letters has some accented
    ones (French, German: under a fifth; Icelandic up to about two fifths); KOI8-R or
    Windows-1251 Russian, GB2312 Chinese or Shift-JIS read that way is nearly all accented
    letters, and would be cleaned as gibberish. Fewer than 20 letters are too few to tell."""
    ascii_letters = len(data) - len(data.translate(None, _ASCII_LETTERS))
    high = data.translate(None, _ASCII)  # (one character each, in both encodings)
    accented = sum(map(str.isalpha, high.decode(codec)))
    letters = ascii_letters + accented
    if letters >= 20 and accented > 0.5 * letters:
        first = next(k for k, ch in enumerate(text) if ch >= "\x80" and ch.isalpha())
        raise InputError(path, f"{accented / letters:.0%} of the letters are not ASCII and "
                         "the bytes are not UTF-8: a legacy encoding of another script (KOI8-R, Windows-1251, "
                         "GB2312, Shift-JIS, ...)? Save the file as UTF-8",
                         line=text.count("\n", 0, first) + 1)


def _mostly_utf8(data: bytes) -> bool:
    """Whether valid UTF-8 sequences clearly outnumber the bytes that are not UTF-8."""
    decoded = data.decode("utf-8", "replace")
    bad = decoded.count("\ufffd") - data.count("\ufffd".encode())
    non_ascii = len(decoded) - len(decoded.encode("ascii", "ignore"))
    return non_ascii - bad > 2 * bad


def _check_controls(data: bytes, path: Path) -> None:
    """Refuse data (bytes of an ASCII-compatible encoding) with many control bytes:
    binary data, not text."""
    controls = data.translate(None, _NOT_CONTROL)
    if not controls:
        return
    visible = len(data.translate(None, b" \t\n\r\f"))
    if len(controls) <= max(8, len(data) // 2000) and 2 * len(controls) < visible:
        return  # a few stray control bytes in text: repair removes them
    first = min(data.find(bytes([b])) for b in set(controls))
    raise InputError(path, f"binary data ({len(controls):,} control bytes): not a text file in any "
                     "supported encoding (UTF-8, UTF-16, Windows-1252, Latin-1)",
                     line=_line_of(data, first))


def _utf16_without_bom(data: bytes, path: Path) -> tuple[str, str] | None:
    """UTF-16 text without a byte-order mark: most characters ASCII, so one byte of each
    pair is zero, and nothing in it a control character. Such text that stops being UTF-16
    (cut off in the middle of a character, half of a surrogate pair) is refused, naming the
    line and byte: it is no binary data."""
    if len(data) < 4:
        return None
    pairs = len(data) // 2
    for name, zero_lane in (("utf-16-le", data[1::2]), ("utf-16-be", data[0::2])):
        if zero_lane.count(0) < 0.3 * pairs:
            continue
        try:
            text = data.decode(name)
        except UnicodeDecodeError as exc:
            if _utf16_text(data[:exc.start - exc.start % 2].decode(name)):
                raise _not_valid(path, data, name, exc, f"{name} text without a byte-order mark (every "
                                 f"other byte zero), but not valid {name}") from None
            continue
        if _utf16_text(text):
            return text.lstrip("\ufeff"), name
    return None


def _utf16_text(text: str) -> bool:
    """Whether ``text``, read as UTF-16, is text: some characters, none of them a control
    character, a C1 character or one for private use."""
    return bool(text) and not text.encode("utf-8", "surrogatepass").translate(None, _NOT_CONTROL) \
        and not _C1_OR_PRIVATE.search(text)


def check_line_length(text: str, path: Path, settings: Settings) -> None:
    """Refuse a line longer than ``settings.max_line_chars`` (a corrupt or binary file)."""
    limit = settings.max_line_chars
    if len(text) <= limit:
        return
    # The lengths of all the lines at once, where the first line is not already too long;
    # the loop below finds the line that is, and its number.
    first_fits = text.find("\n", 0, limit + 1) >= 0 or text.find("\r", 0, limit + 1) >= 0
    if first_fits and max(map(len, split_lines(text))) <= limit:
        return
    start = breaks = 0
    for breaks, m in enumerate(LINE_BREAK.finditer(text), start=1):
        if m.start() - start > limit:
            _too_long(path, m.start() - start, limit, breaks)
        start = m.end()
    if len(text) - start > limit:
        _too_long(path, len(text) - start, limit, breaks + 1)


def _too_long(path: Path, length: int, limit: int, line: int):
    raise InputError(path, f"line is {length:,} characters long, over the limit of {limit:,} "
                     "(the max_line_chars setting, in transcripts.toml or --config): not a transcript, "
                     "or one with no line breaks", line=line)


def build_document(doc_id: str, source: Source, items: list) -> Document:
    """Join the units' texts with ``"\\n"`` into one document.

    ``items`` are :class:`~pipeline.formats.RawUnit` objects and events (dicts), in source
    order. Each event gets ``unit`` (the unit it is in, or the next one, which may be one
    past the last) and ``char`` (its offset in the document text, at most its length: an
    event after the last unit is at the text's end); events in a unit keep their ``offset``
    into it.
    """
    units, parts, events, pos = [], [], [], 0
    add_unit, add_part = units.append, parts.append
    for item in items:
        if isinstance(item, dict):
            events.append({**item, "unit": len(units), "offset": 0,
                           "char": pos + 1 if parts else 0})
            continue
        text, start, end, break_before, speaker_change, words, unit_events = item  # a RawUnit
        if parts:
            pos += 1  # the "\n" between units
        for event in unit_events:
            events.append({**event, "unit": len(units), "char": pos + event["offset"]})
        end_char = pos + len(text)
        add_unit(new_unit(pos, end_char, start, end, break_before, speaker_change, words))
        add_part(text)
        pos = end_char
    # (an event after the last unit, a final cue of "[Applause]" alone: at the text's end)
    events = [e if e["char"] <= pos else {**e, "char": pos} for e in events]
    return Document(doc_id=doc_id, source=source, text="\n".join(parts), units=tuple(units),
                    events=tuple(events), stages=("ingest",))


def not_found(path: Path) -> str:
    """Why there is no file to read at ``path``: nothing there, a link to nothing, or
    something that is no file (a pipe, a device)."""
    try:
        os.stat(path)
    except FileNotFoundError:
        return f"a link to {os.readlink(path)!r}, which is not there" if path.is_symlink() else "file not found"
    except OSError as exc:  # a link in a loop
        return f"cannot read: {exc.strerror}"
    return "not a regular file (a pipe or a device?)"


def read_source(path: Path, settings: Settings) -> bytes:
    try:
        st = path.stat()
    except FileNotFoundError:
        raise InputError(path, not_found(path)) from None
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror}") from None
    if not stat.S_ISREG(st.st_mode) and not stat.S_ISDIR(st.st_mode):  # (a folder: "Is a directory")
        raise InputError(path, not_found(path))  # a pipe would wait for a writer; a device never ends
    _check_size(path, st.st_size, settings)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror}") from None


def _check_size(path: Path, size: int, settings: Settings) -> None:
    if size > settings.max_input_bytes:
        raise InputError(path, f"file is {size:,} bytes, over the limit of {settings.max_input_bytes:,} "
                         "(the max_input_bytes setting, in transcripts.toml or --config)")


def ingest(path: Path, doc_id: str, settings: Settings = Settings(), data: bytes | None = None) -> Document:
    """Read, decode and parse one transcript file into a :class:`Document`.

    Problems with the file are :class:`~pipeline.errors.InputError` (one line naming the
    file, and the line or cue). An empty or white-space-only file gives an empty document
    with a warning.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    parser = PARSERS.get(suffix)
    if parser is None:
        raise InputError(path, f"unsupported file type {path.suffix!r} (supported: {', '.join(SUPPORTED_SUFFIXES)})")
    if data is None:
        data = read_source(path, settings)
    _check_size(path, len(data), settings)
    text, encoding, strays, padding = _decode(data, path)
    found: list[str] = []  # what the parser warns of
    items = None
    # subtitles saved as .txt, or as the other caption format: read as what they are, not
    # as text full of timings (nor refused)
    read_as = captions_in_text(text, suffix)
    if read_as is None and suffix == ".txt" and text.lstrip("\ufeff \t\r\n")[:1] in ("[", "{"):
        items = _json_in_text(text, path, found)  # a JSON export saved as .txt
        read_as = ".json" if items else None
    if (read_as or suffix) != ".json":  # a JSON export on one line is normal
        check_line_length(text, path, settings)
    if read_as in (".srt", ".vtt"):
        items = _guessed_captions(text, path, suffix, read_as, found)
        read_as = read_as if items is not None else None
    warnings = [f"holds {_FORMAT_NAMES[read_as]} captions, not {_FORMAT_NAMES[suffix]}: read as {read_as}"
                ] if read_as else []
    if read_as:
        suffix, parser = read_as, PARSERS[read_as]
    source = Source(str(path), hashlib.sha256(data).hexdigest(), suffix.lstrip("."), encoding)
    with collector_paused():  # a million small objects, no cycles
        document = build_document(doc_id, source, items if items is not None else parser(text, path, found))
    warnings.extend(found)
    if padding:
        warnings.append(f"ends in {padding:,} NUL byte{'s' if padding > 1 else ''} (padding, not text): "
                        "left out")
    if strays:
        where = ", ".join(map(str, strays[:5])) + (", ..." if len(strays) > 5 else "")
        warnings.append(f"mostly UTF-8, with some bytes that are not (line{'s' if len(strays) > 1 else ''} "
                        f"{where}); those were read as Windows-1252")
    if not document.text.strip():
        warnings.append("empty transcript (no text)")
    backwards = _out_of_order(document)
    if backwards:
        warnings.append(f"cues out of time order (one at {backwards[1]:g} s after one at {backwards[0]:g} s): "
                        "read in the file's order")
    return document.replace(warnings=tuple(warnings)) if warnings else document


_FORMAT_NAMES = {".txt": "plain text", ".srt": "SRT", ".vtt": "WebVTT", ".json": "JSON"}


def _json_in_text(text: str, path: Path, warnings: list) -> list | None:
    """The items of a .txt file that holds a JSON caption list (one :func:`~pipeline.formats.parse_json`
    reads, with some text), else None: text that only starts with a bracket ("[Music]") is text."""
    found: list[str] = []
    try:
        items = PARSERS[".json"](text, path, found)
    except InputError:
        return None
    if all(isinstance(item, dict) for item in items):
        return None  # no words ("[]", sound tags only): nothing says it is a transcript's JSON
    warnings.extend(found)
    return items


def _guessed_captions(text: str, path: Path, suffix: str, read_as: str, warnings: list) -> list | None:
    """The items of a file named ``suffix`` that seems to hold ``read_as`` captions (see
    :func:`~pipeline.formats.captions_in_text`), read as them. A guess only: where the reading
    fails or finds no words, a .txt file is text after all (None; nobody said it held
    captions, and text may start with a timing or with "WEBVTT"); a caption file named as the
    other format is no text, and the error says why it was read so."""
    found: list[str] = []
    try:
        items = PARSERS[read_as](text, path, found)
    except InputError as exc:
        if suffix == ".txt":
            return None
        first = "its first line is 'WEBVTT'" if read_as == ".vtt" else "it starts with a SubRip timing line"
        raise InputError(path, f"{exc.message} (read as {_FORMAT_NAMES[read_as]}, not {_FORMAT_NAMES[suffix]}, "
                               f"as {first})", line=exc.line, cue=exc.cue) from None
    if suffix == ".txt" and not any(isinstance(item, RawUnit) for item in items):
        return None
    warnings.extend(found)
    return items


def _out_of_order(document: Document) -> tuple[float, float] | None:
    """The first two timed units whose starts go back in time, if any."""
    last = None
    for unit in document.units:
        if unit.start is None:
            continue
        if last is not None and unit.start < last:
            return last, unit.start
        last = unit.start
    return None
