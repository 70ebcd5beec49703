"""A time of day followed by a capitalised word (issue #9).

pySBD ends a sentence after "a.m."/"p.m." whenever a capital follows. The
wrapper keeps the sentence going when the time only opens it, or when the next
word qualifies the time (weekday, month and day, holiday, time zone); any
other capitalised word after a time that ends a clause, a name included,
starts a new sentence. Both halves of Golden Rule 18 are in the table.
"""

import pytest

from factcheck.core.sentences import segment

CASES = [
    # The time continues: a weekday, a month with its day, a holiday, a zone.
    ("We meet at 5 p.m. Monday at the office.", ["We meet at 5 p.m. Monday at the office."]),
    (
        "The train leaves at 6 a.m. Tuesday and arrives at 9 p.m. Friday. Book early.",
        ["The train leaves at 6 a.m. Tuesday and arrives at 9 p.m. Friday.", "Book early."],
    ),
    ("Doors open at 7 p.m. May 3 at the hall.", ["Doors open at 7 p.m. May 3 at the hall."]),
    ("It closes at 6 p.m. Dec. 24 this year.", ["It closes at 6 p.m. Dec. 24 this year."]),
    ("Shops shut at 4 p.m. Christmas Eve.", ["Shops shut at 4 p.m. Christmas Eve."]),
    ("It is 5 p.m. EST. Then we go.", ["It is 5 p.m. EST.", "Then we go."]),
    ("Call at 9 a.m. UTC+2 if you can.", ["Call at 9 a.m. UTC+2 if you can."]),
    (
        "It starts at 8 p.m. Eastern Time on Friday.",
        ["It starts at 8 p.m. Eastern Time on Friday."],
    ),
    ("Markets open at 8 a.m. Pacific.", ["Markets open at 8 a.m. Pacific."]),
    ("We land at 9 a.m. London time, then rest.", ["We land at 9 a.m. London time, then rest."]),
    ("They met at 10:30 A.M. Sunday.", ["They met at 10:30 A.M. Sunday."]),
    # The time only opens the sentence: whatever follows continues it.
    ("At 5 a.m. Mr. Smith went to the bank.", ["At 5 a.m. Mr. Smith went to the bank."]),
    ("On Monday at 5 a.m. John left.", ["On Monday at 5 a.m. John left."]),
    ("From 9 a.m. to 5 p.m. Anna works.", ["From 9 a.m. to 5 p.m. Anna works."]),
    ("Yesterday at 6 p.m. The Times called.", ["Yesterday at 6 p.m. The Times called."]),
    # The time ends a clause and a sentence starts: names, pronouns, anything else.
    ("He called at 10 a.m. John answered.", ["He called at 10 a.m.", "John answered."]),
    (
        "He left the bank at 6 P.M. Mr. Smith then went to the store.",
        ["He left the bank at 6 P.M.", "Mr. Smith then went to the store."],
    ),
    ("We left at 5 p.m. May I come too?", ["We left at 5 p.m.", "May I come too?"]),
    ("The bus came at 7 a.m. It was late.", ["The bus came at 7 a.m.", "It was late."]),
    (
        "Lunch ends at 2 p.m. Dinner time is later.",
        ["Lunch ends at 2 p.m.", "Dinner time is later."],
    ),
    ("It rang at 3 a.m. Pacific islanders woke.", ["It rang at 3 a.m.", "Pacific islanders woke."]),
    ("Be there at 9 a.m. Mark the date.", ["Be there at 9 a.m.", "Mark the date."]),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
@pytest.mark.parametrize("careful", [False, True], ids=["fast", "careful"])
def test_time_of_day_before_a_capital(text, expected, careful):
    assert [text[s.start : s.end] for s in segment(text, careful=careful)] == expected


def test_golden_rule_18_both_halves_in_one_text():
    text = (
        "At 5 a.m. Mr. Smith went to the bank. He left the bank at 6 P.M. "
        "Mr. Smith then went to the store."
    )
    assert [text[s.start : s.end] for s in segment(text)] == [
        "At 5 a.m. Mr. Smith went to the bank.",
        "He left the bank at 6 P.M.",
        "Mr. Smith then went to the store.",
    ]
