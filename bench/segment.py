"""Benchmark of the segment stage: dialogue / narration / heading against hand labels, and a
sanity check on the shared evaluation data.

    PYTHONPATH=. python bench/segment.py [--json] [--eval-dir ../shared/eval] [--cases DIR]...

Labelled documents are ``tests/cases/segment/*.labels.json`` (or those of the folders given with
``--cases``, scored instead; a ``source`` is read from the checkout's root where it names a
file there, else beside its labels file): the source file and its text
cut into entries (sentences, or passages for the trailer fixtures), each with ``kind`` and
``speaker``, labelled by hand. Each document runs through the whole cleaning chain (no
domain dictionary) and the output words are aligned to the label words (lowercased word
tokens, ``difflib``), so a word another stage corrected does not break the scoring.

Scores:

* sentence-level ``dialogue`` precision / recall / F1: an entry counts as predicted dialogue
  when most of its words are in dialogue segments (headings count as narration);
* heading recall (entries labelled heading whose words are mostly in heading segments) and
  precision (heading segments whose words are mostly labelled heading);
* word-level F1 of narration (headings included) and of dialogue, and their mean;
* speaker accuracy over the labelled dialogue entries that name a speaker;
* the share of the words labelled narration (headings included) that are called dialogue:
  the one figure that tells a document spoken by one voice (a vlog, a lecture, a sermon,
  labelled all narration) cut into clips from one kept whole, where dialogue F1 is 0 either way.

On ``earnings21/raw`` (operator and executives, no narrator, no quotes) it reports the share
of words the segmenter calls dialogue, and the stage's speed as a ratio to the whole chain.
"""
from __future__ import annotations

import argparse
import difflib
import json
import sys
import time
from collections import Counter
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.core import clean_document  # noqa: E402
from pipeline.dictionaries import load_lexicon  # noqa: E402
from pipeline.ingest import ingest  # noqa: E402
from pipeline.segment import segment  # noqa: E402

CASES = ROOT / "tests" / "cases" / "segment"
TOKEN = regex.compile(r"[\p{L}\p{N}]+")
QA_START = regex.compile(r"(?i)\bfirst question\b|\bquestion (?:today )?comes from\b|\b(?:begin|start|open)(?: up)? (?:the )?(?:question|q) and (?:answer|a)\b|\bopen (?:up )?the (?:call|line|floor|lines) (?:for|to) questions\b")


def tokens(text: str) -> list[str]:
    return [t.lower() for t in TOKEN.findall(text)]


LEXICON_FILES: list[Path] = []  # --dictionary


def run(path: Path):
    document = ingest(path, path.stem)
    return clean_document(document, load_lexicon(LEXICON_FILES, None))


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, _f1(p, r)


def score_document(labels_path: Path) -> dict:
    """Scores of one labelled document (see the module docstring)."""
    gold = json.loads(labels_path.read_text(encoding="utf-8"))
    source = ROOT / gold["source"]
    if not source.is_file():
        source = labels_path.parent / gold["source"]
    document = run(source)
    gold_words, gold_entry = [], []
    for i, entry in enumerate(gold["labels"]):
        for t in tokens(entry["text"]):
            gold_words.append(t)
            gold_entry.append(i)
    pred_words, pred_seg = [], []
    for j, seg in enumerate(document.segments):
        for t in tokens(seg.text):
            pred_words.append(t)
            pred_seg.append(j)
    matcher = difflib.SequenceMatcher(None, gold_words, pred_words, autojunk=False)
    aligned: dict[int, int] = {}
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            aligned[block.a + k] = block.b + k
    segs = document.segments
    entries = gold["labels"]

    def pred_kind(word_index: int) -> str | None:
        b = aligned.get(word_index)
        return None if b is None else segs[pred_seg[b]].kind

    # word level (heading counts as narration)
    conf = Counter()
    for i, e in enumerate(gold_entry):
        g = "dialogue" if entries[e]["kind"] == "dialogue" else "narration"
        p = pred_kind(i)
        p = "dialogue" if p == "dialogue" else "narration"
        conf[(g, p)] += 1
    word = {}
    for cls in ("narration", "dialogue"):
        other = "dialogue" if cls == "narration" else "narration"
        word[cls] = _prf(conf[(cls, cls)], conf[(other, cls)], conf[(cls, other)])[2]
    word_macro = (word["narration"] + word["dialogue"]) / 2
    narration_words = conf[("narration", "narration")] + conf[("narration", "dialogue")]
    false_share = conf[("narration", "dialogue")] / narration_words if narration_words else 0.0

    # entry (sentence) level
    per_entry: dict[int, Counter] = {}
    speakers: dict[int, Counter] = {}
    for i, e in enumerate(gold_entry):
        b = aligned.get(i)
        kind = segs[pred_seg[b]].kind if b is not None else "narration"
        per_entry.setdefault(e, Counter())[kind] += 1
        if b is not None:
            speakers.setdefault(e, Counter())[segs[pred_seg[b]].speaker] += 1
    tp = fp = fn = 0
    h_found = h_total = 0
    sp_right = sp_total = 0
    misses, false_alarms = [], []
    for e, entry in enumerate(entries):
        counts = per_entry.get(e, Counter())
        total = sum(counts.values()) or 1
        is_dialogue = counts["dialogue"] * 2 > total
        is_heading = counts["heading"] * 2 > total
        if entry["kind"] == "dialogue":
            tp += is_dialogue
            fn += not is_dialogue
            if not is_dialogue:
                misses.append(entry["text"][:80])
            if entry.get("speaker"):
                sp_total += 1
                got = speakers.get(e, Counter()).most_common(1)
                sp_right += bool(got) and got[0][0] == entry["speaker"]
        else:
            fp += is_dialogue
            if is_dialogue:
                false_alarms.append(entry["text"][:80])
        if entry["kind"] == "heading":
            h_total += 1
            h_found += is_heading
    # heading precision over predicted heading segments
    seg_gold: dict[int, Counter] = {}
    for i, e in enumerate(gold_entry):
        b = aligned.get(i)
        if b is not None:
            seg_gold.setdefault(pred_seg[b], Counter())[entries[e]["kind"]] += 1
    pred_headings = [j for j, s in enumerate(segs) if s.kind == "heading"]
    h_right = sum(1 for j in pred_headings if seg_gold.get(j, Counter())["heading"] * 2 > sum(seg_gold.get(j, Counter()).values()))
    p, r, f = _prf(tp, fp, fn)
    return {
        "document": gold["source"],
        "entries": len(entries),
        "dialogue_entries": tp + fn,
        "sentence_dialogue": {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)},
        "headings": {"recall": f"{h_found}/{h_total}", "precision": f"{h_right}/{len(pred_headings)}"},
        "word_f1": {"narration": round(word["narration"], 3), "dialogue": round(word["dialogue"], 3),
                    "macro": round(word_macro, 3)},
        "speakers": f"{sp_right}/{sp_total}",
        "narration_called_dialogue": round(false_share, 3),
        "missed_dialogue": misses,
        "false_dialogue": false_alarms,
    }


def earnings(eval_dir: Path) -> dict | None:
    """Share of words called dialogue on the earnings calls, and the stage's speed ratio."""
    raw = eval_dir / "earnings21" / "raw"
    if not raw.is_dir():
        return None
    lexicon = load_lexicon([], None)
    rows, words_total, dialogue_total = [], 0, 0
    chain_s = segment_s = 0.0
    parts = {"remarks": [0, 0], "q_and_a": [0, 0]}
    for path in sorted(raw.glob("*.txt")):
        document = ingest(path, path.stem)
        started = time.perf_counter()
        document = clean_document(document, lexicon)
        chain_s += time.perf_counter() - started
        started = time.perf_counter()
        segment(document)
        segment_s += time.perf_counter() - started
        n = sum(len(s.text.split()) for s in document.segments)
        d = sum(len(s.text.split()) for s in document.segments if s.kind == "dialogue")
        # prepared remarks versus the question-and-answer part, where the call has one
        qa = QA_START.search(document.text, len(document.text) // 6)
        split = {}
        if qa:
            for part, keep in (("remarks", lambda seg: seg.end_char <= qa.start()),
                               ("q_and_a", lambda seg: seg.start_char >= qa.start())):
                w = sum(len(seg.text.split()) for seg in document.segments if keep(seg))
                dw = sum(len(seg.text.split()) for seg in document.segments if keep(seg) and seg.kind == "dialogue")
                split[part] = (dw, w)
        rows.append({"call": path.stem, "words": n, "dialogue_share": round(d / max(1, n), 3),
                     "dialogue_share_remarks": round(split["remarks"][0] / max(1, split["remarks"][1]), 3) if split else None,
                     "dialogue_share_q_and_a": round(split["q_and_a"][0] / max(1, split["q_and_a"][1]), 3) if split else None,
                     "segments": len(document.segments),
                     "dialogue_segments": sum(1 for s in document.segments if s.kind == "dialogue"),
                     "headings": sum(1 for s in document.segments if s.kind == "heading")})
        words_total += n
        dialogue_total += d
        for part in split:
            parts[part][0] += split[part][0]
            parts[part][1] += split[part][1]
    return {"calls": rows, "dialogue_share": round(dialogue_total / max(1, words_total), 3),
            "dialogue_share_remarks": round(parts["remarks"][0] / max(1, parts["remarks"][1]), 3),
            "dialogue_share_q_and_a": round(parts["q_and_a"][0] / max(1, parts["q_and_a"][1]), 3),
            "calls_with_q_and_a": sum(1 for r in rows if r["dialogue_share_q_and_a"] is not None),
            "segment_share_of_chain_time": round(segment_s / max(chain_s, 1e-9), 3),
            "segment_ms_per_1000_words": round(segment_s * 1000 / max(1, words_total) * 1000, 2),
            "words": words_total}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval",
                        help="the shared evaluation data (default ../shared/eval)")
    parser.add_argument("--no-eval", action="store_true", help="skip the earnings-call sanity check")
    parser.add_argument("--dictionary", type=Path, action="append", default=[],
                        help="domain dictionary for the labelled documents (repeatable; default none)")
    parser.add_argument("--cases", type=Path, action="append", default=[],
                        help="score the *.labels.json documents of this folder instead of tests/cases/segment "
                             "(repeatable); a source is read from the checkout's root, else beside its labels")
    args = parser.parse_args(argv)
    LEXICON_FILES[:] = args.dictionary
    folders = args.cases or [CASES]
    results = {"labelled": [score_document(p) for folder in folders for p in sorted(folder.glob("*.labels.json"))]}
    if not args.no_eval:
        results["earnings21"] = earnings(args.eval_dir)
    if args.json:
        print(json.dumps(results, indent=1, ensure_ascii=False))
        return 0
    print(f"{'document':58} {'sent P':>6} {'sent R':>6} {'sent F1':>7} {'word F1 N/D/mean':>18} {'headings R / P':>15} "
          f"{'speakers':>8} {'N→D':>6}")
    for r in results["labelled"]:
        s, w = r["sentence_dialogue"], r["word_f1"]
        print(f"{r['document']:58} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:7.3f} "
              f"{w['narration']:.3f}/{w['dialogue']:.3f}/{w['macro']:.3f}  {r['headings']['recall']:>6} / {r['headings']['precision']:<6} {r['speakers']:>8} "
              f"{r['narration_called_dialogue']:6.3f}")
        for m in r["missed_dialogue"]:
            print(f"    missed dialogue: {m}")
        for m in r["false_dialogue"]:
            print(f"    false dialogue:  {m}")
    one_voice = [r for r in results["labelled"] if r["dialogue_entries"] == 0]
    if one_voice:
        print(f"\none voice, no clip ({len(one_voice)} documents): "
              f"{sum(r['narration_called_dialogue'] for r in one_voice) / len(one_voice):.1%} of the words called "
              f"dialogue on average, {sum(1 for r in one_voice if r['false_dialogue'])} with a false clip")
    with_clips = [r for r in results["labelled"] if r["dialogue_entries"]]
    if with_clips:
        print(f"with clips ({len(with_clips)} documents): mean word F1 "
              f"{sum(r['word_f1']['macro'] for r in with_clips) / len(with_clips):.3f}, mean sentence F1 "
              f"{sum(r['sentence_dialogue']['f1'] for r in with_clips) / len(with_clips):.3f}")
    e = results.get("earnings21")
    if e:
        print(f"\nearnings21 raw ({len(e['calls'])} calls, {e['words']} words, no narrator, no quotes): "
              f"{e['dialogue_share']:.1%} of words called dialogue; segment stage = "
              f"{e['segment_share_of_chain_time']:.1%} of the cleaning chain's time "
              f"({e['segment_ms_per_1000_words']} ms per 1,000 words)")
        print(f"    {e['calls_with_q_and_a']} calls with a marked Q&A: {e['dialogue_share_remarks']:.1%} dialogue in the prepared "
              f"remarks, {e['dialogue_share_q_and_a']:.1%} in the questions and answers")
        for row in e["calls"]:
            qa = (f" (remarks {row['dialogue_share_remarks']:.0%}, Q&A {row['dialogue_share_q_and_a']:.0%})"
                  if row["dialogue_share_q_and_a"] is not None else "")
            print(f"    {row['call']}: {row['dialogue_share']:.1%} dialogue{qa}, {row['dialogue_segments']} dialogue segments, "
                  f"{row['headings']} headings, {row['segments']} segments")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
