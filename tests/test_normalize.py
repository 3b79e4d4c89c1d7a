"""The normalize stage: spacing slips (recorded) and sentence-continuing line breaks."""
import pytest
from hypothesis import given, strategies as st

from pipeline.document import replay
from pipeline.normalize import normalize, spacing_edits

from conftest import doc_from_text, load_cases


@pytest.mark.parametrize("case", [c for c in load_cases("normalize") if "expected" in c.values[0]])
def test_spacing_cases(case):
    doc = normalize(doc_from_text(case["input"]))
    assert doc.text == case["expected"]
    assert [c.rule for c in doc.corrections] == case["rules"]


@pytest.mark.parametrize("case", [c for c in load_cases("normalize") if "breaks" in c.values[0]])
def test_line_break_cases(case):
    doc = normalize(doc_from_text(case["input"]))
    assert [u.break_before for u in doc.units[1:]] == case["breaks"]


@given(st.text(alphabet=st.sampled_from(list("ab .,“”\n'MrSims1\u00a0\u3000")), max_size=60))
def test_normalize_is_idempotent_and_replayable(text):
    doc = doc_from_text(text)
    once = normalize(doc)
    assert replay(doc.text, once.corrections, "normalize") == once.text
    twice = normalize(once.replace(corrections=()))
    assert twice.text == once.text
    assert twice.corrections == ()


def test_spacing_edits_never_overlap():
    edits = spacing_edits("Mr.Sims ,said“hello”there  now")
    spans = sorted((e.start, e.end) for e in edits)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))


def _reporter_pages(pages, header="Page {n}", footer="MIDSTATE REPORTING SERVICES (555) 410-2270", first=12, times=False):
    """A court reporter's transcript: each page a header, numbered lines and a footer."""
    out = []
    for k, lines in enumerate(pages):
        out += [" " * 60 + header.format(n=first + k), ""]
        for n, line in enumerate(lines, start=1):
            stamp = f"10:{14 + k:02d}:{n:02d}  " if times else ""
            out.append(f"{stamp}{n:>2}  {line}".rstrip())
        out += ["", "     " + footer, "\f"]
    return "\n".join(out)


_PAGE_1 = ["Q. Were you working on the night of", "October 3rd?", "A. I was.", "Q. What shift?",
           "A. The overnight, ten to six.", "Q. Did you see Ms. Okafor?", "A. Yes. She came in around eleven",
           "to pick up a load.", "MS. WHITFIELD: Objection. Form.", "THE WITNESS: She backed her truck up",
           "to door fourteen, like always.", "Q. And then?", "A. I went back to the office.", "Q. Why?",
           "A. To print the bill of lading.", "Q. How long were you gone?", "A. Five minutes, maybe less.",
           "Q. When you came back, what did", "you see?", "A. The gate was down and she was", "on the ground.",
           "Q. Did you call anyone?", "A. I called 911.", "BY MR. LEE:", "Q. Was anyone else on the dock at"]
_PAGE_2 = ["that time?", "A. Two of the forklift guys.", "Q. Did either of them tell you about", "the lift gate?",
           "A. Not that night, no.", "Q. Had anyone reported a problem", "with that gate?", "A. There was a work order.",
           "Q. Who signed it?", "A. I did.", ""]


def test_a_court_reporters_line_numbers_and_page_headers_are_taken_out_and_recorded():
    doc = doc_from_text(_reporter_pages([_PAGE_1, _PAGE_2]))
    once = normalize(doc)
    lines = [once.text[u.start_char:u.end_char] for u in once.units]
    assert [line for line in lines if line] == _PAGE_1 + _PAGE_2[:-1]
    rules = [c.rule for c in once.corrections]
    assert rules.count("layout:line-number") == len(_PAGE_1) + len(_PAGE_2)
    assert rules.count("layout:page-header") == 4  # two headers, two footers
    assert {c.original for c in once.corrections if c.rule == "layout:page-header"} == {
        "Page 12", "Page 13", "MIDSTATE REPORTING SERVICES (555) 410-2270"}
    assert replay(doc.text, once.corrections, "normalize") == once.text
    # a sentence goes on across the page boundary: "at | Page 13 … | that time?"
    breaks = {once.text[u.start_char:u.end_char]: u.break_before for u in once.units}
    assert breaks["that time?"] == "continue"
    assert breaks["A. Two of the forklift guys."] == "line"
    twice = normalize(once.replace(corrections=()))
    assert twice.text == once.text and twice.corrections == ()


def test_a_video_depositions_times_beside_the_line_numbers_are_taken_out():
    doc = doc_from_text(_reporter_pages([_PAGE_1, _PAGE_2], header="HARLAN v. CITY OF RIVERTON Page {n}", times=True))
    once = normalize(doc)
    assert [line for line in (once.text[u.start_char:u.end_char] for u in once.units) if line] == _PAGE_1 + _PAGE_2[:-1]
    rules = [c.rule for c in once.corrections]
    assert rules.count("layout:timestamp") == len(_PAGE_1) + len(_PAGE_2)
    assert replay(doc.text, once.corrections, "normalize") == once.text


@pytest.mark.parametrize("text", [
    # a recipe's quantities, a list numbered without full stops, an article's numbers
    "Pancakes\n\n1 cup flour\n2 eggs\n3 tablespoons sugar\n1 cup milk\nMix and fry.",
    "\n".join(f"{n} {w}" for n, w in enumerate("apples pears plums figs kiwis limes dates mangos".split(), 1)) + "\nThat is all.",
    "The count came in.\n12 people voted yes.\n13 voted no.\n14 stayed home.\nThe motion failed.\n10:30 was the time.",
    # numbered once, however long: a recipe's steps, a poem's lines, a contract's clauses, and
    # lists whose numbering starts again under headings (no court reporter's pages)
    "Grandma's Apple Pie\n\n" + "\n".join(f"{n} Step {n} of the pie." for n in range(1, 13))
    + "\n\nEnjoy! This recipe serves eight people.",
    "The Sea\nby A. Poet\n" + "\n".join(f"{n} The waves came in, line {n}." for n in range(1, 15)) + "\nWritten in 1888.",
    "This Agreement is made between Acme Ltd and Bolt Inc.\n"
    + "\n".join(f"{n} The Supplier shall do thing {n}." for n in range(1, 22)) + "\nSigned for Acme Ltd.\nSigned for Bolt Inc.",
    "Ingredients\n" + "\n".join(f"{n} item {n}" for n in range(1, 11)) + "\nMethod\n"
    + "\n".join(f"{n} Do step {n}." for n in range(1, 12)) + "\nServe warm.",
    "\n\n".join(f"{n}\nThis is caption number {n}." for n in range(1, 15)),
])
def test_lines_that_start_with_a_number_here_and_there_keep_it(text):
    doc = doc_from_text(text)
    assert normalize(doc).text == doc.text


def test_a_time_the_witness_says_stays():
    """In a video deposition whose times stand before the line numbers, a time after the
    number is said: "A. At | 10:30 in the morning" keeps its "10:30"."""
    page_2 = ["10:30 in the morning, I believe." if line == "A. Two of the forklift guys." else line for line in _PAGE_2]
    doc = doc_from_text(_reporter_pages([_PAGE_1, page_2], times=True))
    once = normalize(doc)
    assert "10:30 in the morning, I believe." in [once.text[u.start_char:u.end_char] for u in once.units]
    assert replay(doc.text, once.corrections, "normalize") == once.text


def test_a_date_line_under_a_title_is_a_line_of_its_own():
    """An export's date line does not go on from the title above it; a caption line that
    starts with a date inside a sentence still does."""
    doc = normalize(doc_from_text("Weekly Sync\nTue, Mar 12, 2024 3:15PM • 12:48\n\nSPEAKERS\nDana, Marcus\n\n"
                                  "Dana  00:03\nOkay, I think we're recording. Let's start.\n\nMarcus  00:09\nSure."))
    breaks = {doc.text[u.start_char:u.end_char]: u.break_before for u in doc.units}
    assert breaks["Tue, Mar 12, 2024 3:15PM • 12:48"] == "line"
    doc = normalize(doc_from_text("our cash at the end of the quarter ended\nDecember 28 2019 was higher than a year\n"
                                  "ago and we expect it to grow"))
    assert [u.break_before for u in doc.units][1] == "continue"
    doc = normalize(doc_from_text("The board met again last week.\nIt voted on\nMarch 4, 2024\nto close the school.\n"
                                  "Parents were upset."))
    assert [u.break_before for u in doc.units][2] == "continue"  # a date alone inside a sentence
