import pytest

from factcheck.core.limits import MAX_MARKDOWN_LENGTH
from factcheck.core.markup import (
    MAX_BLOCK_LINES,
    MAX_NESTING,
    MarkdownTooLong,
    preview_markdown,
    render_markdown,
)


def test_markdown_formatting_is_rendered():
    html = render_markdown("**bold** and *italic*\n\n- one\n- two\n\n> quoted")

    assert "<strong>bold</strong>" in html and "<em>italic</em>" in html
    assert "<li>one</li>" in html and "<blockquote>" in html


def test_typed_script_tag_is_shown_as_text_never_as_markup():
    html = render_markdown("Look <script>alert(1)</script> here")

    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_raw_html_attributes_cannot_sneak_in():
    html = render_markdown(
        '<img src=x onerror="alert(1)"> <a href="https://e.org" onclick="x()">e</a>'
    )

    assert "<img" not in html and "<a href" not in html.split("&lt;a")[0]
    assert "onerror" not in html.replace("&lt;img src=x onerror", "")


def test_links_get_nofollow_noopener():
    html = render_markdown("[source](https://example.org/report)")

    assert '<a href="https://example.org/report" rel="nofollow noopener">source</a>' in html


def test_javascript_and_data_urls_are_dropped():
    html = render_markdown("[x](javascript:alert(1)) [y](data:text/html;base64,PHNjcmlwdD4=)")

    assert "javascript:" not in html and "data:" not in html


def test_mailto_links_survive():
    assert 'href="mailto:desk@example.org"' in render_markdown("[mail](mailto:desk@example.org)")


def test_headings_are_demoted_below_the_page_headings():
    html = render_markdown("# Big\n\n## Smaller")

    assert "<h3>Big</h3>" in html and "<h4>Smaller</h4>" in html
    assert "<h1" not in html


def test_nul_characters_are_removed():
    assert "\x00" not in render_markdown("a\x00b")


# Pathological input: each once took seconds to minutes or crashed. These
# check what it renders to; bench/pathological.py measures how fast.


def test_fifty_thousand_brackets_render_as_text():
    assert render_markdown("[" * 50_000, max_length=None) == "<p>" + "[" * 50_000 + "</p>"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("![" * 5_000, "![" * 5_000),
        ("[a](" * 3_000, "[a](" * 3_000),
        ("[a][" * 3_000, "[a][" * 3_000),
        ("[^" * 5_000, "[^" * 5_000),
        ("<" * 10_000, "&lt;" * 10_000),
        ("&" * 10_000, "&amp;" * 10_000),
    ],
)
def test_runs_that_form_no_markup_render_as_their_text(text, expected):
    assert render_markdown(text) == f"<p>{expected}</p>"


def test_deep_list_nesting_stops_with_the_rest_as_text():
    html = render_markdown("1. " * 700 + "end")

    assert html.count("<ol>") == MAX_NESTING
    assert "1. 1. 1." in html and "end" in html


def test_deep_quote_nesting_stops_with_the_rest_as_text():
    html = render_markdown("> " * 5_000 + "end")

    assert html.count("<blockquote>") == MAX_NESTING
    assert "&gt; &gt;" in html and "end" in html


def test_thousands_of_definitions_stay_a_definition_list():
    html = render_markdown("term\n: meaning\n\n" * 1_000)

    assert html.count("<dd>meaning</dd>") == 1_000


def test_definitions_nested_in_definitions_stop_at_the_nesting_limit():
    html = render_markdown("term\n: meaning\n" * 90)

    assert html.count("<dl>") == MAX_NESTING
    assert html.count("term") == 90 and html.count("meaning") == 90


def test_headers_without_blank_lines_between_them_all_render():
    html = render_markdown("Title\n=====\n" * 2_000, max_length=None)

    assert html.count("<h3>Title</h3>") == 2_000


def test_rows_of_a_table_beyond_the_line_limit_show_as_text():
    rows = "\n".join(f"|{n}|x|" for n in range(MAX_BLOCK_LINES))
    html = render_markdown(f"|n|x|\n|-|-|\n{rows}", max_length=None)

    assert f"<td>{MAX_BLOCK_LINES - 3}</td>" in html
    assert f"<p>|{MAX_BLOCK_LINES - 2}|x|\n|{MAX_BLOCK_LINES - 1}|x|</p>" in html


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[a](https://e.org "T (x)")', '<a href="https://e.org" title="T (x)"'),
        (
            "[a [b]](https://e.org/(x))",
            '<a href="https://e.org/(x)" rel="nofollow noopener">a [b]</a>',
        ),
        ("[r][1]\n\n[1]: https://e.org", '<a href="https://e.org" rel="nofollow noopener">r</a>'),
        ("|a|\n|-|\n|b|", "<td>b</td>"),
        ("term\n: def", "<dt>term</dt>\n<dd>def</dd>"),
    ],
)
def test_links_tables_and_definitions_still_render(text, expected):
    assert expected in render_markdown(text)


def test_text_over_the_limit_is_not_rendered():
    with pytest.raises(MarkdownTooLong, match="20,001 characters; at most 20,000"):
        render_markdown("a" * (MAX_MARKDOWN_LENGTH + 1))


def test_preview_of_text_over_the_limit_says_why_instead():
    html = preview_markdown("[" * 50_000)

    assert "Not previewed" in html and "50,000 characters" in html and "[[" not in html


def test_one_rationale_leaves_nothing_in_the_next():
    """The converter is reused: footnotes, abbreviations and references of one
    rationale must not show up in the next one."""
    render_markdown(
        "Kei cars[^1] are HTML [small][ref].\n\n[^1]: A note.\n\n*[HTML]: Hyper\n\n[ref]: https://example.org/"
    )
    html = render_markdown("Kei cars are HTML [small][ref].")
    assert "footnote" not in html and "<abbr" not in html and "example.org" not in html
    assert html == "<p>Kei cars are HTML [small][ref].</p>"


FOOTNOTED = "Lanes are narrow.[^1] Roads too.[^src]\n\n[^1]: The 1956 act.\n[^src]: A survey."


def ids_and_targets(html):
    import re

    return set(re.findall(r'id="([^"]+)"', html)), set(re.findall(r'href="#([^"]+)"', html))


def test_footnote_refs_and_backrefs_have_their_targets():
    html = render_markdown(FOOTNOTED, footnote_prefix="c7-")
    ids, targets = ids_and_targets(html)
    assert targets == {"fn-c7-1", "fn-c7-2", "fnref-c7-1", "fnref-c7-2"}
    assert targets <= ids
    assert "A survey." in html


def test_footnote_ids_of_two_claims_cannot_collide():
    first, _ = ids_and_targets(render_markdown(FOOTNOTED, footnote_prefix="c7-"))
    second, _ = ids_and_targets(render_markdown(FOOTNOTED, footnote_prefix="c8-"))
    assert first and second and not first & second


def test_a_footnote_referenced_twice_has_a_backref_for_each():
    html = render_markdown("One.[^a] Two.[^a]\n\n[^a]: Note.", footnote_prefix="c7-")
    ids, targets = ids_and_targets(html)
    assert targets <= ids and len([i for i in ids if i.startswith("fnref")]) == 2


def test_user_chosen_ids_are_dropped():
    # attr_list ("extra") lets Markdown set ids; none may clobber the page's
    # (a sentence anchor, the main content) or another claim's footnotes.
    text = (
        "# Heading {#main}\n\nText {: #s-roads-1a2b }\n\n* item {: #fn-c8-1 }\n\nA.[^1]\n\n[^1]: B."
    )
    ids, _ = ids_and_targets(render_markdown(text, footnote_prefix="c7-"))
    assert ids == {"fn-c7-1", "fnref-c7-1"}


def test_a_user_can_not_forge_an_issued_footnote_id_elsewhere():
    text = "Para {: #fn-c7-1 }\n\nA.[^1]\n\n[^1]: B."
    html = render_markdown(text, footnote_prefix="c7-")
    assert html.count('id="fn-c7-1"') == 1
    assert '<li id="fn-c7-1"' in html


def test_without_a_prefix_footnotes_still_link_within_the_preview():
    ids, targets = ids_and_targets(render_markdown(FOOTNOTED))
    assert targets and targets <= ids
    assert all(i.startswith(("fn-", "fnref-")) for i in ids)
