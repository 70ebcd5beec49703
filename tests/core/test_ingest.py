"""Tests for factcheck.core.ingest (pure Python: run without Django settings)."""

import io
import random
import time
import unicodedata
import warnings
import zipfile

import pytest
from charset_normalizer import from_bytes
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.core import ingest
from factcheck.core.ingest import (
    ALLOWED_EXTENSIONS,
    DEFAULT_MAX_BYTES,
    IngestError,
    decode_bytes,
    decode_guess,
    html_to_text,
    normalise,
    read_upload,
    text_from_paste,
    text_from_upload,
)

MB = 1024 * 1024
BINARY_MESSAGE = "The file is not text: it looks like a binary file."
ENCODING_MESSAGE = "The file's encoding could not be recognised. Save it as UTF-8 and try again."


def refusal(call, *args, **kwargs):
    """The message of the IngestError that call(*args) raises."""
    with pytest.raises(IngestError) as info:
        call(*args, **kwargs)
    return str(info.value)


# --- normalise -------------------------------------------------------------


def test_crlf_and_cr_become_lf():
    assert normalise("one\r\ntwo\rthree") == "one\ntwo\nthree"


def test_unicode_line_and_paragraph_separators_become_lf():
    assert normalise("one\u2028two\u2029three") == "one\ntwo\nthree"


@pytest.mark.parametrize("separator", ["\x0b", "\x0c", "\x85"])
def test_vertical_tab_form_feed_and_nel_break_lines_instead_of_fusing_words(separator):
    assert normalise(f"page one{separator}page two") == "page one\npage two"


def test_nul_and_other_control_characters_are_removed():
    assert normalise("a\x00b\x07c\x1bd\x7fe\x9bf") == "abcdef"


def test_tab_and_newline_are_kept():
    assert normalise("a\tb\nc") == "a\tb\nc"


def test_bom_is_removed_anywhere():
    assert normalise("\ufeffstart mid\ufeffdle") == "start middle"


def test_zero_width_joiner_is_kept():
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert normalise(family) == family


def test_text_is_composed_to_nfc():
    assert normalise("cafe\u0301") == "caf\u00e9"


def test_marks_separated_by_a_control_character_compose_with_their_base():
    assert normalise("e\x00\u0301") == "\u00e9"


def test_trailing_whitespace_on_each_line_is_stripped():
    assert normalise("one  \t\ntwo\u00a0\nthree") == "one\ntwo\nthree"


def test_indentation_inside_the_text_is_kept():
    assert normalise("list:\n  - item") == "list:\n  - item"


def test_runs_of_blank_lines_collapse_to_one_blank_line():
    assert normalise("one\n\n\n\n\ntwo") == "one\n\ntwo"


def test_whitespace_only_lines_count_as_blank_lines():
    assert normalise("one\n \n\t\n  \ntwo") == "one\n\ntwo"


def test_whole_text_is_stripped():
    assert normalise("\n\n  hello  \n\n") == "hello"


def test_lone_surrogates_become_replacement_characters():
    assert normalise("caf\udce9") == "caf\ufffd"


@settings(deadline=None)
@given(st.text())
def test_normalise_is_idempotent(text):
    once = normalise(text)
    assert normalise(once) == once


@settings(deadline=None)
@given(st.text())
def test_normalised_text_has_no_control_characters_except_newline_and_tab(text):
    result = normalise(text)
    assert "\r" not in result
    assert all(ch in "\n\t" or unicodedata.category(ch) != "Cc" for ch in result)
    assert "\ufeff" not in result


@settings(deadline=None)
@given(st.text())
def test_normalised_text_is_nfc_and_encodable_as_utf8(text):
    result = normalise(text)
    assert unicodedata.is_normalized("NFC", result)
    result.encode("utf-8")


# --- decode_bytes ----------------------------------------------------------


def test_utf8_is_decoded():
    assert decode_bytes("café “quoted” 😀".encode()) == "café “quoted” 😀"


def test_utf8_bom_is_removed():
    assert decode_bytes(b"\xef\xbb\xbfhello") == "hello"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom_is_decoded(codec):
    data = "\ufeffcafé 😀".encode(codec)
    assert decode_bytes(data) == "café 😀"


@pytest.mark.parametrize("codec", ["utf-32-le", "utf-32-be"])
def test_utf32_with_bom_is_decoded(codec):
    data = "\ufeffcafé 😀".encode(codec)
    assert decode_bytes(data) == "café 😀"


def test_utf16_with_an_odd_number_of_bytes_is_undecodable():
    assert refusal(decode_bytes, b"\xff\xfeh\x00i") == ENCODING_MESSAGE


def test_latin1_accents_are_detected():
    text = "Le café est très bon, où est la gare?"
    assert decode_bytes(text.encode("latin-1")) == text


def test_a_single_latin1_word_is_detected():
    assert decode_bytes(b"caf\xe9") == "café"


def test_cp1252_curly_quotes_are_detected():
    assert decode_bytes(b"He said \x93hello\x94 \x96 twice.") == "He said “hello” – twice."


def test_cp1252_accents_in_german_and_portuguese_are_detected():
    text = "Größe über Straße, ação e coração, les maisons créées"
    assert decode_bytes(text.encode("cp1252")) == text


@pytest.mark.parametrize(
    "text",
    ["Zażółć gęślą jaźń", "Ta długa historia o łódce", "Příliš žluťoučký kůň úpěl ďábelské ódy"],
)
def test_cp1250_central_european_text_is_not_mistaken_for_cp1252(text):
    assert decode_bytes(text.encode("cp1250")) == text


def test_cp1251_cyrillic_is_detected():
    text = "Привет мир, как дела"
    assert decode_bytes(text.encode("cp1251")) == text


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("東京は日本の首都であり、世界で最も人口の多い都市圏の一つです。", "shift_jis"),
        ("北京是中华人民共和国的首都，也是全国的政治和文化中心。", "gbk"),
    ],
    ids=["shift_jis", "gbk"],
)
def test_east_asian_legacy_encodings_are_detected(text, codec):
    assert decode_bytes(text.encode(codec)) == text


def detection_sizes(monkeypatch):
    """The sizes of the byte strings handed to charset-normalizer, as they are handed."""
    sizes = []

    def spy(data):
        sizes.append(len(data))
        return from_bytes(data)

    monkeypatch.setattr(ingest, "from_bytes", spy)
    return sizes


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("Le café est très bon, où est la gare? Größe über Straße. ", "cp1252"),
        ("Привет мир, как дела? Всё хорошо, спасибо. ", "cp1251"),
        ("東京は日本の首都であり、世界で最も人口の多い都市圏の一つです。", "shift_jis"),
    ],
    ids=["cp1252", "cp1251", "shift_jis"],
)
def test_a_large_legacy_text_is_judged_by_a_sample_and_decoded_whole(text, codec, monkeypatch):
    # Detection on 5 MB took most of a second; the text after the sample,
    # in the same encoding, is decoded with what the sample showed.
    lines = [
        f"Line {i}: " + (text if i % 7 == 0 else "plain ASCII words here.") for i in range(40_000)
    ]
    original = "\n".join(["An ASCII heading"] * 3_000 + lines)
    sizes = detection_sizes(monkeypatch)

    assert decode_bytes(original.encode(codec)) == original
    assert sizes and max(sizes) <= ingest.DETECTION_SAMPLE_BYTES


def test_a_large_text_whose_rest_does_not_fit_the_sample_is_judged_whole(monkeypatch):
    # The sample reads as cp1252; byte 0x81 further on has no meaning in it.
    data = "Le café est très bon.\n".encode("cp1252") * 10_000 + b"end \x81\xe9 end\n"
    sizes = detection_sizes(monkeypatch)

    decoded = decode_bytes(data)

    assert sizes[-1] == len(data)  # charset-normalizer saw the whole text at last
    assert decoded == ingest._detect_and_decode(data)[0]  # as without the sample


def test_a_small_legacy_text_is_judged_whole(monkeypatch):
    data = "Le café est très bon.\n".encode("cp1252") * 1_000
    sizes = detection_sizes(monkeypatch)
    assert decode_bytes(data) == data.decode("cp1252")
    assert sizes == [len(data)]


def test_a_few_stray_nuls_in_a_long_text_are_not_binary():
    data = b"A long line of ordinary text. " * 20 + b"\x00\x00" + b"More text."
    assert decode_bytes(data).endswith("\x00\x00More text.")


def test_nuls_are_stripped_once_the_upload_is_normalised():
    data = b"A long line of ordinary text. " * 20 + b"\x00\x00more text."
    assert "\x00" not in text_from_upload("notes.txt", data)


def test_mostly_control_bytes_is_binary():
    assert refusal(decode_bytes, b"\x00\x01\x02text\x00\x00\x03\x04") == BINARY_MESSAGE


def test_utf16_text_without_bom_is_refused_as_binary():
    assert refusal(decode_bytes, "hello world".encode("utf-16-le")) == BINARY_MESSAGE


def test_utf16_with_bom_full_of_controls_is_binary():
    data = b"\xff\xfe" + "x\x00\x01\x02\x03".encode("utf-16-le")
    assert refusal(decode_bytes, data) == BINARY_MESSAGE


def test_random_bytes_are_refused_as_binary():
    assert refusal(decode_bytes, random.Random(0).randbytes(4096)) == BINARY_MESSAGE


def test_undecodable_bytes_are_refused_with_an_encoding_message():
    assert refusal(decode_bytes, bytes(range(0x80, 0x100))) == ENCODING_MESSAGE


def test_pdf_is_refused_with_a_hint():
    message = refusal(decode_bytes, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    assert message == "PDF files are not supported; paste the text or save it as .txt."


def zip_bytes(*names):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<xml/>")
    return buffer.getvalue()


def test_docx_is_refused_as_an_office_document():
    message = refusal(decode_bytes, zip_bytes("[Content_Types].xml", "word/document.xml"))
    assert message.startswith("Word and other office documents are not supported")


def test_zip_archive_is_refused():
    assert refusal(decode_bytes, zip_bytes("notes.txt")).startswith(
        "Compressed (ZIP) files are not supported"
    )


@pytest.mark.parametrize(
    "magic",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"\xff\xd8\xff\xe0\x00\x10JFIF", b"GIF89a\x01\x00"],
    ids=["png", "jpeg", "gif"],
)
def test_images_are_refused(magic):
    assert refusal(decode_bytes, magic) == "The file is not text: it looks like an image."


def test_old_word_document_is_refused_as_an_office_document():
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100
    assert refusal(decode_bytes, data).startswith("Word and other office documents")


@settings(deadline=None)
@given(st.binary(max_size=2000))
def test_decode_bytes_returns_text_or_raises_ingest_error(data):
    try:
        assert isinstance(decode_bytes(data), str)
    except IngestError:
        pass


PRINTABLE_TEXT = st.text(
    st.characters(exclude_categories=("Cc", "Cs"), exclude_characters="\ufeff")
)


@settings(deadline=None)
@given(PRINTABLE_TEXT)
def test_decode_bytes_returns_utf8_text_unchanged(text):
    assert decode_bytes(text.encode()) == text


# --- html_to_text ----------------------------------------------------------


def test_html_blocks_never_fuse_words():
    assert (
        html_to_text("<b>Alex Kierstein</b><p>Cute trumps</p>") == "Alex Kierstein\n\nCute trumps"
    )


def test_adjacent_divs_are_on_separate_lines():
    assert html_to_text("<div>one</div><div>two</div>") == "one\ntwo"


def test_paragraphs_are_separated_by_a_blank_line():
    assert html_to_text("<p>One.</p><p>Two.</p><h2>Three</h2>") == "One.\n\nTwo.\n\nThree"


def test_br_is_a_single_line_break():
    assert html_to_text("<p>line one<br>line two</p>") == "line one\nline two"


def test_two_brs_make_a_blank_line():
    assert html_to_text("one<br><br>two") == "one\n\ntwo"


def test_list_items_are_each_on_their_own_line():
    assert html_to_text("<p>Intro</p><ul><li>a</li><li>b</li></ul>") == "Intro\n\na\nb"


def test_nested_list_continues_without_a_blank_line():
    assert html_to_text("<ul><li>a<ul><li>a.1</li></ul></li><li>b</li></ul>") == "a\na.1\nb"


def test_inline_elements_do_not_break_lines():
    assert (
        html_to_text('<p>A <b>bold</b> and <a href="/x">linked</a> word.</p>')
        == "A bold and linked word."
    )


def test_inline_elements_without_spaces_stay_joined():
    assert html_to_text("<p><b>un</b><i>believable</i></p>") == "unbelievable"


def test_whitespace_collapses_like_a_browser():
    assert html_to_text("<p>  many \n\t spaces   <b> here </b> too </p>") == "many spaces here too"


def test_non_breaking_spaces_are_kept():
    assert html_to_text("<p>10&nbsp;km away</p>") == "10\u00a0km away"


def test_pre_keeps_its_whitespace():
    assert (
        html_to_text("<p>Code:</p><pre>\nif x:\n    y  =  1\n</pre>")
        == "Code:\n\nif x:\n    y  =  1"
    )


def test_table_cells_are_separated_by_tabs_and_rows_by_lines():
    html = "<table><tr><th>Name</th> <th>Age</th></tr><tr><td>Ann</td><td>41</td></tr></table>"
    assert html_to_text(html) == "Name\tAge\nAnn\t41"


def test_script_content_is_dropped():
    assert (
        html_to_text("<p>before</p><script>var secret = '<p>x</p>';</script><p>after</p>")
        == "before\n\nafter"
    )


@pytest.mark.parametrize(
    "element",
    [
        "style",
        "template",
        "noscript",
        "iframe",
        "object",
        "svg",
        "canvas",
        "title",
        "video",
        "select",
    ],
)
def test_invisible_element_content_is_dropped(element):
    assert (
        html_to_text(f"<p>seen</p><{element}>hidden</{element}><p>also seen</p>")
        == "seen\n\nalso seen"
    )


def test_head_is_dropped():
    html = "<html><head><title>Tab</title><style>p {}</style></head><body><p>Body</p></body></html>"
    assert html_to_text(html) == "Body"


def test_unclosed_head_does_not_hide_the_body():
    assert html_to_text("<html><head><title>T</title><body><p>Body text</p>") == "Body text"


def test_hidden_elements_are_dropped():
    assert html_to_text("<p>shown</p><div hidden>not shown</div>") == "shown"


def test_comments_are_dropped():
    assert html_to_text("<p>a<!-- secret -->b</p><!--[if IE]><p>old</p><![endif]-->") == "ab"


def test_unterminated_comment_hides_the_rest_like_a_browser():
    assert html_to_text("<p>kept</p><!-- never closed <p>gone</p>") == "kept"


def test_empty_comments_are_dropped():
    assert html_to_text("<p>a<!-->b<!--->c</p>") == "abc"


def test_cdata_and_unknown_marked_sections_are_dropped_like_a_browser():
    # Outside SVG/MathML, browsers read "<![...>" as a comment ending at the first ">".
    assert html_to_text("<p>a<![CDATA[x]]>b<![foo[ y ]]>c</p>") == "abc"


def test_entities_are_decoded():
    assert html_to_text(
        "<p>Fish &amp; chips &lt;3 &eacute;t&#233; &#x2014; &quot;ok&quot;</p>"
    ) == ('Fish & chips <3 été — "ok"')


def test_no_markup_survives():
    html = (
        '<div class="x" data-y="<b>"><span style="color:red">Red</span> <img alt="pic"> text</div>'
    )
    assert html_to_text(html) == "Red text"


def test_a_lone_less_than_sign_is_text():
    assert html_to_text("<p>a < b and c <</p>") == "a < b and c <"


def test_ruby_annotations_are_dropped():
    assert html_to_text("<p><ruby>漢<rp>(</rp><rt>kan</rt><rp>)</rp>字</ruby></p>") == "漢字"


def test_deeply_nested_html_does_not_crash():
    depth = 20000
    assert html_to_text("<div>" * depth + "deep" + "</div>" * depth) == "deep"


def seconds_to_convert(html):
    """CPU seconds of this process, not wall-clock ones: on a loaded machine
    (two cores shared by several suites) the linear cases took 3 s of wall
    clock for 0.5 s of CPU, a third of the way to the limit; the quadratic
    ones take minutes of CPU either way."""
    start = time.process_time()
    html_to_text(html)
    return time.process_time() - start


def test_many_unclosed_formatting_tags_take_linear_time():
    # html5lib needs minutes for this (its time grows with the nesting depth squared).
    assert seconds_to_convert("<b><font size=2>" * 20000 + "text") < 10


@pytest.mark.parametrize("construct", ["</", "<a"])
def test_unterminated_markup_takes_linear_time(construct):
    # Unguarded, html.parser in Python 3.13.0 takes 30 s to 4 min (CVE-2025-6069).
    assert seconds_to_convert(construct * 200_000) < 10


def test_text_without_markup_is_returned_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert html_to_text("https://example.com/page.html") == "https://example.com/page.html"


def test_html_result_is_normalised():
    assert html_to_text("<p>one\r\n two</p>\n\n\n<p>\ufeffthree\x00</p>") == "one two\n\nthree"


@settings(deadline=None)
@given(st.text())
def test_html_to_text_returns_normalised_text_for_any_input(html):
    result = html_to_text(html)
    assert normalise(result) == result


BLOCKS = [
    "p",
    "div",
    "li",
    "h3",
    "blockquote",
    "section",
    "tr",
    "td",
    "dd",
    "pre",
    "figcaption",
    "address",
]
INLINES = ["b", "span", "a", "em"]


@settings(deadline=None)
@given(st.lists(st.sampled_from(BLOCKS + INLINES), min_size=1, max_size=12))
def test_words_in_different_blocks_never_fuse(tags):
    html = "".join(f"<{tag}>w{i}</{tag}>" for i, tag in enumerate(tags))
    expected = []
    for i, tag in enumerate(tags):
        if tag in INLINES and i and tags[i - 1] in INLINES:
            expected[-1] += f"w{i}"  # adjacent inline elements do join, as in a browser
        else:
            expected.append(f"w{i}")
    assert html_to_text(html).split() == expected


# --- text_from_upload ------------------------------------------------------


def test_allowed_extensions_are_the_documented_ones():
    assert ALLOWED_EXTENSIONS == (".txt", ".md", ".html", ".htm")


def test_disallowed_extension_is_refused_naming_the_allowed_types():
    assert refusal(text_from_upload, "data.csv", b"a,b") == (
        'Files of type ".csv" are not supported. '
        "Upload a .txt, .md, .html or .htm file, or paste the text."
    )


def test_pdf_extension_is_refused_with_a_hint():
    assert refusal(text_from_upload, "report.PDF", b"%PDF-1.4") == (
        "PDF files are not supported; paste the text or save it as .txt."
    )


def test_file_without_extension_is_refused():
    assert refusal(text_from_upload, "README", b"hello").startswith(
        "The file name has no extension"
    )


@pytest.mark.parametrize(
    "filename", ["NOTES.TXT", "C:\\Users\\ann\\notes.txt", "dir/notes.md", "page.HTM"]
)
def test_extension_is_found_case_insensitively_and_behind_paths(filename):
    assert text_from_upload(filename, b"hello") == "hello"


def test_file_over_limit_is_refused_with_size_in_message():
    data = b"a" * int(6.2 * MB)
    assert refusal(text_from_upload, "big.txt", data) == "The file is 6.2 MB; the limit is 5 MB."


def test_small_limits_are_shown_in_bytes_and_kilobytes():
    assert (
        refusal(text_from_upload, "a.txt", b"a" * 2048, max_bytes=100)
        == "The file is 2 KB; the limit is 100 bytes."
    )


def test_file_just_over_limit_is_refused_without_a_misleading_size():
    data = b"a" * (DEFAULT_MAX_BYTES + 1)
    assert refusal(text_from_upload, "big.txt", data) == "The file is larger than the 5 MB limit."


def test_file_exactly_at_the_limit_is_accepted():
    assert text_from_upload("a.txt", b"abcd", max_bytes=4) == "abcd"


def test_empty_file_is_refused():
    assert refusal(text_from_upload, "empty.txt", b"") == "The file is empty."


def test_whitespace_only_file_is_refused():
    message = refusal(text_from_upload, "blank.txt", b" \r\n\t\n  \xef\xbb\xbf")
    assert message == "The file has no text in it: it is empty or only whitespace."


def test_html_file_without_visible_text_is_refused():
    message = refusal(
        text_from_upload, "blank.html", b"<html><head><title>T</title></head><body> </body></html>"
    )
    assert message == "The file has no text in it: it is empty or only whitespace."


def test_html_upload_is_converted_to_text():
    assert (
        text_from_upload("page.html", b"<h1>Title</h1><p>Body &amp; soul</p>")
        == "Title\n\nBody & soul"
    )


def test_utf8_bom_followed_by_html_is_converted():
    assert text_from_upload("page.htm", b"\xef\xbb\xbf<!DOCTYPE html><p>Hi</p>") == "Hi"


def test_utf16_html_upload_is_converted():
    data = "\ufeff<p>Grüße</p><p>zwei</p>".encode("utf-16-le")
    assert text_from_upload("page.html", data) == "Grüße\n\nzwei"


def test_html_in_a_txt_file_is_kept_as_text():
    assert text_from_upload("notes.txt", b"<p>literal</p>") == "<p>literal</p>"


def test_markdown_is_stored_as_the_text_a_reader_sees():
    data = (
        b"# Kei cars\n\nThey are *small* and **cheap**, says [the report](https://example.org).\n"
        b"It was `2024`.\n\n* one item\n* two items\n\n> A quote.\n\nKeep _this_ one.\n"
    )
    assert text_from_upload("notes.md", data) == (
        "Kei cars\n\nThey are small and cheap, says the report. It was 2024.\n\n"
        "one item\ntwo items\n\nA quote.\n\nKeep this one."
    )


def test_a_txt_file_keeps_markdown_like_characters():
    assert text_from_upload("notes.txt", b"# Title\n\n* item  \n") == "# Title\n\n* item"


def test_a_markdown_upload_keeps_paragraphs_for_segmentation():
    text = text_from_upload("notes.md", b"First paragraph\nstill first.\n\n## Second\n\nThird.")
    assert text.split("\n\n") == ["First paragraph still first.", "Second", "Third."]


def test_markdown_with_raw_html_and_footnotes_reads_as_text():
    data = b"Cars<br>are <b>small</b>.[^1]\n\n[^1]: A note.\n\n<script>x()</script>\n"
    assert text_from_upload("notes.md", data) == "Cars\nare small.1\n\nA note."


def test_uploaded_text_is_normalised():
    assert text_from_upload("win.txt", b"one\r\n\r\n\r\n\r\ntwo  \r\n") == "one\n\ntwo"


def test_cp1252_upload_is_decoded():
    assert text_from_upload("old.txt", b"\x93Caf\xe9\x94") == "“Café”"


def test_binary_file_with_a_text_extension_is_refused():
    assert refusal(text_from_upload, "photo.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50).startswith(
        "The file is not text"
    )


# --- text_from_paste -------------------------------------------------------


def test_paste_is_normalised():
    assert text_from_paste("  one\r\ntwo\u2028\n\n\nthree  ") == "one\ntwo\n\nthree"


def test_whitespace_only_paste_is_refused():
    assert refusal(text_from_paste, " \n\t\u00a0\n") == "The text is empty or only whitespace."


def test_empty_paste_is_refused():
    assert refusal(text_from_paste, "") == "The text is empty or only whitespace."


def test_paste_limit_counts_utf8_bytes_not_characters():
    assert (
        refusal(text_from_paste, "é" * 60, max_bytes=100)
        == "The text is 120 bytes; the limit is 100 bytes."
    )


def test_paste_over_default_limit_is_refused_with_size_in_message():
    assert refusal(text_from_paste, "a" * 6 * MB) == "The text is 6 MB; the limit is 5 MB."


def test_paste_with_lone_surrogate_does_not_crash():
    assert text_from_paste("caf\udce9") == "caf\ufffd"


@pytest.mark.parametrize(
    "text",
    [
        "The mayor of Bogotá said 40% of roads are new.\n",
        "The mayor of Düsseldorf said 40% of roads are new.\n",
        "The mayor of Española said 40% of roads are new.\n",
    ],
)
def test_a_short_latin1_text_with_one_accent_decodes_as_western(text):
    # With one or two non-ASCII bytes the detector has no evidence and picked
    # Baltic or Central European code pages ("D³sseldorf", "Bogotį").
    assert decode_bytes(text.encode("latin-1")) == text


def test_utf8_is_not_reported_as_a_guess():
    assert decode_guess("Düsseldorf".encode()) == ("Düsseldorf", None)


def test_a_bom_is_not_reported_as_a_guess():
    assert decode_guess("\ufeffDüsseldorf".encode("utf-16-le")) == ("Düsseldorf", None)


def test_a_guessed_encoding_is_named():
    text, guess = decode_guess("Visit Düsseldorf.".encode("latin-1"))
    assert text == "Visit Düsseldorf." and guess == "Windows-1252 (Western European)"


def test_a_guessed_cyrillic_encoding_is_named():
    assert decode_guess("Привет мир, как дела".encode("cp1251"))[1] == "Windows-1251"


def test_an_upload_reports_its_guessed_encoding():
    upload = read_upload("notes.txt", "Visit Düsseldorf.".encode("latin-1"))
    assert upload.text == "Visit Düsseldorf."
    assert upload.encoding == "Windows-1252 (Western European)"
