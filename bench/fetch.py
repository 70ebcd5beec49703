"""A 200 KB article page from a local web server (127.0.0.1) made a source
through the new-source form: seconds from posting its URL until the workspace
is ready (fetch, extraction, splitting, storing, with the worker running right
after the request, as bench/upload.py does), the fetch alone and the extraction
alone beside it, and the same text pasted (the reference: no fetch, no
extraction), measured in the same run. Target: fetch to workspace <= 1.5 s.

    .venv/bin/python bench/fetch.py [--runs 5]
"""

import re
import statistics
import time

from _django import ROOT, arguments, test_database
from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from django.urls import reverse
from upload import DATABASE_TASKS, run_worker, text_of_size

PAGE = ROOT / "bench" / "data" / "pages" / "news-article.html"
TARGET_BYTES = 200 * 1024
ARTICLE_WORDS = "A short text to paste. It warms the paste path up too."


def article_page(size=TARGET_BYTES):
    """The news-article fixture (navigation, cookie banner, sidebar, comments,
    footer) with its story grown to `size` bytes of paragraphs."""
    html = PAGE.read_text(encoding="utf-8")
    paragraphs = [p for p in text_of_size(size).split("\n\n") if p.strip()]
    body, grown = [], len(html.encode())
    for paragraph in paragraphs:
        if grown >= size:
            break
        block = f"<p>{paragraph}</p>\n"
        body.append(block)
        grown += len(block.encode())
    return re.sub(r'(<div class="story-body">)', r"\1" + "".join(body), html, count=1)


def main():
    args = arguments(runs=5)
    import sys

    sys.path.insert(0, str(ROOT))
    from tests import webserver

    html = article_page()
    server = webserver.start()
    server.article = html
    settings = {"TASKS": DATABASE_TASKS, "FACTCHECK_FETCH_ALLOW": "127.0.0.1/32"}
    try:
        with test_database(), override_settings(**settings):
            from django.contrib.auth.models import Group

            from factcheck.core import roles
            from factcheck.core.extract import main_text
            from factcheck.core.fetch import fetch
            from factcheck.core.models import Ingestion, IngestionStatus

            roles.ensure_roles()
            user = get_user_model().objects.create_user("bench")
            user.groups.add(Group.objects.get(name=roles.REVIEWER))
            client = Client()
            client.force_login(user)
            main_text(html)  # import trafilatura once, as a running worker has

            def through_form(**data):
                started = time.perf_counter()
                response = client.post(
                    reverse("review:source-new"), {"kind": "article", "language": "en", **data}
                )
                assert response.status_code == 302, response.content[:800]
                run_worker()
                seconds = time.perf_counter() - started
                ingestion = Ingestion.objects.order_by("-pk").first()
                assert ingestion.status == IngestionStatus.DONE, ingestion.error
                return seconds, ingestion

            # The first source of a process pays for what every worker loads once
            # (sentence-splitting rules, date parsing data): shown apart, not in the medians.
            cold, _ = through_form(url=server.url("/article"))
            cold_paste, _ = through_form(title="Pasted cold", text=ARTICLE_WORDS)
            fetched, extract, pasted, fetch_only = [], [], [], []
            for _ in range(args.runs):
                seconds, ingestion = through_form(url=server.url("/article"))
                fetched.append(seconds)
                text = ingestion.revision.text
                started = time.perf_counter()
                page = fetch(server.url("/article"))
                fetch_only.append(time.perf_counter() - started)
                started = time.perf_counter()
                main_text(page.body.decode("utf-8"))
                extract.append(time.perf_counter() - started)
                seconds, _ = through_form(title="Pasted", text=text)
                pasted.append(seconds)
            sentences = ingestion.revision.sentences.count()
    finally:
        server.stop()
    median = statistics.median
    print(
        f"page {len(html.encode()) / 1024:.0f} KB, main text {len(text.encode()) / 1024:.0f} KB, "
        f"{sentences} sentences; median of {args.runs} runs"
    )
    print(
        f"fetch to workspace {median(fetched):.2f} s (target 1.5 s) | fetch alone "
        f"{median(fetch_only) * 1000:.0f} ms | extraction alone {median(extract) * 1000:.0f} ms | "
        f"same text pasted (reference) {median(pasted):.2f} s | "
        f"fetch/reference {median(fetched) / median(pasted):.2f}"
    )
    print(
        f"first source of the process (cold): from the URL {cold:.2f} s, pasted {cold_paste:.2f} s"
    )


if __name__ == "__main__":
    main()
