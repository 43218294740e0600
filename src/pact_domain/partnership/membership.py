"""Members of a partnership: joining, leaving, changing tier (§3.2, §4.2, Box 23)."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

import attrs

from pact_domain import _validation as v
from pact_domain.errors import DomainRuleError, InvalidStateError
from pact_domain.events import EventMeta, PactEvent
from pact_domain.partnership._state import Membership
from pact_domain.partnership.governance import governance_roles
from pact_domain.vocabularies import MembershipTier, PartnershipStatus

if TYPE_CHECKING:
    from pact_domain.partnership._aggregate import Partnership
    from pact_domain.partnership._core import PartnershipCore as _Core
else:
    _Core = object

__all__ = ["MemberJoined", "MemberLeft", "MemberTierChanged", "MembershipCommands"]

_E = "Partnership"
S = PartnershipStatus


class MemberJoined(PactEvent):
    """An organisation joined the partnership in a membership tier."""

    organisation_id: UUID
    tier: MembershipTier

    def apply(self, aggregate: Partnership) -> None:
        aggregate.members[self.organisation_id] = Membership(
            organisation_id=self.organisation_id,
            tier=self.tier,
            joined_at=self.effective_at,
        )


class MemberLeft(PactEvent):
    """An organisation left the partnership."""

    organisation_id: UUID
    reason: str

    def apply(self, aggregate: Partnership) -> None:
        del aggregate.members[self.organisation_id]


class MemberTierChanged(PactEvent):
    """A member moved to another membership tier (core, associated, affiliated)."""

    organisation_id: UUID
    tier: MembershipTier

    def apply(self, aggregate: Partnership) -> None:
        aggregate.members[self.organisation_id] = attrs.evolve(
            aggregate.members[self.organisation_id], tier=self.tier
        )


class MembershipCommands(_Core):
    """Membership commands (mixed into :class:`Partnership`)."""

    def join(
        self,
        *,
        organisation_id: UUID,
        tier: MembershipTier | str = MembershipTier.CORE,
        meta: EventMeta,
    ) -> None:
        """Record that a registered organisation joined.

        The application service checks that the organisation is registered.
        """
        if self.status in (S.DECLINED, S.CLOSED, S.PROPOSED, S.MORE_INFORMATION_NEEDED):
            raise InvalidStateError(
                self.entity,
                "status",
                f"members can join an accepted or active partnership, not a "
                f"{self.status} one",
                str(self.status),
            )
        if organisation_id in self.members:
            raise DomainRuleError(
                self.entity,
                "organisation_id",
                f"organisation {organisation_id} is already a member",
            )
        self._trigger(
            MemberJoined,
            meta,
            organisation_id=organisation_id,
            tier=v.member_of(_E, "tier", tier, MembershipTier),
        )

    def leave(self, *, organisation_id: UUID, reason: str, meta: EventMeta) -> None:
        """Record that a member left.

        A coordinator hands over coordination first, and a member withdraws
        its own live commitments first.
        """
        self._require_status("leave", S.ACCEPTED, S.ACTIVE)
        self._require_member(organisation_id, "organisation_id")
        roles = governance_roles(self, organisation_id)
        if roles:
            raise DomainRuleError(
                self.entity,
                "organisation_id",
                f"organisation {organisation_id} is {', '.join(roles)}; hand these "
                "roles over before it leaves (transfer coordination, change the "
                "steering group or the leads)",
            )
        live = [
            str(c.id)
            for c in self.commitments.values()
            if c.member_id == organisation_id and not c.withdrawn
        ]
        if live:
            raise DomainRuleError(
                self.entity,
                "organisation_id",
                f"organisation {organisation_id} has live commitments "
                f"({', '.join(live)}); withdraw them before it leaves",
            )
        self._trigger(
            MemberLeft,
            meta,
            organisation_id=organisation_id,
            reason=v.free_text(_E, "reason", reason),
        )

    def change_member_tier(
        self,
        *,
        organisation_id: UUID,
        tier: MembershipTier | str,
        meta: EventMeta,
    ) -> None:
        """Move a member to another tier."""
        self._require_status("change_member_tier", S.ACCEPTED, S.ACTIVE)
        membership = self._require_member(organisation_id, "organisation_id")
        new_tier = v.member_of(_E, "tier", tier, MembershipTier)
        if new_tier is membership.tier:
            raise DomainRuleError(
                self.entity,
                "tier",
                f"organisation {organisation_id} is already {new_tier}",
            )
        self._trigger(
            MemberTierChanged, meta, organisation_id=organisation_id, tier=new_tier
        )
