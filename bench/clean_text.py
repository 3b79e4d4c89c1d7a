"""What the pipeline changes in clean text: every change of the correct and spelling stages.

Clean, carefully written English must come out unchanged apart from named normalization.
This runs ``clean_document`` over human-written text and lists every change the correct and
spelling stages make, with its sentence, for a reviewer to judge (most should be the
dictionary's own spelling or case of a term the text names; any other is damage):

- the 15 human reference transcripts of ``../shared/eval/earnings21/reference/``, each with
  its own call's dictionary and distractors (also written in capitals, as broadcast
  captions are), and with all the calls' terms at once;
- the long descriptions of the installed packages (their METADATA: README prose written
  by their authors; code blocks, tables, headings, lists and lines with markup left out),
  the machine's licence texts (``/usr/share/common-licenses``) and IDLE's change logs
  (``idlelib/NEWS*.txt`` of the Python running this), where they are there, and any
  ``--prose DIR`` of .txt files, with all the terms and with the shipped
  ``dictionaries/*.toml``. (This repository's own READMEs are no clean text: they quote
  the errors the pipeline fixes.)

    PYTHONPATH=. python bench/clean_text.py [--prose DIR] [--json OUT.json]

Documents are kept whole (the correct stage weighs evidence from the whole document).
"""
from __future__ import annotations

import argparse
import collections
import json
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.core import clean_document  # noqa: E402
from pipeline.dictionaries import load_lexicon  # noqa: E402
from pipeline.ingest import ingest  # noqa: E402

STAGES = ("correct", "spelling")
_FENCE = re.compile(r"^```.*?^```[^\n]*$", re.MULTILINE | re.DOTALL)


def prose_of_markdown(text: str) -> str:
    """The running text of a Markdown or reStructuredText description: no code blocks,
    tables, headings, lists, indented blocks, nor lines with markup, links or addresses."""
    text = _FENCE.sub("", text)
    kept = []
    for line in text.splitlines():
        stripped = line.strip()
        if (not stripped or line.startswith((" ", "\t")) or stripped[0] in "#|*-+=>.:[!<0123456789"
                or any(mark in line for mark in ("`", "](", "http", "::", "__", "<", "{", "$ "))):
            kept.append("")
            continue
        kept.append(stripped)
    paragraphs = [" ".join(block.split("\n")) for block in "\n".join(kept).split("\n\n")]
    return "\n\n".join(p.strip() for p in paragraphs if len(p.split()) >= 8)


def machine_prose(folder: Path) -> list[Path]:
    """Clean text most machines have, as .txt files in ``folder``: the licences of
    ``/usr/share/common-licenses`` (each text once: the unversioned names are links to a
    version) and IDLE's change logs."""
    import idlelib

    licences = Path("/usr/share/common-licenses")
    found = [p for p in sorted(licences.iterdir()) if p.is_file() and not p.is_symlink()] \
        if licences.is_dir() else []
    paths = []
    for source in found + sorted(Path(idlelib.__file__).parent.glob("NEWS*.txt")):
        path = folder / f"{source.parent.name}-{source.stem}.txt"
        path.write_bytes(source.read_bytes())
        paths.append(path)
    return paths


def package_prose(folder: Path) -> list[Path]:
    """The installed packages' long descriptions, as .txt files in ``folder``."""
    from importlib import metadata

    paths, seen = [], {"transcripts-pipeline"}  # (this project's description quotes errors)
    for dist in sorted(metadata.distributions(), key=lambda d: d.metadata["Name"] or ""):
        name = (dist.metadata["Name"] or "").lower()
        if name in seen:
            continue
        seen.add(name)
        body = dist.metadata.get_payload() or dist.metadata.get("Description") or ""
        text = prose_of_markdown(body)
        if len(text.split()) >= 100:
            path = folder / f"{re.sub(r'[^A-Za-z0-9]+', '-', dist.metadata['Name'] or 'package')}.txt"
            path.write_text(text + "\n", encoding="utf-8")
            paths.append(path)
    return paths


def sentence(text: str, start: int, end: int) -> str:
    left = re.split(r"(?<=[.!?])\s|\n", text[max(0, start - 160):start])[-1]
    right = re.split(r"(?<=[.!?])\s|\n", text[end:end + 160])[0]
    return f"{left}[[{text[start:end]}]]{right}"


def changes(path: Path, lexicon) -> tuple[int, list[dict]]:
    """The words of ``path`` and the correct and spelling stages' changes to it."""
    document = ingest(path, path.stem)
    out = clean_document(document, lexicon)
    found = []
    # a stage's offsets are into its own input: rebuild each stage's input by replaying
    texts = {}
    text = document.text
    for stage in ("repair", "normalize", "correct", "spelling"):
        texts[stage] = text
        records = [c for c in out.corrections if c.stage == stage]
        for c in reversed(records):
            text = text[:c.start] + c.replacement + text[c.end:]
    for c in out.corrections:
        if c.stage in STAGES:
            found.append({"file": path.name, "stage": c.stage, "rule": c.rule, "original": c.original,
                          "replacement": c.replacement, "confidence": c.confidence, "term": c.term,
                          "evidence": (c.extra or {}).get("evidence"),
                          "sentence": sentence(texts[c.stage], c.start, c.end)})
    return len(document.text.split()), found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--prose", type=Path, action="append", default=[], help="a folder of .txt prose")
    parser.add_argument("--json", type=Path, help="write every change here")
    args = parser.parse_args(argv)
    e21 = args.eval_dir / "earnings21"
    refs = sorted((e21 / "reference").glob("*.txt"))
    all_terms = sorted(e21.glob("dictionary/*.txt")) + sorted(e21.glob("distractors/*.txt"))
    shipped = sorted((ROOT / "dictionaries").glob("*.toml"))
    with tempfile.TemporaryDirectory() as tmp:
        prose = package_prose(Path(tmp)) + machine_prose(Path(tmp))
        for folder in args.prose:
            prose += sorted(folder.glob("*.txt"))
        runs = []
        if refs:
            runs.append(("references, own call's terms", [
                (p, load_lexicon([e21 / "dictionary" / p.name, e21 / "distractors" / p.name], None)) for p in refs]))
            upper = Path(tmp) / "capitals"  # as broadcast captions write them
            upper.mkdir()
            for p in refs:
                (upper / p.name).write_text(p.read_text(encoding="utf-8").upper(), encoding="utf-8")
            runs.append(("references in capitals, own call's terms", [
                (upper / p.name, load_lexicon([e21 / "dictionary" / p.name, e21 / "distractors" / p.name], None))
                for p in refs]))
            every = load_lexicon(all_terms, None)
            runs.append((f"references, all {len(every.terms)} terms", [(p, every) for p in refs]))
            runs.append((f"prose, all {len(every.terms)} terms", [(p, every) for p in prose]))
        if shipped:
            toml = load_lexicon(shipped, None)
            runs.append(("prose, shipped dictionaries", [(p, toml) for p in prose]))
        report = {}
        for label, jobs in runs:
            words, found = 0, []
            for path, lexicon in jobs:
                n, these = changes(path, lexicon)
                words += n
                found += these
            report[label] = {"words": words, "changes": found}
            counts = collections.Counter(c["stage"] for c in found)
            print(f"\n{label}: {words:,} words, " + ", ".join(f"{counts[s]} {s}" for s in STAGES))
            for c in found:
                print(f"  {c['stage']:8} {c['rule']:20} {c['confidence']:.2f} {c['original']!r} -> "
                      f"{c['replacement']!r}  {c['evidence'] or ''}\n           {c['file']}: {c['sentence']!r}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
