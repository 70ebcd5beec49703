"""A large upload through the new-source form, as a reviewer sends it: seconds
and MB/s for a 1 MB and a 5 MB .txt (the default size limit), and the number
of queries. The request must finish on its own; gunicorn needs a timeout above
the 5 MB figure (see README).

    .venv/bin/python bench/upload.py
"""

import time
from pathlib import Path

from _django import ROOT, count_queries, test_database
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

SEEDS = sorted((ROOT / "factcheck" / "core" / "demo").glob("*.txt"))


def text_of_size(size):
    paragraphs = "\n\n".join(Path(p).read_text(encoding="utf-8") for p in SEEDS)
    return (paragraphs + "\n\n") * (size // len(paragraphs.encode()) + 1)


def main():
    with test_database():
        from django.contrib.auth.models import Group

        from factcheck.core import roles
        from factcheck.core.models import Source

        roles.ensure_roles()
        user = get_user_model().objects.create_user("bench")
        user.groups.add(Group.objects.get(name=roles.REVIEWER))
        client = Client()
        client.force_login(user)
        for mb in (1, 5):
            data = text_of_size(mb * 1024 * 1024).encode()[: mb * 1024 * 1024 - 16]
            upload = SimpleUploadedFile(f"big-{mb}.txt", data, "text/plain")

            def post(mb=mb, upload=upload):
                response = client.post(
                    reverse("review:source-new"),
                    {
                        "title": f"Upload {mb} MB",
                        "kind": "article",
                        "language": "en",
                        "upload": upload,
                    },
                )
                assert response.status_code == 302, response.content[:500]

            started = time.perf_counter()
            queries = count_queries(post)
            seconds = time.perf_counter() - started
            sentences = Source.objects.get(
                title=f"Upload {mb} MB"
            ).current_revision.sentences.count()
            print(
                f"{mb} MB upload: {seconds:.1f} s ({len(data) / 1024 / 1024 / seconds:.2f} MB/s), "
                f"{sentences} sentences, {queries} queries"
            )


if __name__ == "__main__":
    main()
