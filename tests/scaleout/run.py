"""Scale-out test: two gunicorn instances (A, B) and one task worker on one
PostgreSQL database and Redis, all on 127.0.0.1. It checks what a load balancer
in front of them needs: a login on A works on B, a publish on A shows on B at
once, an upload on A is processed by the worker and opens on B, and the
suggestion limit counts across both. Run by .ci/run; exits non-zero on failure.

    .venv/bin/python tests/scaleout/run.py [--database-url postgres://...] [--ports 8460,8461]

--database-url names a PostgreSQL server and role that may create databases; a
fresh database `<its name>_scaleout` is made and dropped. Redis: CACHE_URL
(default redis://127.0.0.1:6379/0) with a key prefix of this run's own.
Everything is bounded in time and every process it starts is stopped.
"""

import argparse
import http.cookiejar
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable
DEADLINE = 60  # seconds for any one wait

SEED = """
from django.contrib.auth.models import Group
from factcheck.core import roles
from factcheck.core.workflow import transition
from tests.factories import UserFactory, make_complete_claim, make_source
roles.ensure_roles()
rita = UserFactory(username="rita"); rita.set_password("pw-rita-1"); rita.save()
rita.groups.add(Group.objects.get(name=roles.REVIEWER))
edna = UserFactory(username="edna", is_staff=True); edna.set_password("pw-edna-1"); edna.save()
edna.groups.add(Group.objects.get(name=roles.EDITOR))
source = make_source(title="Roads", text="Roads are wide. Cars are small.")
claim = transition(make_complete_claim(source, rita), "submit", rita)
print(claim.pk)
"""


class Browser:
    """A cookie jar and urllib, not following redirects (the test looks at them)."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), self.NoRedirect
        )

    def request(self, url, data=None, headers=None):
        body, extra = None, {}
        if isinstance(data, dict):
            body = urllib.parse.urlencode(data).encode()
            extra["Content-Type"] = "application/x-www-form-urlencoded"
        elif isinstance(data, tuple):
            body, extra["Content-Type"] = data
        request = urllib.request.Request(url, data=body, headers={**extra, **(headers or {})})
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()

    def get(self, url):
        return self.request(url)

    def post(self, url, data, *, referer):
        """POST a form with the CSRF token read from the page at `referer`."""
        status, _, html = self.get(referer)
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        assert found, f"no CSRF token on {referer} ({status})"
        token = found.group(1)
        if isinstance(data, dict):
            data = {**data, "csrfmiddlewaretoken": token}
        else:
            data = multipart({**data[0], "csrfmiddlewaretoken": token}, data[1])
        return self.request(url, data, headers={"Referer": referer})


def multipart(fields, files):
    boundary = uuid.uuid4().hex
    lines = []
    for name, value in fields.items():
        lines += [f"--{boundary}", f'Content-Disposition: form-data; name="{name}"', "", value]
    head = "\r\n".join(lines).encode() + b"\r\n"
    for name, (filename, content) in files.items():
        head += (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: text/plain\r\n\r\n'
            ).encode()
            + content
            + b"\r\n"
        )
    return head + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def wait_until(what, check):
    started = time.monotonic()
    while time.monotonic() - started < DEADLINE:
        result = check()
        if result:
            return result
        time.sleep(0.3)
    raise AssertionError(f"timed out after {DEADLINE} s waiting for {what}")


def step(message):
    print(f"scale-out: {message}", flush=True)


def checks(a, b, pk):
    reviewer, editor, reader = Browser(), Browser(), Browser()

    step("log in on A, the session works on B")
    status, headers, _ = reviewer.post(
        f"{a}/accounts/login/",
        {"username": "rita", "password": "pw-rita-1"},
        referer=f"{a}/accounts/login/",
    )
    assert status == 302, f"login on A: {status}"
    status, _, html = reviewer.get(f"{b}/review/")
    assert status == 200 and "rita" in html, f"desk on B after login on A: {status}"

    step("publish on A, B shows it at once")
    short_url = f"/claims/{pk}/"
    assert reader.get(f"{b}{short_url}")[0] == 404, "claim public before publishing"
    editor.post(
        f"{a}/accounts/login/",
        {"username": "edna", "password": "pw-edna-1"},
        referer=f"{a}/accounts/login/",
    )
    status, _, _ = editor.post(
        f"{a}/review/claims/{pk}/publish/", {}, referer=f"{a}/review/claims/{pk}/"
    )
    assert status == 302, f"publish on A: {status}"
    status, headers, _ = reader.get(f"{b}{short_url}")
    assert status == 301, f"short URL on B after publishing: {status}"
    claim_url = headers["Location"]
    status, _, html = reader.get(f"{b}{claim_url}")
    assert status == 200 and "Roads follow motor-vehicle standards." in html, status

    step("upload on A, the worker processes it, B shows it")
    text = ("Kei cars are small. They pay a lower tax.\n\n" * 2000).encode()
    fields = {"title": "Kei cars", "kind": "article", "language": "en", "text": ""}
    status, headers, _ = reviewer.post(
        f"{a}/review/sources/new/",
        (fields, {"upload": ("kei.txt", text)}),
        referer=f"{a}/review/sources/new/",
    )
    assert status == 302 and "/review/processing/" in headers["Location"], status
    progress = f"{b}{headers['Location']}"
    location = wait_until(
        "the worker to finish the upload",
        lambda: (lambda r: r[0] == 302 and r[1]["Location"])(reviewer.get(progress)),
    )
    assert location == "/review/sources/kei-cars/", location
    status, _, html = reviewer.get(f"{b}{location}")
    assert status == 200 and "They pay a lower tax." in html, f"workspace on B: {status}"

    step("the suggestion limit is shared by A and B")
    statuses = []
    for n in range(7):
        host = (a, b)[n % 2]
        status, _, _ = reader.post(
            f"{host}{claim_url}", {"message": f"Check number {n}."}, referer=f"{host}{claim_url}"
        )
        statuses.append(status)
    # Five per hour in all: the sixth and seventh are refused whichever instance gets them.
    assert statuses == [302] * 5 + [429] * 2, statuses

    for host in (a, b):
        status, _, body = reviewer.get(f"{host}/healthz")
        assert status == 200, f"/healthz on {host}: {status} {body}"


def healthy(url):
    try:
        return Browser().get(f"{url}/healthz")[0] == 200
    except urllib.error.URLError:  # not listening yet
        return False


def fresh_database(url):
    parts = urllib.parse.urlsplit(url)
    name = f"{parts.path.lstrip('/') or 'factcheck'}_scaleout"
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return parts._replace(path=f"/{name}").geturl(), admin, name


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "DATABASE_URL", "postgres://factcheck:factcheck@127.0.0.1:5432/factcheck"
        ),
    )
    parser.add_argument("--ports", default="8460,8461")
    parser.add_argument("--cache-url", default="redis://127.0.0.1:6379/0")
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        sys.exit("The scale-out test needs PostgreSQL: pass --database-url postgres://...")
    database_url, admin_url, name = fresh_database(args.database_url)
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "CACHE_URL": args.cache_url,
        "CACHE_KEY_PREFIX": f"scaleout-{uuid.uuid4().hex[:8]}",
        "SESSION_ENGINE": "django.contrib.sessions.backends.cache",
        "SECRET_KEY": f"scaleout-{uuid.uuid4().hex}",
        "DEBUG": "0",
        "TASK_BACKEND": "database",
        "ALLOWED_HOSTS": "127.0.0.1",
        "GUNICORN_WORKERS": "2",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("FACTCHECK_TESTING", None)

    def manage(*command, **kwargs):
        return subprocess.run(
            [PY, "manage.py", *command], cwd=ROOT, env=env, check=True, timeout=300, **kwargs
        )

    processes = []
    try:
        manage("migrate", "--noinput", "-v0")
        manage("collectstatic", "--noinput", "-v0")
        seeded = subprocess.run(
            [PY, "manage.py", "shell", "-c", SEED],
            cwd=ROOT,
            env=env,
            timeout=300,
            capture_output=True,
            text=True,
        )
        assert seeded.returncode == 0, seeded.stderr
        pk = seeded.stdout.split()[-1]
        urls = []
        for port in args.ports.split(","):
            processes.append(
                subprocess.Popen(
                    [PY, "-m", "gunicorn", "-c", "factcheck/gunicorn.conf.py", "factcheck.wsgi"],
                    cwd=ROOT,
                    env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
                    stdout=subprocess.DEVNULL,
                    start_new_session=True,
                )
            )
            urls.append(f"http://127.0.0.1:{port}")
        processes.append(
            subprocess.Popen(
                [PY, "manage.py", "worker", "--no-reload", "-v0"],
                cwd=ROOT,
                env=env,
                start_new_session=True,
            )
        )
        for url in urls:
            wait_until(f"{url}/healthz", lambda url=url: healthy(url))
        checks(*urls, pk)
        step("all checks passed")
    finally:
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
