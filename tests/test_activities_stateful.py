"""A stateful test of governance, work plan, activities, regional links and
monitoring exercises (§2.4, §3.5, §4, §4.6, §6.2).

Random sequences of valid and deliberately invalid commands run against an
in-memory application and a small model of what it should hold.  After each
command: the application accepted it exactly when the model said so, a
refused command stored nothing, and the invariants hold — the steering group
and every lead are members, an open sub-group has an open parent, at most one
monitoring exercise is open, each member answers a survey once, regional
links are symmetric, and overdue deliverables are those the model derives.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from _helpers import ACTOR, new_app, register_org, submit_lsp, submit_regional
from pact_domain.errors import PactError
from pact_domain.partnership import (
    Partnership,
    PlannedDeliverable,
    PlannedWorkPackage,
)
from pact_domain.vocabularies import ActivityType, OutputType, WorkPackageType

PLAN_START, PLAN_END = date(2023, 1, 1), date(2025, 12, 31)
LAST_DAY = date(2025, 3, 1)
"""Dates of facts stay before the test clock's first reading (2025-03-03)."""

days = st.integers(min_value=0, max_value=(LAST_DAY - PLAN_START).days).map(
    lambda n: PLAN_START + timedelta(days=n)
)
plan_days = st.integers(min_value=0, max_value=(PLAN_END - PLAN_START).days).map(
    lambda n: PLAN_START + timedelta(days=n)
)


class ActivitiesMachine(RuleBasedStateMachine):
    """Drives one LSP and one regional partnership through random commands."""

    def __init__(self) -> None:
        super().__init__()
        self.app = new_app()
        # the model
        self.members: list[UUID] = []
        self.outsiders: list[UUID] = []
        self.steering: list[UUID] = []
        self.groups: dict[UUID, tuple[UUID | None, bool]] = {}  # id -> (parent, open)
        self.group_names: dict[UUID, str] = {}
        self.plan_adopted = False
        self.deliverables: dict[UUID, tuple[date, date | None]] = {}  # due, delivered
        self.activities = 0
        self.exercises: dict[int, tuple[bool, set[UUID]]] = {}  # open, respondents
        self.linked = False

    @initialize()
    def start(self) -> None:
        self.lsp = submit_lsp(self.app)
        self.app.assess_expression_of_interest(
            self.lsp, outcome="accepted", actor=ACTOR
        )
        self.regional = submit_regional(self.app)
        self.app.assess_expression_of_interest(
            self.regional, outcome="accepted", actor=ACTOR
        )
        for i in range(4):
            org = register_org(self.app, f"Member {i}")
            self.app.join_partnership(self.lsp, organisation_id=org, actor=ACTOR)
            self.members.append(org)
        self.outsiders.append(register_org(self.app, "Outsider"))

    # -- helpers --------------------------------------------------------------

    def p(self) -> Partnership:
        return self.app.get_partnership(self.lsp)

    def execute(self, expected: bool, command: Callable[[], Any]) -> Any:
        """Run ``command``; it succeeds exactly when ``expected``, and when it
        is refused nothing is stored."""
        before = self.app.recorder.max_notification_id()
        refusal: PactError | None = None
        try:
            result = command()
        except PactError as error:
            refusal = error
        if refusal is not None:
            assert not expected, f"refused unexpectedly: {refusal}"
            assert self.app.recorder.max_notification_id() == before
            return None
        assert expected, "accepted a command the model refuses"
        return result

    def anyone(self, data: st.DataObject) -> UUID:
        return data.draw(st.sampled_from(self.members + self.outsiders))

    # -- governance -----------------------------------------------------------

    @rule(data=st.data(), joining=st.booleans())
    def change_steering_group(self, data: st.DataObject, joining: bool) -> None:
        org = self.anyone(data)
        if joining:
            ok = org in self.members and org not in self.steering
            self.execute(
                ok,
                lambda: self.app.change_steering_group(
                    self.lsp, joined=(org,), actor=ACTOR
                ),
            )
            if ok:
                self.steering.append(org)
        else:
            ok = org in self.steering
            self.execute(
                ok,
                lambda: self.app.change_steering_group(
                    self.lsp, left=(org,), actor=ACTOR
                ),
            )
            if ok:
                self.steering.remove(org)

    @rule(data=st.data(), name=st.sampled_from(["WG1", "WG2", "Batteries", "Hydrogen"]))
    def form_working_group(self, data: st.DataObject, name: str) -> None:
        lead = self.anyone(data)
        parents = [None, *self.groups]
        parent = data.draw(st.sampled_from(parents))
        taken = any(
            p == parent
            and is_open
            and self.group_names[g].casefold() == name.casefold()
            for g, (p, is_open) in self.groups.items()
        )
        parent_open = parent is None or self.groups[parent][1]
        ok = lead in self.members and parent_open and not taken
        wid = self.execute(
            ok,
            lambda: self.app.form_working_group(
                self.lsp,
                name=name,
                theme="A theme",
                lead_organisation_id=lead,
                parent_id=parent,
                actor=ACTOR,
            ),
        )
        if ok:
            self.groups[wid] = (parent, True)
            self.group_names[wid] = name

    @precondition(lambda self: self.groups)
    @rule(data=st.data())
    def close_working_group(self, data: st.DataObject) -> None:
        wid = data.draw(st.sampled_from(list(self.groups)))
        parent, is_open = self.groups[wid]
        open_children = any(p == wid and o for p, o in self.groups.values())
        ok = is_open and not open_children
        self.execute(
            ok,
            lambda: self.app.close_working_group(
                self.lsp, working_group_id=wid, actor=ACTOR
            ),
        )
        if ok:
            self.groups[wid] = (parent, False)

    # -- work plan ------------------------------------------------------------

    @rule(data=st.data(), dues=st.lists(plan_days, min_size=1, max_size=3))
    def adopt_work_plan(self, data: st.DataObject, dues: list[date]) -> None:
        lead = self.anyone(data)
        planned = tuple(PlannedDeliverable(f"D{i}", due) for i, due in enumerate(dues))
        wp = PlannedWorkPackage(
            "Reach", WorkPackageType.REACH, lead, deliverables=planned
        )
        ok = not self.plan_adopted and lead in self.members
        self.execute(
            ok,
            lambda: self.app.adopt_work_plan(
                self.lsp,
                title="Plan",
                starts_on=PLAN_START,
                ends_on=PLAN_END,
                work_packages=(wp,),
                actor=ACTOR,
            ),
        )
        if ok:
            self.plan_adopted = True
            self.wp = wp.id
            for d in planned:
                self.deliverables[d.id] = (d.due_on, None)

    @precondition(lambda self: self.plan_adopted)
    @rule(due=st.one_of(plan_days, st.just(date(2026, 6, 1))))
    def add_deliverable(self, due: date) -> None:
        d = PlannedDeliverable(f"Extra {len(self.deliverables)}", due)
        ok = due <= PLAN_END
        self.execute(
            ok,
            lambda: self.app.add_deliverable(
                self.lsp, work_package_id=self.wp, deliverable=d, actor=ACTOR
            ),
        )
        if ok:
            self.deliverables[d.id] = (due, None)

    @precondition(lambda self: self.deliverables)
    @rule(data=st.data(), on=days, output=st.sampled_from(list(OutputType)))
    def deliver(self, data: st.DataObject, on: date, output: OutputType) -> None:
        did = data.draw(st.sampled_from(list(self.deliverables)))
        due, delivered = self.deliverables[did]
        ok = delivered is None
        self.execute(
            ok,
            lambda: self.app.record_delivery(
                self.lsp,
                deliverable_id=did,
                delivered_on=on,
                output_type=output,
                link="https://example.eu/output",
                actor=ACTOR,
            ),
        )
        if ok:
            self.deliverables[did] = (due, on)

    # -- activities -------------------------------------------------------------

    @rule(
        data=st.data(),
        kind=st.sampled_from(list(ActivityType)),
        on=days,
        participants=st.integers(min_value=-1, max_value=30),
        others=st.integers(min_value=0, max_value=5),
    )
    def record_activity(
        self,
        data: st.DataObject,
        kind: ActivityType,
        on: date,
        participants: int,
        others: int,
    ) -> None:
        present = tuple(
            data.draw(
                st.lists(
                    st.sampled_from(self.members + self.outsiders),
                    max_size=3,
                    unique=True,
                )
            )
        )
        ok = participants >= len(present) + others and participants >= 0
        self.execute(
            ok,
            lambda: self.app.record_activity(
                self.lsp,
                type=kind,
                title="Meeting",
                held_on=on,
                participants=participants,
                organisation_ids=present,
                other_organisations=others,
                actor=ACTOR,
            ),
        )
        if ok:
            self.activities += 1

    # -- monitoring ---------------------------------------------------------

    @rule(year=st.integers(min_value=2022, max_value=2025))
    def open_exercise(self, year: int) -> None:
        ok = year not in self.exercises and not any(
            o for o, _ in self.exercises.values()
        )
        self.execute(
            ok,
            lambda: self.app.open_monitoring_exercise(self.lsp, year=year, actor=ACTOR),
        )
        if ok:
            self.exercises[year] = (True, set())

    @rule(
        data=st.data(),
        year=st.integers(min_value=2022, max_value=2025),
        score=st.integers(min_value=0, max_value=6),
    )
    def answer_survey(self, data: st.DataObject, year: int, score: int) -> None:
        org = self.anyone(data)
        is_open, answered = self.exercises.get(year, (False, set()))
        ok = is_open and org in self.members and org not in answered and 1 <= score <= 5
        self.execute(
            ok,
            lambda: self.app.record_survey_response(
                self.lsp,
                year=year,
                organisation_id=org,
                satisfaction=score,
                uses_outputs=score > 2,
                actor=ACTOR,
            ),
        )
        if ok:
            answered.add(org)

    @rule(year=st.integers(min_value=2022, max_value=2025))
    def close_exercise(self, year: int) -> None:
        is_open, answered = self.exercises.get(year, (False, set()))
        self.execute(
            is_open,
            lambda: self.app.close_monitoring_exercise(
                self.lsp, year=year, actor=ACTOR
            ),
        )
        if is_open:
            self.exercises[year] = (False, answered)

    # -- regional dimension -------------------------------------------------

    @rule(swap=st.booleans())
    def link(self, swap: bool) -> None:
        lsp, regional = (self.regional, self.lsp) if swap else (self.lsp, self.regional)
        ok = not swap and not self.linked
        self.execute(
            ok,
            lambda: self.app.link_regional_partnership(
                lsp, regional_partnership_id=regional, actor=ACTOR
            ),
        )
        if ok:
            self.linked = True

    @rule()
    def unlink(self) -> None:
        ok = self.linked
        self.execute(
            ok,
            lambda: self.app.unlink_regional_partnership(
                self.lsp,
                regional_partnership_id=self.regional,
                reason="Ended",
                actor=ACTOR,
            ),
        )
        if ok:
            self.linked = False

    # -- invariants -----------------------------------------------------------

    @invariant()
    def governance_is_made_of_members(self) -> None:
        p = self.p()
        assert list(p.steering_group) == self.steering
        assert set(p.steering_group) <= set(p.members)
        for wg in p.working_groups.values():
            assert wg.lead_organisation_id in p.members
            assert (wg.parent_id, wg.is_open) == self.groups[wg.id]
            if wg.is_open and wg.parent_id is not None:
                assert p.working_groups[wg.parent_id].is_open
        for wp in p.work_packages.values():
            assert wp.lead_organisation_id in p.members

    @invariant()
    def work_plan_matches_the_model(self) -> None:
        p = self.p()
        assert (p.work_plan is not None) == self.plan_adopted
        assert {d.id: (d.due_on, d.delivered_on) for d in p.deliverables.values()} == (
            self.deliverables
        )
        for as_of in (date(2023, 6, 1), date(2024, 6, 1), date(2026, 1, 1)):
            expected = {
                did
                for did, (due, on) in self.deliverables.items()
                if due < as_of and (on is None or on > as_of)
            }
            assert {d.id for d in p.overdue_deliverables(as_of)} == expected

    @invariant()
    def activities_are_consistent(self) -> None:
        p = self.p()
        assert len(p.activities) == self.activities
        for a in p.activities.values():
            assert a.participants >= a.organisations_present

    @invariant()
    def monitoring_matches_the_model(self) -> None:
        p = self.p()
        assert sum(e.is_open for e in p.monitoring_exercises.values()) <= 1
        assert {
            y: (e.is_open, {r.organisation_id for r in e.responses})
            for y, e in p.monitoring_exercises.items()
        } == self.exercises
        for e in p.monitoring_exercises.values():
            ids = [r.organisation_id for r in e.responses]
            assert len(ids) == len(set(ids))
            assert set(ids) <= set(p.members)

    @invariant()
    def links_are_symmetric(self) -> None:
        lsp = self.p()
        regional = self.app.get_partnership(self.regional)
        assert (self.regional in lsp.linked_partnership_ids) == self.linked
        assert (self.lsp in regional.linked_partnership_ids) == self.linked


ActivitiesMachine.TestCase.settings = settings(
    max_examples=25,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestActivities = ActivitiesMachine.TestCase
