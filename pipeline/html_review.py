"""The HTML review page: ``transcripts diff DOC --html OUT``.

One self-contained file (inline CSS and JavaScript, nothing fetched; a Content-Security-Policy
allows only the page's own script): the clean transcript with every correction highlighted,
its original, stage, rule, confidence and term shown on hover or keyboard focus; narration,
dialogue and headings set apart; filters by rule, stage and confidence; a table of all
corrections. Every piece of transcript text is HTML-escaped: a transcript that contains
``<script>`` shows it as text.
"""
from __future__ import annotations

import base64
import bisect
import hashlib
import html
import os
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Sequence

from .dictionaries import Lexicon
from .errors import PipelineError
from .review import Version, locate, statuses, visible, why

LOW_CONFIDENCE = 0.9  # below this a highlight is drawn in the warning colour


def _asset(name: str) -> str:
    return resources.files("pipeline").joinpath("data", "review", name).read_text(encoding="utf-8")


def esc(text) -> str:
    return html.escape(str(text), quote=True)


def _tip(number: int, record: dict, status: str | None) -> str:
    term = f" · term {esc(record['term'])}" if record.get("term") else ""
    state = f" · <strong>{esc(status)}</strong>" if status else ""
    reason = why(record)
    return (f'<span class="tip" role="tooltip" id="tip{number}"><b>#{number}</b> '
            f'<del>{esc(visible(record["original"]))}</del> → <ins>{esc(visible(record["replacement"]))}</ins><br>'
            f'{esc(record["stage"])}/{esc(record["rule"])} · confidence {float(record["confidence"]):.2f}'
            f'{term}{state}' + (f'<br>why: {esc(reason)}' if reason else '') + '</span>')


def _mark(number: int, record: dict, shown_text: str, status: str | None) -> str:
    classes = "corr" + (" low" if float(record["confidence"]) < LOW_CONFIDENCE else "")
    content = esc(shown_text) if shown_text else f'<s class="gone">{esc(visible(record["original"]))}</s>'
    label = (f'correction {number}: {visible(record["original"])} to {visible(record["replacement"])}, '
             f'{record["rule"]}, confidence {float(record["confidence"]):.2f}')
    return (f'<mark class="{classes}" id="c{number}" tabindex="0" data-n="{number}" '
            f'data-stage="{esc(record["stage"])}" data-rule="{esc(record["rule"])}" '
            f'data-confidence="{float(record["confidence"]):.4f}" data-status="{esc(status or "")}" '
            f'aria-label="{esc(label)}" aria-describedby="tip{number}">{content}{_tip(number, record, status)}</mark>')


def render_segment_text(text: str, offset: int, placed: Sequence[tuple[int, int, int, dict]],
                        state: Sequence[str | None]) -> str:
    """One segment's text with its corrections' marks. ``placed``: (start, end, number,
    record) with offsets into the clean text, sorted; ``offset``: where the segment starts."""
    out, pos = [], 0
    for start, end, number, record in placed:
        a = min(max(start - offset, pos), len(text))
        b = min(max(end - offset, a), len(text))
        out.append(esc(text[pos:a]))
        out.append(_mark(number, record, text[a:b], state[number - 1]))
        pos = b
    out.append(esc(text[pos:]))
    return "".join(out)


def render_page(version: Version, lexicon: Lexicon | None = None) -> tuple[str, int]:
    """The review page of one version, and how many corrections it highlights."""
    lexicon = lexicon or Lexicon()
    segments = version.segments()
    records = version.corrections()
    manifest = version.manifest()
    clean = " ".join(s["text"] for s in segments)
    spans = locate(clean, records)
    state = statuses(version.doc_id, records, lexicon)

    starts, pos = [], 0
    for seg in segments:
        starts.append(pos)
        pos += len(seg["text"]) + 1
    per_segment: dict[int, list] = {}
    unplaced = []
    for number, (record, span) in enumerate(zip(records, spans), start=1):
        if span is None or not segments:
            unplaced.append((number, record))
            continue
        i = max(bisect.bisect_right(starts, span[0]) - 1, 0)
        per_segment.setdefault(i, []).append((span[0], span[1], number, record))

    body = []
    for i, seg in enumerate(segments):
        placed = sorted(per_segment.get(i, []), key=lambda p: (p[0], p[1], p[2]))
        text = render_segment_text(seg["text"], starts[i], placed, state)
        kind = seg.get("kind", "narration")
        if kind == "heading":
            body.append(f'<h2 class="seg heading" data-kind="heading">{text}</h2>')
        elif kind == "dialogue":
            # (not where the text starts with the label itself, as a caption's "NAME:" does)
            named = seg.get("speaker") and not seg["text"].startswith(seg["speaker"] + ":")
            speaker = f'<span class="speaker">{esc(seg["speaker"])}:</span>' if named else ""
            body.append(f'<blockquote class="seg dialogue" data-kind="dialogue">{speaker}{text}</blockquote>')
        else:
            body.append(f'<p class="seg narration" data-kind="narration">{text}</p>')
    if unplaced:
        spans_note = ", ".join(f"#{n}" for n, _ in unplaced)
        body.append(f'<p class="warning">Not located in the text (listed in the table): {esc(spans_note)}</p>')

    rules = Counter(r["rule"] for r in records)
    stages = Counter(r["stage"] for r in records)
    rule_boxes = "".join(
        f'<label><input type="checkbox" name="rule" value="{esc(rule)}" checked> {esc(rule)} '
        f'<span class="count">({n})</span></label>' for rule, n in sorted(rules.items()))
    stage_boxes = "".join(
        f'<label><input type="checkbox" name="stage" value="{esc(stage)}" checked> {esc(stage)} '
        f'<span class="count">({n})</span></label>' for stage, n in stages.items())
    rows = "".join(
        f'<tr data-n="{n}" data-stage="{esc(r["stage"])}" data-rule="{esc(r["rule"])}" '
        f'data-confidence="{float(r["confidence"]):.4f}">'
        f'<td><a href="#c{n}" data-n="{n}">{n}</a></td>'
        f'<td><del>{esc(visible(r["original"]))}</del> → <ins>{esc(visible(r["replacement"]))}</ins></td>'
        f'<td>{esc(r["rule"])}</td><td>{float(r["confidence"]):.2f}</td>'
        f'<td>{esc(r.get("term") or "")}{" · " + esc(state[n - 1]) if state[n - 1] else ""}</td>'
        f'<td>{esc(why(r))}</td></tr>'
        for n, r in enumerate(records, start=1))

    script = _asset("review.js")
    script_hash = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    csp = f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{script_hash}'; img-src data:"
    source = manifest.get("source", {}).get("path", "")
    title = f"Review: {version.doc_id} {version.name}"
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{esc(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{esc(title)}</title>
<style>
{_asset("review.css")}</style>
</head>
<body>
<header>
<h1>{esc(version.doc_id)} <small>{esc(version.name)}</small></h1>
<p>{len(records)} corrections, from {esc(source or "?")} · made {esc(manifest.get("created_at", "?"))}
 · pipeline {esc(manifest.get("pipeline_version", "?"))}. Reject one with
 <code>transcripts reject {esc(version.doc_id)} N</code>.</p>
</header>
<div class="layout">
<main id="transcript" aria-label="Clean transcript with corrections highlighted">
{chr(10).join(body)}
</main>
<aside>
<section id="filters" aria-label="Filters">
<h2>Filters</h2>
<p id="shown" aria-live="polite">Showing {len(records)} of {len(records)} corrections</p>
<fieldset><legend>Rules</legend>{rule_boxes or '<span class="count">none</span>'}
<button type="button" data-all="on" data-name="rule">All</button><button type="button" data-all="off" data-name="rule">None</button>
</fieldset>
<fieldset><legend>Stages</legend>{stage_boxes or '<span class="count">none</span>'}</fieldset>
<fieldset><legend>Confidence</legend>
<label for="min-confidence">at least <output id="min-value">0.00</output></label>
<input type="range" id="min-confidence" min="0" max="1" step="0.01" value="0">
<label for="max-confidence">at most <output id="max-value">1.00</output></label>
<input type="range" id="max-confidence" min="0" max="1" step="0.01" value="1">
</fieldset>
</section>
<section class="legend" aria-label="Legend">
<h2>Legend</h2>
<p><span class="sample">highlight</span> a correction (hover or focus it for the original);
 <span class="sample low">confidence below {LOW_CONFIDENCE:.2f}</span>;
 <s class="gone">␣</s> a removed piece. Margin letters: H heading, N narration, D dialogue.</p>
<p class="keys"><kbd>Tab</kbd> / <kbd>n</kbd> next, <kbd>Shift+Tab</kbd> / <kbd>p</kbd> previous correction,
 <kbd>Esc</kbd> leave it.</p>
</section>
<section aria-label="All corrections">
<h2>Corrections</h2>
<table id="corrections"><thead><tr><th>#</th><th>change</th><th>rule</th><th>conf.</th><th>term</th><th>why</th></tr></thead>
<tbody>{rows}</tbody></table>
</section>
</aside>
</div>
<script>{script}</script>
</body>
</html>
"""
    return page, len(records) - len(unplaced)


def write_review_page(version: Version, out: Path, lexicon: Lexicon | None = None) -> int:
    """Write the review page of ``version`` to ``out`` (atomically); returns the number of
    corrections highlighted."""
    page, count = render_page(version, lexicon)
    out = Path(out)
    if out.is_dir():
        raise PipelineError(out, "is a folder; give a file name for the HTML page")
    if not out.parent.is_dir():
        raise PipelineError(out, f"folder {out.parent} does not exist")
    tmp = out.with_name(f".{out.name}.tmp-{os.getpid()}")
    try:
        tmp.write_text(page, encoding="utf-8", newline="\n")
        os.replace(tmp, out)
    except OSError as exc:  # named as the page, not as its temporary file
        raise PipelineError(out, f"cannot be written: {exc.strerror or exc}") from None
    finally:
        if tmp.exists():
            tmp.unlink()
    return count
