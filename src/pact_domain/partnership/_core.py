"""The state and rule helpers every partnership command shares (private)."""

from __future__ import annotations

from uuid import UUID

from pact_domain.errors import DomainRuleError, InvalidStateError
from pact_domain.events import PactAggregate
from pact_domain.partnership._state import (
    AgreementDraft,
    Assessment,
    Commitment,
    Kpi,
    KpiReport,
    Membership,
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

    # -- rule helpers shared by the command mixins ------------------------------

    def _require_status(self, command: str, *allowed: PartnershipStatus) -> None:
        if self.status not in allowed:
            names = " or ".join(str(s) for s in allowed)
            raise InvalidStateError(
                self.entity,
                "status",
                f"{command} needs a {names} partnership; this one is {self.status}",
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
