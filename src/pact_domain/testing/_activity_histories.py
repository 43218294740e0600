"""The optional sections of valid histories: governance, work plan,
activities, monitoring exercises, regional links and catalogues (private).

Each section draws valid commands against a small model of its own, next to
the lifecycle model of :class:`~pact_domain.testing._histories.HistoryBuilder`.
Public through :func:`pact_domain.testing.strategies.valid_histories`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

import attrs
from hypothesis import strategies as st

from pact_domain.testing import _activity_strategies as acts
from pact_domain.testing import _catalogue_strategies as cats
from pact_domain.testing._commands import known_id
from pact_domain.testing._model import PartnershipModel
from pact_domain.vocabularies_catalogues import (
    InitiativeAffiliation,
    KnowledgeEventFormat,
)

if TYPE_CHECKING:
    from pact_domain.testing._histories import HistoryBuilder


@attrs.define
class WorkingGroupModel:
    """A working group as the history knows it."""

    id: UUID
    parent_id: UUID | None
    name: str
    lead: UUID
    is_open: bool = True


@attrs.define
class DeliverableModel:
    """A deliverable as the history knows it."""

    id: UUID
    work_package_id: UUID
    title: str
    due_on: date
    delivered: bool = False
    delivered_on: date | None = None


@attrs.define
class ActivityModel:
    """What the governance, work plan and monitoring commands of one
    partnership have done."""

    steering: list[UUID] = attrs.field(factory=list)
    groups: dict[UUID, WorkingGroupModel] = attrs.field(factory=dict)
    plan: tuple[date, date] | None = None
    packages: dict[UUID, tuple[str, UUID]] = attrs.field(factory=dict)
    deliverables: dict[UUID, DeliverableModel] = attrs.field(factory=dict)
    exercises: dict[int, set[UUID]] = attrs.field(factory=dict)
    open_year: int | None = None

    def open_groups(self) -> list[WorkingGroupModel]:
        return [g for g in self.groups.values() if g.is_open]

    def closable_groups(self) -> list[WorkingGroupModel]:
        return [
            g
            for g in self.open_groups()
            if not any(s.is_open and s.parent_id == g.id for s in self.groups.values())
        ]

    def names_under(self, parent: UUID | None) -> list[str]:
        return [g.name for g in self.open_groups() if g.parent_id == parent]

    def pending(self) -> list[DeliverableModel]:
        return [d for d in self.deliverables.values() if not d.delivered]


@attrs.define
class CatalogueModel:
    """The catalogue entries a history registered (id -> what matters)."""

    library: dict[UUID, Any] = attrs.field(factory=dict)
    funding: dict[UUID, Any] = attrs.field(factory=dict)
    initiatives: dict[UUID, Any] = attrs.field(factory=dict)
    potential: dict[UUID, date | None] = attrs.field(factory=dict)
    events: dict[UUID, Any] = attrs.field(factory=dict)
    papers: set[UUID] = attrs.field(factory=set)
    reports: set[UUID] = attrs.field(factory=set)


def activity_step(
    b: HistoryBuilder,
    p: PartnershipModel,
    m: ActivityModel,
    catalogue: CatalogueModel,
) -> None:
    """One random valid governance, work plan, activity or monitoring command
    on an open partnership with members."""
    draw = b.draw
    members = list(p.members)
    pid = p.id
    actor = b.actor()
    actions: list[Callable[[], None]] = []

    def steering() -> None:
        c = b.push(
            draw(
                acts.change_steering_group_commands(
                    pid, members, m.steering, actor=actor
                )
            )
        )
        m.steering = [o for o in m.steering if o not in c.left]
        m.steering += list(c.joined)

    actions.append(steering)

    def form() -> None:
        parents: list[UUID | None] = [None, *(g.id for g in m.open_groups())]
        parent = draw(st.sampled_from(parents))
        c = b.push(
            draw(
                acts.form_working_group_commands(
                    pid,
                    members,
                    parent_id=parent,
                    taken_names=m.names_under(parent),
                    actor=actor,
                )
            )
        )
        wid = known_id(c.working_group_id)
        m.groups[wid] = WorkingGroupModel(
            wid, parent, c.name.strip(), c.lead_organisation_id
        )

    actions += 2 * [form]
    open_groups = m.open_groups()
    if open_groups and len(members) > 1:

        def change_lead() -> None:
            g = draw(st.sampled_from(open_groups))
            c = b.push(
                draw(
                    acts.change_working_group_lead_commands(
                        pid, g.id, members, current_lead=g.lead, actor=actor
                    )
                )
            )
            g.lead = c.lead_organisation_id

        actions.append(change_lead)
    closable = m.closable_groups()
    if closable:

        def close_group() -> None:
            g = draw(st.sampled_from(closable))
            b.push(draw(acts.close_working_group_commands(pid, g.id, actor=actor)))
            g.is_open = False

        actions.append(close_group)
    if m.plan is None:

        def adopt() -> None:
            c = b.push(draw(acts.adopt_work_plan_commands(pid, members, actor=actor)))
            m.plan = (c.starts_on, c.ends_on)
            for wp in c.work_packages:
                _add_package(m, wp)

        actions += 2 * [adopt]
    else:
        start, end = m.plan

        def add_package() -> None:
            titles = [t for t, _ in m.packages.values()]
            c = b.push(
                draw(
                    acts.add_work_package_commands(
                        pid, members, start, end, taken_titles=titles, actor=actor
                    )
                )
            )
            _add_package(m, c.work_package)

        actions.append(add_package)
        packages = list(m.packages)

        def add_deliverable() -> None:
            wid = draw(st.sampled_from(packages))
            titles = [
                d.title for d in m.deliverables.values() if d.work_package_id == wid
            ]
            c = b.push(
                draw(
                    acts.add_deliverable_commands(
                        pid, wid, start, end, taken_titles=titles, actor=actor
                    )
                )
            )
            d = c.deliverable
            m.deliverables[d.id] = DeliverableModel(d.id, wid, d.title, d.due_on)

        actions.append(add_deliverable)
        if len(members) > 1:

            def appoint_leader() -> None:
                wid = draw(st.sampled_from(packages))
                title, lead = m.packages[wid]
                c = b.push(
                    draw(
                        acts.appoint_work_package_leader_commands(
                            pid, wid, members, current_lead=lead, actor=actor
                        )
                    )
                )
                m.packages[wid] = (title, c.organisation_id)

            actions.append(appoint_leader)
        pending = m.pending()
        if pending:

            def reschedule() -> None:
                d = draw(st.sampled_from(pending))
                c = b.push(
                    draw(
                        acts.reschedule_deliverable_commands(
                            pid, d.id, start, end, current_due=d.due_on, actor=actor
                        )
                    )
                )
                d.due_on = c.due_on

            def deliver() -> None:
                d = draw(st.sampled_from(pending))
                c = b.push(draw(acts.record_delivery_commands(pid, d.id, actor=actor)))
                d.delivered = True
                d.delivered_on = c.delivered_on

            actions += [reschedule, deliver, deliver]

    def activity() -> None:
        b.push(
            draw(
                acts.record_activity_commands(
                    pid,
                    organisation_ids=b.model.organisations,
                    working_group_ids=list(m.groups),
                    actor=actor,
                )
            )
        )

    def funding() -> None:
        b.push(
            draw(
                acts.record_funding_secured_commands(
                    pid, opportunity_ids=list(catalogue.funding), actor=actor
                )
            )
        )

    actions += [
        activity,
        activity,
        lambda: _push(b, acts.record_communication_commands(pid, actor=actor)),
        lambda: _push(b, acts.record_membership_recruitment_commands(pid, actor=actor)),
        funding,
        lambda: _push(
            b, acts.record_skills_needs_assessment_commands(pid, actor=actor)
        ),
    ]
    if m.open_year is None:

        def open_exercise() -> None:
            c = b.push(
                draw(
                    acts.open_monitoring_exercise_commands(
                        pid, taken_years=set(m.exercises), actor=actor
                    )
                )
            )
            m.open_year = c.year
            m.exercises[m.open_year] = set()

        actions.append(open_exercise)
    else:
        year = m.open_year
        silent = [o for o in members if o not in m.exercises[year]]
        if silent:

            def answer() -> None:
                oid = draw(st.sampled_from(silent))
                b.push(
                    draw(
                        acts.record_survey_response_commands(
                            pid, year, oid, actor=actor
                        )
                    )
                )
                m.exercises[year].add(oid)

            actions += 3 * [answer]

        def close_exercise() -> None:
            b.push(
                draw(acts.close_monitoring_exercise_commands(pid, year, actor=actor))
            )
            m.open_year = None

        actions.append(close_exercise)
    draw(st.sampled_from(actions))()


def _push(b: HistoryBuilder, strategy: st.SearchStrategy[Any]) -> None:
    b.push(b.draw(strategy))


def _add_package(m: ActivityModel, wp: Any) -> None:
    m.packages[wp.id] = (wp.title, wp.lead_organisation_id)
    for d in wp.deliverables:
        m.deliverables[d.id] = DeliverableModel(d.id, wp.id, d.title, d.due_on)


def link_step(
    b: HistoryBuilder, regional: PartnershipModel, lsps: list[UUID], linked: set[UUID]
) -> None:
    """Link an open regional partnership to an open LSP it is not linked to,
    or unlink one it is linked to."""
    draw = b.draw
    open_lsps = [q for q in lsps if b.model.partnership(q).is_open and q not in linked]
    choices: list[Callable[[], None]] = []
    if open_lsps:

        def link() -> None:
            q = draw(st.sampled_from(open_lsps))
            b.push(
                draw(
                    acts.link_regional_partnership_commands(
                        q, regional.id, actor=b.actor()
                    )
                )
            )
            linked.add(q)

        choices += 2 * [link]
    still = sorted(q for q in linked if b.model.partnership(q).is_open)
    if still:

        def unlink() -> None:
            q = draw(st.sampled_from(still))
            b.push(
                draw(
                    acts.unlink_regional_partnership_commands(
                        q, regional.id, actor=b.actor()
                    )
                )
            )
            linked.discard(q)

        choices += 2 * [unlink]
    if choices:
        draw(st.sampled_from(choices))()


def catalogue_step(b: HistoryBuilder, c: CatalogueModel) -> None:
    """One random valid catalogue command."""
    draw = b.draw
    actor = b.actor()
    actions: list[Callable[[], None]] = []

    def register_library() -> None:
        cmd = b.push(
            draw(cats.register_library_resource_commands(id=b.new_id(), actor=actor))
        )
        c.library[known_id(cmd.id)] = cmd.details

    def register_funding() -> None:
        cmd = b.push(
            draw(cats.register_funding_opportunity_commands(id=b.new_id(), actor=actor))
        )
        c.funding[known_id(cmd.id)] = cmd.details

    def map_initiative() -> None:
        cmd = b.push(draw(cats.map_initiative_commands(id=b.new_id(), actor=actor)))
        iid = known_id(cmd.id)
        c.initiatives[iid] = cmd.details
        if cmd.affiliation is InitiativeAffiliation.POTENTIAL:
            c.potential[iid] = None

    def schedule() -> None:
        cmd = b.push(
            draw(cats.schedule_knowledge_event_commands(id=b.new_id(), actor=actor))
        )
        c.events[known_id(cmd.id)] = cmd.details

    actions += [register_library, register_funding, map_initiative, schedule]
    for entries, update, withdraw in (
        (
            c.library,
            cats.update_library_resource_commands,
            cats.withdraw_library_resource_commands,
        ),
        (
            c.funding,
            cats.update_funding_opportunity_commands,
            cats.withdraw_funding_opportunity_commands,
        ),
        (
            c.initiatives,
            cats.update_initiative_commands,
            cats.withdraw_initiative_commands,
        ),
    ):
        if entries:
            actions += [
                _updater(b, entries, update, actor),
                _withdrawer(b, entries, withdraw, actor, c.potential),
            ]
    if c.potential:

        def invite() -> None:
            iid = draw(st.sampled_from(sorted(c.potential)))
            cmd = b.push(
                draw(
                    cats.invite_initiative_commands(
                        iid, last_invited_on=c.potential[iid], actor=actor
                    )
                )
            )
            c.potential[iid] = cmd.invited_on

        def joined() -> None:
            iid = draw(st.sampled_from(sorted(c.potential)))
            b.push(
                draw(
                    cats.record_initiative_joined_commands(
                        iid,
                        organisation_ids=b.model.organisations,
                        last_invited_on=c.potential[iid],
                        actor=actor,
                    )
                )
            )
            del c.potential[iid]

        actions += [invite, invite, joined, joined]
    if c.events:
        ids = sorted(c.events)

        def update_event() -> None:
            eid = draw(st.sampled_from(ids))
            cmd = b.push(
                draw(
                    cats.update_knowledge_event_commands(
                        eid, c.events[eid], actor=actor
                    )
                )
            )
            c.events[eid] = cmd.details

        actions.append(update_event)
        with_paper = [
            e
            for e in ids
            if e not in c.papers
            and c.events[e].format is not KnowledgeEventFormat.WEBINAR
        ]
        if with_paper:

            def paper() -> None:
                eid = draw(st.sampled_from(with_paper))
                b.push(
                    draw(
                        cats.publish_background_paper_commands(
                            eid, c.events[eid].held_on, actor=actor
                        )
                    )
                )
                c.papers.add(eid)

            actions.append(paper)
        without_report = [e for e in ids if e not in c.reports]
        if without_report:

            def report() -> None:
                eid = draw(st.sampled_from(without_report))
                b.push(
                    draw(
                        cats.publish_follow_up_report_commands(
                            eid,
                            c.events[eid].held_on,
                            library_resource_ids=sorted(c.library),
                            actor=actor,
                        )
                    )
                )
                c.reports.add(eid)

            actions.append(report)

        def cancel() -> None:
            eid = draw(st.sampled_from(ids))
            b.push(draw(cats.cancel_knowledge_event_commands(eid, actor=actor)))
            del c.events[eid]
            c.papers.discard(eid)
            c.reports.discard(eid)

        actions.append(cancel)
    draw(st.sampled_from(actions))()


def _updater(
    b: HistoryBuilder, entries: dict[UUID, Any], update: Any, actor: str
) -> Callable[[], None]:
    def run() -> None:
        eid = b.draw(st.sampled_from(sorted(entries)))
        cmd = b.push(b.draw(update(eid, current=entries[eid], actor=actor)))
        entries[eid] = cmd.details

    return run


def _withdrawer(
    b: HistoryBuilder,
    entries: dict[UUID, Any],
    withdraw: Any,
    actor: str,
    also: dict[UUID, Any] | None = None,
) -> Callable[[], None]:
    def run() -> None:
        eid = b.draw(st.sampled_from(sorted(entries)))
        b.push(b.draw(withdraw(eid, actor=actor)))
        del entries[eid]
        if also is not None:
            also.pop(eid, None)

    return run
