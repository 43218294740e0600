"""Partnership lifecycle: expression of interest, assessment, agreement, closure."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from uuid import UUID, uuid4

import pytest

from _helpers import (
    ACTOR,
    accepted_lsp,
    active_lsp,
    agreement,
    assert_meta,
    at,
    contact,
    kpi_def,
    last_event,
    new_app,
    pledge,
    refused,
    register_org,
    submit_lsp,
    submit_regional,
    with_members,
)
from pact_domain.application import PactApplication
from pact_domain.errors import (
    DomainRuleError,
    InvalidStateError,
    InvalidValueError,
    NotFoundError,
)
from pact_domain.partnership import (
    AgreementDrafted,
    AgreementSigned,
    ExpressionOfInterestAssessed,
    ExpressionOfInterestSubmitted,
    ExpressionOfInterestUpdated,
    Partnership,
    PartnershipClosed,
)
from pact_domain.values import CurrentPartner, ReportingPeriod, Target
from pact_domain.vocabularies import (
    AssessmentOutcome,
    Ecosystem,
    PartnershipKind,
    PartnershipStatus,
    RegionalScope,
)

S = PartnershipStatus


@pytest.fixture
def app() -> PactApplication:
    """An in-memory application with a deterministic clock."""
    return new_app()


# ---------------------------------------------------- expression of interest


def test_lsp_expression_of_interest_is_recorded(app: PactApplication) -> None:
    """Submitting Annex A records every answer and makes a proposed LSP."""
    recorded = app.clock.next
    pid = submit_lsp(app, effective_at=date(2025, 2, 1))
    [event] = app.history(pid)
    assert isinstance(event, ExpressionOfInterestSubmitted)
    assert event.originator_version == 1
    assert event.name == "Skills partnership for offshore renewable energy"
    assert event.kind is PartnershipKind.LARGE_SCALE
    assert event.countries == ("DE", "DK", "NL")
    assert event.regions == ()
    assert event.regional_scope is None
    assert event.ecosystems == (Ecosystem.RENEWABLE_ENERGY,)
    assert event.contact == contact()
    assert event.description == "A partnership of the offshore renewable energy sector."
    assert event.current_partners == (CurrentPartner("WindEurope", "coordinator"),)
    assert event.objectives == "Upskill 10,000 workers by 2030."
    assert event.support_needed == "Advice on commitments."
    assert event.current_activities == "Skills observatory."
    assert event.linked_lsp_id is None
    assert_meta(event, recorded_at=recorded, effective_at=at(date(2025, 2, 1)))
    p = app.get_partnership(pid)
    assert isinstance(p, Partnership)
    assert p.status is S.PROPOSED
    assert p.members == {}
    assert p.coordinators == ()
    assert p.agreements == {}
    assert app.partnership_ids() == [pid]


def test_regional_expression_of_interest_linked_to_an_lsp(app: PactApplication) -> None:
    """A NUTS 2 regional partnership in Greece may link to an existing LSP."""
    lsp = submit_lsp(app)
    pid = submit_regional(app, countries=("EL",), regions=("el30",), linked_lsp_id=lsp)
    event = last_event(app, pid)
    assert event.kind is PartnershipKind.REGIONAL
    assert event.countries == ("GR",)
    assert event.regions == ("EL30",)
    assert event.regional_scope is RegionalScope.NUTS2
    assert event.linked_lsp_id == lsp
    assert app.partnership_ids() == [lsp, pid]


@pytest.mark.parametrize(
    ("scope", "countries", "regions"),
    [
        ("nuts1", ("DE",), ("DE2",)),
        ("local", ("IT",), ()),
        ("local", ("IT",), ("ITC4",)),
        ("macro_regional", ("SE", "FI", "EE"), ()),
    ],
)
def test_each_regional_scope_is_accepted(
    app: PactApplication,
    scope: str,
    countries: tuple[str, ...],
    regions: tuple[str, ...],
) -> None:
    """NUTS 1, local and macro-regional partnerships are valid regional scopes."""
    pid = submit_regional(
        app, regional_scope=scope, countries=countries, regions=regions
    )
    assert app.get_partnership(pid).regional_scope == RegionalScope(scope)


@pytest.mark.parametrize(
    "field", ["description", "objectives", "support_needed", "current_activities"]
)
def test_annex_a_free_text_of_1000_characters_is_accepted(
    app: PactApplication, field: str
) -> None:
    """Each Annex A free-text answer may be exactly 1,000 characters long."""
    pid = submit_lsp(app, **{field: "é" * 1000})
    assert getattr(app.get_partnership(pid), field) == "é" * 1000


def test_assessment_accepted(app: PactApplication) -> None:
    """An accepted assessment makes the partnership accepted (reasons optional)."""
    pid = submit_lsp(app)
    recorded = app.clock.next
    app.assess_expression_of_interest(
        pid,
        outcome="accepted",
        follow_up_meeting=date(2025, 4, 1),
        actor=ACTOR,
        effective_at=date(2025, 3, 20),
    )
    event = last_event(app, pid)
    assert isinstance(event, ExpressionOfInterestAssessed)
    assert event.outcome is AssessmentOutcome.ACCEPTED
    assert event.reasons == ""
    assert event.follow_up_meeting == date(2025, 4, 1)
    assert_meta(event, recorded_at=recorded, effective_at=at(date(2025, 3, 20)))
    p = app.get_partnership(pid)
    assert p.status is S.ACCEPTED
    assert p.assessment is not None
    assert p.assessment.outcome is AssessmentOutcome.ACCEPTED
    assert p.assessment.assessed_at == at(date(2025, 3, 20))
    assert p.assessment.follow_up_meeting == date(2025, 4, 1)


def test_assessment_declined(app: PactApplication) -> None:
    """A declined assessment records its reasons; the partnership is declined."""
    pid = submit_lsp(app)
    app.assess_expression_of_interest(
        pid, outcome=AssessmentOutcome.DECLINED, reasons="Out of scope.", actor=ACTOR
    )
    event = last_event(app, pid)
    assert (event.outcome, event.reasons) == (
        AssessmentOutcome.DECLINED,
        "Out of scope.",
    )
    assert event.follow_up_meeting is None
    assert app.get_partnership(pid).status is S.DECLINED


def test_more_information_then_update_then_accept(app: PactApplication) -> None:
    """After more information is asked for, the update re-proposes the EOI."""
    pid = submit_regional(app)
    app.assess_expression_of_interest(
        pid,
        outcome="more_information_needed",
        reasons="Name the partners.",
        actor=ACTOR,
    )
    assert app.get_partnership(pid).status is S.MORE_INFORMATION_NEEDED
    recorded = app.clock.next
    partners = (CurrentPartner("Attica Region", "lead"), CurrentPartner("OAED", ""))
    app.update_expression_of_interest(
        pid,
        current_partners=partners,
        description="Updated description.",
        regions=("EL30", "EL30"),
        actor=ACTOR,
    )
    event = last_event(app, pid)
    assert isinstance(event, ExpressionOfInterestUpdated)
    assert event.current_partners == partners
    assert event.description == "Updated description."
    assert event.regions == ("EL30",)
    # Unchanged answers are restated in full.
    assert event.name == "Skills partnership in Attiki"
    assert event.countries == ("GR",)
    assert event.regional_scope is RegionalScope.NUTS2
    assert event.contact == contact()
    assert_meta(event, recorded_at=recorded)
    p = app.get_partnership(pid)
    assert p.status is S.PROPOSED
    assert p.kind is PartnershipKind.REGIONAL
    app.assess_expression_of_interest(pid, outcome="accepted", actor=ACTOR)
    assert app.get_partnership(pid).status is S.ACCEPTED


# ----------------------------------------------------------- agreement


def test_agreement_drafted_with_versions(app: PactApplication) -> None:
    """Drafts are numbered from 1; each draft is kept."""
    pid = accepted_lsp(app)
    recorded = app.clock.next
    assert app.draft_agreement(pid, content=agreement("v1"), actor=ACTOR) == 1
    event = last_event(app, pid)
    assert isinstance(event, AgreementDrafted)
    assert (event.version, event.content) == (1, agreement("v1"))
    assert_meta(event, recorded_at=recorded)
    assert app.draft_agreement(pid, content=agreement("v2"), actor=ACTOR) == 2
    p = app.get_partnership(pid)
    assert sorted(p.agreements) == [1, 2]
    assert p.agreements[1].content.challenge == "v1"
    assert p.agreements[2].drafted_at == last_event(app, pid).effective_at
    assert p.signed_version is None
    assert p.status is S.ACCEPTED


def test_agreement_signed_makes_the_partnership_active(app: PactApplication) -> None:
    """Members sign the latest draft; the partnership becomes active."""
    pid = accepted_lsp(app)
    a, b = with_members(app, pid, 2)
    app.draft_agreement(pid, content=agreement(), actor=ACTOR)
    recorded = app.clock.next
    app.sign_agreement(
        pid, version=1, signatories=(a, b, a), signed_on=date(2025, 5, 9), actor=ACTOR
    )
    event = last_event(app, pid)
    assert isinstance(event, AgreementSigned)
    assert event.version == 1
    assert event.signatories == (a, b)
    assert event.signed_on == date(2025, 5, 9)
    assert_meta(event, recorded_at=recorded, effective_at=at(date(2025, 5, 9)))
    p = app.get_partnership(pid)
    assert p.status is S.ACTIVE
    assert p.is_active
    assert p.signed_version == 1
    assert p.agreements[1].signed_on == date(2025, 5, 9)
    assert p.agreements[1].signatories == (a, b)


def test_amendment_is_a_new_draft_signed_again(app: PactApplication) -> None:
    """An active partnership amends its agreement with a second signed draft."""
    pid, orgs = active_lsp(app)
    assert app.draft_agreement(pid, content=agreement("amended"), actor=ACTOR) == 2
    assert app.get_partnership(pid).signed_version == 1
    app.sign_agreement(
        pid, version=2, signatories=(orgs[1],), signed_on=date(2025, 9, 1), actor=ACTOR
    )
    event = last_event(app, pid)
    assert isinstance(event, AgreementSigned)
    assert (event.version, event.signatories) == (2, (orgs[1],))
    p = app.get_partnership(pid)
    assert p.signed_version == 2
    assert p.status is S.ACTIVE
    assert p.agreements[1].signed_on == date(2025, 3, 1)
    assert p.agreements[2].signed_on == date(2025, 9, 1)
    assert p.agreements[2].content.challenge == "amended"


@pytest.mark.parametrize("build", [accepted_lsp, lambda app: active_lsp(app)[0]])
def test_partnership_closed(app: PactApplication, build: Any) -> None:
    """An accepted or active partnership can be closed with a reason."""
    pid = build(app)
    recorded = app.clock.next
    app.close_partnership(
        pid, reason="Objectives met.", closed_on=date(2026, 12, 31), actor=ACTOR
    )
    event = last_event(app, pid)
    assert isinstance(event, PartnershipClosed)
    assert (event.reason, event.closed_on) == ("Objectives met.", date(2026, 12, 31))
    assert_meta(event, recorded_at=recorded, effective_at=at(date(2026, 12, 31)))
    p = app.get_partnership(pid)
    assert p.status is S.CLOSED
    assert not p.is_active


# ------------------------------------------------- submission refusals


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"ecosystems": ()}, "ecosystems"),
        ({"ecosystems": ("space",)}, "ecosystems"),
        ({"regional_scope": "nuts2"}, "regional_scope"),
        ({"countries": ("XX",)}, "countries"),
        ({"countries": "DE"}, "countries"),
        ({"regions": ("DE21",), "countries": ("FR",)}, "regions"),
        ({"regions": ("DE99",)}, "regions"),
        ({"name": ""}, "name"),
        ({"name": "n" * 301}, "name"),
        ({"description": ""}, "description"),
        ({"description": "d" * 1001}, "description"),
        ({"objectives": "o" * 1001}, "objectives"),
        ({"support_needed": "s" * 1001}, "support_needed"),
        ({"current_activities": "c" * 1001}, "current_activities"),
        ({"contact": "ana@example.eu"}, "contact"),
        ({"current_partners": ("WindEurope",)}, "current_partners"),
        ({"kind": "global"}, "kind"),
    ],
)
def test_invalid_lsp_expression_of_interest_is_refused(
    app: PactApplication, overrides: dict[str, Any], field: str
) -> None:
    """An LSP without ecosystems, with a regional scope, unknown codes or
    over-long answers is refused and stores nothing."""
    with refused(app, InvalidValueError, field) as info:
        submit_lsp(app, **overrides)
    assert info.value.entity in ("Partnership", "SubmitExpressionOfInterest")
    assert app.partnership_ids() == []


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"regional_scope": None}, "regional_scope", "scope"),
        ({"regional_scope": "county"}, "regional_scope", "one of"),
        ({"countries": (), "regions": ()}, "countries", "EU country"),
        ({"countries": ("NO",), "regions": ("NO08",)}, "countries", "NO"),
        ({"countries": ("CH",), "regions": ()}, "countries", "member state"),
        (
            {"regional_scope": "macro_regional", "countries": ("GR",), "regions": ()},
            "countries",
            "several member states",
        ),
        ({"regions": ()}, "regions", "NUTS 2"),
        ({"regional_scope": "nuts1", "regions": ("EL30",)}, "regions", "NUTS 1"),
        ({"regions": ("EL3",)}, "regions", "NUTS 2"),
        ({"regions": ("EL301",)}, "regions", "NUTS 2"),
        ({"regions": ("GR30",)}, "regions", "EL30"),
        ({"regions": ("DE21",)}, "regions", "DE"),
    ],
)
def test_invalid_regional_expression_of_interest_is_refused(
    app: PactApplication, overrides: dict[str, Any], field: str, words: str
) -> None:
    """Regional rules: a scope, EU countries only, a macro-region spans two or
    more, NUTS regions of the scope's level inside the countries."""
    with refused(app, InvalidValueError, field) as info:
        submit_regional(app, **overrides)
    assert words in info.value.rule
    assert app.partnership_ids() == []


def test_lsp_cannot_link_to_an_lsp(app: PactApplication) -> None:
    """Only regional partnerships link to a Large Scale Partnership."""
    lsp = submit_lsp(app)
    with refused(app, InvalidValueError, "linked_lsp_id"):
        submit_lsp(app, linked_lsp_id=lsp)


def test_regional_link_to_a_regional_partnership_is_refused(
    app: PactApplication,
) -> None:
    """A link must name a Large Scale Partnership, not a regional one."""
    other = submit_regional(app)
    with refused(app, NotFoundError, "linked_lsp_id"):
        submit_regional(app, linked_lsp_id=other)


def test_regional_link_to_an_unknown_partnership_is_refused(
    app: PactApplication,
) -> None:
    """A link to a partnership that does not exist is refused."""
    with refused(app, NotFoundError, "linked_lsp_id"):
        submit_regional(app, linked_lsp_id=uuid4())


def test_submitting_under_an_existing_id_is_refused(app: PactApplication) -> None:
    """A second expression of interest under an existing id stores nothing."""
    from pact_domain.errors import ConcurrencyError

    pid = submit_lsp(app)
    with refused(app, ConcurrencyError, "id", pid):
        submit_lsp(app, id=pid)


# ------------------------------------------ assessment and update refusals


def test_assessing_twice_is_refused(app: PactApplication) -> None:
    """Only a proposed expression of interest is assessed."""
    pid = accepted_lsp(app)
    with refused(app, InvalidStateError, "status", pid) as info:
        app.assess_expression_of_interest(
            pid, outcome="declined", reasons="x", actor=ACTOR
        )
    assert info.value.state == "accepted"


def test_assessing_before_the_update_is_refused(app: PactApplication) -> None:
    """After more information was asked for, the EOI is updated before reassessing."""
    pid = submit_lsp(app)
    app.assess_expression_of_interest(
        pid, outcome="more_information_needed", reasons="Who?", actor=ACTOR
    )
    with refused(app, InvalidStateError, "status", pid) as info:
        app.assess_expression_of_interest(pid, outcome="accepted", actor=ACTOR)
    assert info.value.state == "more_information_needed"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"outcome": "declined"}, "reasons"),
        ({"outcome": "declined", "reasons": "   "}, "reasons"),
        ({"outcome": "more_information_needed"}, "reasons"),
        ({"outcome": "accepted", "reasons": "r" * 1001}, "reasons"),
        ({"outcome": "maybe", "reasons": "x"}, "outcome"),
        (
            {"outcome": "accepted", "follow_up_meeting": "next week"},
            "follow_up_meeting",
        ),
    ],
)
def test_invalid_assessment_is_refused(
    app: PactApplication, kwargs: dict[str, Any], field: str
) -> None:
    """A decline or request for information needs reasons; outcomes are a vocabulary."""
    pid = submit_lsp(app)
    with refused(app, InvalidValueError, field, pid):
        app.assess_expression_of_interest(pid, actor=ACTOR, **kwargs)
    assert app.get_partnership(pid).status is S.PROPOSED


@pytest.mark.parametrize("outcome", [None, "accepted", "declined"])
def test_update_outside_more_information_needed_is_refused(
    app: PactApplication, outcome: str | None
) -> None:
    """The EOI is updated only after more information was asked for."""
    pid = submit_lsp(app)
    if outcome:
        app.assess_expression_of_interest(
            pid, outcome=outcome, reasons="r", actor=ACTOR
        )
    with refused(app, InvalidStateError, "status", pid):
        app.update_expression_of_interest(pid, name="New name", actor=ACTOR)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"description": "d" * 1001}, "description"),
        ({"regional_scope": "macro_regional"}, "countries"),
        ({"regions": ("EL3",)}, "regions"),
        ({"countries": ("DE",)}, "regions"),
        ({"contact": "someone"}, "contact"),
    ],
)
def test_invalid_update_is_refused(
    app: PactApplication, changes: dict[str, Any], field: str
) -> None:
    """An update is checked against the same Annex A rules as the submission."""
    pid = submit_regional(app)
    app.assess_expression_of_interest(
        pid, outcome="more_information_needed", reasons="More.", actor=ACTOR
    )
    with refused(app, InvalidValueError, field, pid):
        app.update_expression_of_interest(pid, actor=ACTOR, **changes)


# ---------------------------------------------- agreement refusals


@pytest.mark.parametrize("outcome", [None, "declined", "more_information_needed"])
def test_drafting_before_acceptance_is_refused(
    app: PactApplication, outcome: str | None
) -> None:
    """Only an accepted or active partnership drafts its agreement."""
    pid = submit_lsp(app)
    if outcome:
        app.assess_expression_of_interest(
            pid, outcome=outcome, reasons="r", actor=ACTOR
        )
    with refused(app, InvalidStateError, "status", pid):
        app.draft_agreement(pid, content=agreement(), actor=ACTOR)


def test_drafting_something_else_than_agreement_content_is_refused(
    app: PactApplication,
) -> None:
    """A draft's content is an AgreementContent."""
    pid = accepted_lsp(app)
    with refused(app, InvalidValueError, "content", pid):
        app.draft_agreement(pid, content={"challenge": "x"}, actor=ACTOR)  # type: ignore[arg-type]


def _sign(app: PactApplication, pid: UUID, version: int, *who: UUID) -> None:
    app.sign_agreement(
        pid, version=version, signatories=who, signed_on=date(2025, 6, 1), actor=ACTOR
    )


def test_signature_by_a_non_member_is_refused(app: PactApplication) -> None:
    """Only members sign the agreement (§2.3)."""
    pid = accepted_lsp(app)
    [member] = with_members(app, pid, 1)
    outsider = register_org(app, "Outsider")
    app.draft_agreement(pid, content=agreement(), actor=ACTOR)
    with refused(app, DomainRuleError, "signatories", pid) as info:
        _sign(app, pid, 1, member, outsider)
    assert str(outsider) in info.value.rule
    assert app.get_partnership(pid).status is S.ACCEPTED


def test_signature_without_signatories_is_refused(app: PactApplication) -> None:
    """At least one member signs."""
    pid = accepted_lsp(app)
    with_members(app, pid, 1)
    app.draft_agreement(pid, content=agreement(), actor=ACTOR)
    with refused(app, InvalidValueError, "signatories", pid):
        _sign(app, pid, 1)


def test_signing_an_unknown_draft_is_refused(app: PactApplication) -> None:
    """A version that was never drafted cannot be signed."""
    pid = accepted_lsp(app)
    [member] = with_members(app, pid, 1)
    with refused(app, DomainRuleError, "version", pid):
        _sign(app, pid, 1, member)
    app.draft_agreement(pid, content=agreement(), actor=ACTOR)
    with refused(app, DomainRuleError, "version", pid):
        _sign(app, pid, 2, member)


def test_signing_a_superseded_draft_is_refused(app: PactApplication) -> None:
    """Only the latest draft is signed."""
    pid = accepted_lsp(app)
    [member] = with_members(app, pid, 1)
    app.draft_agreement(pid, content=agreement("v1"), actor=ACTOR)
    app.draft_agreement(pid, content=agreement("v2"), actor=ACTOR)
    with refused(app, DomainRuleError, "version", pid) as info:
        _sign(app, pid, 1, member)
    assert "superseded" in info.value.rule


def test_signing_an_already_signed_draft_is_refused(app: PactApplication) -> None:
    """A draft is signed once; an amendment is a new draft."""
    pid, orgs = active_lsp(app)
    with refused(app, DomainRuleError, "version", pid) as info:
        _sign(app, pid, 1, orgs[1])
    assert "already signed" in info.value.rule


def test_signing_before_acceptance_is_refused(app: PactApplication) -> None:
    """A proposed partnership has nothing to sign."""
    pid = submit_lsp(app)
    org = register_org(app)
    with refused(app, InvalidStateError, "status", pid):
        _sign(app, pid, 1, org)


def test_invalid_signature_date_is_refused(app: PactApplication) -> None:
    """The signature date must be a date."""
    pid = accepted_lsp(app)
    [member] = with_members(app, pid, 1)
    app.draft_agreement(pid, content=agreement(), actor=ACTOR)
    with refused(app, InvalidValueError, "signed_on", pid):
        app.sign_agreement(
            pid, version=1, signatories=(member,), signed_on="June", actor=ACTOR
        )


# ------------------------------------------------------- closure refusals


@pytest.mark.parametrize("outcome", [None, "declined", "more_information_needed"])
def test_closing_a_partnership_that_never_started_is_refused(
    app: PactApplication, outcome: str | None
) -> None:
    """Only an accepted or active partnership is closed."""
    pid = submit_lsp(app)
    if outcome:
        app.assess_expression_of_interest(
            pid, outcome=outcome, reasons="r", actor=ACTOR
        )
    with refused(app, InvalidStateError, "status", pid):
        app.close_partnership(pid, reason="r", closed_on=date(2025, 1, 1), actor=ACTOR)


def test_closing_without_a_reason_is_refused(app: PactApplication) -> None:
    """A closure states its reason."""
    pid = accepted_lsp(app)
    with refused(app, InvalidValueError, "reason", pid):
        app.close_partnership(pid, reason=" ", closed_on=date(2025, 1, 1), actor=ACTOR)


def test_closing_with_an_invalid_date_is_refused(app: PactApplication) -> None:
    """The closure date must be a date, and the error names it."""
    pid = accepted_lsp(app)
    with refused(app, InvalidValueError, "closed_on", pid):
        app.close_partnership(pid, reason="Done.", closed_on="later", actor=ACTOR)


def _closed_world(app: PactApplication) -> dict[str, Any]:
    pid, orgs = active_lsp(app, members=3)
    app.appoint_coordinator(pid, organisation_id=orgs[0], actor=ACTOR)
    cid, (kid,) = pledge(app, pid)
    (kid2,) = pledge(app, pid)[1]
    rid = app.report_kpi(
        pid, kpi_id=kid, period=ReportingPeriod.year(2025), value=5, actor=ACTOR
    )
    app.define_kpi(
        pid, commitment_id=cid, definition=kpi_def(name="Second"), actor=ACTOR
    )
    newcomer = register_org(app, "Late")
    app.close_partnership(pid, reason="Done.", closed_on=date(2026, 1, 1), actor=ACTOR)
    return {
        "pid": pid,
        "orgs": orgs,
        "cid": cid,
        "kid": kid,
        "kid2": kid2,
        "rid": rid,
        "newcomer": newcomer,
    }


CLOSED_COMMANDS: dict[str, Callable[[PactApplication, dict[str, Any]], Any]] = {
    "update_expression_of_interest": lambda app, w: app.update_expression_of_interest(
        w["pid"], name="x", actor=ACTOR
    ),
    "assess_expression_of_interest": lambda app, w: app.assess_expression_of_interest(
        w["pid"], outcome="accepted", actor=ACTOR
    ),
    "draft_agreement": lambda app, w: app.draft_agreement(
        w["pid"], content=agreement(), actor=ACTOR
    ),
    "sign_agreement": lambda app, w: _sign(app, w["pid"], 1, w["orgs"][0]),
    "close_partnership": lambda app, w: app.close_partnership(
        w["pid"], reason="again", closed_on=date(2026, 2, 1), actor=ACTOR
    ),
    "appoint_coordinator": lambda app, w: app.appoint_coordinator(
        w["pid"], organisation_id=w["orgs"][1], actor=ACTOR
    ),
    "transfer_coordination": lambda app, w: app.transfer_coordination(
        w["pid"],
        from_organisation_id=w["orgs"][0],
        to_organisation_id=w["orgs"][1],
        actor=ACTOR,
    ),
    "join_partnership": lambda app, w: app.join_partnership(
        w["pid"], organisation_id=w["newcomer"], actor=ACTOR
    ),
    "leave_partnership": lambda app, w: app.leave_partnership(
        w["pid"], organisation_id=w["orgs"][2], actor=ACTOR
    ),
    "change_member_tier": lambda app, w: app.change_member_tier(
        w["pid"], organisation_id=w["orgs"][2], tier="affiliated", actor=ACTOR
    ),
    "pledge_commitment": lambda app, w: pledge(app, w["pid"]),
    "revise_commitment": lambda app, w: app.revise_commitment(
        w["pid"], commitment_id=w["cid"], statement="New", reason="r", actor=ACTOR
    ),
    "withdraw_commitment": lambda app, w: app.withdraw_commitment(
        w["pid"], commitment_id=w["cid"], reason="r", actor=ACTOR
    ),
    "define_kpi": lambda app, w: app.define_kpi(
        w["pid"], commitment_id=w["cid"], definition=kpi_def(), actor=ACTOR
    ),
    "revise_kpi_target": lambda app, w: app.revise_kpi_target(
        w["pid"], kpi_id=w["kid"], target=Target(2000), reason="r", actor=ACTOR
    ),
    "retire_kpi": lambda app, w: app.retire_kpi(
        w["pid"], kpi_id=w["kid"], reason="r", actor=ACTOR
    ),
    "report_kpi": lambda app, w: app.report_kpi(
        w["pid"],
        kpi_id=w["kid2"],
        period=ReportingPeriod.year(2025),
        value=1,
        actor=ACTOR,
    ),
    "correct_kpi_report": lambda app, w: app.correct_kpi_report(
        w["pid"], report_id=w["rid"], value=6, reason="r", actor=ACTOR
    ),
}


@pytest.mark.parametrize("command", sorted(CLOSED_COMMANDS))
def test_closed_partnership_refuses_every_command(
    app: PactApplication, command: str
) -> None:
    """After closure every command is refused and nothing is stored."""
    world = _closed_world(app)
    with refused(app, InvalidStateError, "status", world["pid"]) as info:
        CLOSED_COMMANDS[command](app, world)
    assert info.value.state == "closed"


def test_unknown_partnership_is_not_found(app: PactApplication) -> None:
    """A command on an unknown partnership raises NotFoundError and stores nothing."""
    with refused(app, NotFoundError, "partnership_id"):
        app.assess_expression_of_interest(uuid4(), outcome="accepted", actor=ACTOR)
