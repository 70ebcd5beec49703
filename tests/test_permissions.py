"""Who may open or post what: every URL of the app for anonymous visitors,
the claim's author, a second reviewer, an editor and an admin."""

import pytest
from django.urls import reverse

from factcheck.core.workflow import transition
from factcheck.public.published import claim_url
from tests.factories import make_complete_claim, make_source

pytestmark = pytest.mark.django_db

ANON, AUTHOR, OTHER, EDITOR, ADMIN, NOBODY = (
    "anonymous",
    "author",
    "reviewer2",
    "editor",
    "admin",
    "no role",
)
ROLES = [ANON, AUTHOR, OTHER, EDITOR, ADMIN, NOBODY]
OK, LOGIN, FORBIDDEN = "ok", "login", "forbidden"
EVERYONE_OK = dict.fromkeys(ROLES, OK)
DESK = {ANON: LOGIN, AUTHOR: OK, OTHER: OK, EDITOR: OK, ADMIN: OK, NOBODY: FORBIDDEN}
# Changing a draft: its author, and editors; other reviewers and users without a role are refused.
DRAFT_EDIT = {ANON: LOGIN, AUTHOR: OK, OTHER: FORBIDDEN, EDITOR: OK, ADMIN: OK, NOBODY: FORBIDDEN}
STAFF = {ANON: LOGIN, AUTHOR: LOGIN, OTHER: LOGIN, EDITOR: OK, ADMIN: OK, NOBODY: LOGIN}
EDITORS = {
    ANON: LOGIN,
    AUTHOR: FORBIDDEN,
    OTHER: FORBIDDEN,
    EDITOR: OK,
    ADMIN: OK,
    NOBODY: FORBIDDEN,
}
ADMIN_ONLY = {ANON: LOGIN, AUTHOR: LOGIN, OTHER: LOGIN, EDITOR: FORBIDDEN, ADMIN: OK, NOBODY: LOGIN}


@pytest.fixture
def world(reviewer, reviewer2, editor, admin_user, django_user_model):
    source = make_source(
        text="Kei cars are small. Roads are wide. Winds are strong.", title="Kei", slug="kei"
    )
    draft = make_complete_claim(source, reviewer, sentence=0)
    published = make_complete_claim(source, reviewer, sentence=1)
    transition(published, "submit", reviewer)
    published = transition(published, "publish", editor)
    citation = draft.citations.get()
    nobody = django_user_model.objects.create_user("nobody", password="x")
    users = {AUTHOR: reviewer, OTHER: reviewer2, EDITOR: editor, ADMIN: admin_user, NOBODY: nobody}
    return {
        "source": source,
        "draft": draft,
        "published": published,
        "citation": citation,
        "users": users,
    }


def url_cases(w):
    d, p, c, s = w["draft"], w["published"], w["citation"], w["source"]
    verdict = {"version": d.verdict_version, "summary": "S", "rationale": "R"}
    return {
        "public home": ("get", "/", {}, EVERYONE_OK),
        "methodology": ("get", reverse("public:methodology"), {}, EVERYONE_OK),
        "public source": ("get", reverse("public:source-detail", args=[s.slug]), {}, EVERYONE_OK),
        "public claim": ("get", claim_url(p), {}, EVERYONE_OK),
        "annotations": (
            "get",
            reverse("public:source-annotations", args=[s.slug]),
            {},
            EVERYONE_OK,
        ),
        "feed": ("get", reverse("public:feed"), {}, EVERYONE_OK),
        "sitemap": ("get", reverse("public:sitemap"), {}, EVERYONE_OK),
        "robots": ("get", reverse("public:robots"), {}, EVERYONE_OK),
        "desk": ("get", reverse("review:desk"), {}, DESK),
        "new source form": ("get", reverse("review:source-new"), {}, DESK),
        "workspace": ("get", reverse("review:source-detail", args=[s.slug]), {}, DESK),
        "new claim form": (
            "get",
            reverse("review:claim-new", args=[s.slug]) + "?first=0",
            {},
            DESK,
        ),
        "claim page": ("get", reverse("review:claim-detail", args=[d.pk]), {}, DESK),
        "revise form": ("get", reverse("review:source-revise", args=[s.slug]), {}, DESK),
        "revisions": ("get", reverse("review:revision-list", args=[s.slug]), {}, DESK),
        "revision": ("get", reverse("review:revision-detail", args=[s.slug, 1]), {}, DESK),
        "preview": ("post", reverse("review:rationale-preview"), {"rationale": "x"}, DESK),
        "edit claim": (
            "post",
            reverse("review:claim-detail", args=[d.pk]),
            {"version": d.version, "text": "T"},
            DRAFT_EDIT,
        ),
        "save verdict": ("post", reverse("review:claim-verdict", args=[d.pk]), verdict, DRAFT_EDIT),
        "add citation": (
            "post",
            reverse("review:citation-add", args=[d.pk]),
            {"url": "https://x.example", "title": "X", "stance": "context"},
            DRAFT_EDIT,
        ),
        "edit citation": ("get", reverse("review:citation-edit", args=[c.pk]), {}, DRAFT_EDIT),
        "move citation": (
            "post",
            reverse("review:citation-move", args=[c.pk]),
            {"direction": "up"},
            DRAFT_EDIT,
        ),
        "delete citation": ("post", reverse("review:citation-delete", args=[c.pk]), {}, DRAFT_EDIT),
        "delete claim": ("post", reverse("review:claim-delete", args=[d.pk]), {}, DRAFT_EDIT),
        "re-attach form": ("get", reverse("review:claim-reattach", args=[d.pk]), {}, DRAFT_EDIT),
        "notifications": ("get", reverse("review:notifications"), {}, DESK),
        "mark notifications read": ("post", reverse("review:notifications-read"), {}, DESK),
        "assign claim": ("get", reverse("review:claim-assign", args=[d.pk]), {}, EDITORS),
        "assign source": ("get", reverse("review:source-assign", args=[s.slug]), {}, EDITORS),
        "rating colours": ("get", reverse("ratings-css"), {}, EVERYONE_OK),
        "admin index": ("get", reverse("admin:index"), {}, STAFF),
        "admin claims": ("get", reverse("admin:core_claim_changelist"), {}, STAFF),
        "admin claim": ("get", reverse("admin:core_claim_change", args=[p.pk]), {}, STAFF),
        "admin audit": ("get", reverse("admin:core_auditevent_changelist"), {}, STAFF),
        "admin suggestions": ("get", reverse("admin:core_suggestion_changelist"), {}, STAFF),
        "admin sources": ("get", reverse("admin:core_source_changelist"), {}, STAFF),
        "admin users": ("get", reverse("admin:auth_user_changelist"), {}, ADMIN_ONLY),
        "admin workflow button": (
            "post",
            reverse("admin:core_claim_workflow", args=[p.pk, "retract"]),
            {"note": "Satire."},
            {ANON: LOGIN, AUTHOR: LOGIN, OTHER: LOGIN, EDITOR: OK, ADMIN: OK, NOBODY: LOGIN},
        ),
    }


CASE_NAMES = [
    "public home", "methodology", "public source", "public claim", "annotations", "feed", "sitemap",
    "robots", "desk", "new source form", "workspace", "new claim form", "claim page", "revise form",
    "revisions", "revision", "preview", "edit claim", "save verdict", "add citation", "edit citation",
    "move citation", "delete citation", "delete claim", "re-attach form", "admin index", "admin claims",
    "admin claim", "admin audit", "admin suggestions", "admin sources", "admin users",
    "admin workflow button", "notifications", "mark notifications read", "assign claim",
    "assign source", "rating colours",
]  # fmt: skip


def outcome(response):
    if response.status_code in (200, 201, 204) or (
        response.status_code == 302 and "login" not in response["Location"]
    ):
        return OK
    if response.status_code == 302:
        return LOGIN
    if response.status_code == 403:
        return FORBIDDEN
    return f"status {response.status_code}"


@pytest.mark.parametrize("case", CASE_NAMES)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, world, case, role):
    method, url, data, expected = url_cases(world)[case]
    if role != ANON:
        client.force_login(world["users"][role])

    response = getattr(client, method)(url, data)

    assert outcome(response) == expected[role]


def test_every_case_is_in_the_matrix(world):
    assert sorted(url_cases(world)) == sorted(CASE_NAMES)
