"""Governance: coordinators (§2.4, §3.5)."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from pact_domain.errors import DomainRuleError
from pact_domain.events import EventMeta, PactEvent
from pact_domain.vocabularies import PartnershipStatus

if TYPE_CHECKING:
    from pact_domain.partnership._aggregate import Partnership
    from pact_domain.partnership._core import PartnershipCore as _Core
else:
    _Core = object

__all__ = [
    "MAX_COORDINATORS",
    "CoordinationTransferred",
    "CoordinatorAppointed",
    "GovernanceCommands",
]

S = PartnershipStatus
MAX_COORDINATORS = 3
"""§2.4: "a single lead organisation or ... two or three organisations"."""


class CoordinatorAppointed(PactEvent):
    """A member organisation was appointed coordinator (§2.4)."""

    organisation_id: UUID

    def apply(self, aggregate: Partnership) -> None:
        aggregate.coordinators = (*aggregate.coordinators, self.organisation_id)


class CoordinationTransferred(PactEvent):
    """The coordinating role passed from one member to another (§2.4)."""

    from_organisation_id: UUID
    to_organisation_id: UUID

    def apply(self, aggregate: Partnership) -> None:
        aggregate.coordinators = tuple(
            self.to_organisation_id if c == self.from_organisation_id else c
            for c in aggregate.coordinators
        )


class GovernanceCommands(_Core):
    """Governance commands (mixed into :class:`Partnership`)."""

    def appoint_coordinator(self, *, organisation_id: UUID, meta: EventMeta) -> None:
        """Appoint a member as (co-)coordinator; at most three at once."""
        self._require_status("appoint_coordinator", S.ACCEPTED, S.ACTIVE)
        self._require_member(organisation_id, "organisation_id")
        if organisation_id in self.coordinators:
            raise DomainRuleError(
                self.entity,
                "organisation_id",
                f"organisation {organisation_id} is already a coordinator",
            )
        if len(self.coordinators) >= MAX_COORDINATORS:
            raise DomainRuleError(
                self.entity,
                "coordinators",
                f"a partnership has one to {MAX_COORDINATORS} coordinators (§2.4); "
                "transfer coordination instead",
            )
        self._trigger(CoordinatorAppointed, meta, organisation_id=organisation_id)

    def transfer_coordination(
        self,
        *,
        from_organisation_id: UUID,
        to_organisation_id: UUID,
        meta: EventMeta,
    ) -> None:
        """Hand a coordinator's role to another member (§2.4)."""
        self._require_status("transfer_coordination", S.ACCEPTED, S.ACTIVE)
        if from_organisation_id not in self.coordinators:
            raise DomainRuleError(
                self.entity,
                "from_organisation_id",
                f"organisation {from_organisation_id} is not a coordinator",
            )
        self._require_member(to_organisation_id, "to_organisation_id")
        if to_organisation_id in self.coordinators:
            raise DomainRuleError(
                self.entity,
                "to_organisation_id",
                f"organisation {to_organisation_id} is already a coordinator",
            )
        self._trigger(
            CoordinationTransferred,
            meta,
            from_organisation_id=from_organisation_id,
            to_organisation_id=to_organisation_id,
        )
