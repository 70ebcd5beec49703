from factcheck.core import checkworthy, tasks
from factcheck.core.candidates import candidates_of, find
from factcheck.core.models import IngestionStatus, RevisionCandidates
from tests.factories import make_source

TEXT = (
    '"We never sold your data," said Jane Park of Acme. '
    "I love this town and its people. The council spent $4 million on it."
)


def spans(revision):
    return list(revision.sentences.order_by("index").values_list("start", "end"))


def test_ingestion_stores_the_revisions_check_worthy_sentences(db, reviewer):
    ingestion = tasks.queue_source(title="Acme", text=TEXT, user=reviewer, here=True)
    ingestion.refresh_from_db()

    assert ingestion.status == IngestionStatus.DONE
    stored = RevisionCandidates.objects.get(revision=ingestion.revision)
    assert stored.version == checkworthy.VERSION
    assert stored.found == [[0, "quote", "a quote attributed to Jane Park"], [2, "number"]]


def test_the_first_open_finds_and_stores_them_and_later_ones_read_them(db):
    source = make_source(text=TEXT)
    revision = source.current_revision

    first = candidates_of(revision, spans(revision))

    assert [c and c.reason for c in first] == ["a quote attributed to Jane Park", None, "a number"]
    RevisionCandidates.objects.filter(revision=revision).update(found=[[1, "fact"]])
    again = candidates_of(revision, spans(revision))
    assert [c and c.kind for c in again] == [None, "fact", None]


def test_candidates_stored_by_another_version_of_the_rules_are_found_again(db, monkeypatch):
    source = make_source(text=TEXT)
    revision = source.current_revision
    candidates_of(revision, spans(revision))
    RevisionCandidates.objects.filter(revision=revision).update(found=[])
    monkeypatch.setattr(checkworthy, "VERSION", checkworthy.VERSION + 1)

    found = candidates_of(revision, spans(revision))

    assert [c and c.kind for c in found] == ["quote", None, "number"]
    assert RevisionCandidates.objects.get(revision=revision).version == checkworthy.VERSION


def test_find_keeps_only_unusual_reasons():
    text = "Sales rose 5 percent in a year. Hello there, friends and neighbours."

    assert find(text, [(0, 31), (32, len(text))]) == [[0, "statistic"]]
