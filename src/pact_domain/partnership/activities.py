"""Activities and reach of a partnership: meetings and events held,
communications published, recruitment campaigns, funding secured and skills
needs assessed (§2.3, §4.2-§4.5, §5.3, Box 40).

Rules:

* these are facts about the past: the date of an activity, communication,
  funding decision or assessment is not after the day it is recorded (a day's
  grace allows for time zones);
* counts (participants, reach, prospects) are whole numbers, not negative;
  an activity has at least as many participants as organisations present
  (each sends at least one person); a recruitment campaign cannot gain more
  members than it contacted;
* organisations present are registered organisations, members or not (the
  application service checks they are registered), plus a count of others;
* funding is an amount in euros, more than zero, to the cent (§5.3);
* a skills needs assessment finds at least one skills gap; a gap may name
  the ESCO concept it concerns by URI (§4.3).
"""

from __future__ import annotations

from datetime import UTC, date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from uuid import UUID, uuid4

from pact_domain import _validation as v
from pact_domain.errors import DomainRuleError, InvalidValueError, echo
from pact_domain.events import EventMeta, PactEvent, now
from pact_domain.partnership._state import (
    Activity,
    Communication,
    RecruitmentCampaign,
    SecuredFunding,
    SkillsAssessment,
    SkillsGap,
)
from pact_domain.partnership.governance import _ids
from pact_domain.vocabularies import ActivityType, FundingProgramme, PartnershipStatus
from pact_domain.vocabularies_catalogues import (
    CommunicationChannel,
    SkillsAssessmentMethod,
)

if TYPE_CHECKING:
    from pact_domain.partnership._aggregate import Partnership
    from pact_domain.partnership._core import PartnershipCore as _Core
else:
    _Core = object

__all__ = [
    "ActivityCommands",
    "ActivityHeld",
    "CommunicationPublished",
    "FundingSecured",
    "MembershipRecruitmentRecorded",
    "SkillsNeedsAssessed",
    "count",
    "not_after_recording",
]

_E = "Partnership"
S = PartnershipStatus
_CENT = Decimal("0.01")


def not_after_recording(entity: str, field: str, day: date, meta: EventMeta) -> None:
    """Refuse a date after the day the fact is recorded (one day's grace)."""
    recorded = (meta.recorded_at or now()).astimezone(UTC).date()
    if day > recorded + timedelta(days=1):
        raise InvalidValueError(
            entity,
            field,
            f"{day} is in the future (recorded on {recorded}); record facts once "
            "they happened",
            day,
        )


MAX_COUNT = 10**12
"""The largest count (participants, reach, prospects): as a KPI count
(:attr:`~pact_domain.vocabularies.Measure.largest`)."""

MAX_EUR = Decimal(10) ** 13
"""The largest amount in euros: as a money KPI."""


def count(entity: str, field: str, value: object) -> int:
    """A whole number from 0 to :data:`MAX_COUNT`."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidValueError(entity, field, "must be a whole number", value)
    if value < 0:
        raise InvalidValueError(entity, field, "must not be negative", value)
    if value > MAX_COUNT:
        raise InvalidValueError(
            entity,
            field,
            f"must be at most {MAX_COUNT:,} (got {echo(value)})",
            value,
        )
    return value


def _amount(entity: str, field: str, value: object) -> Decimal:
    number = v.decimal(entity, field, value)
    if number <= 0:
        raise InvalidValueError(entity, field, "must be more than zero (EUR)", value)
    if number > MAX_EUR:
        raise InvalidValueError(
            entity, field, f"must be at most {MAX_EUR:,} (EUR)", value
        )
    if number != number.quantize(_CENT):
        raise InvalidValueError(entity, field, "must be in whole cents (EUR)", value)
    return number


class ActivityHeld(PactEvent):
    """The partnership held a meeting, workshop, webinar or other event
    (§2.3, §4.4, §4.5; Box 40: meetings held, average participants)."""

    activity_id: UUID
    type: ActivityType
    title: str
    held_on: date
    participants: int
    organisation_ids: tuple[UUID, ...]
    other_organisations: int
    working_group_id: UUID | None

    def apply(self, aggregate: Partnership) -> None:
        aggregate.activities[self.activity_id] = Activity(
            id=self.activity_id,
            type=self.type,
            title=self.title,
            held_on=self.held_on,
            participants=self.participants,
            organisation_ids=self.organisation_ids,
            other_organisations=self.other_organisations,
            working_group_id=self.working_group_id,
        )


class CommunicationPublished(PactEvent):
    """The partnership published a communication — a newsletter, a post, a
    press release — reaching a number of people (§4.1, §4.5; Box 40: reach of
    communications)."""

    communication_id: UUID
    channel: CommunicationChannel
    title: str
    reach: int
    published_on: date
    link: str | None

    def apply(self, aggregate: Partnership) -> None:
        aggregate.communications[self.communication_id] = Communication(
            id=self.communication_id,
            channel=self.channel,
            title=self.title,
            reach=self.reach,
            published_on=self.published_on,
            link=self.link,
        )


class MembershipRecruitmentRecorded(PactEvent):
    """The result of a membership recruitment campaign: prospects contacted
    and how many joined (§4.1 item 1, §4.2)."""

    campaign_id: UUID
    campaign: str
    ended_on: date
    prospects_contacted: int
    joined: int

    def apply(self, aggregate: Partnership) -> None:
        aggregate.recruitment_campaigns[self.campaign_id] = RecruitmentCampaign(
            id=self.campaign_id,
            campaign=self.campaign,
            ended_on=self.ended_on,
            prospects_contacted=self.prospects_contacted,
            joined=self.joined,
        )


class FundingSecured(PactEvent):
    """The partnership secured funding for a project from a programme
    (§2.3, §5.3), optionally found in the Pact's funding tool."""

    funding_id: UUID
    programme: FundingProgramme
    amount_eur: Decimal
    project_name: str
    secured_on: date
    opportunity_id: UUID | None

    def apply(self, aggregate: Partnership) -> None:
        aggregate.funding[self.funding_id] = SecuredFunding(
            id=self.funding_id,
            programme=self.programme,
            amount_eur=self.amount_eur,
            project_name=self.project_name,
            secured_on=self.secured_on,
            opportunity_id=self.opportunity_id,
        )


class SkillsNeedsAssessed(PactEvent):
    """A skills needs assessment was carried out, with the skills gaps it
    found and a link to its public deliverable (§2.3, §4.3, Boxes 25-27)."""

    assessment_id: UUID
    method: SkillsAssessmentMethod
    assessed_on: date
    skills_gaps: tuple[SkillsGap, ...]
    summary: str
    deliverable_link: str | None

    def apply(self, aggregate: Partnership) -> None:
        aggregate.skills_assessments[self.assessment_id] = SkillsAssessment(
            id=self.assessment_id,
            method=self.method,
            assessed_on=self.assessed_on,
            skills_gaps=self.skills_gaps,
            summary=self.summary,
            deliverable_link=self.deliverable_link,
        )


class ActivityCommands(_Core):
    """Activity, reach, funding and skills intelligence commands (mixed into
    :class:`Partnership`)."""

    def record_activity(
        self,
        *,
        type: ActivityType | str,
        title: str,
        held_on: date,
        participants: int,
        organisation_ids: tuple[UUID, ...] = (),
        other_organisations: int = 0,
        working_group_id: UUID | None = None,
        meta: EventMeta,
        activity_id: UUID | None = None,
    ) -> UUID:
        """Record an activity the partnership held; return its id.

        ``organisation_ids`` are registered organisations present, members or
        not; ``other_organisations`` counts the others present.  A working
        group's meeting may name the group.
        """
        self._require_status("record_activity", S.ACCEPTED, S.ACTIVE)
        kind = v.member_of(_E, "type", type, ActivityType)
        day = v.a_date(_E, "held_on", held_on)
        not_after_recording(self.entity, "held_on", day, meta)
        people = count(_E, "participants", participants)
        orgs = _ids(self.entity, "organisation_ids", organisation_ids)
        others = count(_E, "other_organisations", other_organisations)
        if people < len(orgs) + others:
            raise InvalidValueError(
                self.entity,
                "participants",
                f"{people} participants cannot represent {len(orgs) + others} "
                "organisations present; each sends at least one person",
                people,
            )
        if working_group_id is not None and working_group_id not in self.working_groups:
            raise DomainRuleError(
                self.entity,
                "working_group_id",
                f"there is no working group {working_group_id}",
            )
        aid = activity_id or uuid4()
        self._new_id(aid, self.activities, "activity_id", "activity")
        self._trigger(
            ActivityHeld,
            meta,
            activity_id=aid,
            type=kind,
            title=v.text(_E, "title", title),
            held_on=day,
            participants=people,
            organisation_ids=orgs,
            other_organisations=others,
            working_group_id=working_group_id,
        )
        return aid

    def record_communication(
        self,
        *,
        channel: CommunicationChannel | str,
        title: str,
        reach: int,
        published_on: date,
        link: str | None = None,
        meta: EventMeta,
        communication_id: UUID | None = None,
    ) -> UUID:
        """Record a communication published and its reach; return its id."""
        self._require_status("record_communication", S.ACCEPTED, S.ACTIVE)
        day = v.a_date(_E, "published_on", published_on)
        not_after_recording(self.entity, "published_on", day, meta)
        cid = communication_id or uuid4()
        self._new_id(cid, self.communications, "communication_id", "communication")
        self._trigger(
            CommunicationPublished,
            meta,
            communication_id=cid,
            channel=v.member_of(_E, "channel", channel, CommunicationChannel),
            title=v.text(_E, "title", title),
            reach=count(_E, "reach", reach),
            published_on=day,
            link=None if link is None else v.url(_E, "link", link),
        )
        return cid

    def record_membership_recruitment(
        self,
        *,
        campaign: str,
        ended_on: date,
        prospects_contacted: int,
        joined: int,
        meta: EventMeta,
        campaign_id: UUID | None = None,
    ) -> UUID:
        """Record a recruitment campaign's result (§4.2); return its id."""
        self._require_status("record_membership_recruitment", S.ACCEPTED, S.ACTIVE)
        day = v.a_date(_E, "ended_on", ended_on)
        not_after_recording(self.entity, "ended_on", day, meta)
        contacted = count(_E, "prospects_contacted", prospects_contacted)
        gained = count(_E, "joined", joined)
        if gained > contacted:
            raise InvalidValueError(
                self.entity,
                "joined",
                f"{gained} organisations cannot join from {contacted} contacted",
                gained,
            )
        cid = campaign_id or uuid4()
        self._new_id(cid, self.recruitment_campaigns, "campaign_id", "campaign")
        self._trigger(
            MembershipRecruitmentRecorded,
            meta,
            campaign_id=cid,
            campaign=v.text(_E, "campaign", campaign),
            ended_on=day,
            prospects_contacted=contacted,
            joined=gained,
        )
        return cid

    def record_funding_secured(
        self,
        *,
        programme: FundingProgramme | str,
        amount_eur: Decimal | int | str,
        project_name: str,
        secured_on: date,
        opportunity_id: UUID | None = None,
        meta: EventMeta,
        funding_id: UUID | None = None,
    ) -> UUID:
        """Record funding secured for a project (§5.3); return its id.

        ``opportunity_id`` names the funding tool entry it came from; the
        application service checks it exists.
        """
        self._require_status("record_funding_secured", S.ACCEPTED, S.ACTIVE)
        day = v.a_date(_E, "secured_on", secured_on)
        not_after_recording(self.entity, "secured_on", day, meta)
        fid = funding_id or uuid4()
        self._new_id(fid, self.funding, "funding_id", "funding record")
        self._trigger(
            FundingSecured,
            meta,
            funding_id=fid,
            programme=v.member_of(_E, "programme", programme, FundingProgramme),
            amount_eur=_amount(_E, "amount_eur", amount_eur),
            project_name=v.text(_E, "project_name", project_name),
            secured_on=day,
            opportunity_id=opportunity_id,
        )
        return fid

    def record_skills_needs_assessment(
        self,
        *,
        method: SkillsAssessmentMethod | str,
        assessed_on: date,
        skills_gaps: tuple[SkillsGap, ...],
        summary: str = "",
        deliverable_link: str | None = None,
        meta: EventMeta,
        assessment_id: UUID | None = None,
    ) -> UUID:
        """Record a skills needs assessment and the gaps it found (§4.3)."""
        self._require_status("record_skills_needs_assessment", S.ACCEPTED, S.ACTIVE)
        day = v.a_date(_E, "assessed_on", assessed_on)
        not_after_recording(self.entity, "assessed_on", day, meta)
        gaps = _gaps(self.entity, skills_gaps)
        aid = assessment_id or uuid4()
        self._new_id(aid, self.skills_assessments, "assessment_id", "assessment")
        self._trigger(
            SkillsNeedsAssessed,
            meta,
            assessment_id=aid,
            method=v.member_of(_E, "method", method, SkillsAssessmentMethod),
            assessed_on=day,
            skills_gaps=gaps,
            summary=v.free_text(_E, "summary", summary),
            deliverable_link=None
            if deliverable_link is None
            else v.url(_E, "deliverable_link", deliverable_link),
        )
        return aid

    def _new_id(
        self, new_id: UUID, existing: dict[UUID, Any], field: str, what: str
    ) -> None:
        if not isinstance(new_id, UUID):
            raise InvalidValueError(self.entity, field, "must be a UUID", new_id)
        if new_id in existing:
            raise DomainRuleError(self.entity, field, f"{what} {new_id} already exists")


def _gaps(entity: str, values: Any) -> tuple[SkillsGap, ...]:
    if isinstance(values, str | bytes):
        raise InvalidValueError(
            entity, "skills_gaps", "must be a list of SkillsGap", values
        )
    gaps = tuple(values)
    for g in gaps:
        if not isinstance(g, SkillsGap):
            raise InvalidValueError(
                entity, "skills_gaps", "each must be a SkillsGap", g
            )
    if not gaps:
        raise InvalidValueError(
            entity,
            "skills_gaps",
            "a skills needs assessment records at least one skills gap found",
            values,
        )
    seen: set[str] = set()
    for g in gaps:
        key = g.description.casefold()
        if key in seen:
            raise InvalidValueError(
                entity, "skills_gaps", f"the gap {g.description!r} is listed twice", g
            )
        seen.add(key)
    return gaps
