import pytest

from factcheck.core.anchoring import SelectionError, anchor_selection, selectors
from factcheck.core.sentences import segment

TEXT = "Kei cars are small. American roads were designed for buggies. Japan differs."


@pytest.fixture
def sentences():
    return segment(TEXT)


def test_a_single_sentence_covers_exactly_that_sentence(sentences):
    anchor = anchor_selection(TEXT, sentences, first=1)

    assert TEXT[anchor.start : anchor.end] == "American roads were designed for buggies."
    assert (anchor.first_index, anchor.last_index) == (1, 1)


def test_a_range_is_ordered_whatever_the_click_order(sentences):
    anchor = anchor_selection(TEXT, sentences, first=2, last=0)

    assert TEXT[anchor.start : anchor.end] == TEXT
    assert (anchor.first_index, anchor.last_index) == (0, 2)


def test_phrase_offsets_are_trimmed_and_narrow_the_sentence_range(sentences):
    start = TEXT.index("roads were")
    anchor = anchor_selection(TEXT, sentences, first=0, last=2, start=start - 1, end=start + 11)

    assert TEXT[anchor.start : anchor.end] == "roads were"
    assert (anchor.first_index, anchor.last_index) == (1, 1)


def test_a_typed_phrase_is_found_inside_the_selected_sentences(sentences):
    anchor = anchor_selection(TEXT, sentences, first=1, phrase=" designed for ")

    assert TEXT[anchor.start : anchor.end] == "designed for"


def test_a_typed_phrase_not_in_the_sentences_is_refused(sentences):
    with pytest.raises(SelectionError, match="not found"):
        anchor_selection(TEXT, sentences, first=0, phrase="American roads")


def test_offsets_outside_the_sentences_are_refused(sentences):
    with pytest.raises(SelectionError, match="inside the selected sentences"):
        anchor_selection(TEXT, sentences, first=0, start=0, end=len(TEXT))


def test_a_sentence_index_beyond_the_text_is_refused(sentences):
    with pytest.raises(SelectionError, match="not in this revision"):
        anchor_selection(TEXT, sentences, first=7)


def test_selectors_are_w3c_quote_and_position_selectors():
    start = TEXT.index("American")
    quote, position = selectors(TEXT, start, start + 14)

    assert quote == {
        "type": "TextQuoteSelector",
        "exact": "American roads",
        "prefix": "Kei cars are small. ",
        "suffix": TEXT[start + 14 : start + 14 + 32],
    }
    assert position == {"type": "TextPositionSelector", "start": start, "end": start + 14}
