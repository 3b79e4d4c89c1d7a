"""Encodings: every byte encoding of one transcript gives the same clean transcript, and
bytes that are text in no supported encoding are refused."""
from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from pipeline.config import Settings
from pipeline.core import RunContext, clean_document, process_file
from pipeline.dictionaries import Lexicon
from pipeline.errors import InputError
from pipeline.ingest import decode_bytes, ingest
from pipeline.write import render_transcript

ROOT = Path(__file__).resolve().parent
CAPTIONS = ROOT / "fixtures" / "captions"
RAW = ROOT.parent / "raw"

SAMPLE = ("Don’t worry, Mr. Sims — I’m “real normal”.\n\n"
          "We met at Café Olé in Zürich; naïve façades, 5 € each…\n"
          "one that reshaped how people understood Rocky’s life.\n")


def _mojibake(text: str, codec: str = "sloppy-windows-1252", times: int = 1) -> bytes:
    for _ in range(times):
        text = text.encode("utf-8").decode(codec)
    return text.encode("utf-8")


VARIANTS = {
    "utf-8": lambda t: t.encode("utf-8"),
    "utf-8-bom": lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    "utf-16-le-bom": lambda t: t.encode("utf-16-le").join([codecs.BOM_UTF16_LE, b""]),
    "utf-16-be-bom": lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
    "utf-16-le": lambda t: t.encode("utf-16-le"),
    "utf-32-le-bom": lambda t: codecs.BOM_UTF32_LE + t.encode("utf-32-le"),
    "windows-1252": lambda t: t.encode("cp1252"),
    "utf-8 CRLF": lambda t: t.replace("\n", "\r\n").encode("utf-8"),
    "utf-16 CRLF": lambda t: t.replace("\n", "\r\n").encode("utf-16"),
    "utf-8 CR CR LF": lambda t: t.replace("\n", "\r\r\n").encode("utf-8"),
    "mojibake windows-1252": lambda t: _mojibake(t),
    "mojibake latin-1": lambda t: _mojibake(t, "latin-1"),
    "mojibake twice": lambda t: _mojibake(t, times=2),
    "mojibake with BOM": lambda t: codecs.BOM_UTF8 + _mojibake(t),
}


def _transcript(path: Path) -> str:
    return render_transcript(clean_document(ingest(path, "x"), Lexicon()).segments)


def _sources() -> list[tuple[str, str]]:
    sources = [("sample", SAMPLE)]
    for path in sorted(RAW.glob("*.txt")):
        sources.append((path.name, path.read_text(encoding="utf-8")))
    return sources


@pytest.mark.parametrize("name,text", _sources(), ids=[n for n, _ in _sources()])
def test_every_encoding_gives_the_same_transcript(name, text, tmp_path):
    reference = tmp_path / "reference.txt"
    reference.write_bytes(text.encode("utf-8"))
    expected = _transcript(reference)
    assert expected.strip()
    for variant, encode in VARIANTS.items():
        path = tmp_path / f"{variant.replace(' ', '-')}.txt"
        path.write_bytes(encode(text))
        assert _transcript(path) == expected, variant


@pytest.mark.parametrize("name", ["manual.utf8bom.srt", "manual.utf16.srt", "manual.cp1252.srt",
                                  "manual.mojibake.srt"])
def test_encoded_caption_files_give_the_same_outputs(name, tmp_path):
    outputs = []
    for source in ("manual.srt", name):
        ctx = RunContext(tmp_path / source, None, Lexicon(), Settings())
        folder = Path(process_file(CAPTIONS / source, ctx).version_dir)
        outputs.append([(folder / f).read_bytes() for f in ("transcript.txt", "captions.srt", "captions.vtt")])
    assert outputs[0] == outputs[1]


@pytest.mark.parametrize("variant,expected", [
    ("utf-8", "utf-8"), ("utf-8-bom", "utf-8-bom"), ("utf-16-le-bom", "utf-16-le-bom"),
    ("utf-16-be-bom", "utf-16-be-bom"), ("utf-16-le", "utf-16-le"), ("utf-32-le-bom", "utf-32-le-bom"),
    ("windows-1252", "windows-1252"), ("mojibake windows-1252", "utf-8+mojibake:sloppy-windows-1252"),
    ("mojibake latin-1", "utf-8+mojibake:latin-1"),
    ("mojibake twice", "utf-8+mojibake:sloppy-windows-1252,sloppy-windows-1252"),
])
def test_the_encoding_found_is_recorded(variant, expected, tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(VARIANTS[variant](SAMPLE))
    ctx = RunContext(tmp_path / "clean", None, Lexicon(), Settings())
    result = process_file(path, ctx)
    import json

    manifest = json.loads((Path(result.version_dir) / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["source"]["encoding"] == expected


def test_latin_1_and_windows_1252_are_told_apart():
    assert decode_bytes("café".encode("latin-1"), Path("a")) == ("café", "latin-1")
    assert decode_bytes("it’s".encode("cp1252"), Path("a")) == ("it’s", "windows-1252")
    # bytes Windows-1252 leaves undefined still decode, as ftfy's sloppy codec does
    assert decode_bytes(b"caf\xe9 \x81", Path("a")) == ("café \x81", "windows-1252")


def test_utf8_with_a_stray_windows_1252_byte(tmp_path):
    data = "Don’t — café, naïve, Zürich, “quoted”. ".encode("utf-8") + b"It\x92s"
    text, name = decode_bytes(data, Path("a"))
    assert (text, name) == ("Don’t — café, naïve, Zürich, “quoted”. It’s", "utf-8+windows-1252")
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    assert any("Windows-1252" in w for w in ingest(path, "a").warnings)


@pytest.mark.parametrize("data,what", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF document"),
    (b"PK\x03\x04\x14\x00\x00\x00", "zip archive"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
    (b"\x1f\x8b\x08\x00", "gzip archive"),
    (b"\x00\x00\x00\x18ftypmp42", "MP4"),
    (bytes(range(256)) * 16, "binary data"),
    (b"hello\x00\x01\x02\x03\x04\x05\x06\x07\x08" * 50, "binary data"),
    (b"\x00\x00\x00\x00", "binary data"),
    (b"\x1b\x1b\n\x07", "binary data"),
])
def test_binary_data_is_refused(data, what, tmp_path):
    for suffix in (".txt", ".srt", ".vtt", ".json"):
        path = tmp_path / f"a{suffix}"
        path.write_bytes(data)
        with pytest.raises(InputError, match=what) as info:
            ingest(path, "a")
        assert str(info.value).startswith(str(path)) and "\n" not in str(info.value)


def test_utf16_is_text_not_binary(tmp_path):
    for data in (SAMPLE.encode("utf-16"), SAMPLE.encode("utf-16-le"), SAMPLE.encode("utf-16-be")):
        assert decode_bytes(data, Path("a"))[0] == SAMPLE


def test_a_few_stray_control_bytes_are_text():
    text, name = decode_bytes(b"Hello\x1a there\x00.\n" * 3 + b"More text here.\n" * 100, Path("a"))
    assert name == "utf-8" and text.startswith("Hello\x1a")


def test_a_bad_byte_order_mark_is_named(tmp_path):
    with pytest.raises(InputError, match="byte-order mark"):
        decode_bytes(codecs.BOM_UTF16_LE + b"a\x00\x00\xd8", Path("a"))


def _case_bytes(case: dict) -> bytes:
    """A case's file: ``bytes`` holds one character a byte (U+0000-U+00FF); or ``text`` in
    ``codec``, less its last ``cut`` bytes; then ``pad`` NUL bytes."""
    if "bytes" in case:
        return case["bytes"].encode("latin-1") + b"\x00" * case.get("pad", 0)
    data = case["text"].encode(case["codec"])
    return data[:len(data) - case.get("cut", 0)] + b"\x00" * case.get("pad", 0)


@pytest.mark.parametrize("case", json.loads((ROOT / "cases" / "ingest" / "encodings.json").read_text(encoding="utf-8")),
                         ids=lambda c: c["label"])
def test_encoding_case(case, tmp_path):
    """Files read despite a few bad bytes (with a warning naming their lines), and files
    refused (with the line of the first bad byte)."""
    path = tmp_path / "a.txt"
    path.write_bytes(_case_bytes(case))
    if "error" in case:
        with pytest.raises(InputError) as info:
            ingest(path, "a")
        assert case["error"] in str(info.value) and str(info.value).startswith(f"{path}:{case['line']}: ")
        return
    document = ingest(path, "a")
    assert (document.text, document.source.encoding) == (case["text"], case["encoding"])
    assert document.warnings == (case["warning"],)
