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
    from factcheck.public.caching import forget_all

    forget_all()
    yield
    forget_all()
