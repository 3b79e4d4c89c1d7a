"""Segment: split the clean text into narration, dialogue and heading segments.

The stage never changes a word: every segment's text is a slice of the document text with
its white space collapsed, and the slices cover the text in order, so the segments' texts
joined by spaces are the whole clean text (:func:`clean_text`). The method, step by step:

1. **Sentences.** The text is cut at sentence ends (not after "Mr." or inside a quote), at
   the unit breaks that ``normalize`` did not mark as continuing a sentence, at caption
   markers (``>>``, a dialogue dash, a ``NAME:`` label, a unit's ``speaker_change``), and -
   where a text has almost no sentence punctuation (automatic captions) - at every caption
   line, a line longer than any caption line (a transcript pasted as one paragraph) cut
   into caption-line widths.
2. **Quoted speech.** Quotes in any style (“…”, "…", ‘…’, «…», „…“), also across caption
   lines, are speech when a speech verb introduces or follows them (``she told People
   magazine in 1985, “…”``, ``“…,” said Rusty``) or when they read as speech themselves (a
   sentence in the first or second person); a quoted name, title or phrase stays in the
   narration. The speaker is the attribution's subject, a pronoun resolved to the last person
   of that gender (:mod:`pipeline.speakers`) or a title alone ("the Mayor said") to the one
   person the text named with it, named as the text names them; else null.
3. **Headings.** A short, verbless line of its own ("The silence before the truth.", a title
   without final punctuation) with text after it is a heading, but never in captions
   (SubRip, WebVTT, JSON or any timed lines: every cue is speech, "Hello." is no title); a
   heading that caption lines glued onto the end of a sentence ("…shorter than most, the
   rapid decline.") is split off when the document has chapter headings and the words of
   the tail come back in the sentences after it.
4. **Unquoted clips.** Every other sentence gets a spoken-register score
   (:mod:`pipeline.register`: first/second person, questions and answers, disfluencies,
   spoken grammar, vocatives; the narrator's long sentences, frames and repeated names count
   against). A two-state model (narrator / clip) picks the best labelling of the whole
   sequence: a sentence joins a clip for its score above a bias that adapts to the
   document's own median (a narrator who says "I" all along is still the narrator), and each
   switch costs a penalty, lower at caption markers. So a clip is a run of sentences whose
   evidence together outweighs two switches. A narrator's sentence that introduces someone's
   words without quoting them ("Her lead artist explained it in a documentary.", "…, said
   the mayor.": :func:`_lead_in`; also one that names what its person told the crew or
   remembers, or names what they explain, the clip telling it: "He told us the wind that day
   was unlike anything he had seen.", "Her son Daniel remembers the winter they almost
   sold.", "Lab manager Tom Reyes explains the process.") is the narrator's, a change of voice right after it is
   cheaper, and in a text that quotes no speech with marks the sentence after it (to the end
   of its paragraph, where the lines mean something) counts as introduced speech. In
   unpunctuated text such a lead-in with a role noun for its subject ("her son daniel
   remembers the winter they almost sold") brings in the words from its first word in the
   first or second person (:func:`_introduced_after_lead_in`). A presenter's cue that a
   clip is played ("This is the mayor on Monday, at the press conference …", "Here's Coach
   Hale after the game …", "Take a listen.", "Roll the clip.", "… hear it in his own words",
   "Whitcomb, talking to reporters on Friday:"; :func:`_plays_clip`, in captions
   :func:`_played_after_cue`) makes the clip after it one whatever its register (a
   commentator's own talk reads livelier than a mayor's statement), up to where the
   presenter's voice comes back: its "So", "Okay", "Look", an "I" or "you" the clip did not
   say, the clip's words repeated, "That was …"; over a paragraph's end only as an exchange
   (a question, its answer). In a document that plays clips so, the presenter's own "I" and
   "you" elsewhere are narration (:func:`_played_clips`). In a
   punctuated document that brings its clips in so, a plain run of clip sentences in the
   first person singular that nothing brings in is the narrator's own "I" where its
   narration says "I" elsewhere too, away from the sentences that name someone ("I first
   came here on a school trip …" | … | "When I went back last fall, …"), also the part of
   a clip that runs on past its paragraph's end (:func:`_narrators_asides`). A lead-in
   brings in no voice where the crew that was told goes on ("… told us …" | "We hiked …"),
   where what it brings in holds no mark of speech at all (:func:`_unvoiced_introductions`),
   nor, in a narration that speaks in the first person throughout, where what it brings in
   has no mark of speech but the first person (:func:`_first_person_narrators_introductions`). The bias also follows the narrator's own level
   (:func:`_narrator_bias`): the mean score of the lower half of the sentences (clips are
   cut into a narration, which keeps the larger part), then of the sentences a first
   labelling gives the narrator. A narrator with marks of its own (dates, names,
   scene-setting) stays near zero and leaves the bias alone; a document whose "narrator" is
   only the plainer sentences of one spoken voice (a vlog, a lecture, a sermon, a podcast
   monologue) raises it until that voice's own ups and downs are no clips; a text that marks
   its changes of speaker (``>>``, labels) keeps it. A run also takes in the sentence just
   before it when that sentence starts mid-thought ("And …", "So …") without any narrator
   evidence: clips are cut from longer speech. In unpunctuated captions a clip's edge then
   moves from the line break to the word that best separates the clip's evidence from the
   narrator's. The speaker of
   a clip is named from a ``NAME:`` label, a caption voice tag (``<v Rusty>``, in
   ``Document.events``: with two voices or more, the one with the most words narrates) or
   a self-introduction ("my name is …"); failing those, in punctuated text, from the
   narrator's sentence next to it (:func:`_name_introduced_clips`: "Mayor Linda Park said
   …", "…, said the mayor." before it, "That's Rosa Diaz, …" after it), where one person's
   name is clearly the speaker; otherwise null. Sound events ("[Music]") make a
   change of voice cheaper; a label alone on its line ("JAMES:", its cue's sound taken out)
   speaks the next line (:func:`_labels_alone`). In a hearing's transcript a ``Q.``/``A.`` line is a turn of the
   examiner named by the last ``BY MR. SMITH:`` line (a heading) and of the witness
   (:func:`_resolve_examinations`); in such a transcript, which marks every turn, the lines
   after a label are its turn up to a heading, a reporter's note ("(Recess taken.)",
   narration) or a line in capitals (:func:`_carry_labels`). In a screenplay a character
   cue ("MARA", "JONAH (CONT'D)" alone on its line) is its lines' label, a scene heading
   ("INT. KITCHEN - NIGHT") a heading, and the rest action, narration (:func:`_screenplay`).
5. **Segments.** Narration becomes paragraphs (the source's paragraphs where it has real
   ones, else runs of a few sentences), each heading one segment, each dialogue turn one
   segment with its confidence (a logistic of its evidence margin) and ``evidence`` (the
   features that fired).
"""
from __future__ import annotations

import bisect
from collections import Counter
import functools
import math
import re
import statistics
import dataclasses
from dataclasses import dataclass, field

from . import lazy_regex as regex  # (its patterns compiled when first used)

from .document import Document, Segment, collector_paused
from .phonetics import zipf
from .register import load_model, memo_score, score as register_score, words_of
from .speakers import PERSON_FIRST_MAX_ZIPF, PLACE_OR_BODY_HEADS, CLIP_INTRO_VERBS, read_as_a_person, INTRODUCER_ADVERBS, SAYING_VERBS, TURN_TIME, VERB_FORMS, WORD_SPAN, ABBREVIATED_TITLES, People, \
    chunk_counts, clip_identified, clip_introducer, clip_introducer_pronoun, clip_presented, examination_line, in_capitals, is_title, label_kind, \
    lists as speech_lists, mentions_in, names_in, person_name, qa_line, person_roles, speaker_label, \
    speech_attribution, timed_label, title_key, turn_time, without_titles
from .wordpairs import common_pair

STAGE = "segment"

# Two-state model: a sentence's clip emission is its register score minus the bias; each
# change of state costs the switch penalty (less where the captions mark a new speaker).
BIAS = 0.6
BIAS_ADAPT_FROM = 0.5  # a document whose median sentence score is above this raises the bias by the excess
BIAS_ADAPT_SHRINK = 30  # sentences: the adaptation is shrunk by n / (n + this)
# The narrator's own level: the mean score of the sentences it speaks, each counted down to
# NARRATOR_LEVEL_FLOOR only (one "subscribe" or production credit does not make a narrator).
# A narrator with marks of its own (dates, names, scene-setting, passives) stays at or below
# NARRATOR_LEVEL_FROM; above it the narrator speaks as its clips do (a vlog, a lecture, a
# sermon: one voice throughout), and the bias rises by NARRATOR_LEVEL_GAIN times the excess.
NARRATOR_LEVEL_FROM = 0.1
NARRATOR_LEVEL_GAIN = 5.0
NARRATOR_LEVEL_FLOOR = -1.0
NARRATOR_LEVEL_SHRINK = 10  # sentences: the raise is shrunk by n / (n + this) for a document of n
NARRATOR_LEVEL_MIN_SENTENCES = 8  # a shorter text says too little about its narrator: no raise
NARRATOR_LEVEL_MARKERS = 2  # a text with this many speaker-change markers (">>", labels) marks its turns: no raise
SWITCH_PENALTY = 1.0
SWITCH_PENALTY_AT_MARKER = 0.2
SWITCH_RATE_PRIOR = (0.05, 20)  # (changes of voice per sentence, weight in sentences)
SWITCH_PENALTY_MIN = 0.4
# unpunctuated captions: the units are caption lines, shorter than sentences, so each carries
# less evidence
SWITCH_PENALTY_CAPTION_LINES = 0.4
SWITCH_PENALTY_AT_SOUND = 0.7
CAPTION_DASH_WEIGHT = 1.5
# a sentence that introduces someone's words ("Mayor Linda Park said the decision was not an
# easy one.", "Her lead artist explained it in a documentary.", "…, said the mayor."): the
# narrator's (LEAD_IN_WEIGHT), and a clip may start right after it at this cost
LEAD_IN_WEIGHT = -1.0
SWITCH_PENALTY_AFTER_LEAD_IN = 0.4
# ... and in a text that quotes no speech with marks, the words after it (to the end of their
# paragraph, where the text's lines are its sentences or paragraphs) are likely the words it
# introduces: a sound bite, a clip
INTRODUCED_WEIGHT = 1.0
REPLY_WEIGHT, REPLY_MAX_WORDS = 1.5, 6  # a short line after a question, at a speaker change
VOICE_NARRATOR_SHARE, VOICE_NARRATOR_MIN_WORDS = 0.6, 50  # when a caption voice is the narrator  # a caption line that starts with a dialogue dash
REFINE_WORD_COST = 0.05  # unpunctuated captions: a clip's edge moves to where its evidence starts
REFINE_STAY_BONUS = 0.3  # ... unless the line break separates the evidence about as well
REFINE_REACH = 60  # the words on either side of the line break where a clip's edge may move (a caption line's,
# and a bound on the work: each cut scores both parts, so an unbounded one is quadratic in a long line)
# unpunctuated text: a line of more than CAPTION_LINE_MAX_WORDS words (no caption line: a transcript
# pasted as one paragraph, or wrapped wide) is cut into pieces of about CAPTION_LINE_WORDS, an
# automatic caption line's width (:func:`_caption_width_cuts`)
CAPTION_LINE_WORDS = 8
CAPTION_LINE_MAX_WORDS = 30
CUT_IN_MAX_WORDS = 15
CUT_IN_STEPS = 2
PARAGRAPH_SENTENCES = 5
PARAGRAPH_WORDS = 110
# a caption line that starts with one of these words opens a sentence, as speech does
_SENTENCE_OPENER = regex.compile(r"(?i)(?:so|now|okay|ok|alright|anyway|well|but|and)\b")
LINE_PARAGRAPH_WORDS = 20  # lines this long on average (that end sentences) are paragraphs
HEADING_MAX_WORDS = 9
QUOTE_MAX_CHARS = 1500  # a closing mark further away than this does not close the quote
CAPTION_FORMATS = frozenset({"srt", "vtt", "json"})  # sources whose every line is speech
GLUED_HEADING_LOOKAHEAD = 8  # sentences in which a glued heading's words must come back
WITNESS = "THE WITNESS"  # the speaker of a transcript's answers in an examination
_WITNESS_LABELS = frozenset(("the witness", "the deponent"))  # the labels a transcript gives the witness

_TERMINAL = regex.compile(r"[.!?…]+[”\"’'»)\]]*")
# words whose period ends no sentence: speech.json's abbreviated titles, and these
_ABBREVIATED = ABBREVIATED_TITLES | frozenset("mr mrs ms mx dr st jr prof vs etc inc ltd mt ft fig vol approx".split())
_ABBREVIATION = regex.compile(
    rf"(?:^|[\s(“\"])(?:{'|'.join(sorted(_ABBREVIATED))}|[a-z]|(?:[a-z]\.)+[a-z])$",
    regex.IGNORECASE,
)
_NUMBER_ABBREVIATION = regex.compile(r"(?i)\b(?:no|co)$")  # "No. 5"
_LINE_END_MARKS, _LINE_END_CLOSERS = frozenset(".!?…"), "\"”’'»)"
_TOKEN = regex.compile(r"\S+")
_MARKER = regex.compile(r"(?<!\S)>>+(?=\s|$)")
_DASH_START = regex.compile(r"^\s*[-–—]\s+\S")
_OPENERS = {"“": "”", "«": "»", "„": "“", "‚": "’", "‘": "’", "\"": "\"", "'": "'", "「": "」", "『": "』"}
_QUOTE_START = regex.compile(r"(?<![\p{L}\p{N}])[“«„‚‘\"'「『](?=\s?[\p{L}\p{N}¿¡…])")
_SELF_INTRO = regex.compile(r"\b(?i:my name is|my name's|this is|i am|i'm|i’m)\s+(\p{Lu}\p{Ll}+(?:\s\p{Lu}\p{Ll}+)?)")

# past tenses that are also nouns or adjectives after a determiner ("The rose garden.")
_PAST_FORMS = frozenset("""
arose awoke became began bent bled blew broke brought built bought caught chose clung crept dealt drew
drank drove ate fell fed fled flew forgot forgave froze hung hid knelt laid meant rode rang rose sought
sold shook shone shot shrank sang sank slept slid spoke sped spun stole stuck stung swore swept swam
swung tore threw understood woke wore wept
""".split())
_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
_NOT_HEADING_START = frozenset(
    "i you he she it we they me him us them this that these those there here yes no yeah oh okay so "
    "and but or because if when while then thanks thank please let don't nothing everything something "
    "anything nobody everybody somebody anybody everyone someone anyone none "
    "not never maybe perhaps well just sure really exactly indeed hello hi hey wow".split()  # "Not anymore."
)
# words of four letters or more that a Title Case line may write in small letters
# (prepositions and conjunctions: "Notes from the Field", "A Walk through the Woods")
_TITLE_CASE_SMALL = frozenset("""
about above across after against along amid among around before behind below beneath beside besides
between beyond down during except from inside into like near onto over past since than that through
throughout till toward towards under underneath unlike until unto upon versus when while with within
without
""".split())
# a pronoun with its verb contracted ("you're", "I'm", "we've", "they'll")
_PRONOUN_CONTRACTION = regex.compile(r"(?:i|you|he|she|it|we|they|that|there|here|who|what|let)'(?:m|re|s|ve|d|ll)")
_RELATIVE = frozenset("who whom whose which that what where when why how".split())
_DETERMINER = frozenset("the a an his her their its our my your this that these those".split())
_STOP = frozenset(
    "the a an and or but of in on at to for with by from as his her their its our my your this that "
    "these those is was were be been are it he she they we you i most more than very".split()
)


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    boundary: str  # what starts it: "paragraph", "line", "continue", "sentence", "marker", "sound"
    block: int  # index of the run of units joined by "continue" it lies in
    standalone: bool = False  # the sentence is a whole unit run of its own (a line or paragraph)
    label: str | None = None  # speaker label ("NAME:", a transcript's "Q." or "A.") that starts it
    unlabelled: str | None = None  # the boundary it has without its label, where that made it a marker
    quotes: list = field(default_factory=list)  # [(start, end, speaker, confidence)] speech quotes
    heading: bool = False
    score: float = 0.0
    evidence: dict = field(default_factory=dict)
    state: int = 0  # 0 narration, 1 dialogue
    forced: int | None = None
    words: int = 0
    examination: str | None = None  # a line that heads an examination: its examiner ("" for a title line)
    scene: bool = False  # a screenplay's scene heading ("INT. KITCHEN - NIGHT")
    same_turn: bool = False  # the rest of the line of a turn a marker opened, or a line a marked turn goes on over (_carry_labels)
    introduced: bool = False  # the sentence before it introduces someone's words (:func:`_lead_in`)
    leads_in: bool = False  # unpunctuated text: it holds a narrator's lead-in (:func:`_introduced_after_lead_in`)
    cue: bool = False  # unpunctuated text: it holds a presenter's cue that a clip is played (:func:`_played_after_cue`)
    cued: int = 0  # unpunctuated text: a presenter's cue plays the clip that starts here (2, or 1 for "listen to this")
    played: bool = False  # part of a clip a presenter's cue plays (:func:`_played_clips`)
    presented: tuple[int, int] | None = None  # a played clip's first sentence: where its cue presents its person


def clean_text(document: Document) -> str:
    """The clean text: the document text with unit breaks rendered as single spaces."""
    return " ".join(document.text.split())


def source_paragraphs(document: Document) -> list[str]:
    """The texts of the source's line runs: units joined where ``normalize`` marked a unit
    as continuing the previous one's sentence (a cue that starts a new speaker's turn always
    starts a run). This is the source's own structure, before the segment stage regroups the
    narration into paragraphs for reading."""
    return [" ".join(document.text[start:end].split()) for start, end, _ in _blocks(document)]


def _any_of(words) -> re.Pattern:
    """A search that finds whether a string holds any of ``words`` (plain text), for a quick
    test before a sentence is read word by word. The alternatives share their beginnings
    ("re(?:call|member|pl(?:ie|y))"): the standard library's re tries the branches of an
    alternation one by one at each place of the string, so a beginning that many words share
    is tested there once, not once per word (twice as fast for the verbs of speech). A word
    that another starts with stands for both: only whether one is there is asked."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # (a word ends here)

    def alternatives(node: dict) -> str:
        if "" in node:
            return ""  # (the shorter word is found wherever a longer one is)
        branches = [re.escape(ch) + alternatives(rest) for ch, rest in sorted(node.items())]
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return re.compile(alternatives(trie))


# --- 1. sentences -------------------------------------------------------------------------

def _blocks(document: Document) -> list[tuple[int, int, list[int]]]:
    """Runs of units joined by ``continue``: (start, end, unit indices)."""
    blocks: list[tuple[int, int, list[int]]] = []
    text = document.text
    # the open block: its start, end and units (the list grows in place: a block of
    # thousands of caption lines is not copied per line)
    b_start = b_end = 0
    idx: list[int] | None = None
    for i, unit in enumerate(document.units):
        start, end = unit.start_char, unit.end_char
        if start >= end or text[start:start + 1].isspace() and text[start:end].isspace():
            continue  # (an empty or blank unit)
        if idx is not None and unit.break_before == "continue" and not unit.speaker_change:
            idx.append(i)
            b_end = end
        else:
            if idx is not None:
                blocks.append((b_start, b_end, idx))
            b_start, b_end, idx = start, end, [i]
    if idx is not None:
        blocks.append((b_start, b_end, idx))
    return blocks


def is_punctuated(text: str, n_words: int | None = None) -> bool:
    """Whether ``text`` has sentence punctuation (about one mark per 40 words or more).
    ``n_words``: the number of white-space-delimited words of ``text``, where known."""
    if n_words is None:
        n_words = len(text.split())
    if n_words < 12:
        return True
    return len(_TERMINAL.findall(text)) * 40 >= n_words


_ELIDED = regex.compile(r"(?i:cause|cos|em|til|till|bout|round|n|tis|twas|kay|s)(?![\p{L}'’])")


def find_quotes(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Quote spans (opening mark to closing mark, inclusive) inside ``text[start:end]``."""
    spans = []
    pos = start
    while True:
        m = _QUOTE_START.search(text, pos, end)
        if not m:
            break
        opener = m.group()
        closer = _OPENERS[opener]
        q = m.start()
        if opener in "'’" and _ELIDED.match(text, q + 1):
            pos = q + 1  # "'Cause", "'em", "rock 'n' roll": a letter left out, not a quote
            continue
        close = _find_closer(text, q + 1, min(end, q + 1 + QUOTE_MAX_CHARS), opener, closer)
        if close is None:
            pos = q + 1
            continue
        if len(text[q:close].split()) > 150 or close - q <= 3 and text[q + 1:close].isalpha():
            pos = q + 1  # (a letter or two between marks is no quote: "rock 'n' roll")
            continue
        spans.append((q, close + 1))
        pos = close + 1
    return spans


def _inside(quotes: list[tuple[int, int]], pos: int) -> tuple[int, int] | None:
    """The quote span (sorted, non-overlapping) strictly around ``pos``, if any."""
    k = bisect.bisect_left(quotes, (pos, pos)) - 1
    if k >= 0 and quotes[k][0] < pos < quotes[k][1]:
        return quotes[k]
    return None


def _last_closer(text: str, pos: int, end: int, closer: str) -> int:
    """The last place in ``text[pos:end]`` where ``closer`` may close a quote (not inside a
    word, not before a word); -1 if none."""
    i = text.rfind(closer, pos, end)
    while i >= 0:
        nxt = text[i + 1:i + 2]
        if not (nxt and (nxt.isalpha() or nxt.isdigit())) and not text[i - 1:i].isspace():
            return i
        i = text.rfind(closer, pos, i)
    return -1


_OPENING_MARK = regex.compile(r"(?:(?<=\s)|^)[“«„‚‘\"'「『](?=\p{L})")
_PRONOUN_VERB = regex.compile(r" (?i:he|she|they|we|i|you)\s+(\p{Ll}+)")
_FIRST_WORD = regex.compile(r"\s+(\p{Ll}+)")


def _opens_between(text: str, pos: int, end: int) -> bool:
    """Whether an opening quote mark (after white space, before a letter; not an elision,
    "'em") stands in ``text[pos:end]``: a quote of its own starts there."""
    for m in _OPENING_MARK.finditer(text, pos, end):
        if not (m.group() in "'’" and _ELIDED.match(text, m.end())):
            return True
    return False


def _attribution_after(text: str, pos: int) -> bool:
    """Whether ``text`` at ``pos`` goes on with a speech verb, after a pronoun or not (" she
    said", " said Tom")."""
    verbs = speech_lists()["speech_verbs"]
    m = _PRONOUN_VERB.match(text, pos)
    if m and m.group(1) in verbs:
        return True
    m = _FIRST_WORD.match(text, pos)
    return bool(m) and m.group(1) in verbs


def _find_closer(text: str, pos: int, end: int, opener: str, closer: str) -> int | None:
    last_close = None  # (worked out where a plural's possessive may be the closing mark)
    for m in regex.finditer(regex.escape(closer), text[pos:end]):
        i = pos + m.start()
        nxt = text[i + 1:i + 2]
        if opener in "'‘‚" or closer in "'":
            # an apostrophe inside a word ("Rusty’s") is not a closing mark
            if nxt and (nxt.isalpha() or nxt.isdigit()):
                continue
            if text[i - 1:i].isspace():
                continue
            if text[i - 1:i] in "sS" and nxt == " " and text[i + 2:i + 3].islower():
                if last_close is None:
                    last_close = _last_closer(text, pos, end, closer)
                if i < last_close and not _opens_between(text, i + 1, last_close) \
                        and not _attribution_after(text, i + 1):
                    continue  # a plural's possessive ("‘The Johnsons’ car was seen.’"): it closes later
        if opener == closer == "\"" and text[i - 1:i].isspace() and nxt and not nxt.isspace():
            continue  # that is the next opening mark
        return i
    return None


def _sentence_ends(text: str, start: int, end: int, quotes: list[tuple[int, int]], punctuated: bool) -> list[int]:
    """Positions inside ``[start, end)`` where a new sentence starts."""
    cuts = []
    for m in _TERMINAL.finditer(text, start, end):
        pos = m.end()
        inside = _inside(quotes, m.start()) if quotes else None
        if inside:
            if text[pos:inside[1]].strip(" \n\t”\"’'»") != "":
                continue  # a sentence end inside a quote: the quote stays whole
            pos = inside[1]
        while pos < end and text[pos] in ")]”»\"'’":
            pos += 1
        if pos >= end or not text[pos].isspace():
            continue
        nxt = pos
        while nxt < end and text[nxt].isspace():
            nxt += 1
        if nxt >= end:
            continue
        following = text[nxt]
        if m.group().startswith("."):
            if _ABBREVIATION.search(text[max(start, m.start() - 12):m.start()]):
                continue
            if following.isdigit() and _NUMBER_ABBREVIATION.search(text[max(0, m.start() - 3):m.start()]):
                continue  # "No. 5"
            if following.islower() and punctuated:
                continue
        cuts.append(nxt)
    return cuts


def split_sentences(document: Document, n_words: int | None = None) -> tuple[list[Sentence], list[tuple[int, int]], bool]:
    """The document's sentences, its speech-quote candidates and whether it is punctuated
    (``n_words``: the number of white-space-delimited words of the text, where known)."""
    text = document.text
    punctuated = is_punctuated(text, n_words)
    sentences: list[Sentence] = []
    quotes_all: list[tuple[int, int]] = []
    sound_positions, voices = _events(document)
    sound_positions.sort()
    voice_positions = [p for p, _ in voices]
    read: dict[tuple[str, int, int], tuple[list, list, list]] = {}
    qa_forms = _qa_forms(document)
    examinations = _examination_lines(document)
    introduced: set[int] = set()  # unpunctuated text: where words that "as … put it" introduces start
    # ... and those a narrator's lead-in brings in (read across the lines: a caption line holds a part)
    lead_in_spans = [] if punctuated else _introduced_after_lead_in(text, 0, len(text))
    lead_ins = [cut for _, cut in lead_in_spans]
    # ... and where a presenter's cue starts and the clip it plays starts ("roll the clip" | …)
    cue_spans = [] if punctuated else _played_after_cue(text, 0, len(text))
    cued = {cut: kind for _, cut, kind, _ in cue_spans}
    cued_person = {cut: person for _, cut, _, person in cue_spans if person is not None}
    cue_cuts = [cut for _, cut, _, _ in cue_spans]  # (increasing: each clip starts before the next cue)
    for b, (b_start, b_end, unit_idx) in enumerate(_blocks(document)):
        quotes, ends, markers = _read_block(text, b_start, b_end, punctuated, read)
        quotes_all.extend(quotes)
        first_unit = document.units[unit_idx[0]]
        cuts: dict[int, str] = {b_start: first_unit.break_before if not first_unit.speaker_change else "marker"}
        for pos in ends:
            cuts.setdefault(pos, "sentence")
        units = document.units
        if not punctuated:
            for i in unit_idx[1:]:
                cuts[units[i].start_char] = "continue"
            for i in unit_idx:
                for pos in _caption_width_cuts(text, units[i].start_char, units[i].end_char):
                    cuts.setdefault(pos, "continue")
            if "put" in text[b_start:b_end]:  # (most blocks have none: no search)
                for pos in _introduced_after_put_it(text, b_start, b_end):
                    cuts.setdefault(pos, "continue")
                    introduced.add(pos)
            for pos in lead_ins[bisect.bisect_right(lead_ins, b_start):bisect.bisect_left(lead_ins, b_end)]:
                cuts.setdefault(pos, "continue")
                introduced.add(pos)
            for pos in cue_cuts[bisect.bisect_right(cue_cuts, b_start):bisect.bisect_left(cue_cuts, b_end)]:
                cuts.setdefault(pos, "continue")
                introduced.add(pos)
        label_ends = set()  # where the words after a line's speaker label start
        unlabelled: dict[int, str] = {}  # a line a label made a marker: its boundary without it
        qa_labels: dict[int, str] = {}  # a line's question or answer letter, by where it starts
        for k, i in enumerate(unit_idx):
            unit = units[i]
            line = text[unit.start_char:unit.end_char]
            if examinations and _trim(text, unit.start_char, unit.end_char)[0] in examinations:
                # a line of its own: cut before it and after it
                cuts.setdefault(unit.start_char, "line")
                if k + 1 < len(unit_idx):
                    cuts.setdefault(units[unit_idx[k + 1]].start_char, "line")
                continue
            qa = qa_line(line) if qa_forms and line.lstrip()[:1] in ("Q", "A", ">") else None
            # (a line without a dash has no dialogue dash, one without a colon no speaker
            # label: most lines, no regular expression)
            if qa and qa[1] in qa_forms:
                if cuts.get(unit.start_char) != "marker":
                    unlabelled[unit.start_char] = cuts.get(unit.start_char, "line")
                cuts[unit.start_char] = "marker"
                label_ends.add(unit.start_char + qa[2])
                qa_labels[unit.start_char] = qa[0]
            elif ("-" in line or "–" in line or "—" in line) and _DASH_START.match(line):
                cuts[unit.start_char] = "marker"
            elif ":" in line:
                lab = speaker_label(line)
                if lab:
                    if cuts.get(unit.start_char) != "marker":
                        unlabelled[unit.start_char] = cuts.get(unit.start_char, "line")
                    cuts[unit.start_char] = "marker"
                    label_ends.add(unit.start_char + lab[1])
        for pos in markers:
            cuts[pos] = "marker"
        lo, hi = bisect.bisect_left(sound_positions, b_start), bisect.bisect_left(sound_positions, b_end)
        for pos in sound_positions[lo:hi]:
            if b_start < pos < b_end and pos not in cuts:
                cut = _next_token(text, pos, b_end)
                if cut in label_ends or pos in label_ends:
                    # "JAMES: (whispering) Get down.": inside the turn; the label keeps its words
                    continue
                if cuts.get(cut) != "marker":  # (a sound never takes a label's or a dash's turn away)
                    cuts[cut] = "sound"
            elif pos == b_start and cuts[b_start] != "marker":
                cuts[b_start] = "sound"
        lo, hi = bisect.bisect_right(voice_positions, b_start), bisect.bisect_left(voice_positions, b_end)
        for pos in voice_positions[lo:hi]:
            if b_start < pos < b_end:
                cuts[_next_token(text, pos, b_end) if not text[pos - 1].isspace() else pos] = "marker"
        # never cut inside a token (a marker glued to words on both sides): the segments'
        # texts, joined by spaces, must stay the clean text
        positions = sorted(p for p in cuts if p < b_end and (
            p == b_start or text[p - 1].isspace() or text[p].isspace()))
        for k, pos in enumerate(positions):
            s_end = positions[k + 1] if k + 1 < len(positions) else b_end
            s_start, s_end = _trim(text, pos, s_end)
            if s_start >= s_end:
                continue
            sent = Sentence(s_start, s_end, cuts[pos], b)
            sent.standalone = len(positions) == 1
            sent.introduced = s_start in introduced
            if lead_in_spans:  # (the first lead-in that ends after the sentence starts: does it start before its end?)
                k = bisect.bisect_right(lead_ins, s_start)
                sent.leads_in = k < len(lead_ins) and lead_in_spans[k][0] < s_end
            if cue_spans:
                sent.cued = cued.get(s_start, 0)
                sent.presented = cued_person.get(s_start)
                k = bisect.bisect_right(cue_cuts, s_start)  # (the first cue whose clip starts after the sentence starts)
                sent.cue = k < len(cue_spans) and cue_spans[k][0] < s_end
                sent.leads_in = sent.leads_in or sent.cue
            lab = speaker_label(text[s_start:s_end]) if cuts[pos] == "marker" else None
            if lab or pos in qa_labels:
                sent.label = lab[0] if lab else qa_labels[pos]
                sent.unlabelled = unlabelled.get(pos)
            if examinations and s_start in examinations and examinations[s_start][0] == s_end:
                sent.examination, sent.standalone = examinations[s_start][1], True
            sentences.append(sent)
    return _labels_alone(text, sentences, _is_captions(document)), quotes_all, punctuated


# unpunctuated text: "as <someone> put it", perhaps with when, is a narrator's introducer whose
# words come right after it, in any text without the marks that would end it ("as her co-star
# put it years later nobody on that set …", "as one of the engineers put it we built …"); not
# "put it" with a place or a particle after it ("as the one they put it in"), nor the speaker's
# own ("as i put it", :func:`_introduced_after_put_it`)
_PUT_IT = regex.compile(
    r"(?i)(?<![\p{L}'’])as\s+(?P<who>(?:[\p{L}'’\-]+\s+){1,5}?)put\s+it"
    r"(?:\s+(?:(?:years|decades|months|weeks|days)\s+)?(?:later|afterwards?|then|once|best|simply|bluntly|plainly|frankly|(?:this|that)\s+way))?(?![\p{L}'’])"
    r"(?!\s+(?:in|into|on|onto|at|to|back|down|away|off|out|up|over|under|through|together|aside|behind|by|"
    r"there|here|where|somewhere|forward|near|next|inside|around|across|between)(?![\p{L}'’]))")


def _introduced_after_put_it(text: str, start: int, end: int) -> list[int]:
    """Unpunctuated text: where the words that an "as <someone> put it" in ``[start, end)``
    introduces start (:data:`_PUT_IT`)."""
    found = []
    for m in _PUT_IT.finditer(text, start, end):
        who = [w.lower().replace("’", "'") for w in m.group("who").split()]
        if not _LEAD_IN_NOT.isdisjoint(who):
            continue
        pos = _next_token(text, m.end(), end) if m.end() < end else end
        if pos < end:
            found.append(pos)
    return found


_TOLD_US = frozenset(("told", "tells"))  # "… told us …": the reporter's crew told, the words to come
_RECALLS = frozenset(("recalls", "remembers"))  # a memory told now, in the clip to come
# what the clip to come explains, named ("Lab manager Tom Reyes explains the process.", "She
# describes the 2016 event as the moment everything changed."), with no clause of its own
_EXPLAINS = frozenset(("explains", "describes"))

# unpunctuated text: a narrator's words that name what a person told the crew, remembers or
# explains ("he told us the wind that day was unlike anything he had seen", "her son daniel
# remembers the winter they almost sold"), the clip right after them telling it; the clip
# starts at its first word in the first (or second) person, a few words on
_CAPTION_LEAD_IN = regex.compile(r"(?i)(?<![\p{L}'’])(?:(?:%s)\s+us|%s)(?![\p{L}'’])"
                              % ("|".join(sorted(_TOLD_US)), "|".join(sorted(_RECALLS | _EXPLAINS))))
CAPTION_LEAD_IN_OBJECT_MAX = 12  # the words of what is told, remembered or explained, at most
CAPTION_LEAD_IN_ROLE_WORDS = 15  # "he"/"she" told us: a role noun this many words before it
_CAPTION_SPEECH_OPENERS_SINGULAR = frozenset("i i'm i've i'd i'll my me you you're you've you'd you'll your".split())
_CAPTION_SPEECH_OPENERS = _CAPTION_SPEECH_OPENERS_SINGULAR | frozenset("we we're we've we'd we'll our".split())
_CAPTION_SUBJECT_PRONOUNS = frozenset(("he", "she"))
_CAPTION_LEAD_IN_BREAK = regex.compile(r"[>\[\]():♪\-–—]|\n\s*\n")  # a marker, a sound, a label or a paragraph between
_CAPTION_NAME_MAX_ZIPF = 5.0  # the words between a role noun and its verb are a name: none this common


def _introduced_after_lead_in(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Unpunctuated text: where a narrator's lead-in in ``[start, end)`` starts (its
    subject) and where the words it brings in start (:data:`_CAPTION_LEAD_IN`: "he told us the wind that day was unlike
    anything he had seen" | "you plan for forty mile an hour gusts", "her son daniel remembers
    the winter they almost sold" | "we had the papers on the kitchen table"). With no capital
    to show a person, its subject is a role noun (:func:`~pipeline.speakers.person_roles`),
    perhaps with a name after it ("her son daniel", "lab manager tom reyes": words no more
    common than CAPTION_LEAD_IN_NAME_MAX_ZIPF), perhaps an adverb between ("still"), or "he"
    or "she" with a role noun in the CAPTION_LEAD_IN_ROLE_WORDS words before it ("captain luis
    moreno had been with the county fire department for nineteen years he told us …"); what
    it names (one to CAPTION_LEAD_IN_OBJECT_MAX words, none in the first or second person,
    no other verb of saying) runs to the first word in the first person singular or the
    second person, or after "recalls", "remembers", "explains", "describes" also the first
    person plural ("told us" is the crew's: "we" after it may be the crew going on). Not "told
    us to …" or "so", nor where the subject is the speaker's own ("my son remembers …")."""
    if not _CAPTION_LEAD_IN.search(text, start, end):
        return []  # (most blocks have none: no tokens)
    tokens = list(WORD_SPAN.finditer(text, start, end))
    words = [t.group().lower().replace("’", "'") for t in tokens]
    roles = person_roles()
    found = []
    for k, w in enumerate(words):
        if w in _TOLD_US and k + 1 < len(words) and words[k + 1] == "us":
            first, openers = k + 2, _CAPTION_SPEECH_OPENERS_SINGULAR
            if first < len(words) and words[first] in ("to", "so"):
                continue
        elif w in _RECALLS or w in _EXPLAINS:
            first, openers = k + 1, _CAPTION_SPEECH_OPENERS
        else:
            continue
        j = k - 1
        if j >= 0 and words[j] in INTRODUCER_ADVERBS:
            j -= 1
        if j < 0:
            continue
        if words[j] in _CAPTION_SUBJECT_PRONOUNS:
            if not any(x in roles for x in words[max(0, j - CAPTION_LEAD_IN_ROLE_WORDS):j]):
                continue
        else:
            # a role noun, then at most two words of a name
            r = next((m for m in range(j, max(-1, j - 3), -1) if words[m] in roles), None)
            if r is None or any(words[m] in _LEAD_IN_NOT or zipf(words[m]) >= _CAPTION_NAME_MAX_ZIPF
                                for m in range(r + 1, j + 1)):
                continue
            if r >= 1 and words[r - 1] in _LEAD_IN_NOT:
                continue  # "my son remembers …": the speaker's own
        cut = None
        for m in range(first, min(len(words), first + CAPTION_LEAD_IN_OBJECT_MAX + 1)):
            if words[m] in openers:
                cut = m
                break
            if words[m] in _LEAD_IN_NOT or words[m] in _REPORTED_SPEECH_VERBS:
                break
        if cut is not None and cut > first and not _CAPTION_LEAD_IN_BREAK.search(text, tokens[k].end(), tokens[cut].start()):
            found.append((tokens[j].start(), tokens[cut].start()))
    return found


def _caption_width_cuts(text: str, start: int, end: int) -> list[int]:
    """Unpunctuated text: where a line longer than a caption line (a transcript pasted as
    one paragraph, or wrapped wide) is cut into caption-line widths of about
    CAPTION_LINE_WORDS words, evenly, so that it is read as captions are, line by line
    (a clip inside it is found, its edge then moved to its words, :func:`_best_cut`);
    nothing where the line is as short as a caption line already."""
    if end - start < CAPTION_LINE_MAX_WORDS * 2:  # (too short to hold more words: one letter and a space each)
        return []
    starts = [m.start() for m in _TOKEN.finditer(text, start, end)]
    n = len(starts)
    if n <= CAPTION_LINE_MAX_WORDS:
        return []
    pieces = -(-n // CAPTION_LINE_WORDS)
    return [starts[(k * n) // pieces] for k in range(1, pieces)]


_COLON_BEFORE_CAPITAL = regex.compile(r":[ \t]+(?=\p{Lu})")


def _split_after_lead_in_colon(text: str, sentences: list[Sentence],
                               quotes: list[tuple[int, int]]) -> list[Sentence]:
    """A narrator's sentence that introduces someone's words and ends in a colon, with the
    words after it in the same line ("As her co-star put it years later: Nobody on that set
    thought she could do it."): cut after the colon, where the introduced words start, so
    the introducer is the narrator's sentence (:func:`_lead_in`) and the words after it are
    introduced. Not inside a quote, nor in a labelled turn."""
    out: list[Sentence] = []
    for s in sentences:
        if s.label or s.examination is not None or ":" not in text[s.start:s.end]:
            out.append(s)
            continue
        m = _COLON_BEFORE_CAPITAL.search(text, s.start, s.end)
        if m is None or _inside(quotes, m.start()) is not None or not _lead_in(text[s.start:m.start() + 1]):
            out.append(s)
            continue
        first = dataclasses.replace(s, end=m.start() + 1, standalone=False)
        second = dataclasses.replace(s, start=m.end(), boundary="sentence", standalone=False, unlabelled=None)
        out.extend((first, second))
    return out


def _is_captions(document: Document) -> bool:
    """Whether the document is captions (SubRip, WebVTT, JSON, or any timed lines)."""
    return document.source.format in CAPTION_FORMATS or any(u.start is not None for u in document.units)


def _labels_alone(text: str, sentences: list[Sentence], captions: bool) -> list[Sentence]:
    """A label alone on its line ("JAMES:", whose cue held only a sound, "JAMES: (sighs)", or
    whose words are written on the next line; a transcription service's "Sarah Kim
    (00:12:31):" or "Sarah Kim  0:04", :func:`~pipeline.speakers.timed_label`, twice or more
    in the document) starts a turn, and the sentence after it is
    its words unless a marker or a paragraph starts there; with another label after it, it
    is a turn of its own. Only in captions, in a document with other speaker labels (a
    line "Ingredients:" in an article heads a list), or where the labels alone are a
    conversation's (:func:`_labels_alone_that_come_back`), and only a label that reads as a
    speaker's (:func:`_speaks_elsewhere`). Returns the sentences, the label's words joined
    to it."""
    timed = _TIMED_LABEL_HINT.search(text) is not None  # a transcription service's timed labels, maybe
    only: set[str] | None = None  # where nothing else marks turns: the labels alone that are a conversation's
    if not captions and not timed and not any(s.label and label_kind(s.label) != "weak" for s in sentences):
        only = _labels_alone_that_come_back(text, sentences) if ":\n" in text else set()
        if not only:
            return sentences  # (most documents)
    used = {s.label for s in sentences if s.label}
    timed_labels: dict[int, tuple[str, int]] = {}  # sentence index -> its first line's timed label
    if timed:
        for k, s in enumerate(sentences):
            if s.label is None:
                first_line = _first_line(text, s.start, s.end).rstrip()
                if first_line[-1:] in ":0123456789":
                    lab = timed_label(first_line)
                    if lab is not None:
                        timed_labels[k] = lab
        if not _timed_turns(text, sentences, timed_labels):
            timed_labels = {}  # ("Monday Morning 9:30" once, a programme's "Opening Remarks 9:15": lines of their own)
    out: list[Sentence] = []
    i, n = 0, len(sentences)
    while i < n:
        s = sentences[i]
        out.append(s)
        i += 1
        if s.label is not None:
            continue
        line_end = text.find("\n", s.start, s.end)
        lab = timed_labels.get(i - 1) if timed_labels else None
        if lab is None:
            first_line = text[s.start:s.end if line_end < 0 else line_end].rstrip()
            if not first_line.endswith(":"):
                continue  # (most sentences: no regular expression)
            lab = speaker_label(first_line, alone=True)
            if lab is None or label_kind(lab[0]) == "weak" or not _speaks_elsewhere(lab[0], used):
                continue
            if only is not None and lab[0] not in only:
                continue
        s.label = lab[0]
        if s.boundary != "marker":
            s.unlabelled, s.boundary = s.boundary, "marker"
        if line_end < 0 and i < n and sentences[i].boundary not in ("marker", "paragraph") \
                and sentences[i].label is None:
            s.end = sentences[i].end  # the label's words: the next line's sentence
            s.standalone = False
            i += 1
    return out


def _labels_alone_that_come_back(text: str, sentences: list[Sentence]) -> set[str]:
    """In a document with no other speaker labels, the labels alone on their lines
    (read as :func:`_labels_alone` reads them) that are a conversation's: two voices or more,
    each coming back after another's turn ("JOHN:", "MARY:", "JOHN:", "MARY:"). A document's
    section titles ("INTRODUCTION:", "METHODS:", "RESULTS:") each head one section, and
    an article's "MYTH:" and "FACT:", "PROBLEM:" and "SOLUTION:" come back without being
    anyone's: only labels that read as people's count (:func:`_names_a_person`)."""
    found: list[str] = []
    for s in sentences:
        if s.label is not None:
            continue
        line_end = text.find("\n", s.start, s.end)
        first_line = text[s.start:s.end if line_end < 0 else line_end].rstrip()
        if not first_line.endswith(":"):
            continue
        lab = speaker_label(first_line, alone=True)
        if lab is not None and label_kind(lab[0]) != "weak" and _speaks_elsewhere(lab[0], set()):
            found.append(lab[0])
    counts = Counter(found)  # (each label counted and read once: a script has thousands of lines)
    returning = {name for name, count in counts.items() if count >= 2 and _names_a_person(name)}
    if len(returning) < 2:
        return set()
    # another label between a label's first line and its last: the run of one label that
    # its first line starts ends before its last line
    run_end: list[int] = [0] * len(found)
    for k in range(len(found) - 1, -1, -1):
        run_end[k] = run_end[k + 1] if k + 1 < len(found) and found[k + 1] == found[k] else k
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    for k, name in enumerate(found):
        first.setdefault(name, k)
        last[name] = k
    comes_back = any(run_end[first[name]] < last[name] for name in returning)
    return returning if comes_back else set()


def _names_a_person(label: str) -> bool:
    """Whether a label reads as a person's: numbered ("SPEAKER 2"), a title and a name ("MR.
    HALL", "SENATOR RUIZ"), a role ("THE COURT", "HOST", "REPORTER", "MOTHER", "AUDIENCE
    MEMBER", "NARRATOR": ``court_roles``, ``broadcast_roles``, ``conversation_roles``, the
    role nouns that tell a gender and ``narrator_labels`` of ``data/speech.json``), or a
    name: a first word that is no common word (below _NAME_MAX_ZIPF, :func:`_capital_name`)
    and that English does not write after "a" or "an" ("JOHN", "OPHELIA"; "a myth", "a
    fact", "a problem": an article's "MYTH:" and "FACT:" are no one's)."""
    words = [w for w in regex.split(r"[\s.]+", label) if w]
    if not words or any(ch.isdigit() for ch in label):
        return bool(words)
    lists_ = speech_lists()
    low = [w.lower().replace("’", "'") for w in words]
    if low[0] == "the":
        low = low[1:]
    roles = (lists_["court_roles"], lists_["broadcast_roles"], lists_["conversation_roles"],
             lists_["male_roles"], lists_["female_roles"], lists_["narrator_labels"])
    if low and any(" ".join(low) in r or low[-1] in r for r in roles):
        return True
    if len(low) >= 2 and any(low[0] in lists_[k] for k in ("titles", "abbreviated_titles", "name_titles")):
        return True  # "MR. HALL", "SENATOR RUIZ", "DR PATEL"
    if len(low) != len(words) or not low[0].isalpha():
        return False  # "THE BOTTOM LINE" (a role after "The" is above)
    return bool(_capital_name(words[:1])) and not common_pair("a", low[0]) and not common_pair("an", low[0])


def _timed_turns(text: str, sentences: list[Sentence], timed_labels: dict[int, tuple[str, int]]) -> bool:
    """Whether the lines ``timed_labels`` finds ("Sarah Kim  0:04", "Sarah Kim (00:00:04):")
    are speakers' turns: the times go up (but for one step, or one in five, at most), and the speakers come back (two names, each twice
    or more; or, in a short exchange of two voices, one of them twice: "Sarah, Luis,
    Sarah") or the first time is a recording's start (within TIMED_FIRST_MAX seconds of 0).
    A programme's "Registration Opens 8:30", "Opening Remarks 9:15", "Keynote Address 9:30"
    name each item once, from a time of day on: lines of their own, no speakers."""
    if len(timed_labels) < 2:
        return False
    times = []
    for k in sorted(timed_labels):
        start = sentences[k].start
        times.append(turn_time(text[start:start + timed_labels[k][1]]))
    if any(t is None for t in times):
        return False
    # (the times go up: a slip here and there, "0:15" then "0:14", is an export's)
    down = sum(1 for a, b in zip(times, times[1:]) if a > b)
    if down > max(1.0, TIMED_DOWN_SHARE * (len(times) - 1)):
        return False
    names = Counter(name for name, _ in timed_labels.values())
    repeated = sum(1 for c in names.values() if c >= 2)
    if repeated >= 2 or repeated == 1 and len(names) <= 2 or times[0] <= TIMED_FIRST_MAX:
        return True
    # an excerpt from later in a recording, each voice once: voices a service numbers
    # ("Speaker 1  12:04", "Speaker 2  12:31"), or turns that read as speech, in the first or
    # second person, with words enough for the time between their labels (a programme's items
    # once each, "Opening Remarks 9:15", are neither)
    if all(_NUMBERED_VOICE.fullmatch(name) for name in names):
        return True
    keys = sorted(timed_labels)
    bounds = [sentences[k].start for k in keys] + [len(text)]
    spoken = 0
    for a, b in zip(bounds, bounds[1:]):
        evidence = register_score(text[a:b])[1]
        spoken += any(f in evidence for f in _PERSON_FEATURES)
    words = len(text[bounds[0]:bounds[-2]].split())
    span = times[-1] - times[0]
    return 2 * spoken > len(keys) and span > 0 and words >= TIMED_MIN_WORDS_PER_SECOND * span


TIMED_MIN_WORDS_PER_SECOND = 0.5  # slower than anyone speaks: the times are no recording's offsets
_NUMBERED_VOICE = regex.compile(
    r"(?i:Speaker|Participant|Interviewer|Interviewee|Respondent|Guest|Host|Unknown|Caller|Voice|Person|"
    r"Panelist|Panellist|Moderator|Student|Man|Woman)[\s_]\d{1,3}")


TIMED_FIRST_MAX = 60.0  # seconds: timed labels whose first time is this near 0 start a recording
TIMED_DOWN_SHARE = 0.2  # timed labels whose times go down more often than this are no recording's


# a line that ends with a time, or with a time in brackets and a colon: a timed label, maybe
_TIMED_LABEL_HINT = re.compile(r":\d\d(?:[:.,]\d+)?(?:[\])]:)?[ \t]*(?:\n|$)")  # (re: a literal first, fast)


def _first_line(text: str, start: int, end: int) -> str:
    """``text[start:end]`` up to its first line break."""
    line_end = text.find("\n", start, end)
    return text[start:end if line_end < 0 else line_end]


def _label_time(text: str, start: int, end: int) -> float | None:
    """The time a turn's label gives it ("[00:12:31] Sarah: …", "Sarah (00:12:31): …",
    "Sarah Kim 0:04" on a line of its own), in seconds; None where the label has none."""
    return _line_time(_first_line(text, start, end))


def _line_time(line: str) -> float | None:
    """:func:`_label_time` of the turn's first line ``line``."""
    if not (line[:1].isdigit() or line[:1] in "[(" or ":" in line[-2:] or line[-1:].isdigit() or "):" in line or "]:" in line):
        return None  # (most turns: no regular expression)
    lab = speaker_label(line) or timed_label(line.rstrip())
    if lab is None:
        return None
    return turn_time(line[:lab[1]])


CLOCK_MIN_FIRST = 4 * 3600.0  # a first label's time this late is the clock ("[09:15:00]"), not a
# recording's offset (part two of a recording may start at "[01:00:05]")
OFFSET_MAX_WORDS_PER_SECOND = 6.0  # faster than anyone speaks: the times are no offsets
_AM_PM = regex.compile(r"\s*(?:[AaPp]\.?[Mm]\b\.?)")


def _label_times_are_offsets(text: str, sentences: list[Sentence]) -> bool:
    """Whether the times the document's speaker labels write ("[00:12:31] Sarah:", "Sarah
    Kim  0:04") are offsets into a recording, which a turn's ``start`` may take: a
    recording's offsets start near 0 and leave the words time to be said. A chat log's
    "[10:32] Bob: Hi." is the clock: its times are a time of day (AM/PM), start four hours
    or more in, or, read as minutes and seconds, give the words between the first label and
    the last less than a second for every OFFSET_MAX_WORDS_PER_SECOND words ("[10:32]",
    "[10:33]": 632 s and 633 s)."""
    times: list[tuple[int, float]] = []
    for s in sentences:
        if not s.label:
            continue
        line = _first_line(text, s.start, s.end)
        t = _line_time(line)
        if t is None:
            continue
        m = _TIME_IN_LABEL.search(line)
        if m and _AM_PM.match(line, m.end()):
            return False  # "[10:32 AM] Bob:", "Bob 10:32 AM"
        times.append((s.start, t))
    if not times:
        return True
    if times[0][1] >= CLOCK_MIN_FIRST:
        return False
    if len(times) >= 2:
        span = times[-1][1] - times[0][1]
        words = len(text[times[0][0]:times[-1][0]].split())
        if span < 0 or words > OFFSET_MAX_WORDS_PER_SECOND * max(span, 1.0):
            return False
    return True


_TIME_IN_LABEL = regex.compile(rf"(?<![\d:]){TURN_TIME}(?![\d:])")


def _speaks_elsewhere(label: str, used: set[str]) -> bool:
    """Whether a label alone on its line reads as a speaker's: the document's label of a
    line with words too, or written as a script writes its speakers (in capitals, "JAMES:";
    numbered, "Speaker 2:"; with a title, "Dr. Patel:"). "Diagnosis:" or "Timestamps:"
    above a line of a labelled transcript, a caption "Pro Tip:" before its tip, head what
    follows."""
    words = label.split()
    return label in used or label.isupper() or any(ch.isdigit() for ch in label) or is_title(words[0])


def _qa_forms(document: Document) -> frozenset[str]:
    """The forms of question and answer lines (:func:`~pipeline.speakers.qa_line`: "Q. …"
    or "Q …") that the document is written in: a form counts where a question line of it
    is answered by an answer line of it, the question ending with "?" just before the
    answer, or where that happens twice whatever the questions end with. ("A storm hit the
    coast." alone is an article's line; an outline's "A. Introduction" has no question
    before it; "Q Street was closed. Why? Nobody knows." then "A spokesman said …" is no
    question answered.) A press conference's transcript answers its questions under the
    speaker's label ("Q. Coach, what did you say at halftime?" then "COACH DAVE MILLER:
    Nothing fancy."), with no answer lines: there a form counts where a speaker's label
    answers a question line of it twice or more."""
    text = document.text
    if "Q" not in text:
        return frozenset()  # (most documents)
    asked: set[str] = set()  # the forms with a question ending in "?" right before its answer
    exchanges: dict[str, int] = {}  # form -> the questions answered by an answer line right after
    labelled: dict[str, int] = {}  # form -> the questions answered by a speaker's label right after
    open_form = None  # the form of the question line whose turn goes on, if any
    asks = False  # whether the last line of that turn ends with a question mark
    for unit in document.units:
        line = text[unit.start_char:unit.end_char]
        first = line[:1]
        qa = None
        if first and (first in "QA>" or first.isspace()):
            qa = qa_line(line)
        if qa is not None:
            letter, form, _ = qa
            if letter == "Q":
                open_form = form
            else:
                if form == open_form:
                    exchanges[form] = exchanges.get(form, 0) + 1
                    if asks:
                        asked.add(form)
                open_form = None
        elif open_form is not None and ":" in line:
            lab = speaker_label(line)
            if lab is not None and lab[0] not in ("Q", "A") and label_kind(lab[0]) != "weak":
                labelled[open_form] = labelled.get(open_form, 0) + 1
                open_form = None
        if open_form is not None and line.strip():
            asks = line.rstrip().rstrip("\"'”’»)").endswith("?")
    return frozenset([f for f, count in exchanges.items() if f in asked or count >= 2]
                     + [f for f, count in labelled.items() if count >= 2])


def _examination_lines(document: Document) -> dict[int, tuple[int, str]]:
    """The lines that head an examination in a hearing's transcript: where each starts ->
    (where it ends, its examiner). "BY MR. SMITH:" (:func:`~pipeline.speakers.examination_line`)
    names the examiner; a line in capitals without final punctuation just before it
    ("CROSS-EXAMINATION") is its title (examiner "")."""
    text = document.text
    if "BY " not in text and "By " not in text:
        return {}  # (most documents)
    found: dict[int, tuple[int, str]] = {}
    previous = None  # the last line that is not blank
    for unit in document.units:
        start, end = _trim(text, unit.start_char, unit.end_char)
        if start >= end:
            continue
        line = text[start:end]
        examiner = examination_line(line)
        if examiner is not None:
            found[start] = (end, examiner)
            if previous is not None and previous[0] not in found:
                title = text[previous[0]:previous[1]]
                if title.isupper() and not _ends_sentence(title) and ":" not in title \
                        and len(title.split()) <= HEADING_MAX_WORDS:
                    found[previous[0]] = (previous[1], "")
        previous = (start, end)
    return found


def _resolve_examinations(sentences: list[Sentence]) -> None:
    """In an examination (after a line "BY MR. SMITH:"), a question ("Q.", "Q", "Q:") is the
    examiner's and an answer the witness's: their labels become the examiner's name as that
    line writes it and the witness's label as the transcript writes it where it has one
    ("The Witness:", "THE DEPONENT:"), else WITNESS; outside one they stay "Q" and "A"."""
    witness = next((s.label for s in sentences if s.label and s.label.lower() in _WITNESS_LABELS), WITNESS)
    examiner = None
    for s in sentences:
        if s.examination:
            examiner = s.examination
        elif examiner and s.label in ("Q", "A"):
            s.label = examiner if s.label == "Q" else witness


def _read_block(text: str, b_start: int, b_end: int, punctuated: bool,
                read: dict[tuple[str, int, int], tuple[list, list, list]]) -> tuple[list, list, list]:
    """The quote spans (:func:`find_quotes`), the sentence starts (:func:`_sentence_ends`)
    and the caption markers (``>>`` outside the quotes) of the block ``[b_start, b_end)``,
    read once per distinct block (``read``: a document repeats lines and paragraphs). They
    read nothing of the text outside ``text[b_start - 3:b_end + 1]`` (a lookbehind of one
    character, the "No. 5" test of three characters before a full stop, the character after
    a closing mark), so they are worked out on that stretch and moved to the block's place."""
    lo = max(0, b_start - 3)
    key = (text[lo:b_end + 1], b_start - lo, b_end - lo)
    found = read.get(key)
    if found is None:
        stretch, start, end = key
        quotes = find_quotes(stretch, start, end)
        markers = [m.start() for m in _MARKER.finditer(stretch, start, end) if _inside(quotes, m.start()) is None]
        found = read[key] = (quotes, _sentence_ends(stretch, start, end, quotes, punctuated), markers)
    quotes, ends, markers = found
    if lo:
        quotes = [(q + lo, e + lo) for q, e in quotes]
        ends = [pos + lo for pos in ends]
        markers = [pos + lo for pos in markers]
    return quotes, ends, markers


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    if start < end and not text[start].isspace() and not text[end - 1].isspace():
        return start, end  # (the common case: nothing to trim)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _next_token(text: str, pos: int, end: int) -> int:
    while pos < end and not text[pos].isspace():
        pos += 1
    while pos < end and text[pos].isspace():
        pos += 1
    return pos


def _event_position(document: Document, event: dict) -> int | None:
    """Where an event sits in the current text: its unit and offset where it has them (units
    follow the text through every stage's edits), else its character offset."""
    unit, offset = event.get("unit"), event.get("offset")
    if isinstance(unit, int) and isinstance(offset, int):
        if 0 <= unit < len(document.units):
            u = document.units[unit]
            return min(u.start_char + max(0, offset), u.end_char)
        return len(document.text)
    for key in ("char", "start_char", "position"):
        value = event.get(key)
        if isinstance(value, int):
            return value
    return None


def _events(document: Document) -> tuple[list[int], list[tuple[int, str]]]:
    """Sound events (music, applause: a likely change of voice) and caption voice tags
    (``<v Rusty>``: who speaks from there on), as positions in the text."""
    sounds, voices = [], []
    for event in document.events or ():
        if not isinstance(event, dict):
            continue
        kind = str(event.get("type", event.get("kind", "sound"))).lower()
        pos = _event_position(document, event)
        if pos is None or "speaker" in kind:
            continue
        if kind == "voice":
            name = " ".join(str(event.get("text") or "").split())
            if name:
                voices.append((pos, name))
        else:
            sounds.append(pos)
    return sounds, sorted(voices)


def _apply_voices(sentences: list[Sentence], voices: list[tuple[int, str]], text: str) -> None:
    """Caption voice tags name the speaker. Where there are two voices or more and one has
    most of the words, that one is the narrator; every other voice's sentences are its
    dialogue (all of them where no voice dominates)."""
    if not voices:
        return
    positions = [p for p, _ in voices]
    words: dict[str, int] = {}
    assigned = []
    for s in sentences:
        k = bisect.bisect_right(positions, s.start) - 1
        name = voices[k][1] if k >= 0 else None
        assigned.append(name)
        if name:
            words[name] = words.get(name, 0) + len(text[s.start:s.end].split())
    if len(words) < 2:
        return
    narrator = max(words, key=lambda n: (words[n], n))
    if words[narrator] < VOICE_NARRATOR_MIN_WORDS or words[narrator] < VOICE_NARRATOR_SHARE * sum(words.values()):
        narrator = None  # no voice dominates: a conversation, everyone's lines are dialogue
    narrator_labels = speech_lists()["narrator_labels"]
    for s, name in zip(sentences, assigned):
        if name is None:
            continue
        if name == narrator or name.lower() in narrator_labels:
            s.forced = 0
        else:
            s.label = name


# --- 2. quotes ----------------------------------------------------------------------------

_GOES_ON_CHARS = 80  # a quote this close after speech, in its paragraph, goes on with it
_BEFORE_CHARS = 400  # how much of the sentence before a quote its attribution is looked for in
_SENTENCE_MARK = regex.compile(r"[.!?…](?=\s)")
_OPEN_CHARS = "\"'“‘«„("
_CLOSE_CHARS = "\"'”’»)"

def _attach_quotes(text: str, sentences: list[Sentence], quotes: list[tuple[int, int]], people: People) -> None:
    """Decide which quotes are speech and who speaks them; attach them to their sentence."""
    starts = [s.start for s in sentences]
    model = load_model()
    last_speech: tuple[int, int, str | None] | None = None  # (its end, its block, its speaker)
    for q_start, q_end in quotes:
        k = bisect.bisect_right(starts, q_start) - 1
        if k < 0:
            continue
        sent = sentences[k]
        inner = text[q_start + 1:q_end - 1].strip()  # (French guillemets hold spaces: "« Oui. »")
        n_words = len(inner.split())
        # the sentence before the quote, its last few hundred characters (an attribution is
        # near the quote; a sentence of a whole unpunctuated file would make this quadratic)
        before_start = max(sent.start, q_start - _BEFORE_CHARS)
        before = text[before_start:q_start]
        after_end = min(len(text), q_end + 80)
        after = text[q_end:after_end]
        if regex.search(r"\.[\s”\"’'»]*$", inner) and regex.match(r"\s*\p{Lu}", after):
            after = ""  # "“… .” Nobody answered." - the next sentence, not an attribution
        # (quoted speech ends with a mark inside its closing one, "…,”", or a comma after it)
        ends_speech = bool(regex.search(r"[,.!?…]$", inner)) or bool(regex.match(r"[,—–]", after))
        # a role after a short quote inside a clause is the writer's ('The term “woke,” the
        # critics say, ...': scare quotes), after one that opens a sentence or clause its
        # speaker's ('Later, ‘Go away,’ the guard shouted.')
        lead = before.rstrip(_OPEN_CHARS + " ")
        ends_speech = ends_speech and (n_words >= 4 or lead.endswith((",", ":", ";", "—", "–"))
                                       or before_start == sent.start and len(lead.split()) <= 1)
        # (one word before it opens the sentence too: 'Then “Stop it,” the guard shouted.')
        is_speech, pronoun, pron_offset, name_text = speech_attribution(before, after, ends_speech)
        reads_as_speech = False
        carried = None  # the speaker of the speech this quote goes on with
        if not is_speech:
            sentence_like = bool(regex.search(r"[.!?…,][\s”\"’'»]*$", inner)) and inner[:1].isupper()
            if sentence_like and last_speech is not None and last_speech[1] == sent.block \
                    and 0 <= q_start - last_speech[0] <= _GOES_ON_CHARS \
                    and len(_SENTENCE_MARK.findall(text, last_speech[0], q_start)) <= 1:
                # (only the attribution between: '"Coming?" asked John. Mary shook her head.
                # "No."' is another voice)
                # '"She can't do that," he said quietly. "Can she?"': the same voice goes on
                reads_as_speech, carried = True, last_speech[2]
            elif sentence_like and n_words >= 2 and before_start == sent.start and not before.strip(_OPEN_CHARS + " ") \
                    and not text[q_end:sent.end].strip(_CLOSE_CHARS + " "):
                reads_as_speech = True  # a whole sentence in quotes ('Thomas laughed. "Read it out."')
            elif n_words < 3:
                continue
            else:
                sc, ev = register_score(inner, model=model)
                person = any(f in ev for f in ("first_person_singular", "first_person_plural", "second_person", "disfluency"))
                reads_as_speech = (person and sentence_like) or sc >= 2.5
            if not reads_as_speech:
                continue
        elif n_words < 1:
            continue
        speaker = carried
        if pronoun:
            position = before_start + pron_offset if pron_offset is not None else q_start
            speaker = people.resolve(position, pronoun)
        elif name_text:
            speaker = _name_from_text(name_text, people, q_start, q_end)
        # extend to the end of the token (closing punctuation glued to the mark)
        end = q_end
        while end < len(text) and not text[end].isspace():
            end += 1
        start = q_start
        while start > sent.start and not text[start - 1].isspace():
            start -= 1
        confidence = 0.9 if is_speech else 0.6
        last_speech = (end, sent.block, speaker)
        if end > sent.end:
            # a quote that runs past the sentence end takes the sentences it covers
            j = k + 1
            while j < len(sentences) and sentences[j].start < end:
                sentences[j].forced = 0
                j += 1
        sent.quotes.append((start, end, speaker, confidence))


def _name_from_text(name_text: str, people: People, q_start: int, q_end: int) -> str | None:
    """The person an attribution's name text names, for the quote ``[q_start, q_end)``."""
    want = without_titles(name_text.replace("’", "'").removesuffix("'s"))  # "Mr Hartley": Hartley
    words = name_text.split()
    if not want or len(words) == 1:
        # a title alone ("the Mayor said", "said Senator.", "said Prime Minister"): the one
        # person the text named with it before the quote, else nobody ("Mrs. Dame" is Dame;
        # a word also part of names, "Coach", names itself where nobody has that title)
        title = title_key(words)
        person = people.titled(title, q_start) if title is not None else None
        if person is not None or not want:
            return person
    lo, hi = q_start - 200, q_end + 200
    starts = people._starts or [m.start for m in people.mentions]  # (sorted: the mentions near the quote)
    for i in range(bisect.bisect_left(starts, lo), bisect.bisect_right(starts, hi)):
        m = people.mentions[i]
        if m.text == want or want in m.tokens or m.text.startswith(want):
            return people.canonical[i]
    first = regex.match(r"\p{Lu}[\p{L}\-]+", want)
    if first and first.group().lower() not in speech_lists()["not_names"]:
        return want
    return None


# --- 3. headings --------------------------------------------------------------------------

def _sentence_case(text: str) -> bool:
    """Whether ``text`` is written in sentence case: of its words of four letters or more
    after the first, at least half in small letters (a Title Case line, "The Hidden Costs of
    War.", has them in capitals; a line with none counts as sentence case), or any one in
    small letters that Title Case would capitalize (not one of _TITLE_CASE_SMALL): "Mayor
    Adams spoke on Monday." has more capitals than small letters for its names and its day,
    and "spoke" would be "Spoke" in a title."""
    words = [w for w in regex.findall(r"\p{L}+", text)[1:] if len(w) >= 4]
    lower = [w for w in words if w[0].islower()]
    return 2 * len(lower) >= len(words) or any(w not in _TITLE_CASE_SMALL for w in lower)


def _heading_words(words: list[str], sentence_case: bool = True) -> bool:
    """Whether the lowercased ``words`` of a short line may be a heading's: no verb, no
    pronoun (nor one with its verb contracted: "you're"); in a line in sentence case (:func:`_sentence_case`) also no finite verb known by
    its form (a Title Case line writes its nouns and adjectives as it writes verbs: "Fed Rate
    Decision.", "The Best Places to Eat.", "Live on Monday." are titles)."""
    if not words or len(words) > HEADING_MAX_WORDS:
        return False
    if words[0] in _NOT_HEADING_START:
        return False
    for k, w in enumerate(words):
        if w in VERB_FORMS or w in _RELATIVE or w in ("i", "you", "he", "she", "they", "we", "it"):
            return False
        if "'" in w and _PRONOUN_CONTRACTION.fullmatch(w):
            return False  # a pronoun and its verb: "You're bleeding on my carpet."
        after_determiner = k > 0 and words[k - 1] in _DETERMINER
        if len(w) >= 5 and w.endswith("ed") and "-" not in w and not after_determiner:
            return False  # a past tense ("peeled back the myth"), not an attributive "the haunted house"
        if not sentence_case:
            continue
        if w in _PAST_FORMS and not after_determiner:
            return False  # "Prices rose sharply last year."
        if (k >= 2 and k + 1 < len(words) and words[k - 2] in _DETERMINER and words[k - 1] not in _STOP
                and len(w) >= 4 and w.endswith("s") and not w.endswith(("ss", "us", "is", "'s", "’s"))
                and not words[k - 1].endswith("s")):
            return False  # a verb after a subject, with words after it: "The company sells shoes in Ohio."
        if k and words[k - 1] == "on" and w in _WEEKDAYS:
            return False  # an event's day: "The chancellor spoke in Berlin on Monday."
    return True


def _lines_are_sentences(document: Document) -> bool:
    """Whether the source's lines mostly end sentences (a line per sentence or paragraph),
    rather than text wrapped at a width."""
    text = document.text
    n_text = len(text)
    n_lines = ends = 0
    for u in document.units:
        start, end = u.start_char, u.end_char
        if 0 <= start < end <= n_text and not text[end - 1].isspace():
            # (most lines: no white space at the end, the last character tells)
            n_lines += 1
            last = text[end - 1]
            if last in _LINE_END_MARKS:
                ends += 1
            elif last in _LINE_END_CLOSERS:
                ends += _ends_sentence(text[start:end])
            continue
        line = text[start:end].rstrip()
        if line:
            n_lines += 1
            ends += _ends_sentence(line)
    if not n_lines:
        return False
    return ends >= 0.6 * n_lines


def _ends_sentence(line: str) -> bool:
    """Whether ``line`` (without white space at its end) ends a sentence: a mark of
    ``.!?…``, then only closing quotes and brackets (the regular expression
    ``[.!?…]["”’'»)]*$``, tested without one: the marks and the closers are different
    characters, so all the closers at the end are taken off before the mark is tested)."""
    return line.rstrip(_LINE_END_CLOSERS)[-1:] in _LINE_END_MARKS


def _ends_here(body: str) -> bool:
    """Whether the sentence ``body`` ends with a sentence's end: :func:`_ends_sentence`, not
    after an abbreviation ("Dr.")."""
    body = body.rstrip()
    if not _ends_sentence(body):
        return False
    core = body.rstrip(_LINE_END_CLOSERS)
    return not (core.endswith(".") and _ABBREVIATION.search(core[-13:-1]))


def _is_heading(text: str, sent: Sentence, punctuated: bool, first: bool, capitals: bool = False) -> bool:
    """A line of its own that reads as a title. In a text written in capitals (``capitals``:
    broadcast captions) a line's capitals say nothing: it reads as a line in sentence case
    does ("THE CITY COUNCIL VOTES ON A NEW BUS PLAN." is a sentence)."""
    if not sent.standalone or not punctuated or sent.label:
        return False
    stripped = text.strip()
    if not stripped or not (stripped[0].isupper() or stripped[0].isdigit()):
        return False
    words = words_of(stripped)
    ends = _ends_sentence(stripped)
    if not ends and "?" not in stripped and len(words) <= 20:
        # a line without final punctuation in a punctuated text: a title or section name
        return sent.boundary in ("paragraph", "line") or first
    if stripped.endswith(("?", "!", ",", ";", ":")) or "," in stripped:
        return False
    return _heading_words(words, capitals or _sentence_case(stripped))


def _drop_headings_of_nothing(sentences: list[Sentence]) -> int:
    """A heading introduces text: one with no sentence after it but other headings (the last
    line of a document: "Both Merck and Pfizer shares rose." alone in a file, "Thanks for
    watching." at the end) is a sentence of its own. Returns how many were dropped."""
    dropped = 0
    for s in reversed(sentences):
        if not s.heading:
            break
        s.heading = False
        dropped += 1
    return dropped


def _glued_heading(text: str, sent: Sentence, following: list[str]) -> int | None:
    """Where a heading glued onto the end of a sentence starts, if there is one."""
    body = text[sent.start:sent.end]
    m = regex.search(r",\s+((?:the|a|an|\p{Lu}[\p{L}'’]*)\s[^,;:.!?]{2,60}\.)$", body)
    if not m:
        return None
    tail = m.group(1)
    words = words_of(tail)
    if not (2 <= len(words) <= 6) or words[0] not in _DETERMINER and not tail[0].isupper():
        return None
    if not _heading_words(words, _sentence_case(tail)) or len(words_of(body[:m.start()])) < 6:
        return None
    if regex.search(r"\p{Lu}[\p{L}'’\-]*$", body[:m.start()]):
        return None  # "…her first husband Tommy Mason, a local truck driver.": an appositive
    content = [w for w in words if w not in _STOP and len(w) >= 4]
    later = set()
    for t in following:
        later.update(w[:5] for w in words_of(t))
    if not content or not any(w[:5] in later for w in content):
        return None
    return sent.start + m.start(1)


# --- 4. clips -----------------------------------------------------------------------------

_BOUNDARY_PENALTY = {"marker": SWITCH_PENALTY_AT_MARKER, "sound": SWITCH_PENALTY_AT_SOUND}


def _penalty(s: Sentence, switch: float) -> float:
    """What a change of voice costs at the start of ``s``: less at a marker or a sound, and
    after a sentence that introduces someone's words (:func:`_lead_in`)."""
    penalty = _BOUNDARY_PENALTY.get(s.boundary, switch)
    return min(penalty, SWITCH_PENALTY_AFTER_LEAD_IN) if s.introduced else penalty


def _viterbi(sentences: list[Sentence], bias: float, switch: float) -> None:
    """Best narrator/clip labelling of the non-forced sentences (in place)."""
    if not sentences:
        return
    neg_inf = float("-inf")
    # best0, best1: the best total of a labelling of the sentences so far that ends in
    # narration (0) or a clip (1); back0[i - 1], back1[i - 1]: the state of sentence i - 1 on
    # the best path to state 0 or 1 at sentence i
    back0: list[int] = []
    back1: list[int] = []
    first = sentences[0]
    best0 = 0.0 if first.forced != 1 else neg_inf
    best1 = (first.score - bias - switch) if first.forced != 0 else neg_inf
    for i in range(1, len(sentences)):
        s = sentences[i]
        penalty = _penalty(s, switch)
        forced = s.forced
        emit0 = 0.0 if forced != 1 else neg_inf
        emit1 = (s.score - bias) if forced != 0 else neg_inf
        move0 = best1 - penalty  # a change of voice into narration
        move1 = best0 - penalty  # ... into a clip
        if best0 >= move0:
            new0 = best0 + emit0
            back0.append(0)
        else:
            new0 = move0 + emit0
            back0.append(1)
        if best1 >= move1:
            new1 = best1 + emit1
            back1.append(1)
        else:
            new1 = move1 + emit1
            back1.append(0)
        best0, best1 = new0, new1
    last = sentences[-1]
    final0, final1 = best0, best1 - (0.0 if last.forced == 1 else switch)
    state = 0 if final0 >= final1 else 1
    for i in range(len(sentences) - 1, -1, -1):
        sentences[i].state = state
        if i:
            state = back1[i - 1] if state else back0[i - 1]


def _refine_line_boundaries(text: str, sentences: list[Sentence], frequent: frozenset[str]) -> list[Sentence]:
    """Unpunctuated captions: move a clip's edge from the caption line break to the word,
    in either of the two lines, that best separates the clip's evidence from the narrator's
    ("…a dam nobody thought about | we used to swim…")."""
    out: list[Sentence] = []
    pending = list(sentences)
    pending.reverse()  # a stack: the next sentence is pending[-1]
    while pending:
        s = pending.pop()
        nxt = pending[-1] if pending else None
        if (nxt is None or s.state == nxt.state or nxt.boundary == "marker" or nxt.introduced
                or s.forced is not None or nxt.forced is not None or s.played or nxt.played):
            out.append(s)
            continue
        pending.pop()
        cut = _best_cut(text, s, nxt, clip_first=s.state == 1, frequent=frequent)
        first = Sentence(s.start, cut, s.boundary, s.block)
        second = Sentence(cut, nxt.end, nxt.boundary if cut == nxt.start else "continue", nxt.block)
        first.state, second.state = s.state, nxt.state
        for part in (first, second):
            part.start, part.end = _trim(text, part.start, part.end)
            part.words = len(text[part.start:part.end].split())
            part.score, part.evidence = register_score(text[part.start:part.end], frequent)
        if first.start < first.end:
            out.append(first)
        if second.start < second.end:
            pending.append(second)  # it meets its own next sentence
    return out


def _best_cut(text: str, a: Sentence, b: Sentence, clip_first: bool, frequent: frozenset[str]) -> int:
    """The word start in ``a`` + ``b`` that best separates clip evidence from narration."""
    starts = [a.start + m.start() for m in _TOKEN.finditer(text[a.start:a.end])][1:][-REFINE_REACH:]
    starts += [b.start + m.start() for m in _TOKEN.finditer(text[b.start:b.end])][:REFINE_REACH]
    best, best_value = b.start, None
    for cut in starts:
        first, second = text[a.start:cut], text[cut:b.end]
        clip, narrator = (first, second) if clip_first else (second, first)
        value = register_score(clip, frequent)[0] - register_score(narrator, frequent)[0]
        value -= REFINE_WORD_COST * len(clip.split())
        if cut == b.start:
            value += REFINE_STAY_BONUS
        if best_value is None or value > best_value:
            best, best_value = cut, value
    return best


def _adapted_switch(sentences: list[Sentence], switch: float) -> float:
    """The switch penalty for this document: a document that changes voice often (a trailer
    cut from many clips) makes a change cheaper. One re-estimation step of the change rate
    from the first labelling, with a prior of SWITCH_RATE_PRIOR changes per sentence."""
    rate0, weight = SWITCH_RATE_PRIOR
    changes = sum(1 for a, b in zip(sentences, sentences[1:]) if a.state != b.state)
    rate = (changes + rate0 * weight) / (len(sentences) + weight)
    ratio = math.log((1 - rate0) / rate0) / math.log((1 - rate) / rate) if rate < 0.5 else float("inf")
    return max(SWITCH_PENALTY_MIN, switch / ratio)


def _extend_cut_ins(sentences: list[Sentence]) -> None:
    """A clip takes in the sentence before it when that starts mid-thought ("And …") and
    shows no narrator evidence."""
    for i in range(1, len(sentences)):
        if sentences[i].state != 1 or sentences[i - 1].state != 0 or sentences[i].boundary == "marker":
            continue
        j = i - 1
        for _ in range(CUT_IN_STEPS):
            s = sentences[j]
            if (s.state != 0 or s.forced is not None or s.heading or "cut_in_start" not in s.evidence
                    or s.words > CUT_IN_MAX_WORDS or any(v < 0 for v in s.evidence.values())):
                break
            s.state = 1
            if j == 0 or s.boundary == "marker":
                break
            j -= 1


# the verbs of saying that introduce words to come (not "continues", "notes", "states",
# which stand without any: "China continues to be a growth driver.")
_LEAD_IN_VERBS = SAYING_VERBS | frozenset(("describes",))
_LEAD_IN_NOT = frozenset("i i'm i've i'd i'll me my mine we we're we've we'd we'll us our you you're you've you'd "
                         "you'll your yours".split())
_LEAD_IN_SUBJECT_PRONOUNS = frozenset(("he", "she", "they"))
_LEAD_IN_GAP = regex.compile(r",[^,.!?;:]{1,60},\s*$")  # an appositive between the subject and the verb
# (a sentence without any of the verbs' letters is no lead-in: most are not, so they are
# passed over before their words are listed; the standard library's re finds plain words
# in a string twice as fast as regex)
_LEAD_IN_ANY_VERB = _any_of(_LEAD_IN_VERBS | {"put"})
_PEOPLE_NOUNS = frozenset("""
parents residents officials critics neighbors neighbours witnesses experts fans voters workers students
teachers doctors nurses police officers investigators prosecutors lawyers attorneys families owners
""".split())


def _lead_in(body: str) -> bool:
    """Whether the sentence ``body`` introduces someone else's words without quoting them, as
    a narrator does before a clip or a sound bite: a person (a capitalized name, "he", "she",
    "they", a person's role) and a verb of speech that ends the sentence or has only a light
    object and the when or where after it ("She talked about it years later, on a podcast.",
    "Her lead artist, Joel Park, explained it in a documentary.", "The mayor put it this
    way."), or the verb and the person after the words ("The closures are meant to last one
    season, said the mayor."). Not a verb with what was said after it ("She says he isn't
    breathing.", "She asked for the recording": the narrator reports the words itself), nor a
    sentence in the first or second person (the speaker telling what someone told them: "He
    told me to wait."), nor one with quote marks (the words are in it)."""
    if not body or body.rstrip()[-1:] not in ".:" or any(c in body for c in "\"“”«»") \
            or _LEAD_IN_ANY_VERB.search(body.lower()) is None:
        return False
    tokens = list(WORD_SPAN.finditer(body))
    words = [t.group().lower().replace("’", "'") for t in tokens]
    if len(words) < 3:
        return False
    # (not "They told us to leave.", "He told us so.": an order, or nothing told)
    crew = [k for k in range(1, len(words) - 1)
            if words[k] == "us" and words[k - 1] in _TOLD_US and words[k + 1] not in ("to", "so")]
    if not _LEAD_IN_NOT.isdisjoint(words[k] for k in range(len(words)) if k not in crew):
        return False
    colon = body.rstrip().endswith(":")
    # (each verb looks at the words after it and the characters before it: worked out once
    # for the sentence, and only the few characters an appositive may take searched, so a
    # long sentence with many verbs costs time in proportion to its length)
    clause_from = [len(words)] * (len(words) + 1)  # the first word of a clause at or after each word
    for m in range(len(words) - 1, -1, -1):
        clause_from[m] = m if words[m] in _LEAD_IN_CLAUSE else clause_from[m + 1]
    for k, w in enumerate(words):
        if k == 0 or w not in _LEAD_IN_VERBS and not (
                w in ("put", "puts") and words[k + 1:k + 2] == ["it"]):
            continue
        verb_start = tokens[k].start()
        before = verb_start
        while before > 0 and body[before - 1].isspace():
            before -= 1
        # the verb after the words, the person after it: "…, said the mayor."
        if body[before - 1:before] == "," and 1 <= len(words) - k - 1 <= 4 \
                and (words[k + 1] == "the" or tokens[k + 1].group()[:1].isupper()):
            return True
        # what follows the verb: nothing, or a light object and the when or where
        first = k + 2 if w in ("put", "puts") else k + 1
        # what was told the reporters, or the memory to come, said in the narrator's words
        # ("He told us the wind that day was unlike anything he had seen.", "Her son Daniel
        # remembers the winter they almost sold."): the clip tells it
        told = (k + 1 in crew or w in _RECALLS
                or w in _EXPLAINS and clause_from[first] == len(words)) and first < len(words)
        if first < len(words) and not colon and not told \
                and not (words[first] in _LEAD_IN_LIGHT and clause_from[first] == len(words)):
            continue
        if words[k - 1] in _AUXILIARIES:
            continue  # "Residents have been told to leave.": the person is told, not telling
        # the person before the verb, perhaps with an appositive between (its two commas and
        # at most 60 characters between them, so it starts no further back than this), or an
        # adverb
        j = k - 1
        if j >= 1 and words[j] in INTRODUCER_ADVERBS:
            j -= 1
        gap = _LEAD_IN_GAP.search(body, max(0, before - 62), verb_start)
        if gap:
            j = next((m for m in range(k - 1, -1, -1) if tokens[m].end() <= gap.start()), -1)
        if j < 0:
            continue
        if _lead_in_subject(tokens, words, j):
            return True
    return False


# after the verb of a lead-in: a light object, an adverb, the when or where ("explained it
# in a documentary", "told reporters on Monday", "put it this way", "spoke later that day")
_LEAD_IN_LIGHT = frozenset("""
it this so us them him her reporters later then afterward afterwards directly simply bluntly plainly
frankly openly publicly once again first last best about in on at during after before from to with
years decades months weeks days
""".split())
_CREW_TOLD = regex.compile(r"(?i)\b(?:%s) us\b" % "|".join(sorted(_TOLD_US)))
_CREW_GOES_ON = regex.compile(r"\s*(?i:we|we're|we've|we'd|we'll|we’re|we’ve|we’d|we’ll|our|us)\b")
_AUXILIARIES = frozenset("be been being was were is are am has have had".split())
# ... and no clause of its own after it ("told them he would stay")
_LEAD_IN_CLAUSE = frozenset("""
he she they it's he's she's they're that there was were is are had has have would could will should
""".split()) - {"it"}


def _lead_in_subject(tokens: list, words: list[str], j: int) -> bool:
    """Whether word ``j`` of a sentence ends a lead-in's subject: a person."""
    subject = tokens[j].group()
    low = words[j]
    if low in _LEAD_IN_SUBJECT_PRONOUNS or low in _PEOPLE_NOUNS:
        return True
    if subject[:1].isupper() and low not in speech_lists()["not_names"]:
        return True  # "Mayor Linda Park said", "Ruiz told reporters …"
    first, role = j, low in _lead_in_roles()
    if j and tokens[j].start() - tokens[j - 1].end() == 1 and tokens[j].string[tokens[j].start() - 1] == "-":
        # a compound written with a hyphen is one word: "her co-host", and any "co-" word of
        # four letters or more after it, a partner in some role ("her co-star", "his
        # co-worker"; not "the co-op")
        first = j - 1
        role = f"{words[j - 1]}-{low}" in _lead_in_roles() or words[j - 1] == "co" and len(low) >= 4
    if first >= 3 and words[first - 3:first - 1] == ["one", "of"] and words[first - 1] in _DETERMINER:
        return True  # "one of the engineers", "one of her teammates": one of some people
    return role and any(
        w in ("the", "a", "an", "his", "her", "their") for w in words[max(0, first - 2):first])  # "her lead artist"


_ROLES: frozenset[str] | None = None


def _lead_in_roles() -> frozenset[str]:
    """The nouns of a person's role that may introduce words ("the mayor", "her lawyer")."""
    global _ROLES
    if _ROLES is None:
        _ROLES = person_roles() | frozenset(("spokesman", "spokeswoman"))
    return _ROLES


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, x))))


# --- 5. segments --------------------------------------------------------------------------

def _times(document: Document, unit_starts: list[int], cues: list[tuple[int, int]], start: int,
           end: int) -> tuple[float | None, float | None]:
    """Start of the first and end of the last timed unit overlapping ``[start, end)``. Where
    the segment starts or ends inside a cue (a clip cut from the narrator mid-cue, or one of
    the speakers of a cue split at its dialogue dashes, whose units share the cue's times),
    the time there instead: the unit's word time at that place where the source had word
    times (YouTube's automatic captions), else the cue's times shared out by characters; so
    the segments of one cue do not overlap in time."""
    units = document.units
    first = max(bisect.bisect_right(unit_starts, start) - 1, 0)
    last = bisect.bisect_left(unit_starts, end)
    timed = [k for k in range(first, last) if units[k].start is not None
             and units[k].start_char < end and units[k].end_char > start]
    if not timed:
        return None, None
    ends = [units[k].end for k in timed if units[k].end is not None]
    t_start, t_end = units[timed[0]].start, (max(ends) if ends else None)
    head, tail = units[timed[0]], units[timed[-1]]
    if head.end is not None:
        a, b = cues[timed[0]]
        if a < start:
            t_start = _time_inside(head, start, a, b)
    if tail.end is not None and t_end == tail.end:
        a, b = cues[timed[-1]]
        if end < b:
            t_end = _time_inside(tail, end, a, b)
    return t_start, t_end


def _cue_spans(units) -> list[tuple[int, int]]:
    """For each unit, the characters of the cue it belongs to: the run of units beside it
    with the same times (a cue split at a speaker change), in one pass over the units."""
    if all(u.start is None for u in units):
        return [(u.start_char, u.end_char) for u in units]  # (untimed text: each unit is its own)
    spans: list[tuple[int, int]] = []
    k, n = 0, len(units)
    while k < n:
        times = (units[k].start, units[k].end)
        j = k + 1
        while j < n and times[0] is not None and (units[j].start, units[j].end) == times:
            j += 1
        spans.extend([(units[k].start_char, units[j - 1].end_char)] * (j - k))
        k = j
    return spans


def _time_inside(unit, place: int, cue_start: int, cue_end: int) -> float:
    """The time at character ``place`` inside a timed unit: the first of its words' times at
    or after that place (word offsets are the unit's as read; the changes of the stages
    before move them by a few characters at most), else the times of its cue (characters
    ``cue_start`` to ``cue_end``) shared out by characters."""
    if unit.words and unit.start_char <= place:
        offset = place - unit.start_char
        for word_offset, time in unit.words:
            if word_offset >= offset and unit.start <= time <= unit.end:
                return time
        if cue_end <= unit.end_char:
            return unit.end
        # (the unit's last words, and more of its cue after it: by characters, as below)
    share = (place - cue_start) / max(1, cue_end - cue_start)
    return round(unit.start + min(1.0, max(0.0, share)) * (unit.end - unit.start), 3)


@dataclass
class _Piece:
    start: int
    end: int
    kind: str
    speaker: str | None = None
    confidence: float | None = None
    evidence: tuple = ()
    joins: bool = False  # narration that goes on with the quote before it in its sentence ("said Tom.")


def segment(document: Document) -> Document:
    """Split the document into narration, dialogue and heading segments (see the module
    docstring). Pure: the text and units are unchanged."""
    # The stage makes tens of thousands of small objects (sentences, mentions, evidence) that
    # live until it ends and form no reference cycles: each full collection that making them
    # sets off walks the whole heap of the process and frees nothing.
    with collector_paused():
        return _segment(document)


def _memoized(read):
    """``read``, a test of one sentence's text that depends on nothing else, remembering its
    answer for each distinct text: for one document (which repeats many of its sentences:
    "Thank you.", a show's recurring lines, a transcript pasted twice)."""
    answers: dict = {}

    def answer(body: str):
        found = answers.get(body, answers)
        if found is answers:  # (not read yet: the dict itself is no answer)
            found = answers[body] = read(body)
        return found

    return answer


def _segment(document: Document) -> Document:
    text = document.text
    if not text.strip():
        return document.replace(segments=(), stages=document.stages + (STAGE,))
    # the text's white-space-delimited chunks, counted once for the punctuation test and
    # the people's names (how often a word is written in lowercase)
    chunks = chunk_counts(text)
    capitals = in_capitals(chunks, text)  # (broadcast captions: capitals tell no name, no title)
    sentences, quotes, punctuated = split_sentences(document, sum(chunks.values()))
    _drop_unsupported_labels(text, sentences)
    turns_marked = _marks_every_turn(sentences, text, capitals)
    play = None if _is_captions(document) else _screenplay(text, sentences)
    screenplay = play is not None
    if screenplay:
        sentences = play
    elif punctuated and not capitals and not turns_marked:
        sentences = _split_after_lead_in_colon(text, sentences, quotes)
    _resolve_examinations(sentences)
    people = People.from_text(text, [(s.start, s.end) for s in sentences], chunks)
    _attach_quotes(text, sentences, quotes, people)
    _apply_voices(sentences, _events(document)[1], text)
    frequent = people.frequent_names(load_model().frequent_name["min_count"])
    scored = memo_score(frequent)
    lead_in = _memoized(_lead_in)

    # headings (never in captions, timed or not: every cue is speech, "Hello." no title)
    heading_split: dict[int, int] = {}
    n_headings = 0
    lines_are_sentences = _lines_are_sentences(document)
    captions = _is_captions(document)
    for i, s in enumerate(sentences if not captions else ()):
        if s.examination is not None or s.scene:
            s.heading = True  # "BY MR. SMITH:", "CROSS-EXAMINATION", "INT. KITCHEN - NIGHT": their own headings
            n_headings += 1
            continue
        if s.quotes or not (lines_are_sentences or s.boundary == "paragraph" or i == 0):
            continue  # in text wrapped at a width, a line of its own is chance, not a title
        if s.boundary == "marker" or s.label:
            continue  # a new speaker's turn
        if s.standalone and _is_heading(text[s.start:s.end], s, punctuated, i == 0, capitals):  # (only a line of its own is)
            s.heading = True
            n_headings += 1
    if n_headings:
        n_headings -= _drop_headings_of_nothing(sentences)
    if n_headings >= 2 and punctuated:
        block_ends = [b[1] for b in _blocks(document)]
        for i, s in enumerate(sentences):
            if s.heading or s.quotes or s.end != block_ends[s.block]:
                continue
            following = [text[t.start:t.end] for t in sentences[i + 1:i + 1 + GLUED_HEADING_LOOKAHEAD]]
            cut = _glued_heading(text, s, following)
            if cut is not None:
                heading_split[i] = cut

    # register scores and the two-state model
    quoted_speech = any(s.quotes for s in sentences)  # (a text that marks its speech with quotes)
    n_words: dict[str, int] = {}  # sentence text -> number of words (a document repeats sentences)
    for i, s in enumerate(sentences):
        body = text[s.start:s.end]
        s.words = n_words.get(body, -1)
        if s.words < 0:
            s.words = n_words[body] = len(body.split())
        if s.label:
            lab = speaker_label(body)
            body = body[lab[1]:] if lab else body
        s.score, s.evidence = scored(body)
        if (s.boundary == "marker" and i and s.words <= REPLY_MAX_WORDS
                and text[sentences[i - 1].start:sentences[i - 1].end].rstrip().endswith("?")):
            s.evidence["reply"] = REPLY_WEIGHT  # a short answer after a question, in a new turn
            s.score = round(s.score + REPLY_WEIGHT, 4)
        if s.boundary == "marker" and _DASH_START.match(body):
            s.evidence["caption_dash"] = CAPTION_DASH_WEIGHT  # subtitles mark speech turns with a dash
            s.score = round(s.score + CAPTION_DASH_WEIGHT, 4)
        if s.quotes and s.label and s.label.lower() not in speech_lists()["narrator_labels"]:
            s.quotes = []  # "A. He said, “They took the car.”": the speaker's turn quotes someone
        if s.leads_in and not turns_marked and not s.heading and not s.label and s.forced is None:
            # a caption line that holds a narrator's lead-in (the words it brings in were cut
            # from it and are introduced: :func:`_introduced_after_lead_in`)
            s.evidence["lead_in"] = LEAD_IN_WEIGHT
            s.score = round(s.score + LEAD_IN_WEIGHT, 4)
        elif punctuated and not capitals and not turns_marked and not s.heading and not s.quotes and not s.label \
                and s.forced is None and i + 1 < len(sentences) and lead_in(body):
            # (not where labels or capitals speak for the turns and the names)
            s.evidence["lead_in"] = LEAD_IN_WEIGHT
            s.score = round(s.score + LEAD_IN_WEIGHT, 4)
            if not (_CREW_TOLD.search(body) and _CREW_GOES_ON.match(text, sentences[i + 1].start)):
                # (not "Ranger Carla Nunez told us the crews would not reach the slide …" | "We
                # hiked as far as the gate anyway.": the crew that was told goes on, the reporter's words)
                sentences[i + 1].introduced = True
        if s.introduced and not quoted_speech and s.forced is None and not s.heading:
            s.evidence["introduced"] = INTRODUCED_WEIGHT
            s.score = round(s.score + INTRODUCED_WEIGHT, 4)
            # the words introduced run to the end of their paragraph, where lines mean something
            if (lines_are_sentences or s.boundary == "paragraph") and i + 1 < len(sentences) \
                    and sentences[i + 1].boundary in ("sentence", "continue"):
                sentences[i + 1].introduced = True
        if s.heading or s.quotes:
            s.forced = 0
        if turns_marked and not s.label and s.boundary not in ("sentence", "continue") and _reporters_note(body):
            s.forced = 0  # the reporter's words: "(Recess taken.)"
        if s.label and s.forced is None:
            s.forced = 0 if s.label.lower() in speech_lists()["narrator_labels"] else 1
    if capitals:
        _name_broadcast_turns(text, sentences)
    bias, switch = _label_clips(sentences, punctuated, text)
    if not screenplay and not turns_marked and not capitals:
        sentences = _played_clips(text, sentences, punctuated, people)
    if not punctuated:
        sentences = _refine_line_boundaries(text, sentences, frequent)
    if not screenplay and not turns_marked:
        _narrators_asides(text, sentences, punctuated, people)
        if punctuated:
            _first_person_narrators_introductions(text, sentences, people)
    _carry_labels(sentences, text, turns_marked, screenplay, capitals)
    if screenplay:
        for s in sentences:
            if s.state == 1 and not s.label:
                s.state = 0  # a screenplay's action: only its characters speak

    pieces = _pieces(text, sentences, heading_split, bias, punctuated, lines_are_sentences and not captions,
                     captions, switch)
    if punctuated and not capitals and not turns_marked and not screenplay:
        # (not where labels or capitals speak for the turns and the names)
        _name_introduced_clips(text, sentences, pieces, people)
    elif not punctuated and not capitals and not turns_marked and not screenplay:
        _name_presented_caption_clips(text, sentences, pieces)
    unit_starts = [u.start_char for u in document.units]
    cues = _cue_spans(document.units)
    segments = []
    collapsed: dict[str, str] = {}  # a piece's text -> its words joined by single spaces
    offsets: bool | None = None  # whether the labels' times are a recording's offsets (asked once, if need be)
    label_timed: list[int] = []  # the segments whose start their label's time gives
    for piece in pieces:
        raw = text[piece.start:piece.end]
        words = collapsed.get(raw)
        if words is None:
            words = collapsed[raw] = " ".join(raw.split())
        if not words:
            continue
        t_start, t_end = _times(document, unit_starts, cues, piece.start, piece.end)
        if t_start is None and piece.speaker and piece.kind == "dialogue":
            if offsets is None:
                offsets = _label_times_are_offsets(text, sentences)  # (not "[10:32] Bob:", the clock)
            if offsets:
                t_start = _label_time(text, piece.start, piece.end)  # "[00:12:31] Sarah: …"
                if t_start is not None:
                    label_timed.append(len(segments))
        segments.append(Segment(
            index=len(segments), kind=piece.kind, speaker=piece.speaker, text=words,
            start=t_start, end=t_end,
            confidence=None if piece.confidence is None else round(piece.confidence, 4),
            start_char=piece.start, end_char=piece.end, paragraph_start=not piece.joins,
            evidence=piece.evidence,
        ))
    if len(label_timed) >= 2:
        _end_at_next_label(segments, label_timed)
    return document.replace(segments=tuple(segments), stages=document.stages + (STAGE,))


# verbs of saying in any person, for a sentence that tells what others say ("Parents … say
# that's not good enough.")
_REPORTED_SPEECH_VERBS = CLIP_INTRO_VERBS | frozenset("""
say tell explain recall remember talk speak testify answer reply respond describe admit add argue insist
warn recount acknowledge concede promise
""".split())


def _name_introduced_clips(text: str, sentences: list[Sentence], pieces: list[_Piece], people: People) -> None:
    """Name the unquoted clips that nothing else names (no label, no self-introduction) after
    the person the narrator's sentence next to them says is speaking: the sentence just
    before the clip (:func:`~pipeline.speakers.clip_introducer`: "Her lead artist, Joel Park,
    explained it in a documentary.", "Mayor Linda Park said the decision was not an easy
    one.", "…, said the mayor.") names the clip's first turn; the sentence just after it
    (:func:`~pipeline.speakers.clip_identified`: "That's Rosa Diaz, a mother of three …")
    its last turn. Only a person's name, one in the sentence; never a turn that writes a word
    of that name itself ("Mrs. Hale, what time did you go to bed?" is put to her), nor one
    that holds a sentence telling what others say with no first or second person in it
    ("Parents who packed tonight's meeting say that's not good enough.": the narrator's
    words, so the turn runs on past its clip, perhaps into another voice's), and never
    narration. Else the speaker stays null."""
    first_turn = {p.start: p for p in pieces if p.kind == "dialogue"}
    last_turn = {p.end: p for p in pieces if p.kind == "dialogue"}
    starts = [s.start for s in sentences]

    def narrators(s: Sentence) -> bool:
        return s.state == 0 and not s.heading and not s.quotes and not s.label and s.forced != 1

    def reports_speech(turn: _Piece) -> bool:
        for t in sentences[bisect.bisect_left(starts, turn.start):bisect.bisect_left(starts, turn.end)]:
            words = [w.lower().replace("’", "'") for w in WORD_SPAN.findall(text, t.start, t.end)]
            if _LEAD_IN_NOT.isdisjoint(words) and not _REPORTED_SPEECH_VERBS.isdisjoint(words):
                return True
        return False

    for i in range(1, len(sentences)):
        s, prev = sentences[i], sentences[i - 1]
        if s.state == 1 and narrators(prev):
            turn, name = first_turn.get(s.start), None
            if turn is not None and turn.speaker is None:
                name = clip_introducer(people, prev.start, prev.end)
                if name is None and s.played and s.presented is not None:
                    # a presenter's cue: "Here's the company's chief executive, Dana Whitcomb, speaking …"
                    name = clip_presented(people, prev.start, prev.end, *s.presented)
                if name is None and i >= 2 and narrators(sentences[i - 2]) and prev.boundary != "paragraph":
                    # "Coach Ray Delgado arrived that August …" | "He recalls his first look …"
                    name = clip_introducer_pronoun(people, sentences[i - 2].start, sentences[i - 2].end,
                                                   prev.start, prev.end)
        elif prev.state == 1 and narrators(s):
            turn, name = last_turn.get(prev.end), None
            if turn is not None and turn.speaker is None:
                name = clip_identified(people, s.start, s.end)
        else:
            continue
        if name and not names_in(name, text[turn.start:turn.end]) and not reports_speech(turn):
            turn.speaker = name


def _end_at_next_label(segments: list[Segment], label_timed: list[int]) -> None:
    """A turn whose label gives its start ("[00:12:31] Sarah: …", "Sarah Kim  12:31") ends
    where the next timed turn starts: the ``end`` of its last segment (the turn's own
    paragraphs after its first, with its speaker and no time of their own, included) is the
    next label's time, where nothing else lies between; the last turn's end stays unknown."""
    for i, nxt in zip(label_timed, label_timed[1:]):
        j = i
        while j + 1 < nxt and segments[j + 1].kind == "dialogue" and segments[j + 1].speaker == segments[i].speaker \
                and segments[j + 1].start is None:
            j += 1
        t_end = segments[nxt].start
        if j + 1 == nxt and segments[j].end is None and t_end >= segments[i].start:
            segments[j] = dataclasses.replace(segments[j], end=t_end)


# Broadcast captions in capitals: who speaks a turn ">>" opens, from the words around it.
# A name there is two or three words in capitals (one where the document names that person
# in full elsewhere) that no word list reads as a word: not a word of `not_names`, not one of
# `degree_words` ("PRETTY BUSY"), not an -LY or -ING word, not very common (Zipf 5.5: "GOOD",
# "BACK"), its last word no -ED form ("SUPER EXCITED").
_CAP_NAME = r"[A-Z][A-Z'’\-]+(?: [A-Z][A-Z'’\-]+){0,3}"
_CAP_SELF_INTRO = regex.compile(
    rf"\b(?P<verb>MY NAME IS|MY NAME'S|MY NAME’S|THIS IS|I AM|I'M|I’M) (?P<name>{_CAP_NAME})")
_HANDED_TO = r"HAS (?:MORE|THE (?:STORY|DETAILS|LATEST|FORECAST))|IS LIVE|JOINS US|IS HERE TO"  # after the name
_ON_THE_SCENE = r"IS THERE|IS STANDING BY|IS ON THE SCENE"  # ... said of a thing as often
_CAP_FORWARD = regex.compile(  # at a turn's end: the next turn's speaker
    rf"(?:(?<![A-Z'’\-])(?P<name>{_CAP_NAME}) (?:{_HANDED_TO})\b"
    # (at the turn's end, and a person only as "GO TO X" is one)
    rf"|(?<![A-Z'’\-])(?P<place>{_CAP_NAME}) (?:{_ON_THE_SCENE})[.!]?\s*$"
    rf"|\bHERE(?:'S|’S| IS) (?P<name>{_CAP_NAME}) WITH\b"
    rf"|\bCHECK IN WITH (?P<name>{_CAP_NAME})"
    rf"|\b(?:GO|TURN) TO (?P<place>{_CAP_NAME})"
    rf"|\bBACK TO YOU,? (?P<name>{_CAP_NAME})[.!]"
    rf"|(?:^|[.!?] )(?P<vocative>{_CAP_NAME})(?:\?|, [^.!?]*\?)\s*$)")
# words one of which every match of _CAP_FORWARD holds: a turn without is not searched (the
# pattern tries a name at every word of a text in capitals)
_CAP_FORWARD_HINT = regex.compile(
    rf"{_HANDED_TO}|{_ON_THE_SCENE}|HERE(?:'S|’S| IS) |CHECK IN WITH |(?:GO|TURN) TO |BACK TO YOU|\?\s*$")
_CAP_BACKWARD = regex.compile(  # at a turn's start: the turn before's speaker
    rf"(?:THANKS|THANK YOU)(?: SO MUCH)?,? (?P<name>{_CAP_NAME})[.!,]")
_NAME_MAX_ZIPF = 5.5


def _names_nobody(low: str) -> bool:
    """Whether a word in small letters is none of a name's: a word that names nobody
    (`not_names`, "the", "monday", "everyone"), a word of degree ("very", "just"), an -ly or
    -ing word."""
    lists_ = speech_lists()
    return low in lists_["not_names"] or low in lists_["degree_words"] or low.endswith(("ly", "ing"))


def _capital_name(words: list[str]) -> list[str]:
    """The longest start of ``words`` (in capitals) that reads as a name, dropping titles
    before it ("FIRE MARSHAL DAVID OKAFOR", "CHIEF ELENA TORRES"); [] where none does."""
    out = []
    for w in words:
        low = w.lower().replace("’", "'")
        if _names_nobody(low) or "'" in low or zipf(low) >= _NAME_MAX_ZIPF:
            break
        out.append(w)
    while out and (out[-1].lower().endswith("ed") and len(out[-1]) >= 5):
        out.pop()
    return out


class _KnownNames:
    """The full names of the people a document knows (from a self-introduction or a
    hand-off), the last given first, looked up by their words (a document in capitals may
    hand off to thousands of turns: no scan of every name); and the full names it writes
    a word of as their first (a given name) or after it (a role), each word looked up once."""

    def __init__(self, known: list[list[str]], text: str):
        self.names = list(dict.fromkeys(tuple(full) for full in reversed(known)))
        self.by_word: dict[str, list[int]] = {}
        for rank, full in enumerate(self.names):
            for word in dict.fromkeys(full):
                self.by_word.setdefault(word, []).append(rank)
        self.text = text
        self.written: dict[str, str | None] = {}

    def find(self, words: list[str]) -> str | None:
        """The full name of a person the document knows that ``words`` are, or start or end
        ("ANDREW" -> "ANDREW LEE"); None where they are nobody the document knows."""
        n = len(words)
        if not n:
            return None
        ranks = sorted(set(self.by_word.get(words[0], ())) | set(self.by_word.get(words[-1], ())))
        for rank in ranks:
            full = list(self.names[rank])
            if full == words or len(full) > n and (full[:n] == words or full[-n:] == words
                                                   or n == 1 and words[0] in full):
                return " ".join(full)
        return None

    def written_with(self, word: str) -> str | None:
        """The full name the text writes ``word`` in: as its first word ("TONY" in "TONY
        RUIZ"), or, for a role or title, before it ("MARSHAL" in "FIRE MARSHAL DAVID
        OKAFOR": DAVID OKAFOR)."""
        if word not in self.written:
            if _is_role(word):
                after = r"\s+([A-Z][A-Z'’\-]+)\s+([A-Z][A-Z'’\-]+)(?![A-Z'’\-])"
            else:
                after = r"\s+([A-Z][A-Z'’\-]+)(?![A-Z'’\-])"
            found = None
            for m in regex.finditer(rf"(?<![A-Z'’\-]){regex.escape(word)}{after}", self.text):
                full = list(m.groups()) if len(m.groups()) == 2 else [word, m.group(1)]
                if _full_names(full):
                    found = " ".join(full)
                    break
            self.written[word] = found
        return self.written[word]


def _resolve_capital_name(words: list[str], known: _KnownNames) -> str | None:
    """The name ``words`` stand for: a full name the document gives (``known``) that they
    are or that ends or starts with them ("ANDREW" -> "ANDREW LEE"), else the words
    themselves if they are two or more (a full name). One word alone is a person's only
    where the document knows them, or writes the word as the first of a full name ("TONY,
    WHAT ARE YOU LOOKING FOR?" where "TONY RUIZ" is in the text; a role, "MARSHAL", before
    one): "TARIFFS?" at a turn's end, "THANK YOU, DETROIT!" address no person."""
    if not words:
        return None
    name = known.find(words)
    if name or len(words) >= 2:
        return name or " ".join(words)
    return known.written_with(words[0])


def _is_role(word: str) -> bool:
    """Whether ``word`` (in capitals) is a role or a title said before a name ("REPORTER",
    "CHIEF", "MARSHAL", "SENATOR"): `broadcast_roles`, `titles`, `name_titles`."""
    lists_ = speech_lists()
    low = word.lower().rstrip(",")
    return low in lists_["broadcast_roles"] or low in lists_["titles"] or low in lists_["name_titles"]


def _full_names(match_words: list[str]) -> list[str]:
    """The full name that ends ``match_words``: its last two words where both read as a name
    ("OUR METEOROLOGIST SARAH KIM" -> "SARAH KIM", "FIRE MARSHAL DAVID OKAFOR" -> "DAVID
    OKAFOR"); [] where they do not."""
    words = match_words[-2:]
    return words if len(words) == 2 and _capital_name(words) == words else []


def _name_in(group: str) -> list[str]:
    """The full name a hand-off's or an introduction's words hold: the one that ends them
    ("OUR METEOROLOGIST SARAH KIM" before "HAS MORE"), else the one that starts them ("CHIEF
    ELENA TORRES" in "CHIEF ELENA TORRES OF THE HARBOR" after "I'M")."""
    words = group.split()
    return _full_names(words) or _full_names(_capital_name(words))


def _role_before(group: list[str], name: list[str], before: str = "") -> bool:
    """Whether a role or a title comes right before ``name`` in a hand-off's words
    (``group``, and ``before``, the words before them): "OUR REPORTER LISA PARK",
    "CORRESPONDENT DAVID OKAFOR" (`broadcast_roles`, `titles`, `name_titles`)."""
    words = before.split() + group
    for i in range(len(words) - len(name), -1, -1):
        if words[i:i + len(name)] == name:
            return i > 0 and _is_role(words[i - 1])
    return False


def _signs_off(body: str, name: list[str]) -> bool:
    """Whether a reporter's sign-off follows ``name``: "THIS IS LISA PARK REPORTING", "…
    LISA PARK, CHANNEL 4 NEWS"."""
    return regex.search(rf"\b{regex.escape(' '.join(name))},? (?:REPORTING\b|(?:[A-Z0-9]+ ){{0,3}}NEWS\b)",
                        body) is not None


_CAP_GREETING = regex.compile(
    r"\b(?:GOOD (?:EVENING|MORNING|AFTERNOON|NIGHT)|WELCOME|HELLO|HI,? (?:EVERYBODY|EVERYONE)"
    r"|(?:I'M|I’M|I AM|MY NAME IS) [A-Z'’\- ]+,? AND THIS IS)\b")
_CAP_THANKS = regex.compile(r"(?:THANKS|THANK YOU)\b")
_SOUND_OR_MUSIC = regex.compile(r"\[[^\]]*\]|\([^)]*\)|[♪♫>]")


def _presents(bodies: list[str], k: int) -> bool:
    """Whether the turn ``k``, one of the opening turns, in which someone introduces
    themselves, is the programme's host's (anchor, announcer): the document's first words
    (after sounds and applause only), or a turn that greets ("GOOD EVENING", "WELCOME", "I'M X, AND THIS IS …"); never a turn that
    thanks ("THANK YOU. I'M JANE FOX, AND I HAVE BEEN A CARDIOLOGIST …": a guest answering
    the host's welcome) or answers another speaker's question."""
    if not any(_SOUND_OR_MUSIC.sub("", body).strip(" .,!?-") for body in bodies[:k]):
        return True  # (the first words said: "(CHEERS AND APPLAUSE) >> THANK YOU! … I'M JIMMY COLE")
    if _CAP_THANKS.match(bodies[k]) or bodies[k - 1].rstrip().endswith("?"):
        return False
    return _CAP_GREETING.search(bodies[k]) is not None


def _name_broadcast_turns(text: str, sentences: list[Sentence]) -> None:
    """Broadcast captions in capitals: name the turns that ">>" opens from the words around
    them, as a label would: a self-introduction in the turn ("I'M MARIA LOPEZ", "THIS IS
    SARAH KIM REPORTING"), a hand-off at the end of the turn before ("SARAH KIM HAS MORE.",
    "HERE'S DEREK HALL WITH SPORTS.", "BACK TO YOU, ANDREW.", "MARIA?") or thanks at the start
    of the turn after ("THANKS, DEREK."). "THIS IS X" and "GO/TURN TO X" are as often a
    place or a thing ("THIS IS PROPERTY TAX MONEY", "WE TURN TO CAPITOL HILL"): they name a
    person only where X is one the document knows (from an "I'M X"/"MY NAME IS X" or a
    hand-off, "X HAS MORE"), has a role before it ("OUR REPORTER X") or signs off ("THIS IS
    X REPORTING"); a name of one word spoken to ("TARIFFS?", "THANK YOU, DETROIT!") only
    where the document knows that person. The person who introduces themselves in the
    document's first turn, or greeting in one of the opening turns (:func:`_presents`),
    presents the programme: their turns are the narration; anyone else's named turn is
    their dialogue (``label``, forced as a label's)."""
    turns: list[list[int]] = []
    for i, s in enumerate(sentences):
        if s.boundary == "marker" or not turns:
            turns.append([i])
        else:
            turns[-1].append(i)
    if len(turns) < 2:
        return  # (no ">>": nothing to name)
    bodies: list[str] = []
    for t in turns:
        # (a turn's opening and closing words: a long turn's middle names nobody)
        start, end = sentences[t[0]].start, sentences[t[-1]].end
        body = " ".join(text[start:end].split()) if end - start <= 800 else \
            " ".join(text[start:start + 400].split()) + " " + " ".join(text[end - 400:end].split())
        bodies.append(body)

    def introduced(m: regex.Match) -> list[str]:
        words = _full_names(_capital_name(m.group("name").split())[:3])  # (the words right after "I'M")
        if not words and m.group("verb").startswith("MY NAME"):
            words = _capital_name(m.group("name").split())[:1]  # "MY NAME IS GEORGE."
        return words

    # the people the document knows: who says who they are, whom a hand-off names
    known: list[list[str]] = []
    for body in bodies:
        for m in _CAP_SELF_INTRO.finditer(body):
            words = introduced(m)
            if words and (m.group("verb") != "THIS IS" or _role_before(m.group("name").split(), words)
                          or _signs_off(body, words)):
                known.append(words)
                break
        for m in _CAP_FORWARD.finditer(body) if _CAP_FORWARD_HINT.search(body) else ():
            group = m.group("name") or m.group("place")
            if group:
                words = _name_in(group)
                if words and (m.group("name") or _role_before(group.split(), words)):
                    known.append(words)
    names = _KnownNames(known, text)
    intro: list[str | None] = []
    for body in bodies:
        name = None
        for m in _CAP_SELF_INTRO.finditer(body):
            words = introduced(m)
            if not words:
                continue
            if m.group("verb") == "THIS IS":  # "THIS IS WASHINGTON HEIGHTS": a place, unless known
                name = names.find(words)
                if name is None and (_role_before(m.group("name").split(), words) or _signs_off(body, words)):
                    name = " ".join(words)
            else:
                name = " ".join(words)
            if name:
                break
        intro.append(name)
    host = next((intro[k] for k in range(min(3, len(turns))) if intro[k] and _presents(bodies, k)), None)
    speaker: list[str | None] = list(intro)
    for k, body in enumerate(bodies):
        if k + 1 < len(turns) and speaker[k + 1] is None:
            tail = body[-160:]
            for m in _CAP_FORWARD.finditer(tail) if _CAP_FORWARD_HINT.search(tail) else ():
                if m.group("vocative"):
                    name = _resolve_capital_name(_capital_name(m.group("vocative").split()), names)
                elif m.group("place"):  # "LET'S GO TO DOWNTOWN DETROIT": someone known only
                    words = _name_in(m.group("place"))
                    name = names.find(words) or names.find(_capital_name(m.group("place").split()))
                    if name is None and words and _role_before(m.group("place").split(), words):
                        name = " ".join(words)
                else:
                    group = m.group("name").split()
                    words = _capital_name(group) if len(group) < 2 else _name_in(" ".join(group))
                    name = _resolve_capital_name(words, names)
                if name:
                    speaker[k + 1] = name
        if k:
            m = _CAP_BACKWARD.match(body)
            name = _resolve_capital_name(_capital_name(m.group("name").split()), names) if m else None
            if name and speaker[k - 1] is None and name != speaker[k]:
                speaker[k - 1] = name
            if name and speaker[k] is None and host is not None and name != host and speaker[k - 1] == name \
                    and not bodies[k - 1].rstrip().endswith("?") and "BACK TO YOU" not in body:
                speaker[k] = host  # "THANK YOU, DEVON." back in the studio: the presenter's turn
                # (not an answer to a question, "SIR, WHAT DID YOU SEE?"; not a reporter's
                # thanks that hands back, "THANK YOU, CHIEF. BACK TO YOU, ANDREW.")
    for t, name in zip(turns, speaker):
        if name is None or any(sentences[k].label or sentences[k].forced is not None for k in t):
            continue
        for k in t:
            if name == host:
                sentences[k].forced = 0
            else:
                sentences[k].forced = 1
                sentences[k].label = name


def _label_clips(sentences: list[Sentence], punctuated: bool, text: str = "") -> tuple[float, float]:
    """Label each sentence narration (0) or clip (1) in place (step 4 of the module
    docstring); the bias and the switch penalty used."""
    free = [s for s in sentences if s.forced is None]
    scores = [s.score for s in free]
    median = statistics.median(scores) if scores else 0.0
    # shrunk towards no adaptation for short documents, whose median says little
    bias = BIAS + max(0.0, median - BIAS_ADAPT_FROM) * len(scores) / (len(scores) + BIAS_ADAPT_SHRINK)
    # the narrator's level: first that of the lower half of the sentences (clips are cut into
    # a narration, which keeps the larger part), then, once, that of the sentences the first
    # labelling gives the narrator; not where the text marks its changes of speaker (its turns
    # say where the voices change)
    markers = sum(1 for s in sentences if s.boundary == "marker")
    level_counts = markers < NARRATOR_LEVEL_MARKERS
    if level_counts:
        bias = max(bias, _narrator_bias(sorted(scores)[:max(1, len(scores) // 2)], len(scores)))
    switch = SWITCH_PENALTY if punctuated else SWITCH_PENALTY_CAPTION_LINES
    _viterbi(sentences, bias, switch)
    if level_counts:
        # (a reporter's crew: "us" and "our" now and then, in a document that does not speak as "we"
        # throughout, as a company's executives do: "our revenue", "our customers")
        crew = sum(1 for s in free if "first_person_plural" in s.evidence) < CREW_MAX_WE_SHARE * len(free)
        raised = _narrator_bias([_narrator_level_score(text, s) if crew else s.score for s in free if s.state == 0]
                                or scores, len(scores))
        if raised > bias:
            bias = raised
            _viterbi(sentences, bias, switch)
    if SWITCH_RATE_PRIOR is not None:
        adapted = _adapted_switch(sentences, switch)
        if adapted < switch:
            switch = adapted
            _viterbi(sentences, bias, switch)
    if not markers and _only_weak_clips(sentences, bias):
        # no clip anywhere carries the evidence a clip needs where a change of voice costs
        # the full penalty (a sentence of punctuated text): the weak ones that a cheaper
        # change (between caption lines) let through are the one voice getting livelier
        # ("… a problem um so …", "okay so last week …"), not a second voice
        for s in free:
            s.state = 0
    elif markers:
        # a text that marks its changes of speaker (">>") marks its clips too: a weak run of
        # clip sentences that no marker opens is its own voice getting livelier ("[Music] |
        # okay let's move over here"), not an unmarked second voice
        for i, j in _unmarked_weak_clips(sentences, bias):
            for s in sentences[i:j]:
                s.state = 0
    if not any(s.label for s in sentences):
        _greet_the_audience(sentences, bias)
    if len(free) >= 2 and len(free) == len(sentences) and not markers and all(s.state == 1 for s in free):
        # every sentence a clip, with no narrator's sentence to cut it from and nothing that
        # marks a change of speaker: one voice speaks throughout, the document's own
        for s in free:
            s.state = 0
    _unvoiced_introductions(sentences)
    _extend_cut_ins(sentences)
    return bias, switch


_NOT_SPEECH_MARKS = frozenset(("introduced", "cut_in_start"))


def _no_speech_marks(run: list[Sentence], marks: frozenset[str] = _NOT_SPEECH_MARKS) -> bool:
    """Whether the sentences of ``run`` hold no mark of speech beyond ``marks`` (evidence
    that does not count, or counts against)."""
    return all(w <= 0 or name in marks for s in run for name, w in s.evidence.items())


def _unvoiced_introductions(sentences: list[Sentence]) -> None:
    """A run of clip sentences that only the narration's lead-in made a clip (its first
    sentence introduced, none forced, none after a marker) and none of whose sentences holds
    any mark of speech of its own (no first or second person, no present tense, no question,
    nothing: "Local historian Ann Cole remembers the week the river rose." | "The water
    climbed eleven feet in two days. The mill was lost, …") is the narrator telling the story
    it brought in, not the person speaking: narration."""
    for i, j, _ in list(_clip_runs(sentences)):
        run = sentences[i:j]
        if not run[0].introduced or any(s.forced is not None or s.boundary == "marker" for s in run):
            continue
        if _no_speech_marks(run):
            for s in run:
                s.state = 0


# --- a presenter's clip lead-ins: "This is the mayor on Monday, …", "Take a listen." -------

# A commentator, a vlogger or a video essay plays a clip after words that say a recording
# is coming: the person and the when or where ("This is the mayor on Monday, at the press
# conference about the bus routes.", "Here's Coach Hale after the game on Tuesday, …",
# "Here's the company's chief executive, Dana Whitcomb, speaking at the shareholder
# meeting in May."), a call to listen ("Take a listen.", "Roll the clip.", "I want you to
# hear it in his own words, because …") or the person speaking, a colon after it ("Whitcomb,
# talking to reporters outside the headquarters on Friday:"). Not "This is the mayor's
# third term", "Here's the thing", "Here's what bugs me": no person, or no when or where.
_PLAYS_CLIP_HINT = _any_of("this is|here's|here’s|here is|listen|roll|play|own words|speaking|talking|testifying".split("|"))
_PRESENTING = regex.compile(r"(?i)(?<![\p{L}'’])(?:this\s+is|here['’]s|here\s+is)(?![\p{L}'’])")
_LISTEN_STRONG = regex.compile(
    r"(?i)(?<![\p{L}'’])(?:(?:take|have|give\s+it)\s+a\s+(?:quick\s+|little\s+)?listen"
    r"|let['’]?s\s+(?:listen|hear\s+(?:it|that|this|him|her|them|what\s+(?:he|she|they)\s+(?:said|had\s+to\s+say)))"
    r"|listen\s+to\s+(?:him|her|them|what\s+(?:he|she|they)\s+(?:said|says|had\s+to\s+say))"
    r"|(?:roll|play|run|cue)\s+(?:the|that|this)\s+(?:clip|tape|video|footage|sound|audio|sound\s*bite)"
    r"|here['’]?s\s+(?:the|that)\s+(?:clip|tape|footage|audio|sound\s*bite)"
    r"|here['’]?s\s+(?:what|how)\s+(?:he|she|they)\s+(?:said|put\s+it|answered|responded|told\s+(?:us|reporters))"
    r"|(?:hear|listen\s+to)\s+(?:it|this|that|him|her|them)\s+in\s+(?:his|her|their)\s+own\s+words)(?![\p{L}'’])")
_LISTEN_WEAK = regex.compile(r"(?i)(?<![\p{L}'’])listen\s+to\s+(?:this|that)(?![\p{L}'’])")  # "Listen to this." may bring in a fact
# ... where the presented person's words come: the when, the where, the speaking
_PRESENTED_AT = frozenset("""
on at in during after before speaking talking testifying addressing answering responding back last earlier
yesterday today tonight this that when outside inside live
""".split())
# ... after "this is" and a name with no role, only the when or the speaking: "This is Craig
# Moore with Autonomous", "This is Antonio Hernandez in behalf of …" are a speaker's own
# introduction on a call ("this is <name> at <company>" too)
_PRESENTED_WHEN = frozenset("""
speaking talking testifying addressing answering responding back last earlier yesterday today tonight this that during
""".split())
_WEEKDAYS_AND_MONTHS = _WEEKDAYS | frozenset("""
january february march april may june july august september october november december
""".split())
_SPEAKING = frozenset("speaking talking testifying addressing answering responding".split())
_PRESENTED_ROLES = frozenset("executive ceo owner chair chairman chairwoman".split())
_PRONOUNS = frozenset("he she it they him them what who there here".split())  # ("Here's what bugs me")
PRESENTED_MAX_WORDS = 5  # "this is" to the person's role or name: a determiner, an owner and a modifier at most
PLAYED_OPENER_MAX = 15  # captions: the words from the presented person to the clip's first word in the first or second person
PLAYED_MAX_WORDS = 200  # a played clip's words at most
# captions: the prepositions of a presented person's when and where, and the words that open
# the clip's clause after them
_WHEN_AND_WHERE = frozenset("on at in during after before from about of outside inside near over to".split())
_CLAUSE_OPENS = _DETERMINER | _CAPTION_SPEECH_OPENERS | frozenset("he she they it there".split())
_CONJUNCTIONS = frozenset("because cause since so and but if when that".split())  # "… own words because i don't want …": the presenter's clause goes on


_NARRATORS_OWN = frozenset("my our".split())  # before a person presented: a narrator showing their own people


@functools.lru_cache(maxsize=1)
def _presented_roles() -> frozenset[str]:
    """The nouns of a person a presenter presents: the lead-ins' roles, people, and a few titles."""
    return frozenset(_lead_in_roles() | _PEOPLE_NOUNS | _PRESENTED_ROLES)


def _presented_person(tokens: list, words: list[str], k: int, punctuated: bool) -> int | None:
    """After "this is" / "here's" (word ``k`` is the first after it): the index of the word
    after the person it presents (a role, perhaps with a name after it, or a capitalized
    name in punctuated text; an appositive between commas after it skipped), where the next
    word says when, where or how they speak (:data:`_PRESENTED_AT`, or the sentence's end
    after "here's" or a colon); else None."""
    roles = _presented_roles()
    not_names = speech_lists()["not_names"]
    head = None
    for m in range(k, min(len(words), k + PRESENTED_MAX_WORDS)):
        w = words[m]
        if w in _NARRATORS_OWN:
            return None  # "This is my daughter at her graduation.", "Here's our house in 1952": the narrator's own, shown
        if w.endswith(("'s", "s'")):
            continue  # an owner: "the company's", "the city's"
        if w in roles or punctuated and _name_word(tokens[m].group(), not_names) \
                or not punctuated and _agent_before_name(words, m):
            # (captions: a noun of one who does by its form, "economist", "historian", before a
            # name of two words, "here's the economist priya nair at …")
            head = m
            break
        if w in _STOP or w in _RELATIVE or w in _LEAD_IN_NOT or w in _PRESENTED_AT or w in _PRONOUNS:
            if w not in _ARTICLES and w not in _DETERMINER:
                return None  # "This is about …", "Here's where it stands": no person presented
    if head is None:
        return None
    end = head + 1
    if punctuated and words[head] in roles:
        # a role's other words before the name, set off by a comma: "the museum's chief
        # curator, Nadia Brandt" (not "the company's chief product Nova Phone")
        for gap in (1, 2):
            if end + gap < len(words) and _name_word(tokens[end + gap].group(), not_names) \
                    and "," in tokens[end].string[tokens[end + gap - 1].end():tokens[end + gap].start()] and not any(
                    w in _STOP or w in _PRESENTED_AT or w in _LEAD_IN_NOT or w in _PRONOUNS or not w.isalpha()
                    or _name_word(t.group(), not_names)
                    for w, t in zip(words[end:end + gap], tokens[end:end + gap])):
                end += gap
                break
    names = 0
    while end < len(words) and names < 3 and not words[end - 1].endswith("'s"):
        w = words[end]
        if w in _PRESENTED_AT or w in _LEAD_IN_NOT:
            break
        if w in roles or (punctuated and _name_word(tokens[end].group(), not_names)) \
                or (not punctuated and zipf(w) < _CAPTION_NAME_MAX_ZIPF) \
                or (not punctuated and names == 1 and _caption_name_to_when(words, end - 1) == end + 1):
            end += 1
            names += 1
            continue
        break
    if words[end - 1].endswith("'s"):
        return None  # "this is the mayor's third term"
    if not any(w in roles for w in words[head:end]) and (
            end - head < 2 or zipf(words[head]) >= PERSON_FIRST_MAX_ZIPF
            or any(w in PLACE_OR_BODY_HEADS for w in words[head + 1:end])):
        # a name alone that may be a place's or a company's ("This is Apple at its best.",
        # "Here's the team's opener, Madison Square Garden, at …": a place's word in it)
        return None
    return end


AGENT_STEM_MIN_ZIPF = 3.6  # "organizer" (organize), "planner" (plan): the word it is made from is a common word


def _agent_noun(w: str) -> bool:
    """Whether ``w`` reads as a noun of one who does something, by its form alone: "-ist",
    "-ian" ("economist", "historian"), or "-er"/"-or" after a common word ("organizer",
    "designer", "planner", "inspector"; not "water", "number"). Such a noun is a person's
    role only with a name after it: "center", "corner" are made so too."""
    if len(w) < 5 or not w.isalpha() or w in _STOP:
        return False
    if w.endswith("ist"):
        return len(w) >= 6 and not w.endswith(("sist", "xist"))
    if w.endswith("ian"):
        return len(w) >= 6
    if w.endswith(("er", "or")):
        stem = w[:-2]
        stems = [stem, stem + "e", w[:-1]] + ([stem[:-1]] if stem[-1] == stem[-2] else [])
        return any(len(c) >= 3 and zipf(c) >= AGENT_STEM_MIN_ZIPF for c in stems)
    return False


CAPTION_SURNAME_MAX_ZIPF = 4.0  # captions: the last word of a name after such a noun is a rare word ("nair", "ortega")


def _agent_before_name(words: list[str], k: int) -> bool:
    """Captions: whether ``words[k]`` is a noun of one who does (:func:`_agent_noun`) before a
    name of two words or three (:func:`_caption_name`) whose last is a rare word: "head
    organizer priya nair", "the stage designer sam ortega"; not "the center court seats". An
    "-er" or "-or" noun only where its verb's past in "-ed" is a common word ("organized",
    "investigated") or a possessive owns it ("the band's drummer theo park"): with no
    capitals to mark the name, a comparative or another noun so made is no person ("here's
    the newer tesla cybertruck", "the winner seattle seahawks")."""
    w = words[k]
    if not _agent_noun(w) or w.endswith(("er", "or")) and zipf(w[:-2] + "ed") < VERB_PAST_MIN_ZIPF \
            and not (k and words[k - 1].endswith(("'s", "s'"))):
        return False
    end = _caption_name(words, k + 1)
    if end >= k + 3 and zipf(words[end - 1]) < CAPTION_SURNAME_MAX_ZIPF:
        return True
    return end == k + 2 and _caption_name_to_when(words, k + 1) == k + 3  # ("drummer theo park after …")


def _name_word(token: str, not_names: frozenset[str]) -> bool:
    """Whether a word of punctuated text may be a word of a person's name: capitalized, not
    in capitals ("ID", "CEO"), no word that names nobody."""
    return token[:1].isupper() and any(c.islower() for c in token) and token.lower() not in not_names


def _plays_clip(body: str) -> int:
    """Whether the punctuated sentence ``body`` is a presenter's words that a clip is played
    next (see :data:`_PRESENTING`): 2 where it says so plainly, 1 for "Listen to this." (it
    may bring in a fact the narrator tells), 0 where it does not. Not a sentence in quotes."""
    return _clip_cue(body)[0]


def _clip_cue(body: str) -> tuple[int, tuple[int, int] | None]:
    """:func:`_plays_clip`'s answer, and where in ``body`` the words that present the clip's
    person stand ("the company's chief executive, Dana Whitcomb", "Mayor Linda Park",
    "Whitcomb" before ", talking to reporters …:"), or None where the cue presents nobody
    ("Take a listen.")."""
    low = body.lower()
    if _PLAYS_CLIP_HINT.search(low) is None or any(c in body for c in "\"“”«»"):
        return 0, None
    if _LISTEN_STRONG.search(body):
        return 2, None
    tokens = list(WORD_SPAN.finditer(body))
    words = [t.group().lower().replace("’", "'") for t in tokens]
    stripped = body.rstrip()
    for m in _PRESENTING.finditer(body):
        first = next((n for n, t in enumerate(tokens) if t.start() >= m.start()), len(tokens))
        k = next((n for n, t in enumerate(tokens) if t.start() >= m.end()), len(tokens))
        if any(w not in _SENTENCE_OPENER_WORDS for w in words[:first]):
            continue  # (the sentence's own subject: "This is" opens it, perhaps after "And", "So")
        end = _presented_person(tokens, words, k, True)
        if end is None:
            continue
        # an appositive between commas after the person ("…, Dana Whitcomb, speaking …")
        after = body[tokens[end - 1].end():]
        gap = regex.match(r",\s*(?:\p{Lu}[\p{L}'’\-.]*\s*){1,4},", after)
        if gap:
            end = next((n for n, t in enumerate(tokens) if t.start() >= tokens[end - 1].end() + gap.end()), len(tokens))
            after = body[tokens[end - 1].end():]
        roles = _presented_roles()
        # a noun of one who does after a body's possessive, before the name: "the city's lead
        # planner, Omar Haddad", "the school's lead librarian, Maria Lopez" (not "the company's new product, …")
        h = next((n for n in range(k, end) if _name_word(tokens[n].group(), speech_lists()["not_names"])), k)
        owned = h > k + 1 and _agent_noun(words[h - 1]) and any(words[n].endswith("'s") for n in range(k, h - 1))
        if m.group()[:1] in "Tt" and not owned and not any(w in roles for w in words[k:end]) and not (
                end < len(words) and (words[end] in _PRESENTED_WHEN
                                      or words[end] in ("on", "in") and words[end + 1:end + 2]
                                      and (words[end + 1] in _WEEKDAYS_AND_MONTHS or words[end + 1].isdigit()))):
            continue  # "This is Craig Moore with Autonomous.": a speaker introducing themselves
        person = (tokens[k].start(), tokens[end - 1].end()) if k < end else None
        if end < len(words) and (words[end] in _PRESENTED_AT or after.lstrip()[:1] == "," and words[end] in _SPEAKING):
            return 2, person
        if end == len(words) and (stripped.endswith(":") or m.group()[:1] in "Hh"):
            return 2, person  # "Here's Coach Hale.", "This is the mayor on Monday:"
    if stripped.endswith(":"):
        # "Whitcomb, talking to reporters outside the headquarters on Friday:"
        for k, w in enumerate(words):
            if w in _SPEAKING and k and body[tokens[k - 1].end():tokens[k].start()].strip() == "," \
                    and _lead_in_subject(tokens, words, k - 1):
                return 2, (tokens[0].start(), tokens[k - 1].end())
    if _LISTEN_WEAK.search(body):
        return 1, None
    return 0, None


_SENTENCE_OPENER_WORDS = frozenset("so now okay ok alright anyway well but and".split())


def _played_after_cue(text: str, start: int, end: int) -> list[tuple[int, int, int, tuple[int, int] | None]]:
    """Unpunctuated text: where a presenter's cue in ``[start, end)`` starts, where the clip
    it plays starts, how plainly (2, or 1 for "listen to this": see :func:`_plays_clip`) and
    where the words of the person it presents stand ("the state budget director karen liu",
    "coach hale"; for a call to listen, a role and a name just before it: "… state senator tom
    becker put it pretty bluntly take a listen", :func:`_named_before_listen`), or None.
    After a call to listen ("take a listen", "roll the clip") the clip starts at the next
    word; after a person presented, at the word that opens a clause after their when and
    where ("here's the council president at the start of the meeting" | "this body has
    heard …"), else, as after "hear it in his own words", at the first word in the first or
    second person within PLAYED_OPENER_MAX words ("this is the mayor on monday …" | "we are
    not cutting service"), not one after a conjunction ("… own words because i don't want
    …": the presenter's clause)."""
    low = text[start:end].lower()
    if _PLAYS_CLIP_HINT.search(low) is None:
        return []
    tokens = list(WORD_SPAN.finditer(text, start, end))
    words = [t.group().lower().replace("’", "'") for t in tokens]
    starts = [t.start() for t in tokens]

    def at(pos: int) -> int:  # the first word at or after ``pos``
        return bisect.bisect_left(starts, pos)

    def opener(first: int) -> int | None:
        for m in range(first, min(len(words), first + PLAYED_OPENER_MAX + 1)):
            if _CAPTION_LEAD_IN_BREAK.search(text, tokens[max(first - 1, 0)].end(), tokens[m].start()):
                return None
            if words[m] in _CAPTION_SPEECH_OPENERS and m > first and words[m - 1] not in _CONJUNCTIONS:
                return m
        return None

    def after_when_and_where(first: int) -> int | None:
        # "on monday | at the press conference | about the bus routes | we …", "at the start | of
        # the meeting | this body has heard …": the when and where, each a preposition, perhaps a
        # determiner or an owner, one to three words; the clip starts at the word that opens a
        # clause after them (a determiner or a pronoun); None where they do not read so
        # A second weekday other than the cue's own ("at the press conference on friday | on
        # tuesday morning deputies located …") is no longer the cue's when: the clip starts at
        # its preposition.
        m = first + 1 if words[first] in _SPEAKING else first
        days: set[str] = set()
        while m < min(len(words), first + PLAYED_OPENER_MAX):
            if words[m] not in _WHEN_AND_WHERE:
                return None
            preposition = m
            m += 1
            if m < len(words) and words[m] in _WEEKDAYS:
                if days and words[m] not in days:
                    return preposition
                days.add(words[m])
            if m < len(words) and (words[m] in _ARTICLES or words[m] in _DETERMINER or words[m].endswith("'s")):
                m += 1
            content = 0
            while m < len(words) and content < 3 and words[m] not in _WHEN_AND_WHERE and words[m] not in _CLAUSE_OPENS:
                m += 1
                content += 1
            if not content or m >= len(words) or _CAPTION_LEAD_IN_BREAK.search(text, tokens[first].start(), tokens[m].start()):
                return None
            if words[m] in _CLAUSE_OPENS:
                return m
        return None

    found = []
    for m in _LISTEN_STRONG.finditer(text, start, end):
        k = at(m.end())
        if k >= len(words):
            continue
        person = _named_before_listen(tokens, words, at(m.start()))
        if "own" in m.group().lower():
            cut = opener(k)
            if cut is not None:
                found.append((m.start(), tokens[cut].start(), 2, person))
        else:
            found.append((m.start(), tokens[k].start(), 2, person))
    for m in _LISTEN_WEAK.finditer(text, start, end):
        k = at(m.end())
        if k < len(words):
            found.append((m.start(), tokens[k].start(), 1, None))
    for m in _PRESENTING.finditer(text, start, end):
        k = at(m.end())
        after = _presented_person(tokens, words, k, False) if k < len(words) else None
        if after is None or after >= len(words) or words[after] not in _PRESENTED_AT:
            continue
        cut = after_when_and_where(after)
        if cut is None:
            cut = opener(after)
        if cut is not None:
            found.append((m.start(), tokens[cut].start(), 2, (tokens[k].start(), tokens[after - 1].end())))
    found.sort(key=lambda f: f[:3])
    # a cue whose clip would start at or after the next cue's start: the next one plays it
    return [f for n, f in enumerate(found) if n + 1 == len(found) or f[1] <= found[n + 1][0]]


NAMED_BEFORE_LISTEN_WORDS = 12  # captions: the words before a call to listen that may name who speaks


_WHEN_WORDS = frozenset("yesterday today tonight tomorrow earlier later again ago recently once afterwards".split())
VERB_PAST_MIN_ZIPF = 3.0  # "believes": "believed" is a common word; "williams": no "williamed"


def _verb_in_s(w: str) -> bool:
    """Whether ``w`` reads as a verb's third person ("believes", "insists", "admits",
    "warns"): it ends in "s" and its past in "-ed" is a common word. A surname in "s" has
    none ("Williams", "Stevens", "Adams")."""
    if len(w) < 4 or not w.endswith("s") or w.endswith("ss"):
        return False
    stem = w[:-2] if w.endswith("es") and w[-3] in "sxzh" else w[:-1]
    pasts = {stem + "ed", stem + "d", stem + stem[-1] + "ed"}
    return any(zipf(p) >= VERB_PAST_MIN_ZIPF for p in pasts)


def _caption_name(words: list[str], k: int) -> int:
    """Captions: the end of the name that starts at ``words[k]`` (up to three words, after a
    role: "karen liu", "hale"), or ``k`` where none does: each word no common word (Zipf
    below _CAPTION_NAME_MAX_ZIPF), no role, no word that names nobody (`not_names`,
    `degree_words`), no -ly or -ing word, no contraction, the last no -ed form."""
    roles = _presented_roles()
    m = k
    while m < len(words) and m - k < 3:
        w = words[m]
        if (not w.isalpha() or w in roles or w in _STOP or _names_nobody(w) or zipf(w) >= _CAPTION_NAME_MAX_ZIPF
                or w in _WEEKDAYS_AND_MONTHS or w in _WHEN_WORDS or w in VERB_FORMS or w in _REPORTED_SPEECH_VERBS
                or _verb_in_s(w)):
            break
        m += 1
    while m > k and words[m - 1].endswith("ed") and len(words[m - 1]) >= 5:
        m -= 1
    return m


def _caption_name_to_when(words: list[str], k: int) -> int:
    """Captions: :func:`_caption_name`, where a name of two words may end in a common word
    (a surname that is one: "theo park", "ana wood") when its first is a rare word (Zipf
    below CAPTION_SURNAME_MAX_ZIPF) and the words end after it, or a word of when and where
    follows it ("here's the band's drummer theo park | after the show …")."""
    end = _caption_name(words, k)
    if end != k + 1 or k + 1 >= len(words) or zipf(words[k]) >= CAPTION_SURNAME_MAX_ZIPF:
        return end
    w = words[k + 1]
    if (not w.isalpha() or w in _presented_roles() or w in _STOP or _names_nobody(w) or w.endswith("ed")
            or w in _PRESENTED_AT):
        return end
    return k + 2 if k + 2 == len(words) or words[k + 2] in _PRESENTED_AT else end


def _named_before_listen(tokens: list, words: list[str], cue: int) -> tuple[int, int] | None:
    """Captions: where a role and a name stand in the NAMED_BEFORE_LISTEN_WORDS words before
    the call to listen at word ``cue`` ("the minority leader state senator tom becker put it
    pretty bluntly" | "take a listen"), the only ones there; None where none or two do."""
    roles = _presented_roles()
    found = []
    for k in range(max(0, cue - NAMED_BEFORE_LISTEN_WORDS), cue):
        if words[k] in roles and (k + 1 >= len(words) or words[k + 1] not in roles):
            end = _caption_name(words, k + 1)
            if k + 1 < end <= cue:
                found.append((tokens[k].start(), tokens[end - 1].end()))
    return found[0] if len(found) == 1 else None


class _CaptionNames:
    """Captions, one document: its words, where each word stands, and the capitals the text
    writes each word with somewhere, worked out once when first asked (a long document has
    hundreds of clips)."""

    def __init__(self, text: str):
        self.text = text
        self._words: list[str] | None = None
        self._at: dict[str, list[int]] = {}
        self._after: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
        self._forms: dict[str, Counter] | None = None

    def words(self) -> list[str]:
        if self._words is None:
            self._words = [w for w, _ in _word_spans(self.text, 0, len(self.text))]
            for k, w in enumerate(self._words):
                self._at.setdefault(w, []).append(k)
        return self._words

    def names_after(self, role: list[str]) -> set[tuple[str, ...]]:
        """The names of two words or three the text writes right after the words ``role``
        (not after another role before them: "state budget director karen liu")."""
        key = tuple(role)
        if key in self._after:
            return self._after[key]
        words, roles, n = self.words(), _presented_roles(), len(role)
        names = self._after[key] = set()
        for k in (m - n + 1 for m in self._at.get(role[-1], ())):
            if k >= 0 and words[k:k + n] == role and (k == 0 or words[k - 1] not in roles):
                stop = _caption_name(words, k + n)
                if stop >= k + n + 2:
                    names.add(tuple(words[k + n:stop]))
        return names

    def written(self, words: list[str]) -> str:
        """The name of ``words`` (small letters) as the text writes each word with capitals
        somewhere (a dictionary's "McKinnon" in captions), the most often, else each
        capitalized."""
        if self._forms is None:
            self._forms = {}
            for m in _LETTER_RUN.finditer(self.text):
                form = m.group()
                if not form.islower():
                    self._forms.setdefault(form.lower(), Counter())[form] += 1
        return " ".join(self._forms[w].most_common(1)[0][0] if w in self._forms else w.capitalize()
                        for w in words)


_LETTER_RUN = regex.compile(r"[\p{L}'’]+")  # a word with its apostrophes, as _CaptionNames.written finds it


def _caption_presented_name(names: _CaptionNames, start: int, end: int) -> str | None:
    """Captions: the name of the person whom the cue's words ``[start, end)`` present ("the
    company's ceo marcus feld", "coach hale", "state senator tom becker"): the words after
    its last role that read as a name (:func:`_caption_name`), each capitalized ("Marcus
    Feld", "Hale"); for a role alone ("the manager"), the one name of two words or three the
    text writes after the same role words anywhere ("manager steve cullen has now gone six
    games …"), None where it writes none ("the council president") or two."""
    roles = _presented_roles()
    words = [w for w, _ in _word_spans(names.text, start, end)]
    last = max((k for k, w in enumerate(words)
                if w in roles or _agent_before_name(words, k)), default=None)
    if last is None:
        return None
    end_name = _caption_name_to_when(words, last + 1)
    if end_name > last + 1:
        return names.written(words[last + 1:end_name])
    first = last
    while first > 0 and words[first - 1] not in _ARTICLES and words[first - 1] not in _DETERMINER \
            and not words[first - 1].endswith("'s") and words[first - 1] not in _NARRATORS_OWN:
        first -= 1  # the role's words: "council president", "state budget director"
    found = names.names_after(words[first:last + 1])
    return names.written(list(next(iter(found)))) if len(found) == 1 else None


def _name_presented_caption_clips(text: str, sentences: list[Sentence], pieces: list[_Piece]) -> None:
    """Captions: a played clip whose cue presents a person by name (:func:`_caption_presented_name`)
    speaks as that person: the dialogue turns of the clip nothing else names, unless a turn
    writes a word of that name itself (it is spoken to or of, not by them)."""
    names = _CaptionNames(text)
    order = sorted(range(len(pieces)), key=lambda k: pieces[k].start)
    starts = [pieces[k].start for k in order]
    for i, s in enumerate(sentences):
        if not s.played or s.presented is None or (i and sentences[i - 1].played):
            continue
        name = _caption_presented_name(names, *s.presented)
        if name is None:
            continue
        j = i
        while j < len(sentences) and sentences[j].played and sentences[j].state == 1:
            j += 1
        clip_end = sentences[j - 1].end
        turns = [pieces[order[k]] for k in range(bisect.bisect_left(starts, s.start), bisect.bisect_left(starts, clip_end))
                 if pieces[order[k]].kind == "dialogue"]
        own = set(name.lower().split())
        if turns and all(p.speaker is None and own.isdisjoint(w for w, _ in _word_spans(text, p.start, p.end))
                         for p in turns):
            for p in turns:
                p.speaker = name


_PRESENTED_GOES_ON = regex.compile(r"(?i)\s*(?:he|she|he['’]s|she['’]s|his|her)(?![\p{L}'’])")  # the person presented, in the third person
_PRESENTER_OPENER = regex.compile(r"(?i)\W*(?:so|okay|ok|alright|all\s+right|anyway|anyways|look)(?![\p{L}'’])")
_IDENTIFIES = regex.compile(r"\s*That(?:['’]s|\s+(?:is|was))\s+(?:\p{Lu}|the\s+(?:\p{Ll}+\s+)?(?:%s)\b)"
                           % "|".join(sorted(person_roles())))  # "That was Councilman Reed.", "That's the mayor, …"
_PRESENTER_WORDS = frozenset("okay ok alright anyway anyways".split())  # captions: the presenter's, anywhere in a line
_FIRST_SINGULAR = frozenset("i i'm i've i'd i'll me my mine myself".split())
_SECOND = frozenset("you you're you've you'd you'll your yours yourself".split())
ECHO_WORDS = 3  # the words of the clip that a presenter's reaction repeats ("No evidence of a design defect.")
ECHO_WORDS_UNPUNCTUATED = 3  # (captions: a line holds parts of two sentences; the words may start in the line before)


# captions: the presenter's reaction between a clip and the word where their voice comes back
# ("… we'll figure it out | he doesn't think about it | okay sure …", "… pushed for it | that
# was the whole vote right there | if you were …", "… during the season | full support | you
# know …"): a stretch of at most REACTION_MAX_WORDS words right before that word, after a clip
# that speaks in the first person for REACTION_MIN_CLIP_WORDS words or more, with no first
# person in it, that opens with the speaker of the clip in the third person ("he", "her"), in
# a form the clip has not used and with no person named just before it in the clip
# (:func:`_antecedent_before`); with "that was" the clip has not said, not after "and", "but"
# (the clip's own clause), "that's a …" or "that's … talking" (the clip, referred back to),
# "you heard him", "did you catch …"; or two words of the clip again, neither a function
# word, right before that return ("… no plans to cut hours | fully funded | you might want …")
REACTION_MAX_WORDS = 16
REACTION_MIN_CLIP_WORDS = 6
_HE = frozenset("he he's he'd he'll him his himself".split())
_SHE = frozenset("she she's she'd she'll her hers herself".split())
_FIRST_PERSON = _FIRST_SINGULAR | frozenset("we we're we've we'd we'll us our ours ourselves".split())
_SPEAKING_BACK = frozenset("talking speaking saying".split())  # "that's a nineteen-year-old talking like a captain"
SPEAKING_BACK_WORDS = 5  # ... at most this many words after "that's"
_HEARD_IT = frozenset(tuple(p.split()) for p in (  # the audience asked back to the clip ("you heard him")
    "you heard him", "you heard her", "you heard that", "you heard it", "you heard them", "you heard right",
    "did you hear", "did you catch"))


_CLAUSE_JOINERS = frozenset("and but so because cause".split())
ANTECEDENT_WORDS = 6  # the clip's words before a "he" or "she" that may name whom it means
_POSSESSIVE_DETERMINERS = frozenset("my our your his her their".split())
# the endings of a noun of a quality, a state or an act, never a person ("your patience", "our
# decision", "my happiness")
_ABSTRACT_ENDINGS = ("ence", "ance", "ness", "ment", "tion", "sion", "ity", "ship", "dom", "ism", "hood")


def _abstract_noun(w: str) -> bool:
    """Whether ``w`` reads as a noun of a quality, a state or an act by its ending
    ("patience", "attention", "kindness", "agreement", "ability"), which no person is."""
    return len(w) >= 6 and w.endswith(_ABSTRACT_ENDINGS)


NAMED_ANTECEDENT_WORDS = 12  # the clip's words before a "he" or "she" where a name alone may name whom it means


def _antecedent_before(said: list[str]) -> bool:
    """Whether the clip's last ANTECEDENT_WORDS words ``said`` name a person a "he" or "she"
    after them may mean in the clip's own voice: a role or a people noun, or a noun after a
    possessive that may be a person's ("our quarterback was unbelievable | he
    made every throw", "my dad worked there thirty years | he never missed a day"; not
    "i'm asking for your patience tonight | she said that …", :func:`_abstract_noun`); or
    whether its last NAMED_ANTECEDENT_WORDS words name one by name alone
    (:func:`_named_in_clip`: "i spoke with mike chen from the landlord's office and | he said …")."""
    roles = _presented_roles()
    last = said[-ANTECEDENT_WORDS:]
    return any(w in roles or n and last[n - 1] in _POSSESSIVE_DETERMINERS and w not in _STOP and not _abstract_noun(w)
               for n, w in enumerate(last)) or _named_in_clip(said[-NAMED_ANTECEDENT_WORDS:])


def _named_in_clip(words: list[str]) -> bool:
    """Captions: whether ``words`` (a clip's) hold a person's name of two words or three
    (:func:`_caption_name`, "mike chen", "maria gonzalez") with no article, determiner or
    owner before it (a thing's name has one: "the tesla cybertruck", "our covid vaccines"), the
    first no common word, the last no head of a place's or a body's name ("boston college"),
    and none of them a plural noun (:func:`_plural_noun`: "solar panels", "electric buses",
    "new lidar scanners" are things)."""
    for n in range(len(words) - 1):
        if n and (words[n - 1] in _DETERMINER or words[n - 1].endswith(("'s", "s'"))):
            continue
        end = _caption_name(words, n)
        if end >= n + 2 and read_as_a_person(words[n:end]) and not any(_plural_noun(w) for w in words[n:end]):
            return True
    return False


PLURAL_STEM_MIN_ZIPF = 3.0  # the singular of a plural noun is a word of the list


def _plural_noun(w: str) -> bool:
    """Whether ``w`` reads as a plural noun: it ends in "s" (not "ss", "us", "is") and its
    singular is a word ("panels", "buses", "batteries", "loaves"; not "james", "jones"). Some
    surnames read so too ("Banks", "Woods"): such a name is not taken for one."""
    if len(w) < 4 or not w.endswith("s") or w.endswith(("ss", "us", "is")):
        return False
    singulars = [w[:-1]] + ([w[:-2]] if w.endswith(("ses", "xes", "zes", "ches", "shes", "oes")) else []) \
        + ([w[:-3] + "y"] if w.endswith("ies") else []) + ([w[:-3] + "f", w[:-3] + "fe"] if w.endswith("ves") else [])
    return any(len(c) >= 3 and zipf(c) >= PLURAL_STEM_MIN_ZIPF for c in singulars)


def _reaction_start(words: list[str], back: int) -> int | None:
    """Captions: where the presenter's reaction starts among ``words`` (a played clip's words
    from its first, then the presenter's) before ``back``, the index of the word where the
    presenter's voice comes back (see the constants above); None where no stretch reads so."""
    first = max(REACTION_MIN_CLIP_WORDS, back - REACTION_MAX_WORDS)
    for k in range(first, back - 1):
        if not _FIRST_PERSON.isdisjoint(words[k:back]):
            continue
        said = words[:k]
        if _FIRST_PERSON.isdisjoint(said):
            continue  # (a clip in the first person: its speaker is "I" or "we", the presenter's "he")
        w = words[k]
        family = _HE if w in _HE else _SHE if w in _SHE else None
        if family is not None and family.isdisjoint(said) and not _antecedent_before(said):
            return k
        if w == "that" and words[k + 1] == "was" and ("that", "was") not in zip(said, said[1:]) \
                and words[k - 1] not in _CLAUSE_JOINERS:
            return k  # (not "… we gave everything out there and that was the best effort": the clip's own clause)
        if w == "that's" and "that's" not in said and (words[k + 1] in ("a", "an") or not _SPEAKING_BACK.isdisjoint(
                words[k + 1:min(back, k + 1 + SPEAKING_BACK_WORDS)])):
            return k
        if w in ("you", "did") and tuple(words[k:k + 3]) in _HEARD_IT and not {"heard", "hear", "catch"} & set(said):
            return k
        pair = tuple(words[k:k + 2])
        if k + 2 == back and not any(p in _STOP for p in pair) and pair in set(zip(said, said[1:])):
            return k  # (right before the presenter's return only: a speaker says two words of
            # their own again as they go on, "we want safe streets and we deserve safe streets for …")
    return None


# captions: a played clip's own "i" or "you" after a stretch without it ("this budget makes the
# largest investment in our public schools … | i want to thank every member who stayed at the
# table | notice what she didn't mention …", "… then we | you can't do that at this level you
# get punished | he's being generous there …"): the word where the presenter's voice seems to
# come back, where no reaction stands before it (:func:`_reaction_start`) but, OWN_VOICE_MIN_WORDS
# to OWN_VOICE_MAX_WORDS words on, the presenter reacts to the clip's speaker in the third
# person: "he" or "she" (a subject's form) that neither the clip nor its "i"/"you" stretch has
# used, with no person named just before it (:func:`_antecedent_before`), and not inside the
# stretch's own sentence (the word before it none that brings in a clause, nor an object pronoun
# after a verb of telling: "i think she's dodging it", "i have to say he's", "i told you he's";
# "… every one of them | yeah she's earned that" is a new one); perhaps after
# a call to notice ("notice what she …", "see how he …") or an interjection ("yeah he's not
# wrong"). The clip, in the first person, goes on to there; the presenter's words ("okay",
# "anyway") in the stretch end it as before.
OWN_VOICE_MIN_WORDS = 5
OWN_VOICE_MAX_WORDS = 20
_HE_SHE_SUBJECT = frozenset("he he's he'd he'll she she's she'd she'll".split())
_SAME_SENTENCE = frozenset("""
that how what why if whether because cause since when while and but so or as like
think thought say said says mean guess know knew bet feel felt agree believe hope hear heard see saw tell told
honestly sure is was are were be not just i we they
""".split())
_TOLD = frozenset("tell told telling promise promised assure assured bet show showed remind reminded warn warned".split())
_OBJECT_PRONOUNS = frozenset("you me us him them".split())  # after _TOLD: "i told you he's …", one sentence
_NOTICE = frozenset("notice see look watch listen remember".split())
_INTERJECTIONS = frozenset("yeah yep wow".split())


def _own_voice_goes_on(words: list[str], at: int) -> int | None:
    """Captions: where the presenter's reaction starts among ``words`` (a played clip's words
    from its first, then the words after it) where the word ``at``, an "i" or "you" the clip has
    not said, is still the clip's own (see the constants above); None where it reads as the
    presenter's."""
    said = words[:at]
    if len(said) < REACTION_MIN_CLIP_WORDS or _FIRST_PERSON.isdisjoint(said):
        return None
    for k in range(at + 1, min(len(words), at + OWN_VOICE_MAX_WORDS + 1)):
        w = words[k]
        if w in _PRESENTER_WORDS:
            return None  # ("… i love it anyway drop your predictions below")
        if w not in _HE_SHE_SUBJECT:
            continue
        family = _HE if w in _HE else _SHE
        if not family.isdisjoint(words[:k]) or _antecedent_before(words[:k]):
            return None
        start = k
        if words[k - 1] in ("what", "how") and words[k - 2] in _NOTICE:
            start = k - 2
        elif words[k - 1] in _NOTICE:
            start = k - 1
        if words[start - 1] in _INTERJECTIONS:
            start -= 1
        if words[start - 1] in _SAME_SENTENCE or start - at < OWN_VOICE_MIN_WORDS \
                or words[start - 1] in _OBJECT_PRONOUNS and words[start - 2] in _TOLD:
            return None
        return start
    return None


def _grams(words: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(words[k:k + n]) for k in range(len(words) - n + 1) if not all(w in _STOP for w in words[k:k + n])}


# captions: a word after which an "i" or "you" goes on the same clause, a relative clause
# without its "that" ("that's all | i can share at this time", "everything you need"): the
# clip's own words, not the presenter's voice coming back
_CONTACT_RELATIVE_HEADS = frozenset("all everything anything something nothing what whatever".split())


_BE_BEFORE_HEAD = frozenset("is was are were be been".split())  # "that is everything | you need"


def _opens_its_clause(words: list[str], h: int) -> bool:
    """Captions: whether ``words[h]``, a head of :data:`_CONTACT_RELATIVE_HEADS`, opens a
    sentence of its own: it comes after no form of "be" ("that's", "is") and no "here"."""
    return words[h] in _CONTACT_RELATIVE_HEADS and not (
        h and (words[h - 1] in _BE_BEFORE_HEAD or words[h - 1].endswith("'s") or words[h - 1] == "here"))


def _in_contact_relative(words: list[str], k: int) -> bool:
    """Captions: whether ``words[k]`` ("i", "you") goes on a clause the word before it opens
    (:data:`_CONTACT_RELATIVE_HEADS`) after a form of "be" ("that's all | i can share", "that
    is everything | you need"), where that word is no presenter's own after "here's" or "this
    is" ("here's what i keep coming back to"). A head after any other word may open a sentence
    of its own, the presenter's ("… our money this year | what you should know is …", "… crews
    are out now | all you need to do tonight is …")."""
    if k < 2 or words[k - 1] not in _CONTACT_RELATIVE_HEADS \
            or not (words[k - 2] in _BE_BEFORE_HEAD or words[k - 2].endswith("'s")):
        return False
    before = tuple(words[max(0, k - 3):k - 1])
    return not (before[-1:] == ("here's",) or before[-2:] in (("here", "is"), ("this", "is")))


def _presenter_returns(text: str, unit: list[Sentence], spans: list[tuple[str, int]], clip: list[tuple[str, int]],
                       punctuated: bool) -> int | None:
    """Where the presenter's voice comes back in ``unit`` (a paragraph, or a sentence or a
    caption line; ``spans``: its words, :func:`_word_spans`) after a played clip whose words
    so far are ``clip`` (each with where it starts), or None: a sentence opens with the presenter's "So", "Okay", "Look", "Anyway"
    (in captions "okay", "anyway" anywhere); it says "I" or "you" where the clip has not (in
    captions not right after "all", "what" and the like after "that's", "is": the clip's own
    clause, "that's all | i can share at this time"; from such a word that opens a sentence of
    its own, :func:`_opens_its_clause`: "… this year | what you should know is …"); or
    it repeats words of the clip (ECHO_WORDS in a row, in its first sentence: "More details
    in the coming weeks."; in captions ECHO_WORDS_UNPUNCTUATED, perhaps from the line
    before: "… we decided it in the open | in the open sure at eleven at night"); "That was
    Councilman Reed." (punctuated). In punctuated text the place is the unit's start; in captions the word where
    the first of these starts."""
    said = {w for w, _ in clip}
    found = []
    for words in (_FIRST_SINGULAR, _SECOND):
        if words.isdisjoint(said):
            k = next((k for k, (w, _) in enumerate(spans) if w in words), None)
            if k is None:
                continue
            if punctuated:
                found.append(spans[k][1])
                continue
            joined = [w for w, _ in clip + spans]
            if not _in_contact_relative(joined, len(clip) + k):
                # (from the word that opens its clause, where that is right before it and opens
                # a sentence: "… this year | what you should know is …"; not "here's | what i …")
                head = k and _opens_its_clause(joined, len(clip) + k - 1)
                found.append(spans[k - 1][1] if head else spans[k][1])
    if punctuated:
        first = [w for w, _ in _word_spans(text, unit[0].start, unit[0].end)]
        if found or any(_PRESENTER_OPENER.match(text, s.start, s.end) or _IDENTIFIES.match(text, s.start, s.end)
                        for s in unit) \
                or not _grams(first, ECHO_WORDS).isdisjoint(_grams([w for w, _ in clip], ECHO_WORDS)):
            return unit[0].start
        return None
    found += [p for w, p in spans if w in _PRESENTER_WORDS][:1]
    # (a caption line: the words repeated may start in the line before it)
    n = ECHO_WORDS_UNPUNCTUATED
    stream = [w for w, _ in clip + spans]
    first_at: dict[tuple[str, ...], int] = {}  # each run of n words -> where it first stands
    for k in range(len(stream) - n + 1):
        gram = tuple(stream[k:k + n])
        if k >= len(clip) - n + 1 and k >= first_at.get(gram, k) + n and not all(w in _STOP for w in gram):
            found.append((clip + spans)[k][1])  # (said before, and not overlapping itself)
            break
        first_at.setdefault(gram, k)
    return min(found) if found else None


def _word_spans(text: str, start: int, end: int) -> list[tuple[str, int]]:
    """The words of ``[start, end)``, lowercased, each with where it starts."""
    return [(t.group().lower().replace("’", "'"), t.start()) for t in WORD_SPAN.finditer(text, start, end)]


def _played_clips(text: str, sentences: list[Sentence], punctuated: bool, people: People) -> list[Sentence]:
    """A presenter's clips (:func:`_plays_clip`, :func:`_played_after_cue`), labelled in
    place: the sentence with the cue is the presenter's; the clip runs from the sentence
    after it (in captions from the words it brings in) over the paragraphs after it, where
    the text's lines mean something, else over its sentences or caption lines, until the
    presenter's voice comes back (:func:`_presenter_returns`), another cue, a heading, a
    quote, a label or a marker, at most PLAYED_MAX_WORDS words; a clip that holds no mark of
    speech at all (after "Listen to this.", none but the plain ones), or that opens with
    "he" or "she" (the presenter going on about the person it shows: "Here's my friend Sam
    at his bread stand." | "He's been baking since four …"), is no clip. In a
    document that plays clips so, the presenter's own "I" and "you" elsewhere (a run of clip
    sentences that nothing brings in, no name just before it) are narration."""
    cues: dict[int, int] = {}  # the first sentence of a played clip -> how plainly its cue says so
    presented: dict[int, tuple[int, int]] = {}  # ... -> where its cue's words present the clip's person
    if punctuated:
        clip_cue = _memoized(_clip_cue)
        plain = [(s.forced is None and not s.heading and not s.quotes and not s.label) for s in sentences]
        for i in range(len(sentences) - 1):
            if plain[i] and plain[i + 1] and not any("greeting_or_closing" in t.evidence for t in sentences[max(0, i - 1):i + 1]):
                # (not after a greeting: "Good morning. This is the operator at …", a speaker of its own)
                kind, person = clip_cue(text[sentences[i].start:sentences[i].end])
                if kind:
                    cues[i + 1] = kind
                    if person is not None:
                        presented[i + 1] = (sentences[i].start + person[0], sentences[i].start + person[1])
        # a cue right before another cue ("I want you to hear this in his own words …" | "This
        # is the mayor on Monday, …"): the later one plays the clip
        for i in [i for i in cues if i + 1 in cues]:
            del cues[i]
    else:
        cues = {i: s.cued for i, s in enumerate(sentences) if s.cued and i}
        presented = {i: sentences[i].presented for i in cues if sentences[i].presented is not None}
    if not cues:
        return sentences
    cue_sentences = {i - 1 for i in cues} if punctuated else {i for i, s in enumerate(sentences) if s.cue}
    paragraphs = punctuated and any(s.boundary in ("paragraph", "line") for s in sentences[1:])
    n = len(sentences)

    def unit_end(k: int) -> int:
        m = k + 1
        while paragraphs and m < n and sentences[m].boundary in ("sentence", "continue"):
            m += 1
        return m

    def closed(s: Sentence) -> bool:
        return s.forced is not None or s.heading or bool(s.quotes) or bool(s.label) or s.boundary == "marker"

    played = False
    split: dict[int, int] = {}  # captions: a sentence the presenter comes back in -> where
    for i, kind in sorted(cues.items()):
        j = unit_end(i)
        clip = _word_spans(text, sentences[i].start, sentences[j - 1].end)
        while j < n and len(clip) < PLAYED_MAX_WORDS:
            m = unit_end(j)
            unit = sentences[j:m]
            if any(k in cues or k in cue_sentences or closed(sentences[k]) for k in range(j, m)):
                break
            if paragraphs and not (text[sentences[j - 1].start:sentences[j - 1].end].rstrip().endswith("?")
                                   or any(text[t.start:t.end].rstrip().endswith("?") for t in unit)):
                break  # a clip goes on over its paragraph's end as an exchange: a question, or its answer
            if punctuated and not paragraphs and _no_speech_marks(unit):
                break  # text without paragraphs: a sentence with no mark of speech at all is the presenter's telling
            spans = _word_spans(text, unit[0].start, unit[-1].end)
            back = _presenter_returns(text, unit, spans, clip, punctuated)
            if back is not None:
                if not punctuated:
                    # the presenter's reaction before it ("… we'll figure it out | he doesn't
                    # think about it | okay sure …") is the presenter's too
                    stream = clip + spans
                    at = next(k for k, (_, p) in enumerate(stream) if p >= back)
                    react = _reaction_start([w for w, _ in stream], at)
                    if react is not None:
                        back = stream[react][1]
                    elif stream[at][0] in _FIRST_SINGULAR or stream[at][0] in _SECOND:
                        # the clip's own "i" or "you", where the presenter reacts to its
                        # speaker a few words on: the clip goes on to there (the lines after
                        # this one, up to a cue or a closed sentence, read ahead)
                        ahead, e = [], m
                        while e < n and len(stream) + len(ahead) - at <= OWN_VOICE_MAX_WORDS + 2 \
                                and not (e in cues or e in cue_sentences or closed(sentences[e])):
                            ahead += _word_spans(text, sentences[e].start, sentences[e].end)
                            e += 1
                        goes_on = _own_voice_goes_on([w for w, _ in stream + ahead], at)
                        if goes_on is not None:
                            back = (stream + ahead)[goes_on][1]
                            while m < e and sentences[m - 1].end <= back:
                                m += 1
                    # the clip takes the words of the line before the presenter's
                    k = next(k for k in range(i, m) if sentences[k].end > back)
                    if sentences[k].start < back:
                        split[k] = back
                    if react is not None:
                        for t in sentences[k + 1:m]:
                            t.state = 0  # (the lines of the reaction and the one the presenter comes back in)
                    elif sentences[k].start >= back and sentences[k].forced is None:
                        sentences[k].state = 0  # (a line the presenter's voice opens is theirs: "okay so what changes …")
                    j = k + 1 if sentences[k].start < back else k
                break
            clip += spans
            j = m
        run = sentences[i:j]
        if any(closed(s) for s in run):
            run = run[:next(k for k, s in enumerate(run) if closed(s))]
        marks = _NOT_SPEECH_MARKS if kind == 2 else _NOT_SPEECH_MARKS | _PLAIN_FEATURES
        if not run or _no_speech_marks(run, marks) \
                or _PRESENTED_GOES_ON.match(text, run[0].start, run[0].end):
            split.pop(j - 1, None)
            # "Listen to this." | "In 2011 the state offered …", "Here's my friend Sam at his bread
            # stand." | "He's been baking since four …": the presenter tells it
            continue
        for s in run:
            s.state, s.played, s.introduced = 1, True, True
        run[0].presented = presented.get(i)
        played = True
    if not played:
        return sentences
    if split:
        out = []
        for k, s in enumerate(sentences):
            if k not in split or not s.played:
                out.append(s)
                continue
            rest = Sentence(split[k], s.end, "continue", s.block)
            rest.start, rest.end = _trim(text, rest.start, rest.end)
            s.end = _trim(text, s.start, split[k])[1]
            for part in (s, rest):
                part.words = len(text[part.start:part.end].split())
                part.score, part.evidence = register_score(text[part.start:part.end])
            s.state, rest.state = 1, 0
            out.extend((s, rest))
        cue_sentences = {id(sentences[k]) for k in cue_sentences}
        sentences[:] = out
        cue_sentences = {k for k, s in enumerate(sentences) if id(s) in cue_sentences}
        n = len(sentences)
    for k in cue_sentences:
        if not sentences[k].played and sentences[k].forced is None:
            sentences[k].state = 0
    i = 0
    while i < n:  # the runs of clip sentences outside the played clips (one may go on from a clip's end)
        if sentences[i].state != 1 or sentences[i].played:
            i += 1
            continue
        j = i
        while j < n and sentences[j].state == 1 and not sentences[j].played:
            j += 1
        run = sentences[i:j]
        own = not any(s.introduced or s.forced is not None or s.label or s.boundary == "marker" for s in run) \
            and any(s.evidence.get("first_person_singular", 0.0) > 0 or s.evidence.get("second_person", 0.0) > 0
                    for s in run)
        if own and punctuated and i and not sentences[i - 1].played \
                and not _IDENTIFIES.match(text, sentences[i - 1].start, sentences[i - 1].end) \
                and _names_a_person_in(people, text, sentences[i - 1].start, sentences[i - 1].end):
            own = False  # "Ruth Hollis was nine years old when the letters came." | "I remember …"
        if not own and not punctuated and 0 < i and not sentences[i - 1].played:
            # captions: a run right after the presenter's return from a played clip, that
            # repeats ECHO_WORDS_UNPUNCTUATED words of the clip in a row, is the presenter
            # going back over it ("… you get punished | he's being generous there | we were
            # not the better side for seventy minutes …")
            c = i - 1
            while c >= 0 and not sentences[c].played and i - c <= 2:
                c -= 1
            if c >= 0 and sentences[c].played:
                b = c
                while b > 0 and sentences[b - 1].played:
                    b -= 1
                n_echo = ECHO_WORDS_UNPUNCTUATED
                played_words = [w for w, _ in _word_spans(text, sentences[b].start, sentences[c].end)]
                run_words = [w for w, _ in _word_spans(text, run[0].start, run[-1].end)]
                own = not _grams(run_words, n_echo).isdisjoint(_grams(played_words, n_echo))
        if own:
            for s in run:
                s.state = 0
        i = j
    return sentences


BROUGHT_IN_MAX_SENTENCES = 4  # the sentences after a person's name that may be their clip
_PERSONAL = ("first_person_singular", "first_person_plural", "second_person")


def _subject_is_a_name(people: People, text: str, start: int, end: int) -> bool:
    """Whether the sentence ``[start, end)`` opens with a name as its subject, the words
    before its first mention all capitalized ("Dana Whitfield lived …", "Coach Ray Delgado
    arrived …"; not "The railroad reached Millbrook …")."""
    for k in mentions_in(people, start, end):
        opening = text[start:people.mentions[k].start].split()
        return all(w[:1].isupper() and w.lower() not in _DETERMINER for w in opening)
    return False


def _brought_in_by_name(text: str, sentences: list[Sentence], people: People) -> set[int]:
    """The sentences (their ``id``) that may be someone else's voice rather than the
    narrator's: those in the first or second person in the run of up to
    BROUGHT_IN_MAX_SENTENCES after a sentence of the narration in the third person that opens
    with a name as its subject (:func:`_subject_is_a_name`: "Dana Whitfield lived at the end
    of a dirt road …" | "I grabbed the kids …") or brings in words to come (a lead-in, "He
    told us the wind that day …"), in its paragraph. A narrator's own "I" ("I first came here on a
    school trip") comes anywhere; a clip's right after the sentence that names its speaker,
    so these say nothing of whether the narrator speaks in the first person
    (:func:`_narrators_asides`)."""
    out: set[int] = set()
    for i, s in enumerate(sentences):
        if s.forced is not None or s.heading or s.quotes or s.label \
                or any(s.evidence.get(name, 0.0) > 0 for name in _PERSONAL):
            continue  # (the narrator's own "I grew up a mile from Lock Seven": no one else brought in)
        if "lead_in" not in s.evidence and not _subject_is_a_name(people, text, s.start, s.end):
            continue
        for t in sentences[i + 1:i + 1 + BROUGHT_IN_MAX_SENTENCES]:
            if t.boundary not in ("sentence", "continue") or t.forced is not None:
                break
            if any(t.evidence.get(name, 0.0) > 0 for name in _PERSONAL):
                out.add(id(t))
    return out


# the register features that tell only who speaks and when (a narrator's aside has them as a
# clip does: "I went back last summer", "You might think …"), not how: a clip run with no other
# feature of speech sounds as the narration does
_PLAIN_FEATURES = frozenset("""
first_person_singular first_person_plural second_person pronoun_contraction present_tense short
approximate_count time_deixis
""".split())
ASIDE_CONTEXT_WORDS = 12  # unpunctuated text: the words before a run that may bring in its voice (a line and a half)
ASIDE_ATTRIBUTION_WORDS = 4  # the words after a run where its speaker may be named ("…, said the mayor", "That's Rosa Diaz")
# unpunctuated text, where no capital shows a name ("ruth hollis was nine years old when the letters
# came | i remember …"): the runs it takes, so that one that comes back is the narrator's own "i"
ASIDE_MIN_RUNS_UNPUNCTUATED = 2
ASIDE_MAX_SHARE = 1 / 3  # the runs, together, hold at most this share of the document's words
_THIRD_PERSON = frozenset("he she him her his hers himself herself".split())  # (not "they": things, as often)
# the discourse markers that are a first person's memory or view, as a narrator's aside has them ("i
# remember the sound of the planks"), not talk's filler ("you know", "i mean", "kind of")
_STANCE_MARKER = regex.compile(r"(?i)\bi\s+(?:remember|think)\b")
_DISCOURSE_MARKER_WEIGHT = 0.6  # (register.json's)
_INTRODUCING = frozenset("named called this that's".split())  # "a nurse named …", "this is the mayor", "that's Rosa Diaz"


def _introduces_a_voice(words: list[str]) -> bool:
    """Whether these words (the narration just before a run of clip sentences) bring in
    someone who could speak it: a person in the third person ("she", "his son"), a role or
    people noun ("the engineer", "residents"), a verb of saying ("told us", "recalls"), a name
    given ("a nurse named …", "this is the mayor", "that's Rosa Diaz")."""
    roles = person_roles()
    for w in words:
        if (w in _THIRD_PERSON or w in CLIP_INTRO_VERBS or w in _REPORTED_SPEECH_VERBS or w in _INTRODUCING
                or w in _PEOPLE_NOUNS or w in roles or w.removesuffix("s") in roles):
            return True
    return False


_ARTICLES = frozenset("the a an this that these those".split())


def _names_a_person_in(people: People, text: str, start: int, end: int) -> bool:
    """Whether the sentence ``[start, end)`` of the text names a person: a name the document
    writes as a person's (:func:`~pipeline.speakers.person_name`: "Captain Luis Moreno"), or
    any name as its subject, the words it starts with, all capitalized ("Whitfield is one of
    them.", "Ruth Hollis was nine years old when the letters came.": a sentence's first word
    is no mention of its own)."""
    for k in mentions_in(people, start, end):
        ahead = text[max(start, people.mentions[k].start - 12):people.mentions[k].start].split()
        if ahead and ahead[-1].lower() in _ARTICLES:
            continue  # "The Hadley orchard", "the Hadley family": a thing or a family of that name
        if person_name(people, k) is not None:
            return True
        opening = text[start:people.mentions[k].start].split()
        if all(w[:1].isupper() and w.lower() not in _DETERMINER for w in opening):
            return True  # (not "The Hadley orchard has grown apples …": a thing of that name)
    return False


def _plain(evidence: dict[str, float], words: str) -> bool:
    """Whether the register ``evidence`` of ``words`` holds no mark of speech but
    :data:`_PLAIN_FEATURES` and "i remember"/"i think" (:data:`_STANCE_MARKER`)."""
    for name, w in evidence.items():
        if w <= 0 or name in _PLAIN_FEATURES:
            continue
        if name == "discourse_marker" and w <= _DISCOURSE_MARKER_WEIGHT * len(_STANCE_MARKER.findall(words)) + 1e-9:
            continue
        return False
    return True


def _narrators_asides(text: str, sentences: list[Sentence], punctuated: bool, people: People | None = None) -> None:
    """The narrator's own asides in the first person (or to "you") in a document no other
    voice speaks, made narration: where every run of clip sentences is plain
    (:data:`_PLAIN_FEATURES` and "i remember"/"i think" its only marks of speech: no
    question, disfluency, interjection, spoken grammar; nothing forced, no label, no marker),
    none is brought in by the narration (no person's name in the sentence before it, nor a
    name as that sentence's subject; nothing :func:`_introduces_a_voice` in that sentence, or
    in the ASIDE_CONTEXT_WORDS words before the run in unpunctuated text; no verb of saying,
    "this" or "that's" in the ASIDE_ATTRIBUTION_WORDS words after it) and together they hold
    at most ASIDE_MAX_SHARE of the words ("… the only way across the river for thirty miles |
    i first crossed it as a boy …"); in unpunctuated text, where no capital shows a name, only
    where there are ASIDE_MIN_RUNS_UNPUNCTUATED runs or more (the narrator's "i" comes back:
    one run alone may be a clip whose speaker a name in lowercase brought in). A clip is someone else's voice cut in: a documentary
    brings its speakers in, and a trailer's unannounced clips carry speech's other marks. One
    run brought in or marked as speech keeps every run a clip: the document has clips, and a
    plain run among them may be one too."""
    if any(s.label or s.forced == 1 or s.boundary == "marker" for s in sentences):
        return
    runs = [(i, j) for i, j, _ in _clip_runs(sentences)]
    if len(runs) < (1 if punctuated else ASIDE_MIN_RUNS_UNPUNCTUATED):
        return
    total = sum(s.words for s in sentences)
    if sum(s.words for i, j in runs for s in sentences[i:j]) <= ASIDE_MAX_SHARE * total \
            and all(_aside(text, sentences, i, j, punctuated, people) for i, j in runs):
        for i, j in runs:
            for s in sentences[i:j]:
                s.state = 0
        return
    if not punctuated:
        # captions whose clips a lead-in brings in ("her son daniel remembers the winter they
        # almost sold" | "we had the papers …"): the other runs are still the narrator's
        # asides where they are so (ASIDE_MIN_RUNS_UNPUNCTUATED of them or more, all plain
        # and none brought in, at most ASIDE_MAX_SHARE of the words)
        others = [(i, j) for i, j in runs if not (sentences[i].introduced and i and sentences[i - 1].leads_in)]
        if ASIDE_MIN_RUNS_UNPUNCTUATED <= len(others) < len(runs) \
                and sum(s.words for i, j in others for s in sentences[i:j]) <= ASIDE_MAX_SHARE * total \
                and all(_aside(text, sentences, i, j, punctuated, people) for i, j in others):
            for i, j in others:
                for s in sentences[i:j]:
                    s.state = 0
        return
    if people is None:
        return
    # a document with clips: an aside in the first person singular is still the narrator's
    # where its narration says "I" elsewhere too, away from the sentences a name brings in
    # ("I first came here on a school trip …" | … | "When I went back last fall, …"): the
    # narrator's "I" comes anywhere, a clip's right after the sentence that names its speaker.
    # So is the part of a run from a paragraph it runs on into ("… go back out on the reef." ¶
    # "When I returned in March, …"): the clip ended with its paragraph.
    if not any(s.introduced and s.state == 1 for s in sentences):
        return  # (a document that brings its clips in: not a call's or a vlog's many "I"s, all speech)
    brought_in = _brought_in_by_name(text, sentences, people)
    if not any(s.state == 0 and id(s) not in brought_in and s.evidence.get("first_person_singular", 0.0) > 0
               and not s.heading and s.forced is None for s in sentences):
        return
    for i, j in runs:
        cuts = [k for k in range(i + 1, j) if sentences[k].boundary == "paragraph"]
        for a, b in zip([i] + cuts, cuts + [j]):
            if (a == i and b < j) or not any(s.evidence.get("first_person_singular", 0.0) > 0 for s in sentences[a:b]):
                continue  # (a run's first part is its own aside only where it is the whole run)
            if not any(s.played for s in sentences[a:b]) and _aside(text, sentences, a, b, punctuated, people):
                for s in sentences[a:b]:
                    s.state = 0


FIRST_PERSON_NARRATOR_SHARE = 0.3  # the narrator's sentences in the first person: this many, and it speaks so throughout


def _first_person_narrators_introductions(text: str, sentences: list[Sentence], people: People) -> None:
    """In a document whose narration speaks in the first person throughout (at least
    FIRST_PERSON_NARRATOR_SHARE of the narrator's sentences, away from those a name or a
    lead-in brings in, say "I" or "we", not only a crew's "us" or "our": a travel diary, a
    vlog), a run of clip sentences that a lead-in alone brought in and that has no mark of
    speech but the first person and the like (:data:`_PLAIN_FEATURES`) is the narrator going
    on ("My grandmother grew up two hours north of here. She still remembers the trains to
    the coast every summer." | "I never asked her much about it when I was young."):
    narration. Nothing where labels, markers or forced turns speak for the voices."""
    if any(s.label or s.forced == 1 or s.boundary == "marker" for s in sentences):
        return
    runs = [(i, j) for i, j, _ in _clip_runs(sentences) if sentences[i].introduced]
    if not runs:
        return
    brought_in = _brought_in_by_name(text, sentences, people)
    narration = [s for s in sentences if s.state == 0 and not s.heading and s.forced is None and id(s) not in brought_in]
    first = sum(1 for s in narration if s.evidence.get("first_person_singular", 0.0) > 0
                or s.evidence.get("first_person_plural", 0.0) > 0 and _narrator_level_score(text, s) == s.score)
    if not narration or first < FIRST_PERSON_NARRATOR_SHARE * len(narration):
        return
    for i, j in runs:
        run = sentences[i:j]
        if any(s.forced is not None or s.played for s in run):
            continue  # (a clip a presenter's cue plays: :func:`_played_clips` weighed its marks)
        if _no_speech_marks(run, _NOT_SPEECH_MARKS | _PLAIN_FEATURES):
            for s in run:
                s.state = 0


def _aside(text: str, sentences: list[Sentence], i: int, j: int, punctuated: bool, people: People | None) -> bool:
    """Whether the run of clip sentences ``[i, j)`` may be the narrator's own aside (see
    :func:`_narrators_asides`): plain, nothing forced, not introduced, nothing before it that
    brings in a voice and no attribution after it."""
    run = sentences[i:j]
    if run[0].introduced or any(s.forced is not None or s.played for s in run):
        return False
    # (each sentence, and the run's words as one: a caption line may cut a mark of speech
    # in two, "… i think we did you | know we never …")
    run_text = text[run[0].start:run[-1].end]
    for evidence, words in [(s.evidence, text[s.start:s.end]) for s in run] + [(register_score(run_text)[1], run_text)]:
        if not _plain(evidence, words):
            return False
    if punctuated:
        before = text[sentences[i - 1].start:sentences[i - 1].end] if i else ""
    else:
        before = " ".join(text[sentences[max(0, i - 3)].start:sentences[i].start].split()[-ASIDE_CONTEXT_WORDS:]) if i else ""
    after = words_of(text[sentences[j].start:sentences[min(len(sentences), j + 3) - 1].end])[:ASIDE_ATTRIBUTION_WORDS] \
        if j < len(sentences) else []
    if i and people is not None and _names_a_person_in(people, text, sentences[i - 1].start, sentences[i - 1].end):
        return False  # "Whitfield is one of them." (Dana Whitfield)
    if _introduces_a_voice(words_of(before)) or any(
            w in CLIP_INTRO_VERBS or w in _REPORTED_SPEECH_VERBS or w in _INTRODUCING for w in after):
        return False
    return True


def _greet_the_audience(sentences: list[Sentence], bias: float) -> None:
    """In a text without speakers' labels, the greeting that opens it ("Good evening.
    Tonight I want to talk about …") and the thanks that close it ("thank you all for
    coming") are its own voice addressing its audience, a lecturer's or a guide's: a run of
    clip sentences that holds such a greeting in the first sentence after the headings or in
    the last one, that no marker opens, is narration where it is weak (:func:`_unmarked_weak_clips`) without the
    greeting's weight in those sentences."""
    first = next((k for k, s in enumerate(sentences) if not s.heading), None)
    if first is None:
        return
    edges = {first, len(sentences) - 1}
    for i, j in _unmarked_weak_clips(sentences, bias, edges):
        if any(k in edges and "greeting_or_closing" in sentences[k].evidence for k in range(i, j)):
            for s in sentences[i:j]:
                s.state = 0


def _clip_runs(sentences: list[Sentence]):
    """Each run of clip sentences (state 1) as ``(start, end, cost)``: its indices, and what
    its two changes of voice cost (the full SWITCH_PENALTY at the text's edges, less where a
    marker or a sound event makes one cheaper)."""
    i = 0
    while i < len(sentences):
        if sentences[i].state != 1:
            i += 1
            continue
        j = i
        while j < len(sentences) and sentences[j].state == 1:
            j += 1
        cost = (SWITCH_PENALTY if i == 0 else _penalty(sentences[i], SWITCH_PENALTY)) \
            + (SWITCH_PENALTY if j == len(sentences) else _penalty(sentences[j], SWITCH_PENALTY))
        yield i, j, cost
        i = j


def _unmarked_weak_clips(sentences: list[Sentence], bias: float,
                         greeted: set[int] = frozenset()) -> list[tuple[int, int]]:
    """The runs of clip sentences (``(start, end)`` indices) that no marker opens and that
    are weak as :func:`_only_weak_clips` tells: none of their sentences forced, they gain no
    more over narration than their two changes of voice would cost (:func:`_clip_runs`).
    The sentences ``greeted`` (indices) count without their greeting's weight."""
    runs: list[tuple[int, int]] = []
    for i, j, cost in _clip_runs(sentences):
        gain = sum(s.score - bias - (s.evidence.get("greeting_or_closing", 0.0) if k in greeted else 0.0)
                   for k, s in enumerate(sentences[i:j], i))
        if sentences[i].boundary != "marker" and all(s.forced is None for s in sentences[i:j]) and gain <= cost:
            runs.append((i, j))
    return runs


def _only_weak_clips(sentences: list[Sentence], bias: float) -> bool:
    """Whether the labelling found clips and none of them is strong: each run of clip
    sentences (none of them forced) gains no more over narration than its two changes of
    voice would cost (:func:`_clip_runs`), as a clip in punctuated text must."""
    found = False
    for i, j, cost in _clip_runs(sentences):
        if any(s.forced is not None for s in sentences[i:j]) or sum(s.score - bias for s in sentences[i:j]) > cost:
            return False
        found = True
    return found


CREW_MAX_WE_SHARE = 0.3  # sentences in the first person plural: more, and the document speaks as "we"
_CREW_FIRST_PERSON = frozenset(("us", "our", "ours"))  # a reporter's crew as the object of others' doings
_OTHER_FIRST_PERSON = frozenset("i i'm i've i'd i'll me my mine we we're we've we'd we'll".split())


def _narrator_level_score(text: str, s: Sentence) -> float:
    """A narrator's sentence's score as its level counts it (:func:`_narrator_bias`): without
    the first person plural where that is only the object of others' doings, "us" or "our",
    with no other first person nor any other mark of speech (no present tense, no question:
    "He told us the wind that day …", "The company declined our request for an
    interview."): a reporter's crew, spoken of as a narrator of the third person
    speaks of those it meets, not the first person a vlogger speaks in throughout. Only in a
    document less than CREW_MAX_WE_SHARE of whose sentences say "we", "us" or "our"."""
    weight = s.evidence.get("first_person_plural")
    if not weight or not text:
        return s.score
    if any(w > 0 and name != "first_person_plural" for name, w in s.evidence.items()):
        return s.score  # (another mark of speech: "So what does that tell us?", "It tells us that …")
    words = set(words_of(text[s.start:s.end]))
    if words.isdisjoint(_CREW_FIRST_PERSON) or not words.isdisjoint(_OTHER_FIRST_PERSON):
        return s.score
    return s.score - weight


def _narrator_bias(scores: list[float], n: int) -> float:
    """The bias for a narrator whose sentences score ``scores``, in a document of ``n``
    sentences: BIAS, raised where the narrator speaks as its clips do (see
    NARRATOR_LEVEL_FROM)."""
    if not scores or n < NARRATOR_LEVEL_MIN_SENTENCES:
        return BIAS
    level = sum(max(NARRATOR_LEVEL_FLOOR, x) for x in scores) / len(scores)
    excess = max(0.0, level - NARRATOR_LEVEL_FROM)
    return BIAS + NARRATOR_LEVEL_GAIN * excess * n / (n + NARRATOR_LEVEL_SHRINK)


# a list of people's names, each in capitals or capitalized, with a role in brackets or after
# a comma ("Jane Doe, Bob Smith", "Carol Mendez (Chair), Dr. Tom Alvarez and Priya Shah")
_LISTED_NAME = r"\p{Lu}[\p{L}'’.\-]*(?:[ \t]+(?:\p{Lu}[\p{L}'’.\-]*|de|van|von|da|del|la))*(?:[ \t]*\([^()\n]{1,30}\))?"
_NAME_LIST = regex.compile(rf"{_LISTED_NAME}(?:[ \t]*(?:[,;]|,?[ \t]+and)[ \t]*{_LISTED_NAME})*[ \t]*\.?[ \t]*")


def _title_words(rest: str) -> bool:
    """Whether a line's words after a colon read as a title's: Title Case or capitals, no
    sentence end, HEADING_MAX_WORDS words at most ("Riverton Mill Workers")."""
    return bool(rest) and not _ends_sentence(rest) and len(rest.split()) <= HEADING_MAX_WORDS \
        and not _sentence_case(rest) and rest[:1].isupper()


def _drop_unsupported_labels(text: str, sentences: list[Sentence]) -> None:
    """A label of the words that head a section ("Update:", "Related:", :func:`label_kind`)
    names a speaker only where the document holds a conversation (a labelled line that names
    someone just before or after it, or the same label again where some label names someone)
    or where the words after it speak of themselves ("Note: I never saw him again."); else
    ("Update: Officials say …" in an article) its line is text like any other."""
    counts: dict[str, int] = {}
    for s in sentences:
        if s.label:
            counts[s.label] = counts.get(s.label, 0) + 1
    if not counts:
        return  # (most documents: no label)
    for s in sentences:
        # a title with a colon, once on a line of its own ("Oral History Project: Riverton
        # Mill Workers", "Part Two: The Long Winter"): words in Title Case, no sentence end;
        # and so are the lines under it in its paragraph, where they are too (the names a
        # press conference's title lists: "COACH DAVE MILLER", "JAMAL WRIGHT")
        if s.label and s.standalone and counts[s.label] == 1 and s.label not in ("Q", "A"):
            body = text[s.start:s.end]
            lab = speaker_label(body)
            lines = body[lab[1]:].split("\n") if lab else [""]
            if all(_title_words(line.strip()) for line in lines):
                del counts[s.label]
                s.label = None
                if s.unlabelled is not None:
                    s.boundary = s.unlabelled
    kinds = {label: label_kind(label) for label in counts}
    if all(kind != "weak" for kind in kinds.values()):
        return  # (labels that name someone)
    for s in sentences:
        # a section's list of people ("Absent: Jane Doe, Bob Smith", "Present: Carol (Chair),
        # Tom"): a line of minutes, in a conversation too; nobody says only names
        if s.label and kinds.get(s.label) == "weak" and text[s.end:s.end + 1] in ("\n", "") \
                and s.label.split()[0].lower() != "the":  # ("THE CHAIRMAN: Senator Warner." gives the floor)
            body = text[s.start:s.end]
            lab = speaker_label(body)
            if lab and _NAME_LIST.fullmatch(body, lab[1]):
                s.label = None
                if s.unlabelled is not None:
                    s.boundary = s.unlabelled
    someone = any(kind != "weak" for kind in kinds.values())
    line_starts = [i for i, s in enumerate(sentences) if s.boundary not in ("sentence", "continue", "sound")]
    # (a line's label that names someone: a conversation beside it)
    named = [sentences[i].label is not None and kinds[sentences[i].label] != "weak" for i in line_starts]
    drop = []
    for k, i in enumerate(line_starts):
        s = sentences[i]
        if not s.label or kinds[s.label] != "weak" or counts[s.label] > 1 and someone:
            continue
        if (k and named[k - 1]) or (k + 1 < len(line_starts) and named[k + 1]):
            continue
        body = text[s.start:s.end]
        lab = speaker_label(body)
        evidence = register_score(body[lab[1]:] if lab else body)[1]
        if "first_person_singular" in evidence or "first_person_plural" in evidence:
            continue
        drop.append(s)
    for s in drop:
        s.label = None
        if s.unlabelled is not None:
            s.boundary = s.unlabelled


def _carry_labels(sentences: list[Sentence], text: str = "", turns_marked: bool = False,
                  screenplay: bool = False, capitals: bool = False) -> None:
    """A ``NAME:`` label speaks until the next marker or paragraph: the sentences after it
    in its own line are its turn whatever they read like ("Maria Mendez: Burnout among young
    doctors. It is real."); those of the lines after it, where they read as speech. A turn
    a marker opens (a dialogue dash, ">>") without a label goes to the end of its line:
    "- No. Not at all." is one turn. In a transcript that marks every turn
    (``turns_marked``, :func:`_marks_every_turn`) the lines and paragraphs after a label are
    its turn too, whatever they read like ("THE VIDEOGRAPHER: We are on the
    record. | The time is 9:42 a.m."), up to a heading, a reporter's note ("(Recess
    taken.)"), a line in capitals ("RAYMOND HOLT, having been first duly sworn, …") or one
    that a few words and a colon head ("The problem: Nobody knew her."); after the last
    label, once a note has ended the turn ("(Proceedings concluded at 10:42 a.m.)"), every
    paragraph is narration ("I certify that the foregoing is a correct transcript …"). Where
    questions ("Q.") are answered under the speakers' labels, with no answer lines, a
    paragraph without a label after a question is the answer of the last speaker who
    answered, unless it is more of the question (:func:`_question_goes_on`). In a screenplay a character's lines go on to the blank line after them. In a
    text written in capitals (``capitals``, :func:`~pipeline.speakers.in_capitals`) a line
    in capitals is only a line of the turn ("THE COURT: GOOD MORNING. | WE ARE HERE ON THE
    MOTION."), up to a heading or a reporter's note ("(RECESS TAKEN.)", narration); after
    the last label, once such a note has ended the turn, every line is narration ("I
    CERTIFY THAT THE FOREGOING IS A CORRECT TRANSCRIPT.")."""
    current = None
    open_turn = False  # whether the sentence before is the label's
    dash_turn = False  # whether the sentence before is in an unlabelled turn a marker opened
    narrating = False  # whether the sentence before is in a paragraph no turn carries over
    named = _named_speakers(sentences) if turns_marked and not screenplay else ()
    last_label = max((k for k, t in enumerate(sentences) if t.label), default=-1)
    labels = {t.label for t in sentences if t.label}
    named_answers = "Q" in labels and "A" not in labels  # questions answered under the speakers' labels
    answerer = None  # there: the last speaker who answered
    ended = False  # whether the turns have ended at a note after the last label
    for i, s in enumerate(sentences):
        goes_on = s.boundary in ("sentence", "continue")
        line_goes_on = False  # a line that goes on with the turn of the line before
        if narrating and goes_on and not s.label:
            s.state = 0
            continue
        narrating = False
        if named_answers and current == "Q" and s.boundary == "paragraph" and not s.label \
                and s.forced is None and not s.heading and not screenplay \
                and not _question_goes_on(text, sentences, i):
            # the paragraph after a question is its answer, by the one who answered last (a
            # press conference names a speaker when the speaker changes), not the question's
            if answerer:
                s.label, s.state = answerer, 1
            else:
                current = None
        if (turns_marked and s.boundary in ("line", "paragraph") or screenplay and s.boundary == "line") \
                and not s.label:
            if s.forced == 0 or s.heading or not capitals and _line_in_capitals(text, s) \
                    or _HEAD_WORDS.match(text, s.start, s.end):
                current = None
                ended = ended or i > last_label and s.forced == 0 and not s.heading
            elif turns_marked and not screenplay and current and not _goes_on_speaking(text, sentences, i, named,
                                                                                      last_label):
                current = None  # "I, Jane Roe, a Certified Shorthand Reporter, do hereby certify …"
                s.state = 0
                narrating = True
            elif turns_marked and not screenplay and ended:
                s.state = 0  # after the last turn, ended at a note ("(Proceedings concluded.)"): no one's turn
                narrating = True
            else:
                goes_on = line_goes_on = True
        elif capitals and not screenplay and s.boundary in ("line", "paragraph") and not s.label:
            # in capitals a line in capitals goes on with the turn (above: every line is), but
            # a reporter's note and a heading end it, as in any transcript
            note = current is not None and _reporters_note(text[s.start:s.end].strip())
            if note or s.heading:
                current = None
                s.state = 0 if note else s.state
                ended = ended or i > last_label and note
            elif ended:
                s.state = 0  # "I CERTIFY THAT THE FOREGOING IS A CORRECT TRANSCRIPT."
                narrating = True
        if s.label:
            current = s.label
            if named_answers and s.label not in ("Q", "A"):
                answerer = s.label
        elif s.boundary == "marker" or s.boundary == "paragraph" and not line_goes_on:
            current = None
        elif current and (s.state == 1 or open_turn and goes_on):
            s.label = current
            s.state = 1
            s.same_turn = line_goes_on and open_turn
        elif dash_turn and s.boundary in ("sentence", "continue") and s.forced is None:
            s.state = 1  # "- No. Not at all.": a dialogue dash's turn goes to the end of its line
            s.same_turn = True
        open_turn = bool(current) and s.label == current
        dash_turn = s.state == 1 and not s.label and (
            s.boundary == "marker" or dash_turn and s.boundary in ("sentence", "continue"))
        if s.label and s.label.lower() in speech_lists()["narrator_labels"]:
            s.state = 0


def _question_goes_on(text: str, sentences: list[Sentence], i: int) -> bool:
    """Whether the paragraph without a label that starts at ``sentences[i]``, after a
    question's turn ("Q. …"), is more of the question, not its answer: it ends with a
    question mark itself ("Q. Senator, the governor said your bill would cost two billion
    dollars. | He also said the numbers were made up. How do you respond?"), or a later
    paragraph before the next turn does ("Q. The governor spoke yesterday. | He said the
    numbers were made up. | How do you respond?"); only while the question so far has no
    question mark yet. Once it has asked, the paragraph is the answer, even one that asks
    back ("Q. Do you have the votes? | Why else would I bring it? We counted twice."); so
    is one after a request ("Q. Coach, talk about the defense. | They played great.") where
    no question mark follows."""
    ends: list[bool] = []  # for each paragraph up to the next turn: whether it ends with "?"
    for t in sentences[i:]:
        if t is not sentences[i] and (t.label or t.boundary == "marker" or t.heading or t.forced == 0):
            break
        if t.boundary == "paragraph" or not ends:
            ends.append(False)
        ends[-1] = text[t.start:t.end].rstrip().rstrip("\"'”’)]").endswith("?")
    k = i - 1  # the question so far: its turn's sentences back to its label
    while k > 0 and sentences[k].label == "Q" and sentences[k].boundary != "marker" \
            and sentences[k - 1].label == "Q":
        k -= 1
    asked = "?" in text[sentences[k].start:sentences[i - 1].end]
    return not asked and any(ends)


_PERSON_FEATURES = ("first_person_singular", "first_person_plural", "second_person")


def _named_speakers(sentences: list[Sentence]) -> list[regex.Pattern]:
    """The document's speakers that a label names by a bare name ("HAMLET:", "KING:",
    "Sarah:"), not by a role after "The", a title ("MR. SMITH:"), a number or a letter
    ("Q."): how a stage direction or a note would name them in its words, capitalized
    ("Ophelia weeps.", "The King and Polonius withdraw.")."""
    names = []
    for label in dict.fromkeys(s.label for s in sentences if s.label):
        words = [w for w in regex.split(r"[\s.]+", label) if w]
        if (not words or len(words[0]) < 2 or words[0].lower() == "the" or is_title(words[0])
                or any(ch.isdigit() for ch in label)):
            continue
        names.append(regex.compile(r"(?<![\p{L}\p{N}])" + r"\s+".join(
            w[0].upper() + f"(?i:{regex.escape(w[1:])})" for w in words) + r"(?![\p{L}\p{N}])"))
    return names


def _goes_on_speaking(text: str, sentences: list[Sentence], i: int, named: list[regex.Pattern],
                      last_label: int = -1) -> bool:
    """Whether the unlabelled line or paragraph that the sentence ``i`` opens, in a
    transcript that marks every turn, goes on with the turn before. A line in the turn's
    paragraph does ("A. I drove home. It was late. | The roads were empty."), unless it
    names one of the speakers in the third person, as a stage direction does ("Ophelia
    weeps. Hamlet leaves the room."); a paragraph after a blank line only where it reads as
    the turn's speech: in the first or second person, its register score above 0 ("The noise
    was the worst part. You went home and your ears rang all night."), not a paragraph about
    the proceedings ("I, Jane Roe, a Certified Shorthand Reporter, do hereby certify that the
    foregoing is a true record …", "Dated this 5th day of June, 2023."). That test holds
    after the last label (``last_label``, the sentence's index), where the turns have ended;
    before it a paragraph goes on with the turn as a line does (an answer told in the third
    person: "The house burned down in 1962. Nobody was hurt.")."""
    s = sentences[i]
    stop = ("paragraph", "marker") if s.boundary == "paragraph" else ("paragraph", "marker", "line")
    j = i + 1
    while j < len(sentences) and sentences[j].boundary not in stop and not sentences[j].label \
            and sentences[j].forced is None:
        j += 1
    part = sentences[i:j]
    person = any(k in t.evidence for t in part for k in _PERSON_FEATURES)
    if s.boundary == "paragraph" and i > last_label:
        return person and sum(t.score for t in part) > 0
    if person or not any(p.search(text, t.start, t.end) for t in part for p in named):
        return True
    # a stage direction is written in the present ("Ophelia weeps."): a line that tells of
    # a speaker in the past or with a modal is the turn's ("John was upset about the cuts.");
    # and it tells what is seen or heard: a line that tells what a speaker wants, thinks or
    # knows is the turn's too ("Peter wants to appeal.")
    for w in words_of(text[part[0].start:part[-1].end]):
        w = w.replace("’", "'")
        if w in _TOLD_NOT_DIRECTED or w in _NOT_STAGED or w.endswith(("'d", "'ll")):
            return True
    return False


# finite verbs no stage direction uses: the past tense (forms that are no present too) and modals
_TOLD_NOT_DIRECTED = frozenset("""
was were had did wasn't weren't hadn't didn't would wouldn't could couldn't should shouldn't
might will won't shall became came went got knew saw took made said told felt thought found gave
kept began seemed looked wanted lived died loved stood ran grew brought held fought met lost won wrote
sat meant needed used tried turned showed called asked decided started stopped happened
""".split()) | _PAST_FORMS


# verbs of the mind and of wanting in the present: what no stage can show ("Peter wants to
# appeal.", "Sarah thinks we should wait."), unlike what a character does ("Ophelia weeps.")
_NOT_STAGED = frozenset("""
wants needs thinks knows believes hopes wishes means plans intends expects deserves prefers
understands agrees disagrees worries cares likes hates reckons supposes doubts
""".split())


_HEAD_WORDS = regex.compile(r"[^\s:]+(?:[ \t][^\s:]+){0,3}:\s")  # "The problem: …", a label's form that names nobody


# A screenplay: scene headings ("INT. KITCHEN - NIGHT", "EXT. BACK PORCH - CONTINUOUS") and
# character cues, a name in capitals alone on its line (with "(V.O.)", "(CONT'D)") over the
# character's lines.
_SCENE_HEADING = regex.compile(r"(?:INT|EXT|INT\.?/EXT|EXT\.?/INT|I/E)\.?[ \t]+\p{Lu}")
_CUE = regex.compile(r"(?P<name>\p{Lu}[\p{Lu}\p{N}'’.\-]*(?:[ \t][\p{Lu}\p{N}'’.\-]+){0,3})"
                     r"(?:[ \t]*\([^)\n]{1,20}\))*[ \t]*$")
SCREENPLAY_MIN_CUES = 2


def _screenplay(text: str, sentences: list[Sentence]) -> list[Sentence] | None:
    """The sentences of a screenplay (a scene heading and SCREENPLAY_MIN_CUES character cues
    or more; None for any other text): each cue is its sentence's label (the character's
    name, its extension taken off: "JONAH (CONT'D)" is JONAH) and starts the character's
    turn, a cue that is a sentence of its own ("MARA (V.O.)") joined to the line after it;
    each scene heading is one sentence ("INT." ends none there), marked ``scene``."""
    if "\nINT" not in text and "\nEXT" not in text and "\nI/E" not in text and not text.startswith(("INT", "EXT", "I/E")):
        return None  # (most documents: no line starts as a scene heading)
    cues: dict[int, str] = {}  # sentence index -> the character's name
    scenes = 0
    n = len(sentences)
    for k, s in enumerate(sentences):
        if s.label is not None or s.boundary in ("sentence", "continue"):
            continue
        line_end = text.find("\n", s.start, s.start + 200)
        first = text[s.start:s.start + 200 if line_end < 0 else line_end].rstrip()
        if not first.isupper():
            continue  # (most lines: no regular expression)
        if _SCENE_HEADING.match(first):
            scenes += 1
            continue
        m = _CUE.fullmatch(first)
        if m is None or sum(ch.isalpha() for ch in m.group("name")) < 2:
            continue
        if 0 <= line_end < s.end or s.end == s.start + len(first) and k + 1 < n \
                and sentences[k + 1].boundary in ("line", "continue") and sentences[k + 1].label is None:
            cues[k] = m.group("name")  # (its lines in its sentence, or on the next line)
    if not scenes or len(cues) < SCREENPLAY_MIN_CUES:
        return None
    out: list[Sentence] = []
    joined = False  # whether the sentence is a cue alone's lines, joined to it
    for k, s in enumerate(sentences):
        if joined:
            out[-1].end, out[-1].standalone = s.end, False
            joined = False
            continue
        if out and out[-1].scene and s.boundary == "sentence" and text.find("\n", out[-1].start, s.start) < 0:
            out[-1].end = s.end  # "INT." | "KITCHEN - NIGHT": one line
            continue
        name = cues.get(k)
        if name is not None:
            s.label = name
            if s.boundary != "marker":
                s.unlabelled, s.boundary = s.boundary, "marker"
            joined = text.find("\n", s.start, s.end) < 0
        elif s.boundary not in ("sentence", "continue") and text[s.start:s.start + 1] in "IE" \
                and _SCENE_HEADING.match(text, s.start, s.start + 20):
            s.scene = True
        out.append(s)
    for s in out:
        if s.scene:
            s.standalone = text.find("\n", s.start, s.end) < 0
    return out


TURNS_MARKED_MIN = 4  # labelled lines a transcript needs to count as marking every turn by its labels


def _marks_every_turn(sentences: list[Sentence], text: str = "", capitals: bool = False) -> bool:
    """Whether the document marks every turn: questions and answers, a hearing's
    examinations, or speakers' labels on at least TURNS_MARKED_MIN lines and two thirds of
    its lines (an interview's "INTERVIEWER:" and "RESPONDENT 3:"; a press story with a few
    labelled lines has its narrator's lines between them). A line in capitals without a
    label is none of the turns' lines: a transcript's caption and titles ("UNITED STATES
    DISTRICT COURT", "PROCEEDINGS"), unless the whole text is written in capitals
    (``capitals``: "THE COURT: GOOD MORNING. | WE ARE HERE ON THE MOTION.")."""
    lines = labelled = 0
    for s in sentences:
        if s.examination is not None or s.label in ("Q", "A"):
            return True
        if s.boundary not in ("sentence", "continue", "sound"):
            if s.label is None and text and not capitals and _line_in_capitals(text, s):
                continue
            lines += 1
            labelled += s.label is not None and label_kind(s.label) != "weak"
    return labelled >= TURNS_MARKED_MIN and 3 * labelled >= 2 * lines


def _line_in_capitals(text: str, s: Sentence) -> bool:
    """Whether the first line of the sentence ``s`` is written in capitals (a name, a title
    of a transcript's section)."""
    line = _first_line(text, s.start, s.end)
    return line.isupper() and sum(ch.isalpha() for ch in line) >= 3


def _reporters_note(body: str) -> bool:
    """Whether ``body`` is a reporter's note in brackets: "(Recess taken.)", "(Exhibit 14 was
    marked for identification.)", "[Witness excused.]"."""
    return body[:1] in "([" and body.rstrip(".").endswith((")", "]")) and len(body) > 2 \
        and body.count(body[0]) == 1


def _self_introduction(text: str) -> str | None:
    m = _SELF_INTRO.search(text)
    if not m:
        return None
    name = m.group(1)
    first = name.split()[0]
    after = _NAME_AFTER_TITLE.match(text, m.start(1) + len(first))
    if is_title(first, text.startswith(".", m.start(1) + len(first)), len(after.group(1).split()) if after else 0):
        if after is None:  # "I'm Prof. García": García (a title names nobody)
            return None
        name = after.group(1)
    if name.split()[0].lower() in speech_lists()["not_names"]:
        return None
    return name


_NAME_AFTER_TITLE = regex.compile(r"\.?\s+(\p{Lu}\p{Ll}+(?:\s\p{Lu}\p{Ll}+)?)")


def _pieces(text: str, sentences: list[Sentence], heading_split: dict[int, int], bias: float,
            punctuated: bool, lines_are_sentences: bool = False, captions: bool = False,
            switch: float = SWITCH_PENALTY) -> list[_Piece]:
    """Turn the labelled sentences into segment pieces: paragraphs, headings, turns."""
    pieces: list[_Piece] = []
    # (the first sentence starts a paragraph in every text: it is no break)
    n_paragraph_breaks = sum(1 for s in sentences[1:] if s.boundary == "paragraph")
    real_paragraphs = punctuated and 0 < n_paragraph_breaks and (
        len(sentences) / max(1, n_paragraph_breaks) >= 1.6
        # a text (no captions) whose every paragraph ends a sentence: a writer's paragraphs,
        # also of one sentence each (a news story's); caption lines between blank lines
        # end mid-sentence
        or not captions and n_paragraph_breaks >= 2 and all(
            _ends_sentence(text[p.start:p.end].rstrip())
            for p, s in zip(sentences, sentences[1:]) if s.boundary == "paragraph"))
    # A plain-text source that writes a paragraph (or a speaker's turn) per line, without
    # blank lines between: its lines end sentences, and hold several sentences or many words
    # each. Its lines are its paragraphs and turns (a line of one short sentence each is not:
    # those are regrouped, as blank-line-separated sentences are; nor are caption cues).
    breaks = ("paragraph",)
    if punctuated and lines_are_sentences and not any(s.boundary == "paragraph" for s in sentences[1:]):
        n_lines = 1 + sum(1 for s in sentences if s.boundary == "line")
        if n_lines > 1 and (len(sentences) / n_lines >= 1.6
                            or sum(s.words for s in sentences) / n_lines >= LINE_PARAGRAPH_WORDS):
            real_paragraphs, breaks = True, ("paragraph", "line")
    para_sentences = para_words = 0

    def narration(start: int, end: int, new_para: bool, conf: float | None, n: int | None = None) -> None:
        """``n``: the number of words in ``text[start:end]``, where the caller knows it."""
        nonlocal para_sentences, para_words
        if n is None:
            n = len(text[start:end].split())
        last = pieces[-1] if pieces else None
        too_long = para_sentences >= PARAGRAPH_SENTENCES or para_words + n > PARAGRAPH_WORDS
        if too_long and not punctuated and para_words + n <= PARAGRAPH_WORDS \
                and not _SENTENCE_OPENER.match(text, start):
            # unpunctuated captions: the units are caption lines, cut at a width; a paragraph
            # that is long enough ends before a line that opens a sentence as speech does
            # ("… in nineteen ninety nine | now the tourbillon …"), not mid-phrase, within
            # PARAGRAPH_WORDS
            too_long = False
        if last and last.kind == "narration" and not new_para and not (too_long and not real_paragraphs):
            last.end = end
            if conf is not None and last.confidence is not None:
                last.confidence = min(last.confidence, conf)
            para_sentences += 1
            para_words += n
        else:
            pieces.append(_Piece(start, end, "narration", None, conf))
            para_sentences, para_words = 1, n

    run_margin: dict[int, float] = {}
    i = 0
    while i < len(sentences):
        if sentences[i].state == 1:
            j = i
            while j < len(sentences) and sentences[j].state == 1:
                j += 1
            # the run's gain over narration, less the changes of voice into it and out of it
            # that the labelling paid (a ">>" or a sound makes one cheap, so a run between two
            # ">>" that the labelling took as dialogue no longer gets a confidence under one
            # half from the full penalty charged twice)
            into = switch if i == 0 else _penalty(sentences[i], switch)
            out_of = (0.0 if sentences[j - 1].forced == 1 else switch) if j == len(sentences) \
                else _penalty(sentences[j], switch)
            margin = sum(s.score - bias for s in sentences[i:j]) - into - out_of
            for k in range(i, j):
                run_margin[k] = margin
            i = j
        else:
            i += 1

    introductions: dict[str, str | None] = {}  # sentence text -> _self_introduction (a turn's lines repeat)

    def self_introduction(body: str) -> str | None:
        if body not in introductions:
            introductions[body] = _self_introduction(body)
        return introductions[body]

    previous_state = None
    for i, s in enumerate(sentences):
        prev = sentences[i - 1] if i else None
        # a sound event between two sentences of narration ("… by the end of the week. |
        # [radio] Gale warnings …") is a break in the speech: another voice, a source
        # played, or a pause (a turn goes on: "IT WAS NOT FOUR FEET. [LAUGHTER] IT WAS …")
        sound_break = s.boundary == "sound" and prev is not None and _ends_here(text[prev.start:prev.end])
        # (a speaker change, ">>" or a dialogue dash, always starts a new paragraph or turn)
        new_para = (s.boundary in breaks and real_paragraphs) or previous_state != "narration" \
            or s.boundary == "marker" or sound_break
        if s.heading:
            pieces.append(_Piece(s.start, s.end, "heading", None, 0.8))
            previous_state = "heading"
            continue
        if s.state == 1:
            # (a turn of two paragraphs keeps them: two pieces, one speaker)
            new_turn = (s.boundary == "paragraph" and real_paragraphs) or not s.same_turn and (
                        previous_state != "dialogue" or s.boundary == "marker" or s.label != (prev.label if prev else None)
                        # subtitles: a cue that opens with a new sentence after a question
                        # ("- Who else would it be? | I thought you'd gone to Galway.") answers it
                        or (captions and not s.label and s.boundary in ("line", "sound") and prev is not None
                            and text[prev.start:prev.end].rstrip(_LINE_END_CLOSERS).endswith("?"))
                        or (s.boundary == "line" and "line" in breaks)
                        # (a short answer after a question is another voice's only where no
                        # label says whose the words are: "MARIE: No. Not at all." is one turn)
                        or (prev is not None and "answer" in s.evidence and not s.label
                            and text[prev.start:prev.end].rstrip().endswith("?"))
                        or (prev is not None and "answer" in prev.evidence and "answer" not in s.evidence
                            and not (s.label and s.label == prev.label)
                            and prev.words <= 3 and i >= 2 and text[sentences[i - 2].start:sentences[i - 2].end].rstrip().endswith("?")))
            evidence = tuple([k for k, v in s.evidence.items() if v > 0])
            # (the speaker and the confidence are worked out only where a turn uses them)
            if new_turn or not pieces:
                speaker = s.label or self_introduction(text[s.start:s.end])
                # a turn its label makes dialogue is as sure as a label: 0.9, as for the narrator's
                confidence = 0.9 if s.forced == 1 else _sigmoid(run_margin.get(i, 0.0))
                pieces.append(_Piece(s.start, s.end, "dialogue", speaker, confidence, evidence))
            else:
                last = pieces[-1]
                last.end = s.end
                if not last.speaker:
                    last.speaker = s.label or self_introduction(text[s.start:s.end])
                last.evidence = tuple(dict.fromkeys(last.evidence + evidence))
            previous_state = "dialogue"
            continue
        conf = 1.0 - _sigmoid(s.score - bias - SWITCH_PENALTY) if s.forced is None else 0.9
        pos = s.start
        after_quote = False  # the sentence goes on after a quote: its attribution ("said Tom.")
        for q_start, q_end, speaker, q_conf in sorted(s.quotes):
            if q_start < pos:
                continue
            if q_start > pos:
                narration(pos, q_start, new_para, conf)
                pieces[-1].joins = pieces[-1].joins or after_quote and pieces[-1].start == pos
                new_para = False
            pieces.append(_Piece(q_start, q_end, "dialogue", speaker, q_conf, ("quoted",)))
            pos = q_end
            new_para = after_quote = True
        if pos < s.end:
            cut = heading_split.get(i)
            if cut is not None and cut > pos:
                narration(pos, cut, new_para, conf)
                pieces.append(_Piece(cut, s.end, "heading", None, 0.6))
                previous_state = "heading"
                continue
            # (s.words: the words of the whole sentence, counted when it was scored)
            narration(pos, s.end, new_para, conf, s.words if pos == s.start else None)
            previous_state = "narration"
            if after_quote and pieces[-1].start == pos:
                # the words after a quote in its sentence go on with it in its block of
                # transcript.txt ("“We're late,” said Siobhán." is not cut after the quote);
                # the next sentence starts a paragraph
                pieces[-1].joins = True
                previous_state = "attribution"
        elif s.quotes:
            # (a quote is its speaker's: a clip after it is another voice's turn, not the quote's)
            previous_state = "quote"
    # a quote that ran past its sentence: drop the pieces it covers
    merged: list[_Piece] = []
    for p in pieces:
        if merged and p.start < merged[-1].end:
            if p.end <= merged[-1].end:
                continue
            p.start = merged[-1].end
            while p.start < p.end and text[p.start].isspace():
                p.start += 1
            if p.start >= p.end:
                continue
        merged.append(p)
    return merged
