"""Commands of how a partnership works and what it does: governance (§2.3,
§2.4, §3.5), the work plan (§4.1), activities and communication (§4, §5.4),
recruitment, funding (§5.3), skills intelligence (§4.3), regional links (§4.6)
and the monitoring exercise (§6.2)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

import attrs

from pact_domain.catalogues import FundingOpportunity
from pact_domain.commands._base import Command, Reader, command
from pact_domain.errors import DomainRuleError
from pact_domain.organisation import Organisation
from pact_domain.partnership import (
    Partnership,
    PlannedDeliverable,
    PlannedWorkPackage,
    SkillsGap,
)
from pact_domain.vocabularies import ActivityType, FundingProgramme, OutputType
from pact_domain.vocabularies_catalogues import (
    CommunicationChannel,
    SkillsAssessmentMethod,
)

__all__ = [
    "AddDeliverable",
    "AddWorkPackage",
    "AdoptWorkPlan",
    "AppointWorkPackageLeader",
    "ChangeSteeringGroup",
    "ChangeWorkingGroupLead",
    "CloseMonitoringExercise",
    "CloseWorkingGroup",
    "FormWorkingGroup",
    "LinkRegionalPartnership",
    "OpenMonitoringExercise",
    "RecordActivity",
    "RecordCommunication",
    "RecordDelivery",
    "RecordFundingSecured",
    "RecordMembershipRecruitment",
    "RecordSkillsNeedsAssessment",
    "RecordSurveyResponse",
    "RescheduleDeliverable",
    "UnlinkRegionalPartnership",
]


@command(target=Partnership)
@attrs.frozen(kw_only=True)
class ChangeSteeringGroup(Command[None]):
    """Record members joining and leaving the steering group."""

    partnership_id: UUID = attrs.field(kw_only=False)
    joined: tuple[UUID, ...] = ()
    left: tuple[UUID, ...] = ()


@command(target=Partnership)
@attrs.frozen(kw_only=True)
class FormWorkingGroup(Command[UUID]):
    """Form a working group (or a sub-group of ``parent_id``); return its id."""

    partnership_id: UUID = attrs.field(kw_only=False)
    name: str
    theme: str
    lead_organisation_id: UUID
    parent_id: UUID | None = None
    working_group_id: UUID | None = None


@command(target=Partnership)
@attrs.frozen(kw_only=True)
class ChangeWorkingGroupLead(Command[None]):
    """Hand the lead of a working group to another member."""

    partnership_id: UUID = attrs.field(kw_only=False)
    working_group_id: UUID
    lead_organisation_id: UUID


@command(target=Partnership)
@attrs.frozen(kw_only=True)
class CloseWorkingGroup(Command[None]):
    """Close a working group whose sub-groups are closed."""

    partnership_id: UUID = attrs.field(kw_only=False)
    working_group_id: UUID
    reason: str = ""


@command(target=Partnership)
@attrs.frozen(kw_only=True)
class AppointWorkPackageLeader(Command[None]):
    """Appoint a member to lead a work package."""

    partnership_id: UUID = attrs.field(kw_only=False)
    work_package_id: UUID
    organisation_id: UUID


@command(target=Partnership)
@attrs.frozen(kw_only=True)
class AdoptWorkPlan(Command[None]):
    """Adopt the partnership's work plan with its work packages."""

    partnership_id: UUID = attrs.field(kw_only=False)
    title: str
    starts_on: date
    ends_on: date
    work_packages: tuple[PlannedWorkPackage, ...]


@command(target=Partnership)
@attrs.frozen(kw_only=True)
class AddWorkPackage(Command[UUID]):
    """Add a work package to the adopted work plan; return its id."""

    partnership_id: UUID = attrs.field(kw_only=False)
    work_package: PlannedWorkPackage


@command(target=Partnership)
@attrs.frozen(kw_only=True)
class AddDeliverable(Command[UUID]):
    """Add a deliverable to a work package; return its id."""

    partnership_id: UUID = attrs.field(kw_only=False)
    work_package_id: UUID
    deliverable: PlannedDeliverable


@command(target=Partnership)
@attrs.frozen(kw_only=True)
class RescheduleDeliverable(Command[None]):
    """Give a deliverable not yet delivered a new due date."""

    partnership_id: UUID = attrs.field(kw_only=False)
    deliverable_id: UUID
    due_on: date
    reason: str


@command(target=Partnership, effective_from="delivered_on")
@attrs.frozen(kw_only=True)
class RecordDelivery(Command[None]):
    """Record that a deliverable was delivered, with its output and link."""

    partnership_id: UUID = attrs.field(kw_only=False)
    deliverable_id: UUID
    delivered_on: date
    output_type: OutputType | str
    link: str
    output_title: str = ""


@command(
    target=Partnership,
    effective_from="held_on",
    references={"organisation_ids": Organisation},
)
@attrs.frozen(kw_only=True)
class RecordActivity(Command[UUID]):
    """Record an activity the partnership held; return its id.

    Raises:
        NotFoundError: an organisation in ``organisation_ids`` is not
            registered.
    """

    partnership_id: UUID = attrs.field(kw_only=False)
    type: ActivityType | str
    title: str
    held_on: date
    participants: int
    organisation_ids: tuple[UUID, ...] = ()
    other_organisations: int = 0
    working_group_id: UUID | None = None
    activity_id: UUID | None = None


@command(target=Partnership, effective_from="published_on")
@attrs.frozen(kw_only=True)
class RecordCommunication(Command[UUID]):
    """Record a communication the partnership published; return its id."""

    partnership_id: UUID = attrs.field(kw_only=False)
    channel: CommunicationChannel | str
    title: str
    reach: int
    published_on: date
    link: str | None = None
    communication_id: UUID | None = None


@command(target=Partnership, effective_from="ended_on")
@attrs.frozen(kw_only=True)
class RecordMembershipRecruitment(Command[UUID]):
    """Record the result of a membership recruitment campaign; return its id."""

    partnership_id: UUID = attrs.field(kw_only=False)
    campaign: str
    ended_on: date
    prospects_contacted: int
    joined: int
    campaign_id: UUID | None = None


@command(
    target=Partnership,
    effective_from="secured_on",
    references={"opportunity_id": FundingOpportunity},
)
@attrs.frozen(kw_only=True)
class RecordFundingSecured(Command[UUID]):
    """Record funding the partnership secured; return its id.

    Raises:
        NotFoundError: ``opportunity_id`` names no funding opportunity.
        DomainRuleError: the opportunity was withdrawn.
    """

    partnership_id: UUID = attrs.field(kw_only=False)
    programme: FundingProgramme | str
    amount_eur: Decimal | int | str
    project_name: str
    secured_on: date
    opportunity_id: UUID | None = None
    funding_id: UUID | None = None

    def check(self, reader: Reader) -> None:
        """Funding cannot be secured against a withdrawn opportunity (§5.3)."""
        if self.opportunity_id is None:
            return
        opportunity = reader.load(
            FundingOpportunity, self.opportunity_id, "opportunity_id"
        )
        if opportunity.withdrawn:
            raise DomainRuleError(
                "Partnership",
                "opportunity_id",
                f"funding opportunity {self.opportunity_id} was withdrawn from the "
                "funding tool",
            )


@command(target=Partnership, effective_from="assessed_on")
@attrs.frozen(kw_only=True)
class RecordSkillsNeedsAssessment(Command[UUID]):
    """Record a skills needs assessment and the gaps found; return its id."""

    partnership_id: UUID = attrs.field(kw_only=False)
    method: SkillsAssessmentMethod | str
    assessed_on: date
    skills_gaps: tuple[SkillsGap, ...]
    summary: str = ""
    deliverable_link: str | None = None
    assessment_id: UUID | None = None


@command(
    target=Partnership,
    loads={"regional_partnership_id": ("regional", Partnership)},
)
@attrs.frozen(kw_only=True)
class LinkRegionalPartnership(Command[None]):
    """Link a regional partnership to an LSP; both are saved at once."""

    lsp_id: UUID = attrs.field(kw_only=False)
    regional_partnership_id: UUID


@command(
    target=Partnership,
    loads={"regional_partnership_id": ("regional", Partnership)},
)
@attrs.frozen(kw_only=True)
class UnlinkRegionalPartnership(Command[None]):
    """End the link between a regional partnership and an LSP, on both."""

    lsp_id: UUID = attrs.field(kw_only=False)
    regional_partnership_id: UUID
    reason: str


@command(target=Partnership)
@attrs.frozen(kw_only=True)
class OpenMonitoringExercise(Command[None]):
    """Open the annual monitoring exercise of ``year``."""

    partnership_id: UUID = attrs.field(kw_only=False)
    year: int


@command(target=Partnership)
@attrs.frozen(kw_only=True)
class RecordSurveyResponse(Command[None]):
    """Record a member's answers to the monitoring survey of ``year``."""

    partnership_id: UUID = attrs.field(kw_only=False)
    year: int
    organisation_id: UUID
    satisfaction: int
    uses_outputs: bool
    commitments_progress: str = ""
    challenges: str = ""
    good_practice: str = ""


@command(target=Partnership)
@attrs.frozen(kw_only=True)
class CloseMonitoringExercise(Command[None]):
    """Close the monitoring exercise of ``year``."""

    partnership_id: UUID = attrs.field(kw_only=False)
    year: int
