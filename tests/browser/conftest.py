import os
import shutil
import time

import pytest
from playwright.sync_api import expect

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

# How long an expectation waits for what the user should see. Playwright's
# 5 s default was close to the bone when eight test suites share two cores
# (a live-server request, then htmx's swap); passing tests return at once.
expect.set_options(timeout=20_000)

# pytest-playwright runs an event loop in the main thread; the Django ORM
# calls made by tests beside it are safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if not executable:
        message = "chromium is not installed (apt-get install chromium)"
        if os.environ.get("FACTCHECK_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": executable, "args": CHROMIUM_ARGS}


@pytest.fixture
def demo(transactional_db, settings):
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    settings.DEBUG = False


@pytest.fixture
def no_js_page(browser):
    """A page in a browser context of its own with JavaScript off."""
    context = browser.new_context(java_script_enabled=False)
    yield context.new_page()
    context.close()


def paste_source(page, title, text):
    """On the new-source page: paste a text under a title and save it."""
    page.get_by_label("Title").fill(title)
    page.get_by_label("Text").fill(text)
    page.get_by_role("button", name="Save source").click()


@pytest.fixture
def login(page, live_server):
    def login_as(username, password="demo"):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url("**/review/**")

    return login_as


@pytest.fixture(autouse=True)
def settle_before_flush(request):
    """After a browser test the database is flushed while the live server may
    still be answering a request the browser made last. On PostgreSQL that
    request and the flush can deadlock, so wait (30 s at most: a loaded machine
    can take seconds to answer) until no other session of the test database is busy. Requested as a dependent of
    transactional_db, this runs before the flush."""
    if "live_server" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("transactional_db")
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    busy = (
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
        "AND pid <> pg_backend_pid() AND state <> 'idle'"
    )
    for _ in range(300):
        with connection.cursor() as cursor:
            cursor.execute(busy)
            if cursor.fetchone()[0] == 0:
                return
        time.sleep(0.1)
