"""The revision diff: word-level changes, and moved sentences shown as moves (issue 21)."""

from pathlib import Path

from factcheck.core.textdiff import diff_chunks, diff_stats

ARTICLE = (Path(__file__).parents[2] / "factcheck/core/demo/kei-party-article.txt").read_text()
MOVED = "A market where even the ultra-cheap Mitsubishi Mirage was recently withdrawn."
# Three words changed, one sentence moved to another paragraph: the shape of issue 21.
CHANGES = [("objective realities", "plain realities"), ("tiny", "small"), ("disaster", "flop")]


def edited():
    text = ARTICLE
    for old, new in CHANGES:
        assert text.count(old) == 1
        text = text.replace(old, new)
    text = text.replace(" " + MOVED, "")
    anchor = "I love kei cars, trucks, and vans"
    return text.replace(anchor, MOVED + " " + anchor)


def test_three_changed_words_and_a_moved_sentence_are_counted_as_such():
    chunks = diff_chunks(ARTICLE, edited())

    assert diff_stats(chunks) == {"changed": 3, "inserted": 0, "deleted": 0, "moved": 1}


def test_a_moved_sentence_is_shown_moved_from_and_to_not_deleted_and_added():
    chunks = diff_chunks(ARTICLE, edited())

    moves = [(op, text.strip(), n) for op, text, n in chunks if op.startswith("move")]
    assert moves == [("move_from", MOVED, 1), ("move_to", MOVED, 1)]
    assert all(MOVED not in text for op, text, _ in chunks if op in ("del", "ins"))


def test_changed_words_are_shown_word_by_word():
    chunks = diff_chunks(ARTICLE, edited())

    assert [text for op, text, _ in chunks if op == "del"] == ["objective", "tiny", "disaster"]
    assert [text for op, text, _ in chunks if op == "ins"] == ["plain", "small", "flop"]


def test_the_chunks_spell_out_both_texts():
    old, new = ARTICLE, edited()
    chunks = diff_chunks(old, new)

    new_side = "".join(t for op, t, _ in chunks if op in ("same", "ins", "move_to"))
    old_words = "".join(t for op, t, _ in chunks if op in ("same", "del", "move_from")).split()
    assert new_side.split() == new.split()
    assert sorted(old_words) == sorted(old.split())


def test_an_added_and_a_removed_sentence_are_not_moves():
    old = "One is here. Two is there.\n\nThree is far."
    new = "One is here.\n\nThree is far. Four is new."

    chunks = diff_chunks(old, new)

    assert diff_stats(chunks) == {"changed": 0, "inserted": 3, "deleted": 3, "moved": 0}
