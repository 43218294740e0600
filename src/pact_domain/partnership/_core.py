"""The state and rule helpers every partnership command shares (private).

Besides its declared (snapshotted) state, a partnership may keep *derived
indexes*: lookups computed from that state so that commands check their rules
without scanning the whole history (issue #7).  They are private instance
attributes, never class annotations, so snapshots leave them out; each is
built from the state on first use and then kept up to date by the events that
change what it indexes.  Equality and ``repr`` of a partnership ignore them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeAlias
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
from pact_domain.values import ContactPerson, CurrentPartner, ReportingPeriod
from pact_domain.vocabularies import (
    Ecosystem,
    PartnershipKind,
    PartnershipStatus,
    RegionalScope,
)

ReportKey: TypeAlias = tuple[UUID, ReportingPeriod, UUID | None]
"""What a KPI report is unique by while current: KPI, period and reporter."""

_REPORT_INDEX = "_index_of_reports"
_SURVEY_INDEX = "_index_of_respondents"
_TITLE_INDEX = "_index_of_titles"
DERIVED_STATE = frozenset({_REPORT_INDEX, _SURVEY_INDEX, _TITLE_INDEX})
"""The private instance attributes holding derived indexes (not state)."""


def report_key(report: KpiReport) -> ReportKey:
    """The (KPI, period, reporter) a report is unique by while current."""
    return (report.kpi_id, report.period, report.reported_by)


def build_report_index(reports: Mapping[UUID, KpiReport]) -> dict[ReportKey, UUID]:
    """(KPI, period, reporter) → the current report, built from scratch.

    Commands keep one current report per key; were there several, the first
    recorded is the one named (as a scan of ``reports`` in order would).
    """
    index: dict[ReportKey, UUID] = {}
    for r in reports.values():
        if r.superseded_by is None:
            index.setdefault(report_key(r), r.id)
    return index


def build_respondent_index(
    exercises: Mapping[int, MonitoringExercise],
) -> dict[int, set[UUID]]:
    """Year → the organisations that answered its survey, built from scratch."""
    return {
        year: {r.organisation_id for r in exercise.responses}
        for year, exercise in exercises.items()
    }


def build_deliverable_title_index(
    deliverables: Mapping[UUID, Deliverable],
) -> dict[UUID, set[str]]:
    """Work package → its deliverables' titles, casefolded, from scratch."""
    index: dict[UUID, set[str]] = {}
    for d in deliverables.values():
        index.setdefault(d.work_package_id, set()).add(d.title.casefold())
    return index


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

    # Derived indexes are not state: two partnerships with the same state are
    # equal whether or not either has built them, and repr leaves them out.

    def __eq__(self, other: object) -> bool:
        if type(self) is not type(other):
            return False
        mine, theirs = self.__dict__, other.__dict__
        if DERIVED_STATE.isdisjoint(mine) and DERIVED_STATE.isdisjoint(theirs):
            return mine == theirs
        return _without_derived(mine) == _without_derived(theirs)

    __hash__ = PactAggregate.__hash__

    def __repr__(self) -> str:
        fields = [
            f"{k.lstrip('_')}={v!r}"
            for k, v in self.__dict__.items()
            if k != "_pending_events" and k not in DERIVED_STATE
        ]
        return f"{type(self).__name__}({', '.join(fields)})"

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

    # -- derived indexes ----------------------------------------------------------
    #
    # Each is stored as (the state dict it indexes, the index): should that
    # dict be replaced wholesale rather than changed by events, the index is
    # rebuilt instead of trusted.

    def _derived(self, key: str, source: object) -> Any | None:
        cached = self.__dict__.get(key)
        if cached is not None and cached[0] is source:
            return cached[1]
        return None

    def _current_report_index(self) -> dict[ReportKey, UUID]:
        """(KPI, period, reporter) → current report id; built on first use."""
        index: dict[ReportKey, UUID] | None = self._derived(_REPORT_INDEX, self.reports)
        if index is None:
            index = build_report_index(self.reports)
            self.__dict__[_REPORT_INDEX] = (self.reports, index)
        return index

    def _built_report_index(self) -> dict[ReportKey, UUID] | None:
        """The report index if it was built (for events to keep it current)."""
        index: dict[ReportKey, UUID] | None = self._derived(_REPORT_INDEX, self.reports)
        return index

    def _respondent_index(self) -> dict[int, set[UUID]]:
        """Year → organisations that answered its survey; built on first use."""
        source = self.monitoring_exercises
        index: dict[int, set[UUID]] | None = self._derived(_SURVEY_INDEX, source)
        if index is None:
            index = build_respondent_index(source)
            self.__dict__[_SURVEY_INDEX] = (source, index)
        return index

    def _built_respondent_index(self) -> dict[int, set[UUID]] | None:
        """The respondent index if it was built (for events to keep it current)."""
        source = self.monitoring_exercises
        index: dict[int, set[UUID]] | None = self._derived(_SURVEY_INDEX, source)
        return index

    def _deliverable_title_index(self) -> dict[UUID, set[str]]:
        """Work package → its deliverables' titles, casefolded; built on first
        use."""
        source = self.deliverables
        index: dict[UUID, set[str]] | None = self._derived(_TITLE_INDEX, source)
        if index is None:
            index = build_deliverable_title_index(source)
            self.__dict__[_TITLE_INDEX] = (source, index)
        return index

    def _built_deliverable_title_index(self) -> dict[UUID, set[str]] | None:
        """The deliverable title index if it was built (for events)."""
        source = self.deliverables
        index: dict[UUID, set[str]] | None = self._derived(_TITLE_INDEX, source)
        return index

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


def _without_derived(state: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in state.items() if k not in DERIVED_STATE}
