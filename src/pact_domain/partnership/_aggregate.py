"""The Partnership aggregate: one Large Scale or regional skills partnership."""

from __future__ import annotations

from uuid import UUID

from pact_domain import _validation as v
from pact_domain.events import EventMeta
from pact_domain.partnership._core import PartnershipCore
from pact_domain.partnership.activities import ActivityCommands
from pact_domain.partnership.commitments import CommitmentCommands
from pact_domain.partnership.governance import GovernanceCommands
from pact_domain.partnership.lifecycle import (
    ExpressionOfInterestSubmitted,
    LifecycleCommands,
    _eoi_fields,
)
from pact_domain.partnership.membership import MembershipCommands
from pact_domain.partnership.monitoring import MonitoringCommands
from pact_domain.partnership.regional import RegionalCommands
from pact_domain.partnership.review import ReviewCommands
from pact_domain.partnership.workplan import WorkPlanCommands
from pact_domain.values import ContactPerson, CurrentPartner
from pact_domain.vocabularies import (
    Ecosystem,
    PartnershipKind,
    RegionalScope,
)

__all__ = ["Partnership"]


class Partnership(
    LifecycleCommands,
    GovernanceCommands,
    MembershipCommands,
    CommitmentCommands,
    ReviewCommands,
    WorkPlanCommands,
    ActivityCommands,
    RegionalCommands,
    MonitoringCommands,
    PartnershipCore,
):
    """A Pact for Skills partnership and every fact recorded about it.

    Create one with :meth:`submit_expression_of_interest`; every other command
    is a method.  Commands check their rules first and raise a
    :class:`~pact_domain.errors.PactError` without recording anything.
    """

    ENTITY = "Partnership"

    def __init__(self) -> None:
        """State is set by the created event; use
        :meth:`submit_expression_of_interest`."""

    @classmethod
    def submit_expression_of_interest(
        cls,
        *,
        name: str,
        kind: PartnershipKind | str,
        contact: ContactPerson,
        description: str,
        countries: tuple[str, ...] = (),
        regions: tuple[str, ...] = (),
        regional_scope: RegionalScope | str | None = None,
        ecosystems: tuple[Ecosystem | str, ...] = (),
        current_partners: tuple[CurrentPartner, ...] = (),
        objectives: str = "",
        support_needed: str = "",
        current_activities: str = "",
        linked_lsp_id: UUID | None = None,
        meta: EventMeta,
        id: UUID | None = None,
    ) -> Partnership:
        """Start a partnership from the Annex A expression of interest form."""
        k = v.member_of("Partnership", "kind", kind, PartnershipKind)
        fields = _eoi_fields(
            k,
            name=name,
            countries=countries,
            regions=regions,
            regional_scope=regional_scope,
            ecosystems=ecosystems,
            contact=contact,
            description=description,
            current_partners=current_partners,
            objectives=objectives,
            support_needed=support_needed,
            current_activities=current_activities,
            linked_lsp_id=linked_lsp_id,
        )
        return cls._create_with(
            ExpressionOfInterestSubmitted, meta, id=id, kind=k, **fields
        )
