"""The partnership work plan: work packages, deliverables and what was
delivered (§4.1, §4.4 Table 1, Box 40).

Rules:

* a partnership adopts one work plan, covering a period; later work packages
  and deliverables are added to it;
* each work package is of one of the five §4.1 types (reach, skills
  intelligence, practical initiatives, monitoring, sustainability) and is led
  by a member;
* deliverables fall due within the work plan's period; titles are unique
  within their work package, work package titles within the plan;
* a deliverable is delivered once, with the output produced (one of the
  Table 1 output types) and a link to it;
* *overdue* is derived, never recorded: see
  :meth:`WorkPlanCommands.overdue_deliverables`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID, uuid4

import attrs

from pact_domain import _validation as v
from pact_domain.errors import DomainRuleError, InvalidValueError
from pact_domain.events import EventMeta, PactEvent
from pact_domain.partnership._state import Deliverable, WorkPackage, WorkPlan
from pact_domain.partnership.activities import not_after_recording
from pact_domain.vocabularies import OutputType, PartnershipStatus, WorkPackageType

if TYPE_CHECKING:
    from pact_domain.partnership._aggregate import Partnership
    from pact_domain.partnership._core import PartnershipCore as _Core
else:
    _Core = object

__all__ = [
    "DeliverableAdded",
    "DeliverableDelivered",
    "DeliverableRescheduled",
    "PlannedDeliverable",
    "PlannedWorkPackage",
    "WorkPackageAdded",
    "WorkPlanAdopted",
    "WorkPlanCommands",
]

_E = "Partnership"
S = PartnershipStatus


# Named converters: each knows its value object and field for error messages.


def _d_title(x: str) -> str:
    return v.text("Deliverable", "title", x)


def _d_due_on(x: date | str) -> date:
    return v.a_date("Deliverable", "due_on", x)


def _d_description(x: str) -> str:
    return v.free_text("Deliverable", "description", x)


def _d_id(x: UUID) -> UUID:
    return _uuid("Deliverable", "id", x)


def _wp_title(x: str) -> str:
    return v.text("WorkPackage", "title", x)


def _wp_type(x: WorkPackageType | str) -> WorkPackageType:
    return v.member_of("WorkPackage", "type", x, WorkPackageType)


def _wp_lead(x: UUID) -> UUID:
    return _uuid("WorkPackage", "lead_organisation_id", x)


def _wp_deliverables(x: Iterable[Any]) -> tuple[PlannedDeliverable, ...]:
    if isinstance(x, str | bytes):
        raise InvalidValueError(
            "WorkPackage", "deliverables", "must be a list of deliverables", x
        )
    items = tuple(x)
    for d in items:
        if not isinstance(d, PlannedDeliverable):
            raise InvalidValueError(
                "WorkPackage", "deliverables", "each must be a PlannedDeliverable", d
            )
    return items


def _wp_objectives(x: str) -> str:
    return v.free_text("WorkPackage", "objectives", x)


def _wp_id(x: UUID) -> UUID:
    return _uuid("WorkPackage", "id", x)


def _uuid(entity: str, field: str, value: object) -> UUID:
    if not isinstance(value, UUID):
        raise InvalidValueError(entity, field, "must be a UUID", value)
    return value


@attrs.frozen
class PlannedDeliverable:
    """A deliverable as planned: its title, due date and description (§4.1).

    Give ``id`` to choose the deliverable's id (e.g. a deterministic one);
    otherwise a random one is drawn.
    """

    title: str = attrs.field(converter=_d_title)
    due_on: date = attrs.field(converter=_d_due_on)
    description: str = attrs.field(default="", converter=_d_description)
    id: UUID = attrs.field(factory=uuid4, converter=_d_id)


@attrs.frozen
class PlannedWorkPackage:
    """A work package as planned (§4.1): title, type, lead member,
    deliverables and objectives.

    Give ``id`` to choose the work package's id; otherwise a random one is
    drawn.
    """

    title: str = attrs.field(converter=_wp_title)
    type: WorkPackageType = attrs.field(converter=_wp_type)
    lead_organisation_id: UUID = attrs.field(converter=_wp_lead)
    deliverables: tuple[PlannedDeliverable, ...] = attrs.field(
        default=(), converter=_wp_deliverables
    )
    objectives: str = attrs.field(default="", converter=_wp_objectives)
    id: UUID = attrs.field(factory=uuid4, converter=_wp_id)


# -- events -------------------------------------------------------------------


def _add_package(agg: Partnership, wp: PlannedWorkPackage, when: Any) -> None:
    agg.work_packages[wp.id] = WorkPackage(
        id=wp.id,
        title=wp.title,
        type=wp.type,
        lead_organisation_id=wp.lead_organisation_id,
        objectives=wp.objectives,
        added_at=when,
    )
    for d in wp.deliverables:
        _add_deliverable(agg, wp.id, d)


def _add_deliverable(agg: Partnership, wp_id: UUID, d: PlannedDeliverable) -> None:
    index = agg._built_deliverable_title_index()
    agg.deliverables[d.id] = Deliverable(
        id=d.id,
        work_package_id=wp_id,
        title=d.title,
        description=d.description,
        due_on=d.due_on,
    )
    if index is not None:
        index.setdefault(wp_id, set()).add(d.title.casefold())


class WorkPlanAdopted(PactEvent):
    """The partnership adopted its work plan: the period it covers and its
    work packages with their leads and deliverables (§4.1)."""

    title: str
    starts_on: date
    ends_on: date
    work_packages: tuple[PlannedWorkPackage, ...]

    def apply(self, aggregate: Partnership) -> None:
        aggregate.work_plan = WorkPlan(
            title=self.title,
            starts_on=self.starts_on,
            ends_on=self.ends_on,
            adopted_at=self.effective_at,
        )
        for wp in self.work_packages:
            _add_package(aggregate, wp, self.effective_at)


class WorkPackageAdded(PactEvent):
    """A work package was added to the adopted work plan (§4.1)."""

    work_package: PlannedWorkPackage

    def apply(self, aggregate: Partnership) -> None:
        _add_package(aggregate, self.work_package, self.effective_at)


class DeliverableAdded(PactEvent):
    """A deliverable was added to a work package (§4.1)."""

    work_package_id: UUID
    deliverable: PlannedDeliverable

    def apply(self, aggregate: Partnership) -> None:
        _add_deliverable(aggregate, self.work_package_id, self.deliverable)


class DeliverableRescheduled(PactEvent):
    """A deliverable not yet delivered got a new due date (§4.1)."""

    deliverable_id: UUID
    due_on: date
    reason: str

    def apply(self, aggregate: Partnership) -> None:
        d = aggregate.deliverables[self.deliverable_id]
        aggregate.deliverables[d.id] = attrs.evolve(d, due_on=self.due_on)


class DeliverableDelivered(PactEvent):
    """A deliverable was delivered, with the output produced (a report, tool,
    toolkit, curriculum, course, database, guide or online forum — §4.4,
    Table 1) and a link to it (Box 40: "whether any outputs have been
    developed")."""

    deliverable_id: UUID
    delivered_on: date
    output_type: OutputType
    output_title: str
    link: str

    def apply(self, aggregate: Partnership) -> None:
        d = aggregate.deliverables[self.deliverable_id]
        aggregate.deliverables[d.id] = attrs.evolve(
            d,
            delivered_on=self.delivered_on,
            output_type=self.output_type,
            output_title=self.output_title,
            link=self.link,
        )


# -- commands -------------------------------------------------------------------


class WorkPlanCommands(_Core):
    """Work plan commands and queries (mixed into :class:`Partnership`)."""

    def adopt_work_plan(
        self,
        *,
        title: str,
        starts_on: date,
        ends_on: date,
        work_packages: tuple[PlannedWorkPackage, ...],
        meta: EventMeta,
    ) -> None:
        """Adopt the partnership's work plan with its work packages (§4.1)."""
        self._require_status("adopt_work_plan", S.ACCEPTED, S.ACTIVE)
        if self.work_plan is not None:
            raise DomainRuleError(
                self.entity,
                "work_plan",
                f"the work plan {self.work_plan.title!r} was already adopted; add "
                "work packages or deliverables to it instead",
            )
        start = v.a_date(_E, "starts_on", starts_on)
        end = v.a_date(_E, "ends_on", ends_on)
        if end < start:
            raise InvalidValueError(
                self.entity, "ends_on", f"must not be before starts_on {start}", end
            )
        packages = _packages(self.entity, work_packages)
        if not packages:
            raise InvalidValueError(
                self.entity,
                "work_packages",
                "a work plan has at least one work package",
                work_packages,
            )
        seen_titles: set[str] = set()
        seen_ids: set[UUID] = set()
        for wp in packages:
            if wp.title.casefold() in seen_titles:
                raise DomainRuleError(
                    self.entity,
                    "work_packages",
                    f"two work packages are titled {wp.title!r}",
                )
            seen_titles.add(wp.title.casefold())
            self._check_package(wp, start, end, seen_ids)
        self._trigger(
            WorkPlanAdopted,
            meta,
            title=v.text(_E, "title", title),
            starts_on=start,
            ends_on=end,
            work_packages=packages,
        )

    def add_work_package(
        self, *, work_package: PlannedWorkPackage, meta: EventMeta
    ) -> UUID:
        """Add a work package to the adopted work plan; return its id."""
        self._require_status("add_work_package", S.ACCEPTED, S.ACTIVE)
        plan = self._adopted_plan()
        (wp,) = _packages(self.entity, (work_package,))
        for other in self.work_packages.values():
            if other.title.casefold() == wp.title.casefold():
                raise DomainRuleError(
                    self.entity,
                    "work_package",
                    f"work package {other.id} is already titled {other.title!r}",
                )
        self._check_package(wp, plan.starts_on, plan.ends_on, set())
        self._trigger(WorkPackageAdded, meta, work_package=wp)
        return wp.id

    def add_deliverable(
        self,
        *,
        work_package_id: UUID,
        deliverable: PlannedDeliverable,
        meta: EventMeta,
    ) -> UUID:
        """Add a deliverable to a work package; return its id."""
        self._require_status("add_deliverable", S.ACCEPTED, S.ACTIVE)
        plan = self._adopted_plan()
        wp = self._work_package(work_package_id)
        if not isinstance(deliverable, PlannedDeliverable):
            raise InvalidValueError(
                self.entity, "deliverable", "must be a PlannedDeliverable", deliverable
            )
        titles = set(self._deliverable_title_index().get(wp.id, ()))
        self._check_deliverable(deliverable, plan.starts_on, plan.ends_on, titles)
        self._trigger(
            DeliverableAdded, meta, work_package_id=wp.id, deliverable=deliverable
        )
        return deliverable.id

    def reschedule_deliverable(
        self, *, deliverable_id: UUID, due_on: date, reason: str, meta: EventMeta
    ) -> None:
        """Give a deliverable not yet delivered a new due date in the plan period."""
        self._require_status("reschedule_deliverable", S.ACCEPTED, S.ACTIVE)
        plan = self._adopted_plan()
        d = self._deliverable(deliverable_id)
        if d.is_delivered:
            raise DomainRuleError(
                self.entity,
                "deliverable_id",
                f"deliverable {d.title!r} was delivered on {d.delivered_on}",
            )
        due = v.a_date(_E, "due_on", due_on)
        if due == d.due_on:
            raise DomainRuleError(
                self.entity,
                "due_on",
                f"deliverable {d.title!r} is already due on {due}",
            )
        _within(self.entity, "due_on", due, plan.starts_on, plan.ends_on)
        self._trigger(
            DeliverableRescheduled,
            meta,
            deliverable_id=d.id,
            due_on=due,
            reason=v.free_text(_E, "reason", reason, empty=False),
        )

    def record_delivery(
        self,
        *,
        deliverable_id: UUID,
        delivered_on: date,
        output_type: OutputType | str,
        link: str,
        output_title: str = "",
        meta: EventMeta,
    ) -> None:
        """Record that a deliverable was delivered, with its output and link."""
        self._require_status("record_delivery", S.ACCEPTED, S.ACTIVE)
        d = self._deliverable(deliverable_id)
        if d.is_delivered:
            raise DomainRuleError(
                self.entity,
                "deliverable_id",
                f"deliverable {d.title!r} was already delivered on {d.delivered_on}",
            )
        day = v.a_date(_E, "delivered_on", delivered_on)
        not_after_recording(self.entity, "delivered_on", day, meta)
        self._trigger(
            DeliverableDelivered,
            meta,
            deliverable_id=d.id,
            delivered_on=day,
            output_type=v.member_of(_E, "output_type", output_type, OutputType),
            output_title=v.text(_E, "output_title", output_title, empty=True),
            link=v.url(_E, "link", link),
        )

    # -- queries ----------------------------------------------------------------

    def deliverables_of(self, work_package_id: UUID) -> tuple[Deliverable, ...]:
        """The deliverables of a work package, by due date."""
        return tuple(
            sorted(
                (
                    d
                    for d in self.deliverables.values()
                    if d.work_package_id == work_package_id
                ),
                key=lambda d: (d.due_on, d.title),
            )
        )

    def overdue_deliverables(self, as_of: date) -> tuple[Deliverable, ...]:
        """The deliverables overdue on ``as_of``, by due date (Box 40).

        A deliverable is overdue when its due date is before ``as_of`` and it
        was not delivered by ``as_of`` (so the answer for a past date counts
        deliverables delivered late as overdue then).
        """
        day = v.a_date(_E, "as_of", as_of)
        return tuple(
            sorted(
                (d for d in self.deliverables.values() if d.is_overdue(day)),
                key=lambda d: (d.due_on, d.title),
            )
        )

    # -- helpers ----------------------------------------------------------------

    def _adopted_plan(self) -> WorkPlan:
        if self.work_plan is None:
            raise DomainRuleError(
                self.entity, "work_plan", "no work plan has been adopted yet"
            )
        return self.work_plan

    def _work_package(self, work_package_id: UUID) -> WorkPackage:
        wp = self.work_packages.get(work_package_id)
        if wp is None:
            raise DomainRuleError(
                self.entity,
                "work_package_id",
                f"there is no work package {work_package_id}",
            )
        return wp

    def _deliverable(self, deliverable_id: UUID) -> Deliverable:
        d = self.deliverables.get(deliverable_id)
        if d is None:
            raise DomainRuleError(
                self.entity,
                "deliverable_id",
                f"there is no deliverable {deliverable_id}",
            )
        return d

    def _check_package(
        self, wp: PlannedWorkPackage, start: date, end: date, seen_ids: set[UUID]
    ) -> None:
        if wp.id in self.work_packages or wp.id in seen_ids:
            raise DomainRuleError(
                self.entity, "work_packages", f"work package {wp.id} already exists"
            )
        seen_ids.add(wp.id)
        self._require_member(wp.lead_organisation_id, "lead_organisation_id")
        titles: set[str] = set()
        for d in wp.deliverables:
            self._check_deliverable(d, start, end, titles, seen_ids)

    def _check_deliverable(
        self,
        d: PlannedDeliverable,
        start: date,
        end: date,
        titles: set[str],
        seen_ids: set[UUID] | None = None,
    ) -> None:
        seen = set() if seen_ids is None else seen_ids
        if d.id in self.deliverables or d.id in seen:
            raise DomainRuleError(
                self.entity, "deliverables", f"deliverable {d.id} already exists"
            )
        seen.add(d.id)
        if d.title.casefold() in titles:
            raise DomainRuleError(
                self.entity,
                "deliverables",
                f"the work package already has a deliverable titled {d.title!r}",
            )
        titles.add(d.title.casefold())
        _within(self.entity, "due_on", d.due_on, start, end)


def _packages(entity: str, values: Any) -> tuple[PlannedWorkPackage, ...]:
    if isinstance(values, str | bytes):
        raise InvalidValueError(
            entity, "work_packages", "must be a list of work packages", values
        )
    items = tuple(values)
    for wp in items:
        if not isinstance(wp, PlannedWorkPackage):
            raise InvalidValueError(
                entity, "work_packages", "each must be a PlannedWorkPackage", wp
            )
    return items


def _within(entity: str, field: str, day: date, start: date, end: date) -> None:
    if not start <= day <= end:
        raise DomainRuleError(
            entity,
            field,
            f"{day} is outside the work plan period {start} to {end}",
        )
