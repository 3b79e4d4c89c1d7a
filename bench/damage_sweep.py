"""A damage sweep of the correct stage: a big mixed dictionary over clean text.

Every change the correct stage makes to clean, human-written text is damage unless it only
recases words to the dictionary's own spelling of the same words. This runs
``clean_document`` with one big dictionary of mixed domains (the Earnings-21 calls' terms,
a third of their distractors, and ``bench/data/mixed_terms.txt``: films and TV titles,
people, software, drugs, places, ordinary-word names such as "Us", "Gap", "Fox") over:

- the 15 Earnings-21 human reference transcripts;
- the installed packages' long descriptions, the machine's licence texts and IDLE's change
  logs (as ``bench/clean_text.py`` gathers them), and the standard library's module
  docstrings of 100 words or more (prose only);

each once as written and once in small letters without punctuation (as automatic captions
look). It prints each change that is not a recasing, with its sentence, and counts them
by rule and by shape.

    PYTHONPATH=. python bench/damage_sweep.py [--json OUT.json] [--only lower|written]
"""
from __future__ import annotations

import argparse
import collections
import json
import re
import sys
import sysconfig
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.clean_text import changes, machine_prose, package_prose, prose_of_markdown  # noqa: E402
from pipeline.dictionaries import load_lexicon  # noqa: E402


def stdlib_prose(folder: Path) -> list[Path]:
    """The standard library's module docstrings of 100 words or more, prose only."""
    import ast

    paths = []
    for source in sorted(Path(sysconfig.get_paths()["stdlib"]).glob("*.py")):
        try:
            doc = ast.get_docstring(ast.parse(source.read_text(encoding="utf-8")))
        except (SyntaxError, UnicodeDecodeError, ValueError):
            continue
        text = prose_of_markdown(doc or "")
        if len(text.split()) >= 100:
            path = folder / f"stdlib-{source.stem}.txt"
            path.write_text(text + "\n", encoding="utf-8")
            paths.append(path)
    return paths


def small_letters(text: str) -> str:
    """As automatic captions look: small letters, no punctuation (apostrophes kept)."""
    text = re.sub(r"[^\w\s']|_", " ", text.lower())
    return "\n".join(" ".join(line.split()) for line in text.splitlines())


def shape(change: dict, terms: set[str]) -> str:
    original, replacement = change["original"], change["replacement"]
    if original.lower() == replacement.lower():
        return "case"
    words = len(original.split())
    if words > 1 or len(replacement.split()) > 1:
        return "several words"
    if replacement.lower() in terms:
        return "ordinary-word term" if replacement.lower() in _ORDINARY else "one word to a term"
    return "one word"


_ORDINARY: set[str] = set()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval-dir", type=Path, default=Path("/work/shared/eval"))
    parser.add_argument("--json", type=Path)
    parser.add_argument("--only", choices=("written", "lower"))
    args = parser.parse_args(argv)
    e21 = args.eval_dir / "earnings21"
    distractors = sorted({line.strip() for p in e21.glob("distractors/*.txt")
                          for line in p.read_text(encoding="utf-8").splitlines() if line.strip()})
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        third = tmp / "distractors-third.txt"
        third.write_text("\n".join(distractors[::3]) + "\n", encoding="utf-8")
        dictionaries = sorted(e21.glob("dictionary/*.txt")) + [third, ROOT / "bench" / "data" / "mixed_terms.txt"]
        lexicon = load_lexicon(dictionaries, None)
        terms = {t.canonical.lower() for t in lexicon.terms}
        (tmp / "written").mkdir()
        sources = sorted(e21.glob("reference/*.txt"))
        written = []
        for p in sources:
            written.append(tmp / "written" / f"e21-{p.name}")
            written[-1].write_bytes(p.read_bytes())
        written += package_prose(tmp / "written") + machine_prose(tmp / "written") + stdlib_prose(tmp / "written")
        (tmp / "lower").mkdir()
        lower = []
        for p in written:
            lower.append(tmp / "lower" / p.name)
            lower[-1].write_text(small_letters(p.read_text(encoding="utf-8")), encoding="utf-8")
        report = {}
        print(f"{len(lexicon.terms)} terms; {len(written)} documents")
        for label, paths in (("written", written), ("lower", lower)):
            if args.only and args.only != label:
                continue
            words, found = 0, []
            for path in paths:
                n, these = changes(path, lexicon)
                words += n
                found += [c for c in these if c["stage"] == "correct"]
            recase = [c for c in found if c["original"].lower() == c["replacement"].lower()]
            for c in found:
                c["shape"] = shape(c, terms)
            report[label] = {"words": words, "changes": found}
            print(f"\n{label}: {words:,} words, {len(found)} correct-stage changes "
                  f"({len(recase)} recasings, {len(found) - len(recase)} other)")
            print("  by rule:", dict(collections.Counter(c["rule"] for c in found).most_common()))
            print("  by shape:", dict(collections.Counter(c["shape"] for c in found).most_common()))
            for c in found:
                print(f"  {c['shape']:18} {c['rule']:20} {c['confidence']:.2f} {c['original']!r} -> "
                      f"{c['replacement']!r}  {c['evidence'] or ''}\n           {c['file']}: {c['sentence']!r}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
