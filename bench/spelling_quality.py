"""Effect of the spelling stage on the Earnings-21 calls: WER with and without it.

Runs ingest, repair, normalize (and, with --with-correct, the dictionary stage) over every
raw call, writes the clean text without and with the spelling stage into two folders, scores
both with the shared scorer against the human references, and lists every change the stage
made. Usage (from the repository root):

    PYTHONPATH=. python bench/spelling_quality.py [--eval DIR] [--out DIR] [--with-correct]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from pipeline.config import Settings
from pipeline.correct import correct
from pipeline.dictionaries import load_lexicon
from pipeline.ingest import ingest
from pipeline.normalize import normalize
from pipeline.repair import repair
from pipeline.segment import clean_text
from pipeline.spelling import spelling

DEFAULT_EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"


def score(eval_dir: Path, hyp_dir: Path) -> dict:
    out = subprocess.run(
        [sys.executable, str(eval_dir / "score_terms.py"), "--ref-dir", str(eval_dir / "earnings21" / "reference"),
         "--hyp-dir", str(hyp_dir), "--terms-dir", str(eval_dir / "earnings21" / "dictionary"), "--json"],
        capture_output=True, text=True, check=False)
    return json.loads(out.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=Path("/work/shared/eval") if Path("/work/shared/eval").is_dir() else DEFAULT_EVAL)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--with-correct", action="store_true")
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="spelling-quality-"))
    before_dir, after_dir = out / "before", out / "after"
    before_dir.mkdir(parents=True, exist_ok=True)
    after_dir.mkdir(parents=True, exist_ok=True)
    settings = Settings()
    changes = []
    calls = sorted((args.eval / "earnings21" / "raw").glob("*.txt"))
    for path in calls:
        lexicon = load_lexicon([args.eval / "earnings21" / "dictionary" / path.name], None)
        document = normalize(repair(ingest(path, path.stem)))
        if args.with_correct:
            document = correct(document, lexicon)
        after = spelling(document, lexicon, settings)
        (before_dir / path.name).write_text(clean_text(document), encoding="utf-8")
        (after_dir / path.name).write_text(clean_text(after), encoding="utf-8")
        for c in after.corrections:
            if c.stage == "spelling":
                changes.append((path.stem, c.rule, c.original, c.replacement, c.confidence))
    before, after = score(args.eval, before_dir), score(args.eval, after_dir)
    wer = lambda r: r["total"]["wer"] if "total" in r else r["TOTAL"]["wer"]
    print(f"calls: {len(calls)}   spelling changes: {len(changes)}")
    for change in changes:
        print("  ", *change)
    print(f"WER without spelling: {100 * wer(before):.4f}%")
    print(f"WER with spelling:    {100 * wer(after):.4f}%")
    print(f"outputs in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
