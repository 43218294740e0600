"""The state and rule helpers every partnership command shares (private)."""

from __future__ import annotations

from uuid import UUID

from pact_domain.errors import DomainRuleError, InvalidStateError
from pact_domain.events import PactAggregate
from pact_domain.partnership._state import (
    Activity,
    AgreementDraft,
    Assessment,
    Commitment,
    Communication,
    Deliverable,
    Kpi,
    KpiReport,
    Membership,
    MonitoringExercise,
    RecruitmentCampaign,
    SecuredFunding,
    SkillsAssessment,
    WorkingGroup,
    WorkPackage,
    WorkPlan,
)
from pact_domain.values import ContactPerson, CurrentPartner
from pact_domain.vocabularies import (
    Ecosystem,
    PartnershipKind,
    PartnershipStatus,
    RegionalScope,
)


class PartnershipCore(PactAggregate):
    """A partnership's state; the commands live in mixins by theme."""

    ENTITY = "Partnership"

    # Annex A
    name: str
    kind: PartnershipKind
    status: PartnershipStatus
    countries: tuple[str, ...]
    regions: tuple[str, ...]
    regional_scope: RegionalScope | None
    ecosystems: tuple[Ecosystem, ...]
    contact: ContactPerson
    description: str
    current_partners: tuple[CurrentPartner, ...]
    objectives: str
    support_needed: str
    current_activities: str
    linked_lsp_id: UUID | None
    assessment: Assessment | None
    # Agreement and governance
    agreements: dict[int, AgreementDraft]
    signed_version: int | None
    coordinators: tuple[UUID, ...]
    # Members, commitments, KPIs
    members: dict[UUID, Membership]
    commitments: dict[UUID, Commitment]
    kpis: dict[UUID, Kpi]
    reports: dict[UUID, KpiReport]
    # Steering group and working groups (§2.4, §3.5, Boxes 16-17)
    steering_group: tuple[UUID, ...]
    working_groups: dict[UUID, WorkingGroup]
    # Work plan (§4.1)
    work_plan: WorkPlan | None
    work_packages: dict[UUID, WorkPackage]
    deliverables: dict[UUID, Deliverable]
    # Activities, reach, funding, skills intelligence (§2.3, §4.2-§4.5, Box 40)
    activities: dict[UUID, Activity]
    communications: dict[UUID, Communication]
    recruitment_campaigns: dict[UUID, RecruitmentCampaign]
    funding: dict[UUID, SecuredFunding]
    skills_assessments: dict[UUID, SkillsAssessment]
    # Regional dimension (§4.6): an LSP's regional partnerships, or a
    # regional partnership's LSPs
    linked_partnership_ids: tuple[UUID, ...]
    # Annual monitoring exercises by year (§6.2)
    monitoring_exercises: dict[int, MonitoringExercise]

    def __init__(self) -> None:
        """State is set by the created event."""

    def _init_state(self) -> None:
        self.assessment = None
        self.agreements = {}
        self.signed_version = None
        self.coordinators = ()
        self.members = {}
        self.commitments = {}
        self.kpis = {}
        self.reports = {}
        self.steering_group = ()
        self.working_groups = {}
        self.work_plan = None
        self.work_packages = {}
        self.deliverables = {}
        self.activities = {}
        self.communications = {}
        self.recruitment_campaigns = {}
        self.funding = {}
        self.skills_assessments = {}
        self.linked_partnership_ids = ()
        self.monitoring_exercises = {}

    # -- rule helpers shared by the command mixins ------------------------------

    def _require_status(self, command: str, *allowed: PartnershipStatus) -> None:
        if self.status not in allowed:
            names = " or ".join(str(s) for s in allowed)
            raise InvalidStateError(
                self.entity,
                "status",
                f"{command} needs the partnership to be {names}; it is {self.status}",
                str(self.status),
            )

    def _require_member(self, organisation_id: UUID, field: str) -> Membership:
        m = self.members.get(organisation_id)
        if m is None:
            raise DomainRuleError(
                self.entity, field, f"organisation {organisation_id} is not a member"
            )
        return m

    @property
    def is_active(self) -> bool:
        """Whether the agreement is signed and the partnership not closed."""
        return self.status is PartnershipStatus.ACTIVE

    def live_kpis(self, commitment_id: UUID) -> tuple[Kpi, ...]:
        """The live KPIs of a commitment."""
        return tuple(
            k
            for k in self.kpis.values()
            if k.commitment_id == commitment_id and not k.retired
        )
