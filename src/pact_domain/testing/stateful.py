"""A stateful test of partnership lifecycles, made to be extended.

:class:`PartnershipLifecycle` is a :class:`hypothesis.stateful.RuleBasedStateMachine`
that drives random sequences of commands — valid ones and deliberately
refused ones — through a :class:`~pact_domain.application.PactApplication`
(in memory), keeps a simple model (:class:`~pact_domain.testing.LifecycleModel`)
of what the store should hold, and after every step checks that:

* every partnership's status moved along a legal transition
  (proposed → accepted | declined | more information needed → proposed …,
  accepted → active → closed);
* once a coordinator is appointed there are one to three coordinators, all
  of them members;
* every live commitment has at least one live KPI;
* every current KPI report's breakdowns add up to its value on exhaustive
  dimensions;
* every signatory of the agreement was a member when it signed;
* the application agrees with the model (status, members, coordinators,
  live commitments and KPIs, current reports);

and, for every command, that the application accepted it exactly when the
model said it should, and that a refused command changed nothing (the
aggregates' versions and the notification log's last id are unchanged).

Run it as a test::

    from pact_domain.testing import PartnershipLifecycle

    TestLifecycle = PartnershipLifecycle.TestCase

Extend it by subclassing: add ``@rule`` methods that run commands through
:meth:`PartnershipLifecycle.execute` (which checks the "refused means
unchanged" rule and records accepted commands in the model), and
``@invariant`` methods that read ``self.app`` and ``self.model``.  The base
class's rules and invariants keep running.  See ``docs/testing.md``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, ClassVar
from uuid import UUID

import attrs
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from pact_domain.application import PactApplication
from pact_domain.commands import (
    ChangeSteeringGroup,
    Command,
    OpenMonitoringExercise,
)
from pact_domain.errors import PactError
from pact_domain.partnership import (
    MAX_COORDINATORS,
    AgreementSigned,
    ExpressionOfInterestAssessed,
    ExpressionOfInterestSubmitted,
    ExpressionOfInterestUpdated,
    MemberJoined,
    MemberLeft,
    Partnership,
    PartnershipClosed,
)
from pact_domain.testing import strategies as ps
from pact_domain.testing._activity_histories import (
    ActivityModel,
    DeliverableModel,
    WorkingGroupModel,
)
from pact_domain.testing._clock import StepClock
from pact_domain.testing._commands import (
    CommandLike,
    aggregate_of,
    describe,
    known_id,
    run,
    store_watermark,
)
from pact_domain.testing._model import LifecycleModel, PartnershipModel
from pact_domain.values import BreakdownValue
from pact_domain.vocabularies import (
    AssessmentOutcome,
    Dimension,
    Measure,
    PartnershipKind,
    PartnershipStatus,
)

__all__ = [
    "LEGAL_TRANSITIONS",
    "Outcome",
    "PartnershipActivities",
    "PartnershipLifecycle",
]

S = PartnershipStatus

LEGAL_TRANSITIONS: frozenset[tuple[PartnershipStatus, PartnershipStatus]] = frozenset(
    {
        (S.PROPOSED, S.ACCEPTED),
        (S.PROPOSED, S.DECLINED),
        (S.PROPOSED, S.MORE_INFORMATION_NEEDED),
        (S.MORE_INFORMATION_NEEDED, S.PROPOSED),
        (S.ACCEPTED, S.ACTIVE),
        (S.ACCEPTED, S.CLOSED),
        (S.ACTIVE, S.CLOSED),
    }
)
"""The status changes one command may cause (staying put is always legal)."""


@attrs.frozen
class Outcome:
    """What :meth:`PartnershipLifecycle.execute` observed.

    Attributes:
        result: what the command returned, if it was accepted.
        error: the error it raised, if it was refused.
    """

    result: Any = None
    error: PactError | None = None

    @property
    def accepted(self) -> bool:
        """Whether the command was accepted."""
        return self.error is None


_OUTCOME_STATUS = {
    AssessmentOutcome.ACCEPTED: S.ACCEPTED,
    AssessmentOutcome.DECLINED: S.DECLINED,
    AssessmentOutcome.MORE_INFORMATION_NEEDED: S.MORE_INFORMATION_NEEDED,
}


def _status_after(
    e: object, status: PartnershipStatus | None
) -> PartnershipStatus | None:
    """The status an event leads to, read off the event type alone."""
    if isinstance(e, ExpressionOfInterestSubmitted | ExpressionOfInterestUpdated):
        return S.PROPOSED
    if isinstance(e, ExpressionOfInterestAssessed):
        return _OUTCOME_STATUS[e.outcome]
    if isinstance(e, AgreementSigned):
        return S.ACTIVE
    if isinstance(e, PartnershipClosed):
        return S.CLOSED
    return status


def _often(data: st.DataObject, odds: int, label: str = "often") -> bool:
    """True ``odds - 1`` times out of ``odds``."""
    return data.draw(st.integers(0, odds - 1), label=label) != 0


def _adds_up(measure: Measure, value: Decimal | None) -> bool:
    return value is not None and measure not in (Measure.PERCENTAGE, Measure.RATIO)


class PartnershipLifecycle(RuleBasedStateMachine):
    """Random partnership lifecycles against an in-memory application.

    Attributes:
        app: the application under test (see :meth:`make_app`).
        clock: its recording clock, a :class:`~pact_domain.testing.StepClock`.
        model: what the store should hold.
        refusals: how many commands were refused, by error class name.

    Class attributes to tune in a subclass: ``max_organisations``,
    ``max_partnerships``, ``max_kpis_per_pledge``.

    To extend it, subclass it::

        class MyLifecycle(PartnershipLifecycle):
            @precondition(lambda self: self.model.partnerships)
            @rule(data=st.data())
            def my_command(self, data):
                p = self.pick_partnership(data)
                outcome = self.execute(
                    lambda app: my_system.do_something(p.id),
                    expect_accepted=p.is_open,
                    watch=[p.id],
                )
                ...  # a plain callable is not recorded: update self.model

            @invariant()
            def my_invariant(self):
                for pid, partnership in self.partnerships().items():
                    ...

        TestMyLifecycle = MyLifecycle.TestCase

    Rules that run a command of :mod:`pact_domain.commands` need no model
    bookkeeping: :meth:`execute` records accepted commands in the model.
    Override :meth:`make_app` to run on another store (close it in
    :meth:`teardown`).
    """

    max_organisations: ClassVar[int] = 8
    max_partnerships: ClassVar[int] = 2
    max_kpis_per_pledge: ClassVar[int] = 2

    def __init__(self) -> None:
        super().__init__()
        self.clock = StepClock()
        self.app = self.make_app()
        self.model = LifecycleModel()
        self.refusals: Counter[str] = Counter()
        self._statuses: dict[UUID, tuple[int, PartnershipStatus | None]] = {}
        self._had_coordinators: set[UUID] = set()
        self._signing: dict[UUID, tuple[int, set[UUID]]] = defaultdict(
            lambda: (0, set())
        )
        self._cache: tuple[int, dict[UUID, Partnership]] = (-1, {})

    # -- for subclasses -------------------------------------------------------

    def make_app(self) -> PactApplication:
        """The application under test; override to use another store."""
        return PactApplication(store="memory:", clock=self.clock)

    def teardown(self) -> None:
        """Close the application."""
        self.app.close()

    def execute(
        self,
        command: CommandLike,
        *,
        expect_accepted: bool | None = None,
        watch: Iterable[UUID] = (),
    ) -> Outcome:
        """Run one command and check the outcome.

        A refused command (any :class:`~pact_domain.errors.PactError`) must
        leave the store unchanged: the notification log's last id and the
        versions of the watched aggregates (the command's own aggregate and
        ``watch``) are compared before and after.  An accepted
        command (of :mod:`pact_domain.commands`) is recorded in :attr:`model`.

        Args:
            command: a command of :mod:`pact_domain.commands` (run with
                :meth:`~pact_domain.application.PactApplication.handle`) or
                any callable taking the application.
            expect_accepted: what the model predicts; ``True`` or ``False``
                fails the test when the application disagrees, ``None``
                checks nothing.
            watch: more aggregate ids whose versions must not change on a
                refusal.
        """
        ids = set(watch)
        own = aggregate_of(command)
        if own is not None:
            ids.add(own)
        before = store_watermark(self.app, ids)
        try:
            result = run(self.app, command)
        except PactError as error:
            after = store_watermark(self.app, ids)
            assert after == before, (
                f"refused command {describe(command)} changed the store: "
                f"{before} -> {after}"
            )
            if expect_accepted is True:
                raise AssertionError(
                    f"the model expected {describe(command)} to be accepted; it was "
                    f"refused: {error!r}"
                ) from error
            self.refusals[type(error).__name__] += 1
            return Outcome(error=error)
        if expect_accepted is False:
            raise AssertionError(
                f"the model expected {describe(command)} to be refused; it was accepted"
            )
        if isinstance(command, Command):
            self.model.record(command)
        return Outcome(result=result)

    def partnership(self, partnership_id: UUID) -> Partnership:
        """The partnership's current state in the application (cached until
        the next write)."""
        return self.partnerships()[partnership_id]

    def partnerships(self) -> dict[UUID, Partnership]:
        """Every modelled partnership's current state (cached until the next
        write)."""
        position = self.app.recorder.max_notification_id() or 0
        if self._cache[0] != position:
            self._cache = (
                position,
                {pid: self.app.get_partnership(pid) for pid in self.model.partnerships},
            )
        return self._cache[1]

    def actor(self, data: st.DataObject) -> str:
        """Draw an actor."""
        return data.draw(ps.actors(), label="actor")

    def pick_partnership(self, data: st.DataObject) -> PartnershipModel:
        """Draw one of the modelled partnerships, an open one (accepted or
        active) three times out of four when there is one."""
        everything = list(self.model.partnerships.values())
        open_ = [p for p in everything if p.is_open]
        if open_ and _often(data, 4, label="prefer open"):
            return data.draw(st.sampled_from(open_), label="partnership")
        return data.draw(st.sampled_from(everything), label="partnership")

    def pick_organisation(self, data: st.DataObject) -> UUID:
        """Draw a registered organisation."""
        return data.draw(
            st.sampled_from(self.model.organisations), label="organisation"
        )

    def pick_member(self, data: st.DataObject, p: PartnershipModel) -> UUID:
        """Draw a member of ``p`` three times out of four (when it has
        members), else any registered organisation."""
        if p.members and _often(data, 4, label="prefer members"):
            return data.draw(st.sampled_from(list(p.members)), label="member")
        return self.pick_organisation(data)

    # -- setup ----------------------------------------------------------------

    @initialize(data=st.data())
    def start(self, data: st.DataObject) -> None:
        """Register a few organisations and submit an expression of interest;
        most runs then take it further — accepted, members joined, a
        coordinator appointed, an agreement signed — so that the random steps
        start from every stage of the lifecycle."""
        for _ in range(data.draw(st.integers(2, 4), label="organisations")):
            self.register_organisation(data)
        self.submit_expression_of_interest(data)
        p = next(iter(self.model.partnerships.values()))
        stage = data.draw(
            st.sampled_from(["proposed", "accepted", "active", "active"]), label="stage"
        )
        if stage == "proposed":
            return
        actor = self.actor(data)
        self.execute(
            data.draw(
                ps.assess_expression_of_interest_commands(
                    p.id, AssessmentOutcome.ACCEPTED, actor=actor
                )
            ),
            expect_accepted=True,
        )
        for oid in list(self.model.organisations):
            self.execute(
                data.draw(ps.join_partnership_commands(p.id, oid, actor=actor)),
                expect_accepted=True,
            )
        first = self.model.organisations[0]
        self.execute(
            data.draw(ps.appoint_coordinator_commands(p.id, first, actor=actor)),
            expect_accepted=True,
        )
        if stage == "active":
            self.execute(
                data.draw(ps.draft_agreement_commands(p.id, actor=actor)),
                expect_accepted=True,
            )
            self.execute(
                data.draw(
                    ps.sign_agreement_commands(p.id, 1, list(p.members), actor=actor)
                ),
                expect_accepted=True,
            )

    # -- organisations and lifecycle -----------------------------------------

    @precondition(lambda self: len(self.model.organisations) < self.max_organisations)
    @rule(data=st.data())
    def register_organisation(self, data: st.DataObject) -> None:
        """Register an organisation (always accepted)."""
        command = data.draw(ps.register_organisation_commands(actor=self.actor(data)))
        self.execute(command, expect_accepted=True)

    @precondition(lambda self: len(self.model.partnerships) < self.max_partnerships)
    @rule(data=st.data())
    def submit_expression_of_interest(self, data: st.DataObject) -> None:
        """Submit an expression of interest (always accepted)."""
        lsps = [
            p.id for p in self.model.partnerships.values() if p.kind == "large_scale"
        ]
        link = data.draw(st.none() | st.sampled_from(lsps)) if lsps else None
        command = data.draw(
            ps.submit_expression_of_interest_commands(
                linked_lsp_id=link, actor=self.actor(data)
            )
        )
        self.execute(command, expect_accepted=True)

    @precondition(lambda self: self.model.partnerships)
    @rule(data=st.data())
    def assess(self, data: st.DataObject) -> None:
        """Assess an expression of interest (accepted only when proposed)."""
        p = self.pick_partnership(data)
        outcome = data.draw(
            st.sampled_from(
                [AssessmentOutcome.ACCEPTED] * 3
                + [
                    AssessmentOutcome.DECLINED,
                    AssessmentOutcome.MORE_INFORMATION_NEEDED,
                ]
            )
        )
        command = data.draw(
            ps.assess_expression_of_interest_commands(
                p.id, outcome, actor=self.actor(data)
            )
        )
        self.execute(command, expect_accepted=p.status is S.PROPOSED)

    @precondition(lambda self: self.model.partnerships)
    @rule(data=st.data())
    def update_expression_of_interest(self, data: st.DataObject) -> None:
        """Complete an expression of interest (only after more information was
        asked for)."""
        p = self.pick_partnership(data)
        command = data.draw(
            ps.update_expression_of_interest_commands(
                p.id, p.kind, actor=self.actor(data)
            )
        )
        self.execute(command, expect_accepted=p.status is S.MORE_INFORMATION_NEEDED)

    @precondition(lambda self: self.model.partnerships)
    @rule(data=st.data())
    def draft_agreement(self, data: st.DataObject) -> None:
        """Draft the agreement (accepted or active partnerships)."""
        p = self.pick_partnership(data)
        command = data.draw(ps.draft_agreement_commands(p.id, actor=self.actor(data)))
        self.execute(command, expect_accepted=p.is_open)

    @precondition(lambda self: self.model.partnerships)
    @rule(data=st.data())
    def sign_agreement(self, data: st.DataObject) -> None:
        """Sign a draft, sometimes by non-members or an old version."""
        p = self.pick_partnership(data)
        latest = p.latest_draft or 0
        version = data.draw(
            st.sampled_from([latest, latest, latest + 1, max(1, latest - 1)]),
            label="version",
        )
        candidates = (
            list(p.members)
            if p.members and _often(data, 4, label="members only")
            else self.model.organisations
        )
        command = data.draw(
            ps.sign_agreement_commands(
                p.id, version, candidates, actor=self.actor(data)
            )
        )
        signatories = command.signatories
        expected = (
            p.is_open
            and version == latest
            and not p.drafts.get(version, True)
            and all(o in p.members for o in signatories)
        )
        self.execute(command, expect_accepted=expected)

    @precondition(lambda self: self.model.partnerships)
    @rule(data=st.data())
    def close_partnership(self, data: st.DataObject) -> None:
        """Close a partnership (accepted or active ones) — rarely an open one,
        so that runs do not end early."""
        everything = list(self.model.partnerships.values())
        closed = [p for p in everything if not p.is_open]
        if closed and _often(data, 5, label="spare open ones"):
            p = data.draw(st.sampled_from(closed), label="partnership")
        else:
            p = data.draw(st.sampled_from(everything), label="partnership")
        command = data.draw(ps.close_partnership_commands(p.id, actor=self.actor(data)))
        self.execute(command, expect_accepted=p.is_open)

    # -- membership and governance --------------------------------------------

    @precondition(lambda self: self.model.partnerships)
    @rule(data=st.data())
    def join(self, data: st.DataObject) -> None:
        """An organisation joins (open partnerships, non-members only)."""
        p = self.pick_partnership(data)
        outsiders = [o for o in self.model.organisations if o not in p.members]
        oid = data.draw(
            st.sampled_from(outsiders or self.model.organisations), label="organisation"
        )
        command = data.draw(
            ps.join_partnership_commands(p.id, oid, actor=self.actor(data))
        )
        self.execute(
            command, expect_accepted=p.is_open and oid not in p.members, watch=[oid]
        )

    @precondition(lambda self: self.model.partnerships)
    @rule(data=st.data())
    def leave(self, data: st.DataObject) -> None:
        """A member leaves (not a coordinator, no live commitment of its own)."""
        p = self.pick_partnership(data)
        oid = self.pick_member(data, p)
        command = data.draw(
            ps.leave_partnership_commands(p.id, oid, actor=self.actor(data))
        )
        self.execute(command, expect_accepted=p.can_leave(oid))

    @precondition(lambda self: self.model.partnerships)
    @rule(data=st.data())
    def change_member_tier(self, data: st.DataObject) -> None:
        """A member changes tier."""
        p = self.pick_partnership(data)
        oid = self.pick_member(data, p)
        command = data.draw(
            ps.change_member_tier_commands(p.id, oid, actor=self.actor(data))
        )
        expected = p.is_open and oid in p.members and p.members[oid] != command.tier
        self.execute(command, expect_accepted=expected)

    @precondition(lambda self: self.model.partnerships)
    @rule(data=st.data())
    def appoint_coordinator(self, data: st.DataObject) -> None:
        """Appoint a coordinator (a member, at most three)."""
        p = self.pick_partnership(data)
        oid = self.pick_member(data, p)
        command = data.draw(
            ps.appoint_coordinator_commands(p.id, oid, actor=self.actor(data))
        )
        expected = (
            p.is_open
            and oid in p.members
            and oid not in p.coordinators
            and len(p.coordinators) < MAX_COORDINATORS
        )
        self.execute(command, expect_accepted=expected)

    @precondition(lambda self: self.model.partnerships)
    @rule(data=st.data())
    def transfer_coordination(self, data: st.DataObject) -> None:
        """Hand coordination from a coordinator to another member."""
        p = self.pick_partnership(data)
        old = data.draw(st.sampled_from(p.coordinators or self.model.organisations))
        new = self.pick_member(data, p)
        command = data.draw(
            ps.transfer_coordination_commands(p.id, old, new, actor=self.actor(data))
        )
        expected = (
            p.is_open
            and old in p.coordinators
            and new in p.members
            and new not in p.coordinators
        )
        self.execute(command, expect_accepted=expected)

    # -- commitments, KPIs, reports -------------------------------------------

    @precondition(lambda self: self.model.partnerships)
    @rule(data=st.data())
    def pledge_commitment(self, data: st.DataObject) -> None:
        """Pledge a commitment with KPIs, maybe for a (non-)member."""
        p = self.pick_partnership(data)
        command = data.draw(
            ps.pledge_commitment_commands(
                p.id,
                member_ids=self.model.organisations,
                max_kpis=self.max_kpis_per_pledge,
                actor=self.actor(data),
            )
        )
        member = command.member_id
        expected = p.is_open and (member is None or member in p.members)
        self.execute(command, expect_accepted=expected)

    def _commitments(self) -> list[tuple[PartnershipModel, UUID]]:
        return [(p, c) for p in self.model.partnerships.values() for c in p.commitments]

    def _kpis(self) -> list[tuple[PartnershipModel, UUID]]:
        return [(p, k) for p in self.model.partnerships.values() for k in p.kpis]

    def _reports(self) -> list[tuple[PartnershipModel, UUID]]:
        return [(p, r) for p in self.model.partnerships.values() for r in p.reports]

    @precondition(lambda self: self._commitments())
    @rule(data=st.data())
    def define_kpi(self, data: st.DataObject) -> None:
        """Define one more KPI for a commitment (live ones only)."""
        p, cid = data.draw(st.sampled_from(self._commitments()))
        command = data.draw(ps.define_kpi_commands(p.id, cid, actor=self.actor(data)))
        expected = p.is_open and not p.commitments[cid].withdrawn
        self.execute(command, expect_accepted=expected)

    @precondition(lambda self: self._commitments())
    @rule(data=st.data())
    def withdraw_commitment(self, data: st.DataObject) -> None:
        """Withdraw a commitment (live ones only)."""
        p, cid = data.draw(st.sampled_from(self._commitments()))
        command = data.draw(
            ps.withdraw_commitment_commands(p.id, cid, actor=self.actor(data))
        )
        expected = p.is_open and not p.commitments[cid].withdrawn
        self.execute(command, expect_accepted=expected)

    @precondition(lambda self: self._kpis())
    @rule(data=st.data())
    def retire_kpi(self, data: st.DataObject) -> None:
        """Retire a KPI (never a live commitment's last live KPI)."""
        p, kid = data.draw(st.sampled_from(self._kpis()))
        command = data.draw(ps.retire_kpi_commands(p.id, kid, actor=self.actor(data)))
        expected = p.is_open and p.kpis[kid] in p.retirable_kpis()
        self.execute(command, expect_accepted=expected)

    @precondition(lambda self: self._kpis())
    @rule(data=st.data())
    def revise_kpi_target(self, data: st.DataObject) -> None:
        """Revise a live KPI's target."""
        p, kid = data.draw(st.sampled_from(self._kpis()))
        k = p.kpis[kid]
        command = data.draw(
            ps.revise_kpi_target_commands(
                p.id, kid, k.definition, current=k.target, actor=self.actor(data)
            )
        )
        self.execute(command, expect_accepted=p.is_open and not k.retired)

    @precondition(lambda self: self._kpis())
    @rule(data=st.data())
    def report_kpi(self, data: st.DataObject) -> None:
        """Report a KPI — sometimes a retired one, a duplicate period, a
        non-member reporter, or breakdowns that do not add up."""
        p, kid = data.draw(st.sampled_from(self._kpis()))
        k = p.kpis[kid]
        earlier = [r.period for r in p.reports.values() if r.kpi_id == kid]
        period = data.draw(
            st.sampled_from(earlier) | ps.reporting_periods(k.definition.periodicity)
            if earlier
            else ps.reporting_periods(k.definition.periodicity)
        )
        reporters: list[UUID | None] = [None, *p.members]
        if data.draw(st.integers(0, 4), label="members only") == 0:
            reporters += self.model.organisations
        command = data.draw(
            ps.report_kpi_commands(
                p.id, kid, k.definition, reporters=reporters, period=period,
                actor=self.actor(data),
            )
        )  # fmt: skip
        broken = False
        exhaustive = [d for d in k.definition.dimensions if Dimension(d).is_exhaustive]
        value = None if command.value is None else Decimal(command.value)
        if (
            exhaustive
            and value is not None
            and _adds_up(k.measure, value)
            and data.draw(st.integers(0, 4)) == 0
        ):
            # One category more than the total: the breakdown no longer adds up.
            dim = Dimension(exhaustive[0])
            others = [b for b in command.breakdowns if b.dimension is not dim]
            category = sorted(dim.categories or ())[0]
            command = attrs.evolve(
                command, breakdowns=(*others, BreakdownValue(dim, category, value + 1))
            )
            broken = True
        reporter = command.reported_by
        expected = (
            p.is_open
            and k in p.reportable_kpis()
            and (reporter is None or reporter in p.members)
            and not broken
            and not p.has_current_report(kid, period, reporter)
        )
        self.execute(command, expect_accepted=expected)

    @precondition(lambda self: self._reports())
    @rule(data=st.data())
    def correct_kpi_report(self, data: st.DataObject) -> None:
        """Correct a report (only a current one)."""
        p, rid = data.draw(st.sampled_from(self._reports()))
        r = p.reports[rid]
        command = data.draw(
            ps.correct_kpi_report_commands(
                p.id,
                rid,
                p.kpis[r.kpi_id].definition,
                previous=r,
                actor=self.actor(data),
            )
        )
        self.execute(command, expect_accepted=p.is_open and r.is_current)

    @precondition(lambda self: self._reports())
    @rule(data=st.data())
    def review_kpi_report(self, data: st.DataObject) -> None:
        """Approve or return a report (a coordinator, a current pending
        report)."""
        p, rid = data.draw(st.sampled_from(self._reports()))
        r = p.reports[rid]
        reviewer = data.draw(
            st.sampled_from(p.coordinators)
            if p.coordinators and _often(data, 4)
            else st.sampled_from(self.model.organisations),
            label="reviewer",
        )
        strategy = data.draw(
            st.sampled_from(
                [ps.approve_kpi_report_commands, ps.return_kpi_report_commands]
            )
        )
        command = data.draw(strategy(p.id, rid, reviewer, actor=self.actor(data)))
        expected = (
            p.is_open
            and reviewer in p.coordinators
            and r.is_current
            and r.review == "pending"
        )
        self.execute(command, expect_accepted=expected)

    @precondition(lambda self: self.model.partnerships)
    @rule(data=st.data())
    def report_unknown_kpi(self, data: st.DataObject) -> None:
        """Report a KPI that was never defined (always refused)."""
        p = self.pick_partnership(data)
        definition = data.draw(ps.kpi_definitions())
        kid = data.draw(st.uuids().filter(lambda u: u not in p.kpis))
        command = data.draw(
            ps.report_kpi_commands(p.id, kid, definition, actor=self.actor(data))
        )
        self.execute(command, expect_accepted=False)

    # -- invariants -----------------------------------------------------------

    @invariant()
    def status_transitions_are_legal(self) -> None:
        """Each status change recorded is a legal transition, and the status
        the events lead to is the partnership's status."""
        for pid, agg in self.partnerships().items():
            version, status = self._statuses.get(pid, (0, None))
            for e in self.app.events.get(pid, gt=version):
                after = _status_after(e, status)
                if status is None:
                    assert after is S.PROPOSED, f"{pid} was created {after}"
                elif after is not status:
                    assert (status, after) in LEGAL_TRANSITIONS, (
                        f"{pid}: illegal transition {status} -> {after}"
                    )
                status = after
                version = e.originator_version
            assert status is agg.status, (pid, status, agg.status)
            self._statuses[pid] = (version, status)

    @invariant()
    def coordinators_are_one_to_three_members(self) -> None:
        """Once appointed, one to three coordinators, all of them members."""
        for pid, agg in self.partnerships().items():
            if agg.coordinators:
                self._had_coordinators.add(pid)
            if pid in self._had_coordinators:
                assert 1 <= len(agg.coordinators) <= MAX_COORDINATORS, agg.coordinators
            for c in agg.coordinators:
                assert c in agg.members, f"coordinator {c} is not a member of {pid}"

    @invariant()
    def live_commitments_have_live_kpis(self) -> None:
        """Every live commitment keeps at least one live KPI."""
        for agg in self.partnerships().values():
            for c in agg.commitments.values():
                if not c.withdrawn:
                    assert agg.live_kpis(c.id), f"commitment {c.id} has no live KPI"

    @invariant()
    def current_breakdowns_add_up(self) -> None:
        """Every current report's exhaustive breakdowns add up to its value."""
        for agg in self.partnerships().values():
            for r in agg.reports.values():
                measure = agg.kpis[r.kpi_id].measure
                if not r.is_current or not _adds_up(measure, r.value):
                    continue
                sums: dict[Dimension, Decimal] = defaultdict(Decimal)
                for b in r.breakdowns:
                    if b.dimension.is_exhaustive:
                        sums[b.dimension] += b.value
                for dim, total in sums.items():
                    assert total == r.value, (
                        f"report {r.id}: {dim} adds up to {total}, not {r.value}"
                    )

    @invariant()
    def signatories_were_members(self) -> None:
        """Every signatory was a member when the agreement was signed."""
        for pid in self.model.partnerships:
            version, members = self._signing[pid]
            for e in self.app.events.get(pid, gt=version):
                if isinstance(e, MemberJoined):
                    members.add(e.organisation_id)
                elif isinstance(e, MemberLeft):
                    members.discard(e.organisation_id)
                elif isinstance(e, AgreementSigned):
                    outsiders = set(e.signatories) - members
                    assert not outsiders, f"non-members signed: {outsiders}"
                version = e.originator_version
            self._signing[pid] = (version, members)

    @invariant()
    def application_agrees_with_model(self) -> None:
        """Status, members, coordinators, live commitments and KPIs, and
        current reports are what the model expects."""
        for pid, agg in self.partnerships().items():
            p = self.model.partnerships[pid]
            assert agg.status is p.status, (pid, agg.status, p.status)
            assert {o: m.tier for o, m in agg.members.items()} == p.members
            assert list(agg.coordinators) == p.coordinators
            assert {c.id for c in agg.commitments.values() if not c.withdrawn} == {
                c.id for c in p.live_commitments()
            }
            assert {k.id for k in agg.kpis.values() if not k.retired} == {
                k.id for k in p.live_kpis()
            }
            assert {r.id for r in agg.reports.values() if r.is_current} == {
                r.id for r in p.current_reports()
            }


class PartnershipActivities(PartnershipLifecycle):
    """:class:`PartnershipLifecycle` plus governance, work plan, activities,
    monitoring exercises and regional links (§2.4, §3.5, §4, §4.6, §6.2).

    Its rules draw valid and deliberately invalid commands — leads who are
    not members, sub-groups of closed groups, deliverables due outside the
    plan or delivered twice, too few participants, survey answers from
    non-members or given twice, a second open exercise, links of the wrong
    kinds — and predict from a small model whether each is accepted.  Its
    invariants: the steering group and every lead are members, an open
    sub-group has an open parent, work plan and deliverables match the
    model (and so do the overdue deliverables on a few days), at most one
    monitoring exercise is open and each member answers once, and regional
    links are symmetric.  A member holding a governance role does not
    leave.  Run it as ``TestActivities = PartnershipActivities.TestCase``.

    Attributes:
        activities: each partnership's governance, work plan and monitoring
            model (:class:`ActivityModel`).
        links: the (LSP, regional partnership) pairs linked.
    """

    max_partnerships: ClassVar[int] = 4
    group_names: ClassVar[tuple[str, ...]] = ("WG1", "WG2", "Batteries", "Hydrogen")

    def __init__(self) -> None:
        super().__init__()
        self.activities: dict[UUID, ActivityModel] = {}
        self.links: set[tuple[UUID, UUID]] = set()
        self.activity_counts: Counter[UUID] = Counter()

    @initialize(data=st.data())
    def start(self, data: st.DataObject) -> None:
        """The base machine's start, then an accepted Large Scale Partnership
        and an accepted regional one, with a few members each, so that the
        activity rules often have somewhere to act."""
        super().start(data)
        actor = self.actor(data)
        for kind in (PartnershipKind.LARGE_SCALE, PartnershipKind.REGIONAL):
            oids = []
            for _ in range(data.draw(st.integers(1, 3), label="members")):
                command = data.draw(ps.register_organisation_commands(actor=actor))
                self.execute(command, expect_accepted=True)
                oids.append(known_id(command.id))
            submit = data.draw(
                ps.submit_expression_of_interest_commands(kind=kind, actor=actor)
            )
            self.execute(submit, expect_accepted=True)
            pid = known_id(submit.id)
            self.execute(
                data.draw(
                    ps.assess_expression_of_interest_commands(
                        pid, AssessmentOutcome.ACCEPTED, actor=actor
                    )
                ),
                expect_accepted=True,
            )
            for oid in oids:
                self.execute(
                    data.draw(ps.join_partnership_commands(pid, oid, actor=actor)),
                    expect_accepted=True,
                )

    def activity(self, p: PartnershipModel) -> ActivityModel:
        """The activity model of ``p``."""
        return self.activities.setdefault(p.id, ActivityModel())

    def _roles(self, p: PartnershipModel, oid: UUID) -> bool:
        m = self.activity(p)
        return (
            oid in m.steering
            or any(g.is_open and g.lead == oid for g in m.groups.values())
            or any(lead == oid for _, lead in m.packages.values())
        )

    # -- membership: a member with a governance role does not leave -----------

    @precondition(lambda self: self.model.partnerships)
    @rule(data=st.data())
    def leave(self, data: st.DataObject) -> None:
        """A member leaves (no coordination, no live commitment of its own,
        no seat on the steering group, no lead)."""
        p = self.pick_partnership(data)
        oid = self.pick_member(data, p)
        command = data.draw(
            ps.leave_partnership_commands(p.id, oid, actor=self.actor(data))
        )
        self.execute(
            command, expect_accepted=p.can_leave(oid) and not self._roles(p, oid)
        )

    # -- governance -------------------------------------------------------------

    @precondition(lambda self: self.model.partnerships)
    @rule(data=st.data(), joining=st.booleans())
    def change_steering_group(self, data: st.DataObject, joining: bool) -> None:
        """One organisation joins or leaves the steering group."""
        p = self.pick_partnership(data)
        m = self.activity(p)
        oid = self.pick_member(data, p)
        if joining:
            ok = p.is_open and oid in p.members and oid not in m.steering
            command = ChangeSteeringGroup(p.id, joined=(oid,), actor=self.actor(data))
        else:
            ok = p.is_open and oid in m.steering
            command = ChangeSteeringGroup(p.id, left=(oid,), actor=self.actor(data))
        if self.execute(command, expect_accepted=ok).accepted:
            if joining:
                m.steering.append(oid)
            else:
                m.steering.remove(oid)

    @precondition(lambda self: self.model.partnerships)
    @rule(data=st.data())
    def form_working_group(self, data: st.DataObject) -> None:
        """A working group (or sub-group, perhaps of a closed group) is formed,
        perhaps led by a non-member or named like an open sibling."""
        p = self.pick_partnership(data)
        m = self.activity(p)
        lead = self.pick_member(data, p)
        parent = data.draw(st.sampled_from([None, *m.groups]), label="parent")
        name = data.draw(st.sampled_from(self.group_names), label="name")
        taken = name.casefold() in {n.casefold() for n in m.names_under(parent)}
        parent_open = parent is None or m.groups[parent].is_open
        ok = p.is_open and lead in p.members and parent_open and not taken
        command = attrs.evolve(
            data.draw(ps.form_working_group_commands(p.id, [lead], parent_id=parent)),
            name=name,
        )
        if self.execute(command, expect_accepted=ok).accepted:
            wid = known_id(command.working_group_id)
            m.groups[wid] = WorkingGroupModel(wid, parent, name, lead)

    def _groups(self) -> list[tuple[PartnershipModel, WorkingGroupModel]]:
        return [
            (self.model.partnerships[pid], g)
            for pid, m in self.activities.items()
            for g in m.groups.values()
        ]

    @precondition(lambda self: self._groups())
    @rule(data=st.data())
    def change_working_group_lead(self, data: st.DataObject) -> None:
        """The lead of a working group changes hands (perhaps to a non-member)."""
        p, g = data.draw(st.sampled_from(self._groups()), label="group")
        lead = self.pick_member(data, p)
        ok = p.is_open and g.is_open and lead in p.members and lead != g.lead
        command = data.draw(ps.change_working_group_lead_commands(p.id, g.id, [lead]))
        if self.execute(command, expect_accepted=ok).accepted:
            g.lead = lead

    @precondition(lambda self: self._groups())
    @rule(data=st.data())
    def close_working_group(self, data: st.DataObject) -> None:
        """A working group closes (refused while a sub-group is open)."""
        p, g = data.draw(st.sampled_from(self._groups()), label="group")
        m = self.activity(p)
        ok = p.is_open and g in m.closable_groups()
        command = data.draw(ps.close_working_group_commands(p.id, g.id))
        if self.execute(command, expect_accepted=ok).accepted:
            g.is_open = False

    # -- work plan --------------------------------------------------------------

    def _without_plan(self) -> list[PartnershipModel]:
        return [
            p for p in self.model.partnerships.values() if self.activity(p).plan is None
        ]

    @precondition(lambda self: self._without_plan())
    @rule(data=st.data())
    def adopt_work_plan(self, data: st.DataObject) -> None:
        """The work plan is adopted (once; its leads are members)."""
        candidates = self._without_plan()
        open_ = [p for p in candidates if p.is_open]
        p = data.draw(
            st.sampled_from(open_ if open_ and _often(data, 4) else candidates),
            label="partnership",
        )
        m = self.activity(p)
        lead = self.pick_member(data, p)
        command = data.draw(ps.adopt_work_plan_commands(p.id, [lead]))
        ok = p.is_open and m.plan is None and lead in p.members
        if self.execute(command, expect_accepted=ok).accepted:
            m.plan = (command.starts_on, command.ends_on)
            for wp in command.work_packages:
                m.packages[wp.id] = (wp.title, wp.lead_organisation_id)
                for d in wp.deliverables:
                    m.deliverables[d.id] = DeliverableModel(
                        d.id, wp.id, d.title, d.due_on
                    )

    def _plans(self) -> list[tuple[PartnershipModel, ActivityModel]]:
        return [
            (self.model.partnerships[pid], m)
            for pid, m in self.activities.items()
            if m.plan is not None
        ]

    @precondition(lambda self: self._plans())
    @rule(data=st.data(), late=st.integers(0, 3))
    def add_deliverable(self, data: st.DataObject, late: int) -> None:
        """A deliverable is added, due within the plan period or (once in four
        times) after it."""
        p, m = data.draw(st.sampled_from(self._plans()), label="plan")
        assert m.plan is not None
        start, end = m.plan
        wid = data.draw(st.sampled_from(sorted(m.packages)), label="work package")
        titles = [d.title for d in m.deliverables.values() if d.work_package_id == wid]
        command = data.draw(
            ps.add_deliverable_commands(p.id, wid, start, end, taken_titles=titles)
        )
        deliverable = command.deliverable
        if late == 0:
            deliverable = attrs.evolve(
                deliverable,
                due_on=end + timedelta(days=data.draw(st.integers(1, 400))),
            )
            command = attrs.evolve(command, deliverable=deliverable)
        ok = p.is_open and late != 0
        if self.execute(command, expect_accepted=ok).accepted:
            m.deliverables[deliverable.id] = DeliverableModel(
                deliverable.id, wid, deliverable.title, deliverable.due_on
            )

    def _deliverables(self) -> list[tuple[PartnershipModel, DeliverableModel]]:
        return [
            (self.model.partnerships[pid], d)
            for pid, m in self.activities.items()
            for d in m.deliverables.values()
        ]

    @precondition(lambda self: self._deliverables())
    @rule(data=st.data())
    def record_delivery(self, data: st.DataObject) -> None:
        """A deliverable is delivered (refused the second time)."""
        p, d = data.draw(st.sampled_from(self._deliverables()), label="deliverable")
        command = data.draw(ps.record_delivery_commands(p.id, d.id))
        if self.execute(
            command, expect_accepted=p.is_open and not d.delivered
        ).accepted:
            d.delivered = True
            d.delivered_on = command.delivered_on

    # -- activities -------------------------------------------------------------

    @precondition(lambda self: self.model.partnerships)
    @rule(data=st.data(), short=st.integers(0, 3))
    def record_activity(self, data: st.DataObject, short: int) -> None:
        """An activity is recorded, with (once in four times) fewer
        participants than organisations present."""
        p = self.pick_partnership(data)
        command = data.draw(
            ps.record_activity_commands(p.id, organisation_ids=self.model.organisations)
        )
        present = len(command.organisation_ids) + command.other_organisations
        if short == 0 and present:
            command = attrs.evolve(
                command, participants=data.draw(st.integers(0, present - 1))
            )
        ok = p.is_open and not (short == 0 and present)
        if self.execute(command, expect_accepted=ok).accepted:
            self.activity_counts[p.id] += 1

    # -- monitoring exercises ---------------------------------------------------

    @precondition(lambda self: self.model.partnerships)
    @rule(data=st.data(), year=st.integers(2022, 2025))
    def open_monitoring_exercise(self, data: st.DataObject, year: int) -> None:
        """An exercise opens (one per year, one open at a time)."""
        p = self.pick_partnership(data)
        m = self.activity(p)
        ok = p.is_open and year not in m.exercises and m.open_year is None
        command = OpenMonitoringExercise(p.id, year=year, actor=self.actor(data))
        if self.execute(command, expect_accepted=ok).accepted:
            m.exercises[year] = set()
            m.open_year = year

    def _pick_year(
        self, data: st.DataObject, year: int
    ) -> tuple[PartnershipModel, ActivityModel, int]:
        """A partnership with an open exercise and its year, most of the time;
        else any partnership and ``year``."""
        open_ = [
            p
            for p in self.model.partnerships.values()
            if self.activity(p).open_year is not None
        ]
        if open_ and _often(data, 4, label="open exercise"):
            p = data.draw(st.sampled_from(open_), label="partnership")
            m = self.activity(p)
            assert m.open_year is not None
            return p, m, m.open_year
        p = self.pick_partnership(data)
        return p, self.activity(p), year

    @precondition(lambda self: self.model.partnerships)
    @rule(data=st.data(), year=st.integers(2022, 2025))
    def record_survey_response(self, data: st.DataObject, year: int) -> None:
        """A member answers the survey (non-members and second answers are
        refused, as are answers to an exercise not open)."""
        p, m, year = self._pick_year(data, year)
        oid = self.pick_member(data, p)
        ok = (
            p.is_open
            and m.open_year == year
            and oid in p.members
            and oid not in m.exercises[year]
        )
        command = data.draw(ps.record_survey_response_commands(p.id, year, oid))
        if self.execute(command, expect_accepted=ok).accepted:
            m.exercises[year].add(oid)

    @precondition(lambda self: self.model.partnerships)
    @rule(data=st.data(), year=st.integers(2022, 2025))
    def close_monitoring_exercise(self, data: st.DataObject, year: int) -> None:
        """The open exercise closes."""
        p, m, year = self._pick_year(data, year)
        ok = p.is_open and m.open_year == year
        command = data.draw(ps.close_monitoring_exercise_commands(p.id, year))
        if self.execute(command, expect_accepted=ok).accepted:
            m.open_year = None

    # -- regional links -------------------------------------------------------

    @precondition(lambda self: len(self.model.partnerships) >= 2)
    @rule(data=st.data(), linking=st.booleans())
    def link_or_unlink(self, data: st.DataObject, linking: bool) -> None:
        """Two partnerships are linked or unlinked (refused unless the first
        is a Large Scale Partnership and the second a regional one, both
        accepted or active, and not linked yet / linked)."""
        everything = list(self.model.partnerships.values())
        right = [
            (a, b)
            for a in everything
            for b in everything
            if a.kind is PartnershipKind.LARGE_SCALE
            and b.kind is PartnershipKind.REGIONAL
        ]
        if right and _often(data, 4, label="right kinds"):
            first, second = data.draw(st.sampled_from(right), label="pair")
        else:
            first, second = data.draw(
                st.lists(
                    st.sampled_from(everything),
                    min_size=2,
                    max_size=2,
                    unique_by=lambda q: q.id,
                ),
                label="pair",
            )
        kinds = (
            first.kind is PartnershipKind.LARGE_SCALE
            and second.kind is PartnershipKind.REGIONAL
            and first.is_open
            and second.is_open
        )
        pair = (first.id, second.id)
        strategy = (
            ps.link_regional_partnership_commands
            if linking
            else ps.unlink_regional_partnership_commands
        )
        ok = kinds and ((pair not in self.links) if linking else (pair in self.links))
        command = data.draw(strategy(first.id, second.id))
        if self.execute(command, expect_accepted=ok, watch=[second.id]).accepted:
            if linking:
                self.links.add(pair)
            else:
                self.links.discard(pair)

    # -- invariants -------------------------------------------------------------

    @invariant()
    def governance_is_made_of_members(self) -> None:
        """The steering group and the leads are members; an open sub-group
        has an open parent; the application agrees with the model."""
        for pid, agg in self.partnerships().items():
            m = self.activities.get(pid, ActivityModel())
            assert list(agg.steering_group) == m.steering
            assert set(agg.steering_group) <= set(agg.members)
            for wg in agg.working_groups.values():
                g = m.groups[wg.id]
                assert (wg.parent_id, wg.is_open, wg.lead_organisation_id) == (
                    g.parent_id,
                    g.is_open,
                    g.lead,
                )
                if wg.is_open:
                    assert wg.lead_organisation_id in agg.members
                    if wg.parent_id is not None:
                        assert agg.working_groups[wg.parent_id].is_open
            for wp in agg.work_packages.values():
                assert wp.lead_organisation_id in agg.members

    @invariant()
    def work_plan_matches_the_model(self) -> None:
        """The work plan and its deliverables are the model's, and the overdue
        deliverables are those the model derives."""
        for pid, agg in self.partnerships().items():
            m = self.activities.get(pid, ActivityModel())
            assert (agg.work_plan is not None) == (m.plan is not None)
            assert {
                d.id: (d.due_on, d.delivered_on) for d in agg.deliverables.values()
            } == {d.id: (d.due_on, d.delivered_on) for d in m.deliverables.values()}
            for as_of in (date(2021, 6, 1), date(2024, 6, 1), date(2030, 1, 1)):
                expected = {
                    d.id
                    for d in m.deliverables.values()
                    if d.due_on < as_of
                    and (d.delivered_on is None or d.delivered_on > as_of)
                }
                assert {d.id for d in agg.overdue_deliverables(as_of)} == expected

    @invariant()
    def activities_are_consistent(self) -> None:
        """Every activity recorded is there, with enough participants."""
        for pid, agg in self.partnerships().items():
            assert len(agg.activities) == self.activity_counts[pid]
            for a in agg.activities.values():
                assert a.participants >= a.organisations_present

    @invariant()
    def monitoring_matches_the_model(self) -> None:
        """At most one exercise is open; each member answers once."""
        for pid, agg in self.partnerships().items():
            m = self.activities.get(pid, ActivityModel())
            exercises = agg.monitoring_exercises
            assert sum(e.is_open for e in exercises.values()) <= 1
            assert {
                y: {r.organisation_id for r in e.responses}
                for y, e in exercises.items()
            } == m.exercises
            assert {y for y, e in exercises.items() if e.is_open} == (
                set() if m.open_year is None else {m.open_year}
            )
            for e in exercises.values():
                ids = [r.organisation_id for r in e.responses]
                assert len(ids) == len(set(ids))

    @invariant()
    def links_are_symmetric(self) -> None:
        """A link shows on both partnerships, exactly for the linked pairs."""
        shown = {
            (lsp, other)
            for lsp, agg in self.partnerships().items()
            if agg.kind is PartnershipKind.LARGE_SCALE
            for other in agg.linked_partnership_ids
        }
        assert shown == self.links
        for lsp, regional in self.links:
            assert lsp in self.partnership(regional).linked_partnership_ids
