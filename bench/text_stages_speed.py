"""Speed of the normalize, spelling and segment stages against ftfy, in one run.

All 15 Earnings-21 raw calls are concatenated into one text file (as in issue 6: ~685k
characters of speech-recognition text wrapped at 42 characters), ingested once, and each
stage is timed on its own input (best of N) next to ``ftfy.fix_text`` on the same text.
Word lists and models are loaded before timing. Per-word caches are warm (a real run over
many files keeps them), and ``--cold`` also reports a first run with the caches cleared.
Times are the process's CPU time (``time.process_time``; on shared, busy cores wall time
mostly measures the neighbours), best of N, the stage and ftfy run alternately.

    PYTHONPATH=. python bench/text_stages_speed.py [--repeats 5] [--cold] [FILE ...]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import ftfy

from pipeline import spelling as spelling_module
from pipeline.correct import correct
from pipeline.dictionaries import Lexicon
from pipeline.ingest import ingest
from pipeline.normalize import normalize
from pipeline.register import load_model
from pipeline.repair import repair
from pipeline.segment import segment
from pipeline.speakers import lists
from pipeline.spelling import resources, spelling

E21 = Path("/work/shared/eval/earnings21/raw")


def cpu_time(fn) -> float:
    started = time.process_time()
    fn()
    return time.process_time() - started


def best_of_alternating(fn, reference, repeats: int) -> tuple[float, float]:
    """Best CPU times of ``fn`` and ``reference``, run in turn ``repeats`` times."""
    times, reference_times = [], []
    for _ in range(repeats):
        times.append(cpu_time(fn))
        reference_times.append(cpu_time(reference))
    return min(times), min(reference_times)


def clear_caches() -> None:
    for name in dir(spelling_module):
        obj = getattr(spelling_module, name)
        if callable(obj) and hasattr(obj, "cache_clear") and name != "resources":
            obj.cache_clear()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--cold", action="store_true")
    args = parser.parse_args(argv)
    paths = args.files or sorted(E21.glob("*.txt"))
    joined = "\n".join(p.read_text(encoding="utf-8").rstrip("\n") for p in paths) + "\n"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "all.txt"
        path.write_text(joined, encoding="utf-8")
        document = ingest(path, "all")
    resources(), load_model(), lists()
    lexicon = Lexicon()
    repaired = repair(document)
    normalized = normalize(repaired)
    corrected = correct(normalized, lexicon)
    spelled = spelling(corrected, lexicon)
    stages = {
        "normalize": (lambda: normalize(repaired), repaired.text),
        "spelling": (lambda: spelling(corrected, lexicon), corrected.text),
        "segment": (lambda: segment(spelled), spelled.text),
    }
    print(f"{len(paths)} files, {len(joined)} chars, {len(joined.split())} words; best of {args.repeats}")
    if args.cold:
        clear_caches()
        t_cold = cpu_time(lambda: spelling(corrected, lexicon))
        print(f"spelling, first run with cleared caches: {1000 * t_cold:.0f} ms")
    total = 0.0
    for name, (fn, text) in stages.items():
        t_stage, t_ftfy = best_of_alternating(fn, lambda: ftfy.fix_text(text), args.repeats)
        total += t_stage / t_ftfy
        print(f"{name:10} {1000 * t_stage:8.1f} ms   ftfy {1000 * t_ftfy:7.1f} ms   ratio stage/ftfy {t_stage / t_ftfy:6.3f}")
    print(f"sum of ratios {total:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
