"""Whole valid histories, drawn command by command against a model (private).

Public through :mod:`pact_domain.testing.strategies`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar
from uuid import UUID, uuid5

import attrs
from hypothesis import strategies as st
from hypothesis.strategies import DrawFn, SearchStrategy

from pact_domain.commands import Command
from pact_domain.partnership import MAX_COORDINATORS
from pact_domain.testing._activity_histories import (
    ActivityModel,
    CatalogueModel,
    activity_step,
    catalogue_step,
    link_step,
)
from pact_domain.testing._command_strategies import (
    appoint_coordinator_commands,
    approve_kpi_report_commands,
    assess_expression_of_interest_commands,
    change_member_tier_commands,
    close_partnership_commands,
    correct_kpi_report_commands,
    define_kpi_commands,
    draft_agreement_commands,
    join_partnership_commands,
    leave_partnership_commands,
    pledge_commitment_commands,
    register_organisation_commands,
    report_kpi_commands,
    retire_kpi_commands,
    return_kpi_report_commands,
    revise_commitment_commands,
    revise_kpi_target_commands,
    sign_agreement_commands,
    sign_charter_commands,
    submit_expression_of_interest_commands,
    transfer_coordination_commands,
    update_expression_of_interest_commands,
    update_organisation_commands,
    withdraw_commitment_commands,
)
from pact_domain.testing._commands import History, known_id
from pact_domain.testing._model import (
    CommitmentModel,
    KpiModel,
    LifecycleModel,
    PartnershipModel,
    ReportModel,
)
from pact_domain.testing._values import (
    actors,
    reporting_periods,
    vocabulary,
)
from pact_domain.vocabularies import (
    AssessmentOutcome,
    Measure,
    PartnershipKind,
)

# --------------------------------------------------------------------------
# Histories
# --------------------------------------------------------------------------

C = TypeVar("C", bound=Command[Any])


class HistoryBuilder:
    """Draws valid commands one by one and keeps the model up to date."""

    def __init__(self, draw: DrawFn) -> None:
        self.draw = draw
        self.namespace = draw(st.uuids())
        self.counter = 0
        self.actors = draw(st.lists(actors(), min_size=1, max_size=3, unique=True))
        self.model = LifecycleModel()
        self.commands: list[Command[Any]] = []

    # -- plumbing -------------------------------------------------------------

    def new_id(self) -> UUID:
        self.counter += 1
        return uuid5(self.namespace, str(self.counter))

    def actor(self) -> str:
        return self.draw(st.sampled_from(self.actors))

    def add(self, strategy: SearchStrategy[C], *unique: str) -> C:
        """Draw a command, give it ids unique in this history, record it."""
        command = self.draw(strategy)
        changes: dict[str, Any] = {}
        for key in unique:
            value = getattr(command, key)
            if isinstance(value, tuple):
                changes[key] = tuple(self.new_id() for _ in value)
            elif value is not None:
                changes[key] = self.new_id()
        command = attrs.evolve(command, **changes)
        self.commands.append(command)
        self.model.record(command)
        return command

    def push(self, command: C) -> C:
        """Append a command built by hand (it must be valid), and record it."""
        self.commands.append(command)
        self.model.record(command)
        return command

    def history(self) -> History:
        return History(
            commands=tuple(self.commands),
            organisation_ids=tuple(self.model.organisations),
            statuses={pid: p.status for pid, p in self.model.partnerships.items()},
        )

    # -- organisations --------------------------------------------------------

    def register_organisation(self) -> UUID:
        command = self.add(register_organisation_commands(actor=self.actor()), "id")
        oid: UUID = known_id(command.id)
        return oid

    def sign_charter(self, oid: UUID) -> None:
        self.add(sign_charter_commands(oid, actor=self.actor()))

    def update_organisation(self, oid: UUID) -> None:
        self.add(update_organisation_commands(oid, actor=self.actor()))

    # -- lifecycle ------------------------------------------------------------

    def submit(
        self, kind: PartnershipKind | None = None, *, link: UUID | None = None
    ) -> PartnershipModel:
        command = self.add(
            submit_expression_of_interest_commands(
                kind=kind, linked_lsp_id=link, actor=self.actor()
            ),
            "id",
        )
        return self.model.partnership(known_id(command.id))

    def assess(self, p: PartnershipModel, outcome: AssessmentOutcome) -> None:
        self.add(
            assess_expression_of_interest_commands(p.id, outcome, actor=self.actor())
        )

    def update_eoi(self, p: PartnershipModel) -> None:
        self.add(
            update_expression_of_interest_commands(p.id, p.kind, actor=self.actor())
        )

    def join(self, p: PartnershipModel, oid: UUID) -> None:
        self.add(join_partnership_commands(p.id, oid, actor=self.actor()))

    def leave(self, p: PartnershipModel, oid: UUID) -> None:
        self.add(leave_partnership_commands(p.id, oid, actor=self.actor()))

    def change_tier(self, p: PartnershipModel, oid: UUID) -> None:
        self.add(
            change_member_tier_commands(p.id, oid, p.members[oid], actor=self.actor())
        )

    def appoint(self, p: PartnershipModel, oid: UUID) -> None:
        self.add(appoint_coordinator_commands(p.id, oid, actor=self.actor()))

    def transfer(self, p: PartnershipModel, old: UUID, new: UUID) -> None:
        self.add(transfer_coordination_commands(p.id, old, new, actor=self.actor()))

    def draft(self, p: PartnershipModel) -> int:
        self.add(draft_agreement_commands(p.id, actor=self.actor()))
        version = p.latest_draft
        assert version is not None
        return version

    def sign(self, p: PartnershipModel) -> None:
        version = p.latest_draft
        assert version is not None
        assert not p.drafts[version]
        self.add(
            sign_agreement_commands(p.id, version, list(p.members), actor=self.actor())
        )

    def amend(self, p: PartnershipModel) -> None:
        self.draft(p)
        self.sign(p)

    def close(self, p: PartnershipModel) -> None:
        self.add(close_partnership_commands(p.id, actor=self.actor()))

    def review(self, p: PartnershipModel, r: ReportModel) -> None:
        reviewer = self.draw(st.sampled_from(p.coordinators))
        approve = self.draw(st.booleans())
        self.add(
            (approve_kpi_report_commands if approve else return_kpi_report_commands)(
                p.id, r.id, reviewer, actor=self.actor()
            )
        )

    # -- commitments ----------------------------------------------------------

    def pledge(
        self,
        p: PartnershipModel,
        *,
        member: bool = True,
        measures: Sequence[Measure] | None = None,
        max_kpis: int = 3,
    ) -> CommitmentModel:
        command = self.add(
            pledge_commitment_commands(
                p.id,
                member_ids=list(p.members) if member else (),
                max_kpis=max_kpis,
                measures=measures,
                actor=self.actor(),
            ),
            "commitment_id",
            "kpi_ids",
        )
        return p.commitments[known_id(command.commitment_id)]

    def define_kpi(self, p: PartnershipModel, c: CommitmentModel) -> None:
        self.add(define_kpi_commands(p.id, c.id, actor=self.actor()), "kpi_id")

    def revise_commitment(self, p: PartnershipModel, c: CommitmentModel) -> None:
        self.add(revise_commitment_commands(p.id, c.id, actor=self.actor()))

    def withdraw(self, p: PartnershipModel, c: CommitmentModel) -> None:
        self.add(withdraw_commitment_commands(p.id, c.id, actor=self.actor()))

    def revise_kpi_target(self, p: PartnershipModel, k: KpiModel) -> None:
        self.add(
            revise_kpi_target_commands(
                p.id, k.id, k.definition, current=k.target, actor=self.actor()
            )
        )

    def retire(self, p: PartnershipModel, k: KpiModel) -> None:
        self.add(retire_kpi_commands(p.id, k.id, actor=self.actor()))

    def report(
        self, p: PartnershipModel, k: KpiModel, reporter: UUID | None = None
    ) -> ReportModel | None:
        """Report a KPI for a period that has no current report yet."""
        period = self.draw(reporting_periods(k.definition.periodicity))
        if p.has_current_report(k.id, period, reporter):
            return None
        command = self.add(
            report_kpi_commands(
                p.id, k.id, k.definition, reporters=[reporter], period=period,
                actor=self.actor(),
            ),
            "report_id",
        )  # fmt: skip
        return p.reports[known_id(command.report_id)]

    def correct(self, p: PartnershipModel, r: ReportModel) -> ReportModel:
        k = p.kpis[r.kpi_id]
        command = self.add(
            correct_kpi_report_commands(
                p.id, r.id, k.definition, previous=r, actor=self.actor()
            ),
            "correction_id",
        )
        return p.reports[known_id(command.correction_id)]

    # -- composite steps ------------------------------------------------------

    def accepted_partnership(
        self,
        *,
        kind: PartnershipKind | None = None,
        members: int = 1,
        coordinators: int = 0,
    ) -> PartnershipModel:
        """Register ``members`` organisations, submit, accept, let them join."""
        oids = [self.register_organisation() for _ in range(members)]
        p = self.submit(kind)
        self.assess(p, AssessmentOutcome.ACCEPTED)
        for oid in oids:
            self.join(p, oid)
        for oid in oids[:coordinators]:
            self.appoint(p, oid)
        return p

    def active_partnership(
        self,
        *,
        members: int = 1,
        coordinators: int = 1,
        kind: PartnershipKind | None = None,
    ) -> PartnershipModel:
        """An accepted partnership whose first draft was signed."""
        p = self.accepted_partnership(
            kind=kind, members=members, coordinators=coordinators
        )
        self.draft(p)
        self.sign(p)
        return p

    def step(self, p: PartnershipModel, max_members: int) -> None:
        """One random valid command on an open partnership."""
        draw = self.draw
        outsiders = [o for o in self.model.organisations if o not in p.members]
        actions: list[Callable[[], object]] = []
        reportable = p.reportable_kpis()
        # Weights: reports are most of a real partnership's history.
        if reportable:
            actions += 4 * [
                lambda: self.report(
                    p,
                    draw(st.sampled_from(reportable)),
                    draw(st.sampled_from([None, *p.members])),
                )
            ]
        actions += (3 if len(p.live_commitments()) < 2 else 1) * [
            lambda: self.pledge(p)
        ]
        if len(p.members) < max_members:
            if outsiders:
                actions.append(lambda: self.join(p, draw(st.sampled_from(outsiders))))
            actions.append(lambda: self.join(p, self.register_organisation()))
        current = p.current_reports()
        if current:
            actions += 2 * [lambda: self.correct(p, draw(st.sampled_from(current)))]
        pending = p.reviewable_reports()
        if pending and p.coordinators:
            actions += 2 * [lambda: self.review(p, draw(st.sampled_from(pending)))]
        live = p.live_commitments()
        if live:
            actions.append(lambda: self.define_kpi(p, draw(st.sampled_from(live))))
            actions.append(
                lambda: self.revise_commitment(p, draw(st.sampled_from(live)))
            )
            actions.append(lambda: self.withdraw(p, draw(st.sampled_from(live))))
        live_kpis = p.live_kpis()
        if live_kpis:
            actions.append(
                lambda: self.revise_kpi_target(p, draw(st.sampled_from(live_kpis)))
            )
        retirable = p.retirable_kpis()
        if retirable:
            actions.append(lambda: self.retire(p, draw(st.sampled_from(retirable))))
        if p.members:
            members = list(p.members)
            actions.append(lambda: self.change_tier(p, draw(st.sampled_from(members))))
        plain = [o for o in p.members if o not in p.coordinators]
        if plain and len(p.coordinators) < MAX_COORDINATORS:
            actions.append(lambda: self.appoint(p, draw(st.sampled_from(plain))))
        if plain and p.coordinators:
            actions.append(
                lambda: self.transfer(
                    p,
                    draw(st.sampled_from(p.coordinators)),
                    draw(st.sampled_from(plain)),
                )
            )
        leavers = [o for o in p.members if p.can_leave(o)]
        if leavers:
            actions.append(lambda: self.leave(p, draw(st.sampled_from(leavers))))
        if p.members:
            actions.append(lambda: self.amend(p))
        draw(st.sampled_from(actions))()


@st.composite
def valid_histories(
    draw: DrawFn,
    *,
    min_organisations: int = 2,
    max_organisations: int = 12,
    min_partnerships: int = 1,
    max_partnerships: int = 3,
    max_members: int = 12,
    min_steps: int = 0,
    max_steps: int = 25,
    activities: bool = False,
    max_activity_steps: int = 20,
    catalogues: bool = False,
    max_catalogue_steps: int = 12,
) -> History:
    """Whole valid histories, ready for :func:`~pact_domain.testing.apply_history`.

    Organisations are registered (some sign the Charter, some update their
    details); then each partnership's expression of interest is submitted
    (a regional one may link to an earlier Large Scale Partnership),
    perhaps completed after more information was asked for, and assessed.
    A declined one stops there.  An accepted one has members join, one to
    three coordinators appointed, an agreement drafted and signed, and then
    ``min_steps`` to ``max_steps`` further valid commands in random order: commitments
    pledged with KPIs, KPIs defined, revised and retired, KPI reports with
    breakdowns that add up, corrections, members joining, leaving and
    changing tier, coordination transferred, amendments signed, commitments
    withdrawn, KPI reports approved or returned by a coordinator.  Some
    partnerships are closed at the end.

    Optional sections (off by default, so existing callers draw the same
    kind of histories):

    * ``activities=True``: each accepted partnership then gets up to
      ``max_activity_steps`` commands of governance (steering group, working
      groups and their leads, work package leaders), work plan (adopted,
      work packages and deliverables added, rescheduled, delivered),
      activities, communications, recruitment campaigns, funding secured,
      skills needs assessments and monitoring exercises (opened, answered by
      members, closed); a regional partnership is linked to (and perhaps
      unlinked from) open Large Scale Partnerships;
    * ``catalogues=True``: after the organisations, up to
      ``max_catalogue_steps`` catalogue commands: library resources, funding
      opportunities, mapped initiatives (invited, joined) and knowledge
      events (background papers, follow-up reports) registered, updated and
      withdrawn.  Funding secured may then name a funding opportunity.

    The defaults give small histories (tens of commands); for realistic
    portfolios (an LSP has 21 partners on average) raise ``max_members`` and
    the steps, e.g. ``max_members=30, min_steps=100, max_steps=250`` (a
    partnership then passes the snapshotting interval of 200 events).
    """
    b = HistoryBuilder(draw)
    for _ in range(
        draw(st.integers(min_organisations, max(min_organisations, max_organisations)))
    ):
        oid = b.register_organisation()
        if draw(st.integers(0, 2)) == 0:
            b.sign_charter(oid)
        if draw(st.integers(0, 4)) == 0:
            b.update_organisation(oid)
    catalogue = CatalogueModel()
    if catalogues:
        for _ in range(draw(st.integers(0, max(0, max_catalogue_steps)))):
            catalogue_step(b, catalogue)
    lsps: list[UUID] = []
    count = draw(st.integers(min_partnerships, max(min_partnerships, max_partnerships)))
    for _ in range(count):
        kind = draw(vocabulary(PartnershipKind))
        link = (
            draw(st.none() | st.sampled_from(lsps))
            if kind is PartnershipKind.REGIONAL and lsps
            else None
        )
        p = b.submit(kind, link=link)
        if kind is PartnershipKind.LARGE_SCALE:
            lsps.append(p.id)
        if draw(st.integers(0, 4)) == 0:
            b.assess(p, AssessmentOutcome.MORE_INFORMATION_NEEDED)
            b.update_eoi(p)
        outcome = draw(
            st.sampled_from(
                [AssessmentOutcome.ACCEPTED] * 4 + [AssessmentOutcome.DECLINED]
            )
        )
        b.assess(p, outcome)
        if outcome is AssessmentOutcome.DECLINED:
            continue
        available = b.model.organisations
        members = draw(
            st.lists(
                st.sampled_from(available),
                min_size=1,
                max_size=max(1, min(max_members, len(available))),
                unique=True,
            )
        )
        for oid in members:
            b.join(p, oid)
        for oid in members[: draw(st.integers(1, min(MAX_COORDINATORS, len(members))))]:
            b.appoint(p, oid)
        b.draft(p)
        b.sign(p)
        for _ in range(draw(st.integers(min_steps, max(min_steps, max_steps)))):
            b.step(p, max_members)
        if activities:
            extra = ActivityModel()
            for _ in range(draw(st.integers(0, max(0, max_activity_steps)))):
                activity_step(b, p, extra, catalogue)
            if kind is PartnershipKind.REGIONAL:
                linked: set[UUID] = set()
                for _ in range(draw(st.integers(0, 4))):
                    link_step(b, p, lsps, linked)
        if draw(st.integers(0, 4)) == 0:
            b.close(p)
    return b.history()
