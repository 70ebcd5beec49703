"""Main-text extraction (core/extract.py) and its use for HTML uploads."""

import json
from pathlib import Path

import pytest

from factcheck.core.extract import main_text
from factcheck.core.ingest import text_from_upload

PAGES = Path(__file__).resolve().parents[2] / "bench" / "data" / "pages"
EXPECTED = json.loads((PAGES / "expected.json").read_text(encoding="utf-8"))


def squash(text):
    return " ".join(text.split())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_an_html_upload_keeps_the_main_text_and_drops_the_boilerplate(name):
    """bench/extraction.py prints the table; here each page must keep all its
    main text and leak at most two boilerplate lines."""
    text = squash(text_from_upload(name, (PAGES / name).read_bytes()))
    expected = EXPECTED[name]
    assert [s for s in expected["main"] if squash(s) not in text] == []
    assert len([b for b in expected["boilerplate"] if squash(b) in text]) <= 2


def test_the_metadata_of_a_page():
    found = main_text((PAGES / "news-article.html").read_text(encoding="utf-8"))
    assert found.title == "Council doubles bus lanes on the ring road"
    assert found.author == "Priya Raman"
    assert found.site_name == "The Northern Courier"
    assert found.published_on.isoformat() == "2026-10-14"
    assert found.language == "en"
    assert main_text((PAGES / "interview.html").read_text(encoding="utf-8")).language == "de"


def test_the_headline_is_kept_in_the_text():
    text = main_text((PAGES / "news-article.html").read_text(encoding="utf-8")).text
    assert text.startswith("Council doubles bus lanes on the ring road\n\n")


def test_paragraphs_are_separated_by_a_blank_line():
    text = main_text((PAGES / "blog-post.html").read_text(encoding="utf-8")).text
    assert "end of every day.\n\nOn an ordinary office day" in text


def test_an_html_fragment_falls_back_to_all_its_text():
    assert text_from_upload("menu.html", b"<ul><li><a href=/>Home</a></li></ul>") == "Home"


def test_a_page_of_menus_has_no_main_text():
    html = "<html><body><nav><a href=/>Home</a> <a href=/news>News</a></nav></body></html>"
    assert main_text(html) is None
