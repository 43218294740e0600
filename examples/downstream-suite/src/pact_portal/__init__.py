"""A tiny membership portal built on pact-domain: the system under test.

Organisations sign up through the portal to join a partnership; the portal
registers them and records their joining in one step, and shows each
partnership's member directory.
"""

from __future__ import annotations

from uuid import UUID

import attrs

from pact_domain.application import PactApplication
from pact_domain.errors import InvalidStateError
from pact_domain.vocabularies import MembershipTier, PartnershipStatus

__all__ = ["DirectoryEntry", "MembershipPortal"]

_OPEN = (PartnershipStatus.ACCEPTED, PartnershipStatus.ACTIVE)


@attrs.frozen
class DirectoryEntry:
    """One line of a partnership's member directory."""

    organisation_id: UUID
    name: str
    tier: MembershipTier


class MembershipPortal:
    """Sign-up and directory pages of a partnership portal.

    Args:
        app: the pact-domain application the portal writes to.
        actor: who the portal records as the author of its commands.
    """

    def __init__(self, app: PactApplication, *, actor: str = "portal") -> None:
        self.app = app
        self.actor = actor

    def onboard(
        self,
        partnership_id: UUID,
        *,
        name: str,
        stakeholder_type: str,
        size: str,
        country: str,
        tier: MembershipTier | str = MembershipTier.AFFILIATED,
    ) -> UUID:
        """Register an organisation and let it join a partnership.

        The partnership is checked first, so that a refused sign-up registers
        nothing.

        Raises:
            NotFoundError: there is no such partnership.
            InvalidStateError: the partnership does not take members now.
            InvalidValueError: the organisation's details are invalid.
        """
        partnership = self.app.get_partnership(partnership_id)
        if partnership.status not in _OPEN:
            raise InvalidStateError(
                partnership.entity,
                "status",
                f"the portal signs members up to accepted or active partnerships; "
                f"this one is {partnership.status}",
                str(partnership.status),
            )
        organisation_id = self.app.register_organisation(
            name=name,
            stakeholder_type=stakeholder_type,
            size=size,
            country=country,
            actor=self.actor,
        )
        self.app.join_partnership(
            partnership_id, organisation_id=organisation_id, tier=tier, actor=self.actor
        )
        return organisation_id

    def directory(self, partnership_id: UUID) -> list[DirectoryEntry]:
        """The partnership's current members, by name."""
        members = self.app.get_partnership(partnership_id).members
        entries = [
            DirectoryEntry(oid, self.app.get_organisation(oid).name, m.tier)
            for oid, m in members.items()
        ]
        return sorted(entries, key=lambda e: (e.name, str(e.organisation_id)))
