from factcheck.core.markup import render_markdown


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
