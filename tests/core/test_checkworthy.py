import pytest

from factcheck.core.checkworthy import Kind, candidate


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("The council approved a budget of $4.2 billion on Tuesday.", Kind.NUMBER),
        ("Unemployment in the region fell to 5.8% in March.", Kind.STATISTIC),
        ("One in four children in the district lives below the poverty line.", Kind.STATISTIC),
        ("Rents in the capital are now higher than in any other city.", Kind.COMPARISON),
        ("The river is at its highest level since records began.", Kind.COMPARISON),
        ("Flights were cancelled because of a strike by air traffic controllers.", Kind.CAUSAL),
        ("The outage was caused by a fire at a substation, the utility said.", Kind.CAUSAL),
        ("The senator voted against the bill in committee.", Kind.FACT),
        ("The drug has not been approved for use in children.", Kind.FACT),
    ],
)
def test_a_specific_claim_is_a_candidate_of_its_kind(text, kind):
    found = candidate(text)

    assert found is not None
    assert found.kind == kind


def test_a_quote_names_the_person_it_is_attributed_to():
    found = candidate('"We have no plans to raise fares," transport minister Helen Okafor said.')

    assert found.kind == Kind.QUOTE
    assert found.reason == "a quote attributed to Helen Okafor"


def test_a_quote_after_said_names_the_speaker():
    found = candidate('The mayor said Tom Harris had "never been consulted" on the plan.')

    assert found.kind == Kind.QUOTE
    assert "Tom Harris" in found.reason


@pytest.mark.parametrize(
    "text",
    [
        "This is the worst budget I have seen in my lifetime.",  # superlative, opinion
        "Best burger in town, hands down.",
        "The film is funnier and sadder than its trailer suggests.",  # evaluative comparison
        "Did unemployment really fall by 5 percent last year?",  # a question with a number
        "Why should anyone trust a party that broke every promise?",
        "Thank you all for coming tonight.",
        "Happy birthday to my amazing sister!",
        "I think the plan will fail because nobody wants it.",  # first-person opinion
        "We should be proud of our nurses.",
        '"We are thrilled to welcome the team," said Jane Park, the chief executive.',
        "December 5, 2025",  # a dateline
        "The mood in the room was tense.",  # vague
    ],
)
def test_opinions_questions_and_greetings_are_not_candidates(text):
    assert candidate(text) is None


def test_an_empty_or_blank_sentence_is_not_a_candidate():
    assert candidate("") is None
    assert candidate("   ") is None


def test_german_and_spanish_numbers_and_comparisons_are_found():
    assert candidate("Die Arbeitslosenquote ist im Oktober auf 6,1 Prozent gestiegen.")
    assert candidate("Die Mieten in München sind höher als in jeder anderen Stadt.")
    assert candidate("La sequía ha provocado una caída del 30% en la producción.")
