"""Governance: coordinators, the steering group, working groups and work
package leaders (§2.3, §2.4, §3.5, Boxes 15-17).

Rules:

* one to three coordinators, all members (§2.4);
* the steering group is made of members (§2.3: "a coordinating and steering
  group"; §2.4: "a core working or steering group of committed partner
  organisations");
* a working group has a theme and a lead organisation that is a member; a
  sub-group names its open parent group (Box 17: the Automotive Skills
  Alliance's WG3 and WG4 have sub-groups on batteries, hydrogen,
  digitalisation...); a group closes after its sub-groups;
* a work package leader is a member (§3.5: "Some partnerships may appoint
  work package leaders to support the overall coordinator").
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID, uuid4

import attrs

from pact_domain import _validation as v
from pact_domain.errors import DomainRuleError, InvalidValueError
from pact_domain.events import EventMeta, PactEvent
from pact_domain.partnership._state import WorkingGroup
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
    "SteeringGroupChanged",
    "WorkPackageLeaderAppointed",
    "WorkingGroupClosed",
    "WorkingGroupFormed",
    "WorkingGroupLeadChanged",
    "governance_roles",
]

_E = "Partnership"

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


class SteeringGroupChanged(PactEvent):
    """Members joined or left the steering group (§2.3, §2.4, Box 16)."""

    joined: tuple[UUID, ...]
    left: tuple[UUID, ...]

    def apply(self, aggregate: Partnership) -> None:
        kept = tuple(o for o in aggregate.steering_group if o not in self.left)
        aggregate.steering_group = (*kept, *self.joined)


class WorkingGroupFormed(PactEvent):
    """A working group, or a sub-group of one, was formed (§3.5, Box 17)."""

    working_group_id: UUID
    name: str
    theme: str
    lead_organisation_id: UUID
    parent_id: UUID | None

    def apply(self, aggregate: Partnership) -> None:
        aggregate.working_groups[self.working_group_id] = WorkingGroup(
            id=self.working_group_id,
            name=self.name,
            theme=self.theme,
            lead_organisation_id=self.lead_organisation_id,
            parent_id=self.parent_id,
            formed_at=self.effective_at,
        )


class WorkingGroupLeadChanged(PactEvent):
    """Another member took over the lead of a working group (§3.5)."""

    working_group_id: UUID
    lead_organisation_id: UUID

    def apply(self, aggregate: Partnership) -> None:
        wg = aggregate.working_groups[self.working_group_id]
        aggregate.working_groups[wg.id] = attrs.evolve(
            wg, lead_organisation_id=self.lead_organisation_id
        )


class WorkingGroupClosed(PactEvent):
    """A working group (or sub-group) was closed (§3.5)."""

    working_group_id: UUID
    reason: str

    def apply(self, aggregate: Partnership) -> None:
        wg = aggregate.working_groups[self.working_group_id]
        aggregate.working_groups[wg.id] = attrs.evolve(wg, closed_at=self.effective_at)


class WorkPackageLeaderAppointed(PactEvent):
    """A member was appointed leader of a work package (§3.5, §4.1)."""

    work_package_id: UUID
    organisation_id: UUID

    def apply(self, aggregate: Partnership) -> None:
        wp = aggregate.work_packages[self.work_package_id]
        aggregate.work_packages[wp.id] = attrs.evolve(
            wp, lead_organisation_id=self.organisation_id
        )


def governance_roles(partnership: _Core, organisation_id: UUID) -> tuple[str, ...]:
    """The governance roles an organisation holds in a partnership, in words.

    Coordinator, steering group member, lead of an open working group, leader
    of a work package.  A member holding a role hands it over before it
    leaves.
    """
    roles: list[str] = []
    if organisation_id in partnership.coordinators:
        roles.append("coordinator")
    if organisation_id in partnership.steering_group:
        roles.append("steering group member")
    roles.extend(
        f"lead of working group {wg.name!r}"
        for wg in partnership.working_groups.values()
        if wg.is_open and wg.lead_organisation_id == organisation_id
    )
    roles.extend(
        f"leader of work package {wp.title!r}"
        for wp in partnership.work_packages.values()
        if wp.lead_organisation_id == organisation_id
    )
    return tuple(roles)


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

    def change_steering_group(
        self,
        *,
        joined: tuple[UUID, ...] = (),
        left: tuple[UUID, ...] = (),
        meta: EventMeta,
    ) -> None:
        """Record members joining and leaving the steering group (§2.3, §2.4).

        Those who join are members not yet on it; those who leave are on it.
        """
        self._require_status("change_steering_group", S.ACCEPTED, S.ACTIVE)
        joining = _ids(self.entity, "joined", joined)
        leaving = _ids(self.entity, "left", left)
        if not joining and not leaving:
            raise InvalidValueError(
                self.entity,
                "joined",
                "name at least one organisation joining or leaving",
            )
        both = [str(o) for o in joining if o in leaving]
        if both:
            raise InvalidValueError(
                self.entity,
                "left",
                f"organisations cannot both join and leave: {', '.join(both)}",
                both,
            )
        for o in joining:
            self._require_member(o, "joined")
            if o in self.steering_group:
                raise DomainRuleError(
                    self.entity,
                    "joined",
                    f"organisation {o} is already on the steering group",
                )
        for o in leaving:
            if o not in self.steering_group:
                raise DomainRuleError(
                    self.entity,
                    "left",
                    f"organisation {o} is not on the steering group",
                )
        self._trigger(SteeringGroupChanged, meta, joined=joining, left=leaving)

    def form_working_group(
        self,
        *,
        name: str,
        theme: str,
        lead_organisation_id: UUID,
        parent_id: UUID | None = None,
        meta: EventMeta,
        working_group_id: UUID | None = None,
    ) -> UUID:
        """Form a working group led by a member; return its id (§3.5).

        ``parent_id`` makes it a sub-group of an open working group (Box 17).
        Open groups with the same parent have different names.
        """
        self._require_status("form_working_group", S.ACCEPTED, S.ACTIVE)
        group_name = v.text(_E, "name", name, limit=200)
        group_theme = v.free_text(_E, "theme", theme, empty=False)
        self._require_member(lead_organisation_id, "lead_organisation_id")
        if parent_id is not None:
            self._open_working_group(parent_id, "parent_id")
        for wg in self.working_groups.values():
            if (
                wg.is_open
                and wg.parent_id == parent_id
                and wg.name.casefold() == group_name.casefold()
            ):
                raise DomainRuleError(
                    self.entity,
                    "name",
                    f"open working group {wg.id} is already named {wg.name!r}",
                )
        wid = working_group_id or uuid4()
        if wid in self.working_groups:
            raise DomainRuleError(
                self.entity, "working_group_id", f"working group {wid} already exists"
            )
        self._trigger(
            WorkingGroupFormed,
            meta,
            working_group_id=wid,
            name=group_name,
            theme=group_theme,
            lead_organisation_id=lead_organisation_id,
            parent_id=parent_id,
        )
        return wid

    def change_working_group_lead(
        self, *, working_group_id: UUID, lead_organisation_id: UUID, meta: EventMeta
    ) -> None:
        """Hand the lead of an open working group to another member (§3.5)."""
        self._require_status("change_working_group_lead", S.ACCEPTED, S.ACTIVE)
        wg = self._open_working_group(working_group_id, "working_group_id")
        self._require_member(lead_organisation_id, "lead_organisation_id")
        if wg.lead_organisation_id == lead_organisation_id:
            raise DomainRuleError(
                self.entity,
                "lead_organisation_id",
                f"organisation {lead_organisation_id} already leads working group "
                f"{wg.name!r}",
            )
        self._trigger(
            WorkingGroupLeadChanged,
            meta,
            working_group_id=wg.id,
            lead_organisation_id=lead_organisation_id,
        )

    def close_working_group(
        self, *, working_group_id: UUID, reason: str = "", meta: EventMeta
    ) -> None:
        """Close an open working group whose sub-groups are all closed."""
        self._require_status("close_working_group", S.ACCEPTED, S.ACTIVE)
        wg = self._open_working_group(working_group_id, "working_group_id")
        open_subgroups = [
            f"{sub.name!r}"
            for sub in self.working_groups.values()
            if sub.parent_id == wg.id and sub.is_open
        ]
        if open_subgroups:
            raise DomainRuleError(
                self.entity,
                "working_group_id",
                f"working group {wg.name!r} has open sub-groups "
                f"({', '.join(open_subgroups)}); close them first",
            )
        self._trigger(
            WorkingGroupClosed,
            meta,
            working_group_id=wg.id,
            reason=v.free_text(_E, "reason", reason),
        )

    def appoint_work_package_leader(
        self, *, work_package_id: UUID, organisation_id: UUID, meta: EventMeta
    ) -> None:
        """Appoint a member to lead a work package of the work plan (§3.5, §4.1)."""
        self._require_status("appoint_work_package_leader", S.ACCEPTED, S.ACTIVE)
        wp = self.work_packages.get(work_package_id)
        if wp is None:
            raise DomainRuleError(
                self.entity,
                "work_package_id",
                f"there is no work package {work_package_id}",
            )
        self._require_member(organisation_id, "organisation_id")
        if wp.lead_organisation_id == organisation_id:
            raise DomainRuleError(
                self.entity,
                "organisation_id",
                f"organisation {organisation_id} already leads work package "
                f"{wp.title!r}",
            )
        self._trigger(
            WorkPackageLeaderAppointed,
            meta,
            work_package_id=wp.id,
            organisation_id=organisation_id,
        )

    def _open_working_group(self, working_group_id: UUID, field: str) -> WorkingGroup:
        wg = self.working_groups.get(working_group_id)
        if wg is None:
            raise DomainRuleError(
                self.entity, field, f"there is no working group {working_group_id}"
            )
        if not wg.is_open:
            raise DomainRuleError(
                self.entity, field, f"working group {wg.name!r} was closed"
            )
        return wg


def _ids(entity: str, field: str, values: object) -> tuple[UUID, ...]:
    """A duplicate-free tuple of UUIDs, in the given order."""
    if isinstance(values, str | bytes) or not hasattr(values, "__iter__"):
        raise InvalidValueError(entity, field, "must be a list of ids", values)
    out: list[UUID] = []
    for item in values:
        if not isinstance(item, UUID):
            raise InvalidValueError(entity, field, "each must be a UUID", item)
        if item not in out:
            out.append(item)
    return tuple(out)
