"""Speed of ingest relative to plain reading and decoding of the same bytes, in one run.

The reference is reading the file and ``bytes.decode("utf-8")`` of it (the least any reader
does). For a large transcript in several encodings, prints the time of ingest's decoding
(``decode_bytes``: binary checks, encoding detection, decoding) and of the whole of ingest
(with parsing into units) over the reference's (lower is faster); a file with no line
breaks is refused, and its time is the time to refuse it.

    PYTHONPATH=. python bench/ingest_speed.py [MEGABYTES]   (default 20)
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from pipeline.errors import InputError
from pipeline.ingest import decode_bytes, ingest

LINE = "Rocky’s mother, Rusty, said “you’re real normal” — café, naïve, 1985.\n"


def best_of(fn, repeats: int = 3) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def main(argv: list[str]) -> int:
    megabytes = float(argv[0]) if argv else 20.0
    text = LINE * int(megabytes * 1e6 / len(LINE.encode()))
    mojibake = text.encode("utf-8").decode("sloppy-windows-1252").encode("utf-8")
    inputs = {
        "utf-8 .txt": ("a.txt", text.encode("utf-8")),
        "utf-16 .txt": ("b.txt", text.encode("utf-16")),
        "windows-1252 .txt": ("c.txt", text.encode("cp1252")),
        "mojibake .txt": ("d.txt", mojibake),
        "no line breaks .txt": ("e.txt", b"word " * int(megabytes * 2e5)),
    }
    with tempfile.TemporaryDirectory() as folder:
        for label, (name, data) in inputs.items():
            path = Path(folder) / name
            path.write_bytes(data)
            reference = best_of(lambda: path.read_bytes().decode("utf-8", "replace"))

            def run():
                try:
                    ingest(path, "bench")
                except InputError:
                    pass

            decoding = best_of(lambda: decode_bytes(path.read_bytes(), path))
            took = best_of(run)
            print(f"{label:20} {len(data) / 1e6:5.1f} MB   decoding {decoding / reference:5.1f}x   "
                  f"ingest {took / reference:5.1f}x ({took * 1000:.0f} ms)   of read+decode")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
