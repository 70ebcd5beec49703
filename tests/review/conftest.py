import pytest


@pytest.fixture
def as_reviewer(client, reviewer):
    client.force_login(reviewer)
    return client
