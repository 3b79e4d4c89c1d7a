"""Correction quality and speed, in one run.

Runs the pipeline over the earnings-21 calls of ``../shared/eval/earnings21/`` twice (each
call's dictionary; then the dictionary plus that call's distractors), scores the output with
``../shared/eval/score_terms.py`` next to the raw speech-recognition text and a naive
symspellpy set-up (``lookup_compound`` with the terms added), runs the two example
documents, and times the correction stage against ftfy on the same text.

    PYTHONPATH=. python bench/quality.py [--eval-dir ../shared/eval] [--no-symspell] [--json]

Numbers are totals over the calls (micro-averaged), as the scorer's TOTAL line.
"""
from __future__ import annotations

import argparse
from collections import defaultdict
import importlib.util
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.config import Settings  # noqa: E402
from pipeline.core import clean_document  # noqa: E402
from pipeline.correct import compile_lexicon, correct  # noqa: E402
from pipeline.dictionaries import Lexicon, Term, load_lexicon  # noqa: E402
from pipeline.ingest import ingest  # noqa: E402
from pipeline.normalize import normalize  # noqa: E402
from pipeline.repair import repair  # noqa: E402

EXAMPLE_DICTIONARY = ROOT / "tests" / "cases" / "correct" / "rocky-dennis-canonical.txt"


def load_scorer(eval_dir: Path):
    spec = importlib.util.spec_from_file_location("score_terms", eval_dir / "score_terms.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_terms(path: Path) -> list[str]:
    terms = []
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        line = line.split(" #")[0].strip()
        if line and not line.startswith("#"):
            terms.append(line)
    return terms


def score(scorer, e21: Path, calls: list[str], texts: dict[str, str]) -> dict:
    """The scorer's TOTAL over ``calls`` for hypotheses ``texts`` (call id -> text)."""
    results = {}
    for cid in calls:
        ref = (e21 / "reference" / f"{cid}.txt").read_text(encoding="utf-8-sig")
        results[cid] = scorer.score_call(ref, texts[cid], read_terms(e21 / "dictionary" / f"{cid}.txt"),
                                         read_terms(e21 / "distractors" / f"{cid}.txt"))
    total = scorer.total_of(results, True)
    return {k: total[k] for k in ("wer", "term_acc_caseless", "term_acc_cased", "term_insertions",
                                  "distractor_insertions", "case_errors", "term_occurrences")}


def pipeline_text(document) -> str:
    return " ".join(s.text for s in document.segments)


def run_pipeline(e21: Path, calls: list[str], distractors: bool, settings: Settings):
    texts, docs = {}, {}
    for cid in calls:
        paths = [e21 / "dictionary" / f"{cid}.txt"]
        if distractors:
            paths.append(e21 / "distractors" / f"{cid}.txt")
        lexicon = load_lexicon(paths, None)
        doc = clean_document(ingest(e21 / "raw" / f"{cid}.txt", cid), lexicon, settings)
        texts[cid], docs[cid] = pipeline_text(doc), doc
    return texts, docs


def naive_symspell(e21: Path, calls: list[str]) -> dict[str, str]:
    """symspellpy's usual set-up: its English frequency list, the terms' words added with a
    high count, ``lookup_compound`` over each line."""
    from importlib.resources import files

    from symspellpy import SymSpell

    base = SymSpell(max_dictionary_edit_distance=2, prefix_length=7)
    base.load_dictionary(str(files("symspellpy") / "frequency_dictionary_en_82_765.txt"), 0, 1)
    base.load_bigram_dictionary(str(files("symspellpy") / "frequency_bigramdictionary_en_243_342.txt"), 0, 2)
    texts = {}
    for cid in calls:
        sym = SymSpell(max_dictionary_edit_distance=2, prefix_length=7)
        sym._words = dict(base._words)
        sym._deletes = defaultdict(list, {k: list(v) for k, v in base._deletes.items()})
        sym._bigrams = base._bigrams
        sym._max_length = base._max_length
        for term in read_terms(e21 / "dictionary" / f"{cid}.txt"):
            for word in term.split():
                sym.create_dictionary_entry(word.lower(), 10_000_000)
        lines = (e21 / "raw" / f"{cid}.txt").read_text(encoding="utf-8-sig").splitlines()
        out = []
        for line in lines:
            if line.strip():
                suggestions = sym.lookup_compound(line, max_edit_distance=2)
                out.append(suggestions[0].term if suggestions else line)
        texts[cid] = "\n".join(out)
    return texts


def naive_case(e21: Path, calls: list[str]) -> dict[str, str]:
    """Only the case of exact (caseless, whole-word) matches of the terms, everywhere."""
    import regex

    texts = {}
    for cid in calls:
        text = (e21 / "raw" / f"{cid}.txt").read_text(encoding="utf-8-sig")
        terms = sorted(read_terms(e21 / "dictionary" / f"{cid}.txt"), key=len, reverse=True)
        pattern = regex.compile(r"(?<![\w'])(?:" + "|".join(
            r"\s+".join(regex.escape(w) for w in t.split()) for t in terms) + r")(?![\w])", regex.I)
        canonical = {" ".join(t.casefold().split()): t for t in terms}
        texts[cid] = pattern.sub(lambda m: canonical.get(" ".join(m.group().casefold().split()), m.group()), text)
    return texts


def speed(e21: Path, calls: list[str], settings: Settings, repeat: int = 3) -> dict:
    """The correct stage against ftfy.fix_text on the same text (the stage's input)."""
    import ftfy

    stage_s, ftfy_s, words = [], [], 0
    for cid in calls:
        lexicon = load_lexicon([e21 / "dictionary" / f"{cid}.txt", e21 / "distractors" / f"{cid}.txt"], None)
        doc = normalize(repair(ingest(e21 / "raw" / f"{cid}.txt", cid)))
        compile_lexicon(lexicon, settings)
        correct(doc, lexicon, settings)  # warm: word keys and frequencies are per process
        words += len(doc.text.split())
        t = []
        for _ in range(repeat):
            start = time.perf_counter()
            correct(doc, lexicon, settings)
            t.append(time.perf_counter() - start)
        stage_s.append(min(t))
        t = []
        for _ in range(repeat):
            start = time.perf_counter()
            ftfy.fix_text(doc.text)
            t.append(time.perf_counter() - start)
        ftfy_s.append(min(t))
    return {"words": words, "correct_s": round(sum(stage_s), 3), "ftfy_s": round(sum(ftfy_s), 3),
            "ratio_correct_to_ftfy": round(sum(stage_s) / sum(ftfy_s), 2)}


def big_dictionary(e21: Path, settings: Settings, size: int = 1000) -> dict:
    """Compiling a dictionary of ``size`` terms: cold (no cache), from the disk cache, and the
    stage's time on one call with it."""
    seen, terms = set(), []
    for folder in ("dictionary", "distractors"):
        for path in sorted((e21 / folder).glob("*.txt")):
            for term in read_terms(path):
                if term.casefold() not in seen:
                    seen.add(term.casefold())
                    terms.append(Term(term))
    lexicon = Lexicon(tuple(terms[:size]))
    old = os.environ.get("XDG_CACHE_HOME")
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["XDG_CACHE_HOME"] = tmp
        try:
            compile_lexicon.cache_clear()
            start = time.perf_counter()
            compile_lexicon(lexicon, settings)
            cold = time.perf_counter() - start
            compile_lexicon.cache_clear()
            start = time.perf_counter()
            compile_lexicon(lexicon, settings)
            cached = time.perf_counter() - start
            cid = sorted(p.stem for p in (e21 / "raw").glob("*.txt"))[0]
            doc = normalize(repair(ingest(e21 / "raw" / f"{cid}.txt", cid)))
            start = time.perf_counter()
            correct(doc, lexicon, settings)
            stage = time.perf_counter() - start
        finally:
            if old is None:
                os.environ.pop("XDG_CACHE_HOME", None)
            else:
                os.environ["XDG_CACHE_HOME"] = old
    return {"terms": len(lexicon.terms), "compile_cold_s": round(cold, 3),
            "compile_cached_s": round(cached, 4), "correct_one_call_s": round(stage, 3)}


def examples(settings: Settings) -> dict:
    """The two example documents with the canonical-only dictionary: the corrections made."""
    lexicon = load_lexicon([EXAMPLE_DICTIONARY], None)
    out = {}
    for name in ("rocky-dennis-mask-video", "rocky-dennis-article"):
        doc = clean_document(ingest(ROOT / "raw" / f"{name}.txt", name), lexicon, settings)
        out[name] = [f"{c.original!r} -> {c.replacement!r} ({c.rule}, {c.confidence:.2f})"
                     for c in doc.corrections if c.stage == "correct"]
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    ap.add_argument("--calls", default="", help="comma-separated call ids (default: all)")
    ap.add_argument("--no-symspell", action="store_true", help="skip the naive symspellpy baseline (slow)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    e21 = args.eval_dir / "earnings21"
    scorer = load_scorer(args.eval_dir)
    calls = [c for c in args.calls.split(",") if c] or sorted(p.stem for p in (e21 / "reference").glob("*.txt"))
    settings = Settings()

    report: dict = {"calls": len(calls), "threshold": settings.correction_threshold, "rows": {}}
    raw = {cid: (e21 / "raw" / f"{cid}.txt").read_text(encoding="utf-8-sig") for cid in calls}
    report["rows"]["raw text"] = score(scorer, e21, calls, raw)
    if not args.no_symspell:
        report["rows"]["naive symspellpy"] = score(scorer, e21, calls, naive_symspell(e21, calls))
    report["rows"]["case of exact matches only"] = score(scorer, e21, calls, naive_case(e21, calls))
    started = time.perf_counter()
    texts, _ = run_pipeline(e21, calls, False, settings)
    report["rows"]["pipeline, dictionary"] = score(scorer, e21, calls, texts)
    texts, _ = run_pipeline(e21, calls, True, settings)
    report["rows"]["pipeline, dictionary + distractors"] = score(scorer, e21, calls, texts)
    report["pipeline_runs_s"] = round(time.perf_counter() - started, 2)
    report["speed"] = speed(e21, calls, settings)
    report["dictionary_of_1000_terms"] = big_dictionary(e21, settings)
    report["examples"] = examples(settings)

    if args.json:
        json.dump(report, sys.stdout, indent=1)
        print()
        return 0
    print(f"earnings21: {len(calls)} calls, correction_threshold {settings.correction_threshold}")
    head = f"{'':38} {'WER':>7} {'terms':>7} {'cased':>7} {'term_ins':>8} {'distr_ins':>9} {'case_err':>8}"
    print(head)
    print("-" * len(head))
    for name, r in report["rows"].items():
        print(f"{name:38} {100 * r['wer']:6.2f}% {100 * r['term_acc_caseless']:6.2f}% "
              f"{100 * r['term_acc_cased']:6.2f}% {r['term_insertions']:8d} {r['distractor_insertions']:9d} "
              f"{r['case_errors']:8d}")
    s = report["speed"]
    print(f"\nspeed: correct stage {s['correct_s']}s, ftfy.fix_text {s['ftfy_s']}s on the same "
          f"{s['words']} words: correct/ftfy = {s['ratio_correct_to_ftfy']}")
    b = report["dictionary_of_1000_terms"]
    print(f"dictionary of {b['terms']} terms: compile {b['compile_cold_s']}s cold, "
          f"{b['compile_cached_s']}s from the cache; correct stage on one call {b['correct_one_call_s']}s")
    for name, records in report["examples"].items():
        print(f"\n{name} (canonical-only dictionary): {len(records)} corrections")
        for r in records:
            print("  " + r)
    return 0


if __name__ == "__main__":
    sys.exit(main())
