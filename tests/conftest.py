import socket

import pytest
from django.contrib.auth.models import Group
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from factcheck.core import roles

from .factories import UserFactory

# Property tests measure the code, not the machine: no deadline per example and
# no "too slow" health check, both of which a loaded machine (CI shares its
# cores) can trip. Each test's own @settings still sets the number of examples.
hypothesis_settings.register_profile(
    "factcheck", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("factcheck")


def user_in(role, **kwargs):
    roles.ensure_roles()
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def reviewer(db):
    return user_in(roles.REVIEWER, username="rita")


@pytest.fixture
def reviewer2(db):
    return user_in(roles.REVIEWER, username="rob")


@pytest.fixture
def editor(db):
    return user_in(roles.EDITOR, username="edna", is_staff=True)


@pytest.fixture
def admin_user(db):
    return user_in(roles.ADMIN, username="ada", is_staff=True, is_superuser=True)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache, and no process-local copies:
    cached public pages are keyed by a counter that restarts with every test
    database."""
    from factcheck.core.semantic import INDEX
    from factcheck.public.caching import forget_all

    forget_all()
    INDEX.clear()
    yield
    forget_all()
    INDEX.clear()


@pytest.fixture(autouse=True)
def no_dns(monkeypatch):
    """The fetcher never asks a real resolver in tests (these machines have no
    network, and no test may send a packet anywhere but loopback): `localhost`
    resolves to 127.0.0.1, every other name is unknown."""
    from factcheck.core import fetch

    def resolve(host, port):
        if host.lower() == "localhost":
            return ["127.0.0.1"]
        raise OSError(f"no DNS in tests: {host}")

    monkeypatch.setattr(fetch, "resolve", resolve)


@pytest.fixture
def web(settings):
    """The local test web server (tests/webserver.py), which the fetcher may reach."""
    from . import webserver

    settings.FACTCHECK_FETCH_ALLOW = "127.0.0.1/32"
    server = webserver.start()
    yield server
    server.stop()


@pytest.fixture
def connect_spy(monkeypatch):
    """Fails the test if any socket connects anywhere but loopback, and records
    every connection attempt."""
    attempts = []
    real_connect = socket.socket.connect

    def connect(self, address):
        attempts.append(address)
        host = address[0] if isinstance(address, tuple) else ""
        if not (host.startswith("127.") or host == "::1"):
            pytest.fail(f"a socket tried to connect to {address}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    return attempts
