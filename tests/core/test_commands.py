import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.http import HttpRequest

from factcheck.core.models import Revision, Sentence, Source

pytestmark = pytest.mark.django_db


def run(*args, **kwargs):
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out, **kwargs)
    return out.getvalue()


def test_import_source_prints_slug_and_public_url(tmp_path, settings):
    settings.SITE_URL = "https://factcheck.example"
    path = tmp_path / "article.md"
    path.write_text("# Heading\n\nFirst claim here. Second one.", encoding="utf-8")

    out = run("import_source", str(path), "--title", "Kei Party", "--kind", "article")

    assert "slug: kei-party" in out
    assert "url: https://factcheck.example/sources/kei-party/" in out
    assert Source.objects.get().current_revision.sentences.count() == 3


def test_import_source_refuses_an_empty_file_and_stores_nothing(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"  \n ")

    with pytest.raises(CommandError, match="empty"):
        run("import_source", str(path), "--title", "Empty")

    assert Source.objects.count() == 0


def test_segment_json_prints_offsets_into_the_normalised_text(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes("Caf\u0065\u0301 opens.\r\nIt is 5 p.m. now. Done!!".encode())

    record = json.loads(run("segment", "--json", str(path)))

    assert record["file"] == str(path)
    assert "\r" not in record["text"] and "Café" in record["text"]
    for sentence in record["sentences"]:
        assert record["text"][sentence["start"] : sentence["end"]] == sentence["text"]
    assert [s["text"] for s in record["sentences"]] == [
        "Café opens.",
        "It is 5 p.m. now.",
        "Done!!",
    ]
    assert Source.objects.count() == 0


def test_load_demo_refuses_with_debug_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="--force"):
        run("load_demo")

    assert get_user_model().objects.count() == 0


def test_load_demo_twice_duplicates_nothing(settings):
    settings.DEBUG = True

    run("load_demo")
    counts = (Source.objects.count(), Revision.objects.count(), Sentence.objects.count())
    run("load_demo")

    assert counts[0] == 2
    assert (Source.objects.count(), Revision.objects.count(), Sentence.objects.count()) == counts
    users = get_user_model().objects.order_by("username").values_list("username", flat=True)
    assert list(users) == ["admin", "editor", "reviewer", "reviewer2"]


def test_demo_accounts_log_in_with_password_demo(client, settings):
    settings.DEBUG = True
    run("load_demo")

    for username in ("reviewer", "reviewer2", "editor", "admin"):
        assert client.login(request=HttpRequest(), username=username, password="demo")


def test_demo_comment_has_the_horse_and_buggy_sentence(settings):
    settings.DEBUG = True
    run("load_demo")

    revision = Source.objects.get(slug="kei-cars-comment").current_revision
    texts = [s.text for s in revision.sentences.all()]
    assert any(
        t.startswith('American roads were designed for the "horse and buggy" size') for t in texts
    )


def test_the_demo_desk_has_a_revealed_blind_pair_that_disagrees(settings):
    from factcheck.core.models import BlindRating, BlindState

    settings.DEBUG = True
    run("load_demo")
    run("load_demo")

    revealed = BlindRating.objects.get()
    assert revealed.state == BlindState.REVEALED and revealed.reviewer.username == "reviewer"
    assert revealed.claim.text.startswith("Small cars are crushed")
    assert (revealed.first_rating.slug, revealed.rating.slug) == ("half-true", "mostly-false")
    assert revealed.first_rater.username == "reviewer2" and revealed.disagrees
