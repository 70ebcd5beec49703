"""Issue #9, as a property: whatever a desk does, in any order, by anyone,

- every published verdict version has an approver who is not among its
  contributors (the two-person rule), and
- a claim that was once published never leaves the public site, except by
  retraction, whose record stays (HTTP 410 with the record).

Hypothesis drives random sequences of workspace and workflow actions by random
users through the same domain functions the views call; refused actions are
part of the game."""

import pytest
from django.test import Client
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from factcheck.core import roles
from factcheck.core.anchoring import SelectionError
from factcheck.core.claims import (
    NotAllowed,
    add_citation,
    create_claim,
    delete_citation,
    delete_claim,
    reattach_claim,
    update_claim,
)
from factcheck.core.models import Claim, ClaimStatus, Verdict
from factcheck.core.workflow import ACTIONS, TransitionError, transition
from factcheck.public.published import claim_url
from tests.conftest import user_in
from tests.factories import make_complete_claim, make_source, write_verdict

pytestmark = pytest.mark.django_db

TEXT = (
    "Kei Party. American roads were designed for the horse and buggy. "
    "High winds push small cars off the road. Kei cars are cheap to run. "
    "Lanes are twelve feet wide."
)
WORDS = st.sampled_from(["Roads fit buggies.", "Winds move cars.", "Kei cars are cheap.", ""])
SUMMARIES = st.sampled_from(["Not so.", "Roads follow motor standards.", "Partly."])
RATINGS = st.sampled_from(["false", "true", "misleading"])


def test_two_people_approve_everything_published_and_the_record_stays(reviewer, reviewer2, editor):
    people = [reviewer, reviewer2, editor, user_in(roles.EDITOR, username="eve", is_staff=True)]
    source = make_source(text=TEXT, title="Kei", slug="kei")
    client = Client()

    class Desk(RuleBasedStateMachine):
        @initialize()
        def start(self):
            # Fact-checks already published, one of them being corrected, so
            # approvals, retractions and attempts to delete happen within a few steps.
            self.ever_published = set()
            for sentence in (1, 2):
                claim = make_complete_claim(source, reviewer, sentence=sentence)
                transition(claim, "submit", reviewer)
                self.ever_published.add(transition(claim, "publish", editor).pk)
            transition(claim, "correct", editor)  # one correction under way

        def teardown(self):
            # Each run starts from the same desk, so Hypothesis can replay and shrink it.
            Claim.objects.all().delete()

        def pick(self, data, query):
            """One of `query`'s claims by position (ids differ between runs); half
            the time one that was published, where the rules matter most."""
            if data.draw(st.booleans()):
                query = query.filter(pk__in=self.ever_published)
            n = data.draw(st.integers(0, 99))
            ids = list(query.order_by("pk").values_list("pk", flat=True))
            return Claim.objects.get(pk=ids[n % len(ids)]) if ids else None

        @rule(who=st.sampled_from(people), sentence=st.integers(0, 4))
        def new_claim(self, who, sentence):
            create_claim(source=source, author=who, first=sentence, text="A restated claim.")

        @rule(data=st.data(), who=st.sampled_from(people), text=WORDS, claimant=WORDS)
        def reword(self, data, who, text, claimant):
            claim = self.pick(data, Claim.objects.all())
            if claim and claim.can_edit(who) and text:
                update_claim(
                    claim, editor=who, version=claim.version, text=text, claimant=claimant, notes=""
                )

        @rule(data=st.data(), who=st.sampled_from(people), summary=SUMMARIES, slug=RATINGS)
        def verdict(self, data, who, summary, slug):
            claim = self.pick(data, Claim.objects.all())
            if claim and claim.can_edit(who):
                correction = "We fixed it." if claim.ever_published else None
                write_verdict(
                    claim,
                    who,
                    rating_slug=slug,
                    summary=summary,
                    rationale="Because.",
                    correction_note=correction,
                )

        @rule(data=st.data(), who=st.sampled_from(people))
        def cite(self, data, who):
            claim = self.pick(data, Claim.objects.all())
            if claim and claim.can_edit(who):
                add_citation(claim, editor=who, url="https://example.org/x", title="A source")

        @rule(data=st.data(), who=st.sampled_from(people))
        def uncite(self, data, who):
            claim = self.pick(data, Claim.objects.filter(citations__isnull=False).distinct())
            if claim and claim.can_edit(who):
                delete_citation(claim.citations.first(), editor=who)

        @rule(data=st.data(), who=st.sampled_from(people), sentence=st.integers(0, 4))
        def reattach(self, data, who, sentence):
            claim = self.pick(data, Claim.objects.all())
            if claim and claim.can_reattach(who):
                try:
                    reattach_claim(claim, editor=who, first=sentence)
                except SelectionError:
                    pass

        @rule(data=st.data(), who=st.sampled_from(people))
        def delete(self, data, who):
            claim = self.pick(data, Claim.objects.all())
            if claim and claim.can_edit(who):
                try:
                    delete_claim(claim, editor=who)
                except NotAllowed:
                    assert claim.ever_published

        @rule(data=st.data(), who=st.sampled_from(people), action=st.sampled_from(list(ACTIONS)))
        def act(self, data, who, action):
            claim = self.pick(data, Claim.objects.all())
            if claim is None:
                return
            try:
                claim = transition(claim, action, who, note="A reason.")
            except TransitionError:
                return
            if claim.ever_published:
                self.ever_published.add(claim.pk)

        @invariant()
        def no_one_approves_their_own_work(self):
            for verdict in Verdict.objects.prefetch_related("contributors"):
                assert verdict.approved_by not in verdict.contributors.all()

        @invariant()
        def the_public_record_stays(self):
            for claim in Claim.objects.filter(pk__in=self.ever_published).select_related(
                "published_verdict"
            ):
                status = client.get(claim_url(claim)).status_code
                expected = 410 if claim.status == ClaimStatus.RETRACTED else 200
                assert status == expected
            assert Claim.objects.filter(pk__in=self.ever_published).count() == len(
                self.ever_published
            )

    Desk.TestCase.settings = settings(
        max_examples=15,
        stateful_step_count=25,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    run_state_machine_as_test(Desk, settings=Desk.TestCase.settings)
