"""The fetcher (core/fetch.py): limits, bad input, and its refusal of any
address that is not public, before a packet is sent."""

import pytest

from factcheck.core import fetch
from factcheck.core.fetch import FetchError, check_address, is_public


def test_a_page_from_the_local_server_is_fetched(web):
    page = fetch.fetch(web.url("/article"))
    assert page.status == 200
    assert page.content_type == "text/html"
    assert b"nine in ten journeys" in page.body
    assert page.final_url == web.url("/article")


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/",
        "http://10.0.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:9/",
        "http://[::ffff:169.254.169.254]/",
        "http://[fd00::1]/",
    ],
)
def test_non_public_addresses_are_refused_before_connecting(url, connect_spy, settings):
    settings.FACTCHECK_FETCH_ALLOW = ""
    with pytest.raises(FetchError) as refused:
        fetch.fetch(url)
    assert refused.value.code == "not_allowed"
    assert "not a public address" in str(refused.value)
    assert connect_spy == []


def test_a_name_resolving_to_loopback_is_refused(web, connect_spy, settings):
    settings.FACTCHECK_FETCH_ALLOW = ""
    port = web.server_address[1]
    with pytest.raises(FetchError) as refused:
        fetch.fetch(f"http://localhost:{port}/article")
    assert refused.value.code == "not_allowed"
    assert connect_spy == [] and web.requests == []


def test_a_name_with_one_private_address_among_public_ones_is_refused(
    monkeypatch, connect_spy, settings
):
    settings.FACTCHECK_FETCH_ALLOW = ""
    monkeypatch.setattr(fetch, "resolve", lambda host, port: ["93.184.216.34", "10.1.2.3"])
    with pytest.raises(FetchError, match="10.1.2.3"):
        fetch.fetch("http://mixed.example/")
    assert connect_spy == []


def test_the_connection_goes_to_the_address_that_was_checked(web, monkeypatch, connect_spy):
    """DNS rebinding: the name is resolved once, in the connection; a second
    answer (private, or public) is never asked for."""
    port = web.server_address[1]
    answers = iter([["127.0.0.1"], ["10.0.0.1"]])
    monkeypatch.setattr(fetch, "resolve", lambda host, port: next(answers))
    page = fetch.fetch(f"http://rebind.test:{port}/article")
    assert page.status == 200
    assert connect_spy == [("127.0.0.1", port)]
    assert next(answers) == ["10.0.0.1"]  # the second answer was never used


def test_a_redirect_to_a_private_address_is_refused_before_connecting(web, connect_spy):
    for path, address in (("/to-private", "10.0.0.1"), ("/to-metadata", "169.254.169.254")):
        with pytest.raises(FetchError, match=address):
            fetch.fetch(web.url(path))
    assert {host for host, port in connect_spy} == {"127.0.0.1"}


def test_redirects_are_followed_and_bounded(web):
    assert fetch.fetch(web.url("/moved")).final_url == web.url("/article")
    with pytest.raises(FetchError) as loop:
        fetch.fetch(web.url("/loop"))
    assert loop.value.code == "redirect_loop"
    with pytest.raises(FetchError) as loop:
        fetch.fetch(web.url("/loop-a"))
    assert loop.value.code == "redirect_loop"
    with pytest.raises(FetchError) as chain:
        fetch.fetch(web.url("/chain0"))
    assert chain.value.code == "redirects"
    with pytest.raises(FetchError, match="http:// and https://"):
        fetch.fetch(web.url("/to-ftp"))


@pytest.mark.parametrize(
    "url", ["ftp://example.org/file", "file:///etc/passwd", "javascript:alert(1)", "gopher://x/"]
)
def test_only_http_and_https_urls_are_fetched(url, connect_spy):
    with pytest.raises(FetchError) as refused:
        fetch.fetch(url)
    assert refused.value.code == "bad_url"
    assert connect_spy == []


def test_a_huge_page_is_stopped_at_the_size_limit(web, settings):
    settings.FACTCHECK_FETCH_MAX_BYTES = 1024 * 1024
    with pytest.raises(FetchError) as refused:
        fetch.fetch(web.url("/huge"))
    assert refused.value.code == "too_large"
    assert "1 MB limit" in str(refused.value)


def test_a_compressed_page_is_limited_by_its_decoded_size(web, settings):
    settings.FACTCHECK_FETCH_MAX_BYTES = 1024 * 1024
    with pytest.raises(FetchError) as refused:
        fetch.fetch(web.url("/gzip-bomb"))
    assert refused.value.code == "too_large"


def test_a_page_that_never_ends_is_stopped_by_the_total_deadline(web, settings):
    """Each read gets a byte quickly (no read timeout fires); the deadline does."""
    import time

    settings.FACTCHECK_FETCH_TIMEOUT = 1.5
    started = time.monotonic()
    with pytest.raises(FetchError) as refused:
        fetch.fetch(web.url("/drip"))
    assert refused.value.code == "timeout"
    assert time.monotonic() - started < 4


def test_slow_headers_are_stopped_by_the_deadline(web, settings):
    settings.FACTCHECK_FETCH_TIMEOUT = 1
    with pytest.raises(FetchError) as refused:
        fetch.fetch(web.url("/slow-headers"))
    assert refused.value.code == "timeout"


def test_an_error_status_is_an_error_with_its_status(web):
    with pytest.raises(FetchError) as gone:
        fetch.fetch(web.url("/gone"))
    assert gone.value.code == "http_status" and gone.value.status == 404
    assert "404" in str(gone.value)


def test_other_content_types_are_refused_when_asked(web):
    with pytest.raises(FetchError) as refused:
        fetch.fetch(web.url("/binary"), accept=fetch.TEXT_TYPES)
    assert refused.value.code == "content_type"
    assert "image/png" in str(refused.value)


def test_a_closed_port_is_a_connection_error(settings):
    settings.FACTCHECK_FETCH_ALLOW = "127.0.0.1/32"
    with pytest.raises(FetchError) as refused:
        fetch.fetch("http://127.0.0.1:9/")
    assert refused.value.code == "connection"


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "224.0.0.1",
        "240.0.0.1",
        "255.255.255.255",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:169.254.169.254",
        "2002:a00:1::",  # 6to4 of 10.0.0.1
        "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254
    ],
)
def test_addresses_that_are_not_public(address):
    assert not is_public(address)
    with pytest.raises(FetchError):
        check_address(address)


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"])
def test_public_addresses(address):
    assert is_public(address)
    check_address(address)


def test_the_allow_setting_takes_cidrs(settings):
    settings.FACTCHECK_FETCH_ALLOW = "127.0.0.0/8, 10.9.0.0/16"
    check_address("127.0.0.2")
    check_address("10.9.3.4")
    check_address("::ffff:127.0.0.1")
    with pytest.raises(FetchError):
        check_address("10.8.0.1")
