"""Activities and reach, funding secured and skills needs assessed (§2.3,
§4.2-§4.5, §5.3, Box 40)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID, uuid4

import pytest

from _helpers import (
    ACTOR,
    active_lsp,
    assert_meta,
    at,
    last_event,
    new_app,
    refused,
    register_org,
    state,
    submit_lsp,
)
from pact_domain.application import PactApplication
from pact_domain.catalogues import FundingOpportunityDetails
from pact_domain.errors import (
    DomainRuleError,
    InvalidStateError,
    InvalidValueError,
    NotFoundError,
)
from pact_domain.partnership import (
    ActivityHeld,
    CommunicationPublished,
    FundingSecured,
    MembershipRecruitmentRecorded,
    PlannedDeliverable,
    PlannedWorkPackage,
    SkillsGap,
    SkillsNeedsAssessed,
)
from pact_domain.vocabularies import ActivityType, FundingProgramme
from pact_domain.vocabularies_catalogues import (
    CommunicationChannel,
    SkillsAssessmentMethod,
)

ESCO_BATTERY = "http://data.europa.eu/esco/skill/8a3c5d1e-3c1f-4a4a-9d0e-5b0a2f6d7c11"


@pytest.fixture
def app() -> PactApplication:
    """An in-memory application with a deterministic clock."""
    return new_app()


@pytest.fixture
def lsp(app: PactApplication) -> tuple[UUID, list[UUID]]:
    """An active LSP (automotive) with 3 members."""
    return active_lsp(app, members=3)


# --------------------------------------------------------------- activities


def test_activity_held(app: PactApplication, lsp: tuple[UUID, list[UUID]]) -> None:
    """A general meeting with members, a registered non-member and others."""
    pid, orgs = lsp
    guest = register_org(app, "Regional Agency", country="ES")
    recorded = app.clock.next
    aid = app.record_activity(
        pid,
        type=ActivityType.GENERAL_MEETING,
        title="General assembly 2024",
        held_on=date(2024, 11, 20),
        participants=48,
        organisation_ids=(orgs[0], orgs[1], guest),
        other_organisations=12,
        actor=ACTOR,
    )
    event = last_event(app, pid)
    assert isinstance(event, ActivityHeld)
    assert event.activity_id == aid
    assert event.type is ActivityType.GENERAL_MEETING
    assert (event.held_on, event.participants, event.other_organisations) == (
        date(2024, 11, 20),
        48,
        12,
    )
    assert event.organisation_ids == (orgs[0], orgs[1], guest)
    assert_meta(event, recorded_at=recorded, effective_at=at(date(2024, 11, 20)))
    activity = app.get_partnership(pid).activities[aid]
    assert activity.organisations_present == 15
    assert activity.type.is_meeting


def test_working_group_meeting_names_its_group(
    app: PactApplication, lsp: tuple[UUID, list[UUID]]
) -> None:
    """A working group's meeting may name the group (§3.5)."""
    pid, orgs = lsp
    wg = app.form_working_group(
        pid,
        name="WG3",
        theme="Skills intelligence",
        lead_organisation_id=orgs[0],
        actor=ACTOR,
    )
    aid = app.record_activity(
        pid,
        type="working_group_meeting",
        title="Automotive Intelligence First workshop",
        held_on=date(2024, 5, 14),
        participants=25,
        working_group_id=wg,
        actor=ACTOR,
    )
    assert app.get_partnership(pid).activities[aid].working_group_id == wg
    with refused(app, DomainRuleError, "working_group_id", pid):
        app.record_activity(
            pid,
            type="working_group_meeting",
            title="WG9 meeting",
            held_on=date(2024, 5, 14),
            participants=5,
            working_group_id=uuid4(),
            actor=ACTOR,
        )


def test_activity_refusals(app: PactApplication, lsp: tuple[UUID, list[UUID]]) -> None:
    """Unknown type, negative or fractional counts, fewer participants than
    organisations present, a date in the future, a duplicate id."""
    pid, orgs = lsp

    def hold(**overrides: object) -> UUID:
        fields: dict[str, object] = {
            "type": "workshop",
            "title": "Workshop on battery skills",
            "held_on": date(2024, 9, 1),
            "participants": 10,
            "actor": ACTOR,
        }
        fields.update(overrides)
        return app.record_activity(pid, **fields)  # type: ignore[arg-type]

    with refused(app, InvalidValueError, "type", pid):
        hold(type="hackathon")
    with refused(app, InvalidValueError, "participants", pid, match="negative"):
        hold(participants=-1)
    with refused(app, InvalidValueError, "participants", pid, match="an int"):
        hold(participants=2.5)
    with refused(app, InvalidValueError, "other_organisations", pid):
        hold(other_organisations=-3)
    with refused(app, InvalidValueError, "participants", pid, match="at least one"):
        hold(participants=2, organisation_ids=(orgs[0], orgs[1]), other_organisations=1)
    with refused(app, InvalidValueError, "held_on", pid, match="future"):
        hold(held_on=date(2025, 6, 1))
    with refused(app, InvalidValueError, "title", pid):
        hold(title="")
    aid = hold()
    with refused(app, DomainRuleError, "activity_id", pid):
        hold(activity_id=aid)


def test_activity_with_an_unregistered_organisation_is_refused(
    app: PactApplication, lsp: tuple[UUID, list[UUID]]
) -> None:
    """Organisations present by id are registered ones; others are counted."""
    pid, _ = lsp
    with refused(app, NotFoundError, "organisation_ids", pid):
        app.record_activity(
            pid,
            type="webinar",
            title="Webinar",
            held_on=date(2024, 9, 1),
            participants=10,
            organisation_ids=(uuid4(),),
            actor=ACTOR,
        )


def test_zero_participants_is_allowed(
    app: PactApplication, lsp: tuple[UUID, list[UUID]]
) -> None:
    """A count of participants may be zero (it is >= 0)."""
    pid, _ = lsp
    aid = app.record_activity(
        pid, type="webinar", title="Cancelled", held_on=date(2024, 9, 1),
        participants=0, actor=ACTOR,
    )  # fmt: skip
    assert app.get_partnership(pid).activities[aid].participants == 0


# ----------------------------------------------------------- communications


def test_communication_published(
    app: PactApplication, lsp: tuple[UUID, list[UUID]]
) -> None:
    """A newsletter and its reach (Box 40: reach of communications)."""
    pid, _ = lsp
    recorded = app.clock.next
    cid = app.record_communication(
        pid,
        channel=CommunicationChannel.NEWSLETTER,
        title="ASA newsletter #12",
        reach=3_450,
        published_on=date(2024, 10, 1),
        link="https://automotive-skills-alliance.example.eu/newsletter-12",
        actor=ACTOR,
    )
    event = last_event(app, pid)
    assert isinstance(event, CommunicationPublished)
    assert (event.communication_id, event.channel, event.reach) == (
        cid,
        CommunicationChannel.NEWSLETTER,
        3_450,
    )
    assert_meta(event, recorded_at=recorded, effective_at=at(date(2024, 10, 1)))
    comm = app.get_partnership(pid).communications[cid]
    assert comm.title == "ASA newsletter #12"
    assert comm.link is not None


def test_communication_refusals(
    app: PactApplication, lsp: tuple[UUID, list[UUID]]
) -> None:
    """Unknown channel, negative reach, bad link, future date."""
    pid, _ = lsp

    def publish(**overrides: object) -> None:
        fields: dict[str, object] = {
            "channel": "social_media",
            "title": "LinkedIn post",
            "reach": 800,
            "published_on": date(2024, 9, 1),
            "actor": ACTOR,
        }
        fields.update(overrides)
        app.record_communication(pid, **fields)  # type: ignore[arg-type]

    with refused(app, InvalidValueError, "channel", pid):
        publish(channel="carrier_pigeon")
    with refused(app, InvalidValueError, "reach", pid):
        publish(reach=-5)
    with refused(app, InvalidValueError, "link", pid):
        publish(link="not a link")
    with refused(app, InvalidValueError, "published_on", pid):
        publish(published_on=date(2030, 1, 1))


# -------------------------------------------------------------- recruitment


def test_membership_recruitment_recorded(
    app: PactApplication, lsp: tuple[UUID, list[UUID]]
) -> None:
    """A recruitment campaign: prospects contacted and how many joined (§4.2)."""
    pid, _ = lsp
    cid = app.record_membership_recruitment(
        pid,
        campaign="SME outreach via chambers of commerce",
        ended_on=date(2024, 6, 30),
        prospects_contacted=120,
        joined=9,
        actor=ACTOR,
    )
    event = last_event(app, pid)
    assert isinstance(event, MembershipRecruitmentRecorded)
    assert (event.campaign_id, event.prospects_contacted, event.joined) == (cid, 120, 9)
    assert app.get_partnership(pid).recruitment_campaigns[cid].joined == 9


def test_recruitment_refusals(
    app: PactApplication, lsp: tuple[UUID, list[UUID]]
) -> None:
    """More joined than contacted, negative counts, no campaign name."""
    pid, _ = lsp

    def record(**overrides: object) -> None:
        fields: dict[str, object] = {
            "campaign": "Outreach",
            "ended_on": date(2024, 6, 30),
            "prospects_contacted": 10,
            "joined": 2,
            "actor": ACTOR,
        }
        fields.update(overrides)
        app.record_membership_recruitment(pid, **fields)  # type: ignore[arg-type]

    with refused(app, InvalidValueError, "joined", pid, match="cannot join"):
        record(joined=11)
    with refused(app, InvalidValueError, "prospects_contacted", pid):
        record(prospects_contacted=-1)
    with refused(app, InvalidValueError, "campaign", pid):
        record(campaign=" ")


# ------------------------------------------------------------------ funding


def test_funding_secured(app: PactApplication, lsp: tuple[UUID, list[UUID]]) -> None:
    """Funding from Erasmus+ for a Blueprint project (§2.3, §5.3)."""
    pid, _ = lsp
    recorded = app.clock.next
    fid = app.record_funding_secured(
        pid,
        programme=FundingProgramme.ERASMUS_PLUS,
        amount_eur="3999875.50",
        project_name="DRIVES Blueprint follow-up",
        secured_on=date(2024, 7, 1),
        actor=ACTOR,
    )
    event = last_event(app, pid)
    assert isinstance(event, FundingSecured)
    assert event.funding_id == fid
    assert event.programme is FundingProgramme.ERASMUS_PLUS
    assert event.amount_eur == Decimal("3999875.50")
    assert event.opportunity_id is None
    assert_meta(event, recorded_at=recorded, effective_at=at(date(2024, 7, 1)))
    assert app.get_partnership(pid).funding[fid].project_name.startswith("DRIVES")


def test_funding_from_a_funding_tool_opportunity(
    app: PactApplication, lsp: tuple[UUID, list[UUID]]
) -> None:
    """Funding may name the funding tool entry it came from; it must exist."""
    pid, _ = lsp
    oid = app.register_funding_opportunity(
        details=FundingOpportunityDetails(
            title="ESF+ call for SME upskilling",
            summary="Grants for upskilling SME staff.",
            programme="esf_plus",
            level="national",
            funding_types=("grant",),
            areas=("upskilling",),
            countries=("ES",),
            link="https://esf.example.es/call",
        ),
        actor=ACTOR,
    )
    fid = app.record_funding_secured(
        pid,
        programme="esf_plus",
        amount_eur=250_000,
        project_name="Automotive SME upskilling in Aragón",
        secured_on=date(2024, 9, 1),
        opportunity_id=oid,
        actor=ACTOR,
    )
    assert app.get_partnership(pid).funding[fid].opportunity_id == oid
    with refused(app, NotFoundError, "opportunity_id", pid):
        app.record_funding_secured(
            pid,
            programme="esf_plus",
            amount_eur=1,
            project_name="X",
            secured_on=date(2024, 9, 1),
            opportunity_id=uuid4(),
            actor=ACTOR,
        )


@pytest.mark.parametrize(
    ("amount", "rule"),
    [
        (0, "more than zero"),
        ("-10", "more than zero"),
        ("10.005", "whole cents"),
        ("ten", "number"),
        (float("nan"), "not float"),
    ],
)
def test_funding_amount_is_positive_euros_to_the_cent(
    app: PactApplication, lsp: tuple[UUID, list[UUID]], amount: object, rule: str
) -> None:
    """The amount is a Decimal of euros, more than zero (§5.3)."""
    pid, _ = lsp
    with refused(app, InvalidValueError, "amount_eur", pid, match=rule):
        app.record_funding_secured(
            pid,
            programme="erdf",
            amount_eur=amount,  # type: ignore[arg-type]
            project_name="Training centre",
            secured_on=date(2024, 9, 1),
            actor=ACTOR,
        )


def test_funding_refusals(app: PactApplication, lsp: tuple[UUID, list[UUID]]) -> None:
    """Unknown programme, empty project name, future date."""
    pid, _ = lsp

    def secure(**overrides: object) -> None:
        fields: dict[str, object] = {
            "programme": "jtf",
            "amount_eur": 1000,
            "project_name": "Reskilling coal-region workers",
            "secured_on": date(2024, 9, 1),
            "actor": ACTOR,
        }
        fields.update(overrides)
        app.record_funding_secured(pid, **fields)  # type: ignore[arg-type]

    with refused(app, InvalidValueError, "programme", pid):
        secure(programme="lottery")
    with refused(app, InvalidValueError, "project_name", pid):
        secure(project_name="")
    with refused(app, InvalidValueError, "secured_on", pid):
        secure(secured_on=date(2026, 1, 1))


# -------------------------------------------------------- skills intelligence


def test_skills_needs_assessed(
    app: PactApplication, lsp: tuple[UUID, list[UUID]]
) -> None:
    """A Delphi consultation finds gaps, one tagged with its ESCO skill
    (§4.3, Box 26: MATES)."""
    pid, _ = lsp
    gaps = (
        SkillsGap("Battery cell manufacturing and recycling", esco_uri=ESCO_BATTERY),
        SkillsGap("Hydrogen fuel-cell maintenance"),
    )
    recorded = app.clock.next
    aid = app.record_skills_needs_assessment(
        pid,
        method=SkillsAssessmentMethod.DELPHI,
        assessed_on=date(2024, 4, 30),
        skills_gaps=gaps,
        summary="Two Delphi rounds with 60 industry experts.",
        deliverable_link="https://automotive-skills-alliance.example.eu/d3-1.pdf",
        actor=ACTOR,
    )
    event = last_event(app, pid)
    assert isinstance(event, SkillsNeedsAssessed)
    assert event.assessment_id == aid
    assert event.skills_gaps == gaps
    assert event.method is SkillsAssessmentMethod.DELPHI
    assert_meta(event, recorded_at=recorded, effective_at=at(date(2024, 4, 30)))
    assessment = app.get_partnership(pid).skills_assessments[aid]
    assert assessment.skills_gaps[0].esco_uri == ESCO_BATTERY
    assert assessment.deliverable_link is not None


@pytest.mark.parametrize(
    "uri",
    [
        "https://example.com/esco/skill/1",
        "http://data.europa.eu/other/skill/1",
        "ftp://data.europa.eu/esco/skill/1",
        "http://data.europa.eu/esco/",
        "data.europa.eu/esco/skill/1",
        "http://data.europa.eu/esco/skill/with space",
    ],
)
def test_esco_uris_are_validated(uri: str) -> None:
    """ESCO concepts are http(s) URIs under data.europa.eu/esco/."""
    with pytest.raises(InvalidValueError) as info:
        SkillsGap("Gap", esco_uri=uri)
    assert (info.value.entity, info.value.field) == ("SkillsGap", "esco_uri")


def test_https_esco_uri_and_plain_gap_are_accepted() -> None:
    """An https ESCO URI is accepted; a gap needs no URI."""
    gap = SkillsGap("Digital twins", esco_uri="https://data.europa.eu/esco/skill/abc")
    assert gap.esco_uri is not None
    assert SkillsGap(" Soft skills ").description == "Soft skills"
    with pytest.raises(InvalidValueError):
        SkillsGap("")


def test_skills_assessment_refusals(
    app: PactApplication, lsp: tuple[UUID, list[UUID]]
) -> None:
    """No gap, a gap listed twice, an unknown method, a bad link, a gap that
    is not a SkillsGap, a future date."""
    pid, _ = lsp

    def assess(**overrides: object) -> None:
        fields: dict[str, object] = {
            "method": "survey",
            "assessed_on": date(2024, 4, 30),
            "skills_gaps": (SkillsGap("Battery skills"),),
            "actor": ACTOR,
        }
        fields.update(overrides)
        app.record_skills_needs_assessment(pid, **fields)  # type: ignore[arg-type]

    with refused(app, InvalidValueError, "skills_gaps", pid, match="at least one"):
        assess(skills_gaps=())
    with refused(app, InvalidValueError, "skills_gaps", pid, match="twice"):
        assess(skills_gaps=(SkillsGap("Battery skills"), SkillsGap("battery skills")))
    with refused(app, InvalidValueError, "skills_gaps", pid):
        assess(skills_gaps=("Battery skills",))
    with refused(app, InvalidValueError, "method", pid):
        assess(method="astrology")
    with refused(app, InvalidValueError, "deliverable_link", pid):
        assess(deliverable_link="report.pdf")
    with refused(app, InvalidValueError, "assessed_on", pid):
        assess(assessed_on=date(2027, 1, 1))


# ------------------------------------------------------------------- status


@pytest.mark.parametrize(
    "command",
    [
        "record_activity",
        "record_communication",
        "record_membership_recruitment",
        "record_funding_secured",
        "record_skills_needs_assessment",
    ],
)
def test_activities_need_an_accepted_or_active_partnership(
    app: PactApplication, command: str
) -> None:
    """A proposed partnership records no activity yet."""
    pid = submit_lsp(app)
    kwargs: dict[str, dict[str, object]] = {
        "record_activity": {
            "type": "webinar", "title": "W", "held_on": date(2024, 1, 1),
            "participants": 1,
        },
        "record_communication": {
            "channel": "website", "title": "T", "reach": 1,
            "published_on": date(2024, 1, 1),
        },
        "record_membership_recruitment": {
            "campaign": "C", "ended_on": date(2024, 1, 1),
            "prospects_contacted": 1, "joined": 0,
        },
        "record_funding_secured": {
            "programme": "esf_plus", "amount_eur": 1, "project_name": "P",
            "secured_on": date(2024, 1, 1),
        },
        "record_skills_needs_assessment": {
            "method": "survey", "assessed_on": date(2024, 1, 1),
            "skills_gaps": (SkillsGap("G"),),
        },
    }  # fmt: skip
    with refused(app, InvalidStateError, "status", pid):
        getattr(app, command)(pid, actor=ACTOR, **kwargs[command])


# ---------------------------------------------------------------- snapshots


def test_snapshot_restores_every_new_state_attribute(
    app: PactApplication, lsp: tuple[UUID, list[UUID]]
) -> None:
    """A snapshot of a partnership with governance, work plan, activities,
    funding, skills, links and a monitoring exercise restores the same state
    as replaying its events."""
    pid, orgs = lsp
    app.change_steering_group(pid, joined=(orgs[0],), actor=ACTOR)
    wg = app.form_working_group(
        pid, name="WG1", theme="Horizontal", lead_organisation_id=orgs[0], actor=ACTOR
    )
    app.close_working_group(pid, working_group_id=wg, actor=ACTOR)
    wp = PlannedWorkPackage(
        "Reach",
        "reach",
        orgs[1],
        deliverables=(PlannedDeliverable("Newsletter", date(2024, 6, 30)),),
    )
    app.adopt_work_plan(
        pid,
        title="Plan",
        starts_on=date(2024, 1, 1),
        ends_on=date(2026, 12, 31),
        work_packages=(wp,),
        actor=ACTOR,
    )
    app.record_delivery(
        pid,
        deliverable_id=wp.deliverables[0].id,
        delivered_on=date(2024, 6, 1),
        output_type="online_forum",
        link="https://example.eu/forum",
        actor=ACTOR,
    )
    app.record_activity(
        pid, type="kick_off_meeting", title="Kick-off", held_on=date(2024, 1, 15),
        participants=30, organisation_ids=tuple(orgs), other_organisations=4,
        actor=ACTOR,
    )  # fmt: skip
    app.record_communication(
        pid, channel="newsletter", title="N1", reach=900,
        published_on=date(2024, 2, 1), actor=ACTOR,
    )  # fmt: skip
    app.record_membership_recruitment(
        pid, campaign="C", ended_on=date(2024, 3, 1), prospects_contacted=50,
        joined=5, actor=ACTOR,
    )  # fmt: skip
    app.record_funding_secured(
        pid, programme="erdf", amount_eur="125000.00", project_name="Centre",
        secured_on=date(2024, 4, 1), actor=ACTOR,
    )  # fmt: skip
    app.record_skills_needs_assessment(
        pid, method="desk_research", assessed_on=date(2024, 5, 1),
        skills_gaps=(SkillsGap("Gap", esco_uri=ESCO_BATTERY),), actor=ACTOR,
    )  # fmt: skip
    app.open_monitoring_exercise(pid, year=2024, actor=ACTOR)
    app.record_survey_response(
        pid, year=2024, organisation_id=orgs[0], satisfaction=4, uses_outputs=True,
        good_practice="Shared curricula", actor=ACTOR,
    )  # fmt: skip
    replayed = app.get_partnership(pid)
    app.take_snapshot(pid)
    assert app.snapshots is not None
    assert list(app.snapshots.get(pid))
    restored = app.get_partnership(pid)
    assert state(restored) == state(replayed)
    assert restored.funding == replayed.funding
    assert restored.monitoring_exercises[2024].responses[0].satisfaction == 4


@pytest.mark.parametrize(
    ("command", "field", "kwargs"),
    [
        (
            "record_activity",
            "held_on",
            {"type": "webinar", "title": "W", "participants": 1},
        ),
        (
            "record_communication",
            "published_on",
            {"channel": "website", "title": "T", "reach": 1},
        ),
        (
            "record_membership_recruitment",
            "ended_on",
            {"campaign": "C", "prospects_contacted": 1, "joined": 0},
        ),
        (
            "record_funding_secured",
            "secured_on",
            {"programme": "erdf", "amount_eur": 1, "project_name": "P"},
        ),
        (
            "record_skills_needs_assessment",
            "assessed_on",
            {"method": "survey", "skills_gaps": (SkillsGap("G"),)},
        ),
        (
            "record_delivery",
            "delivered_on",
            {
                "deliverable_id": uuid4(),
                "output_type": "report",
                "link": "https://x.eu",
            },
        ),
    ],
)
def test_a_date_that_is_not_a_date_is_refused_by_its_name(
    app: PactApplication,
    lsp: tuple[UUID, list[UUID]],
    command: str,
    field: str,
    kwargs: dict[str, object],
) -> None:
    """A dated fact with an invalid date names the date, not the effective time."""
    pid, _ = lsp
    with refused(app, InvalidValueError, field, pid):
        getattr(app, command)(pid, actor=ACTOR, **{field: "last June"}, **kwargs)
