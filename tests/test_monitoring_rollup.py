"""Roll-up of KPIs to the Pact-wide core indicators."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from uuid import UUID

import pytest

from _helpers import ACTOR, Clock, agreement, contact
from pact_domain.application import PactApplication
from pact_domain.errors import InvalidValueError
from pact_domain.monitoring import CoreIndicator, MonitoringViews
from pact_domain.partnership import KpiDefinition
from pact_domain.values import ReportingPeriod


class Pact:
    """Two LSPs (tourism+digital, digital) sharing one member."""

    def __init__(self) -> None:
        self.app = PactApplication(
            store="memory:",
            clock=Clock(datetime(2025, 3, 1, tzinfo=UTC), timedelta(minutes=1)),
        )
        self.shared = self.org("Shared")
        self.p1, self.c1 = self.lsp("LSP one", ("tourism", "digital"))
        self.p2, self.c2 = self.lsp("LSP two", ("digital",))

    def org(self, name: str) -> UUID:
        return self.app.register_organisation(
            name=name,
            stakeholder_type="company",
            size="small",
            country="IT",
            actor=ACTOR,
        )

    def lsp(self, name: str, ecosystems: tuple[str, ...]) -> tuple[UUID, UUID]:
        app = self.app
        pid = app.submit_expression_of_interest(
            name=name,
            kind="large_scale",
            contact=contact(),
            description="An LSP.",
            ecosystems=ecosystems,
            actor=ACTOR,
        )
        app.assess_expression_of_interest(pid, outcome="accepted", actor=ACTOR)
        coordinator = self.org(f"{name} coordinator")
        for org in (coordinator, self.shared):
            app.join_partnership(pid, organisation_id=org, actor=ACTOR)
        app.appoint_coordinator(pid, organisation_id=coordinator, actor=ACTOR)
        version = app.draft_agreement(pid, content=agreement(), actor=ACTOR)
        app.sign_agreement(
            pid,
            version=version,
            signatories=(coordinator,),
            signed_on=date(2024, 1, 1),
            actor=ACTOR,
        )
        return pid, coordinator

    def kpi(
        self,
        pid: UUID,
        measure: str,
        calculation: str,
        *,
        member: UUID | None = None,
        principle: str = "learning_culture",
    ) -> UUID:
        _, (kid,) = self.app.pledge_commitment(
            pid,
            category="training_and_development",
            statement="A commitment.",
            principles=(principle,),
            member_id=member,
            kpis=(
                KpiDefinition(
                    name=f"{measure} {calculation}",
                    category="impacts",
                    measure=measure,
                    calculation=calculation,
                ),
            ),
            actor=ACTOR,
        )
        return kid

    def report(
        self, pid: UUID, kid: UUID, year: int, value: int, approver: UUID | None
    ) -> None:
        rid = self.app.report_kpi(
            pid,
            kpi_id=kid,
            period=ReportingPeriod.year(year),
            value=value,
            actor=ACTOR,
        )
        if approver is not None:
            self.app.approve_kpi_report(
                pid, report_id=rid, reviewer_id=approver, actor=ACTOR
            )


@pytest.fixture
def pact() -> Pact:
    return Pact()


def test_kpis_roll_up_by_their_own_method_to_partnership_ecosystem_and_pact(
    pact: Pact,
) -> None:
    """A SUM KPI (100 + 200) and a member's LATEST KPI (50, then 70) make 370
    people; 1,000 euros approved and 500 pending in the other LSP."""
    people = pact.kpi(pact.p1, "count", "sum")
    members = pact.kpi(pact.p1, "count", "latest", member=pact.shared)
    euros = pact.kpi(pact.p2, "money_eur", "sum", principle="strong_partnerships")
    pact.report(pact.p1, people, 2024, 100, pact.c1)
    pact.report(pact.p1, people, 2025, 200, pact.c1)
    pact.report(pact.p1, members, 2024, 50, pact.c1)
    pact.report(pact.p1, members, 2025, 70, pact.c1)
    pact.report(pact.p2, euros, 2024, 1000, pact.c2)
    pact.report(pact.p2, euros, 2025, 500, None)
    views = MonitoringViews(pact.app)
    views.catch_up()
    roll = views.current().roll_up(
        {
            people: CoreIndicator.PEOPLE_UPSKILLED,
            members: "people_upskilled",
            euros: CoreIndicator.EUROS_INVESTED,
        }
    )
    one = next(p for p in roll.partnerships if p.partnership_id == pact.p1)
    total = {t.indicator: t.value for t in one.indicators}
    assert total[CoreIndicator.PEOPLE_UPSKILLED] == Decimal(370)
    assert {t.indicator: t.value for t in one.own}[
        CoreIndicator.PEOPLE_UPSKILLED
    ] == Decimal(300)
    (member,) = one.members
    assert member.organisation_id == pact.shared
    assert {t.indicator: t.value for t in member.indicators}[
        CoreIndicator.PEOPLE_UPSKILLED
    ] == Decimal(70)
    eco = {
        e.ecosystem: {t.indicator: t.value for t in e.indicators}
        for e in roll.ecosystems
    }
    assert eco["tourism"][CoreIndicator.PEOPLE_UPSKILLED] == Decimal(370)
    assert eco["tourism"][CoreIndicator.EUROS_INVESTED] == Decimal(0)
    assert eco["digital"][CoreIndicator.PEOPLE_UPSKILLED] == Decimal(370)
    assert eco["digital"][CoreIndicator.EUROS_INVESTED] == Decimal(1000)
    assert roll.total("people_upskilled") == Decimal(370)
    assert roll.total(CoreIndicator.EUROS_INVESTED) == Decimal(1000)
    pending = {t.indicator: t.including_pending for t in roll.pact}
    assert pending[CoreIndicator.EUROS_INVESTED] == Decimal(1500)
    assert roll.stakeholders == 3  # two coordinators and the shared member
    principles = {p.principle: p for p in roll.principles}
    assert principles["learning_culture"].commitments == 2
    assert principles["learning_culture"].kpis == 2
    assert principles["strong_partnerships"].kpis == 1


def test_only_kpis_that_add_up_can_be_mapped(pact: Pact) -> None:
    """A percentage cannot feed people, nor a count euros; progress per
    principle is computed, never mapped."""
    share = pact.kpi(pact.p1, "percentage", "latest")
    count = pact.kpi(pact.p1, "count", "sum")
    views = MonitoringViews(pact.app)
    views.catch_up()
    state = views.current()
    with pytest.raises(InvalidValueError, match="percentage"):
        state.roll_up({share: CoreIndicator.PEOPLE_REACHED})
    with pytest.raises(InvalidValueError, match="money_eur"):
        state.roll_up({count: CoreIndicator.EUROS_INVESTED})
    with pytest.raises(InvalidValueError, match="computed"):
        state.roll_up({count: CoreIndicator.COMMITMENT_PROGRESS})
    with pytest.raises(InvalidValueError):
        state.roll_up({count: "people_helped"})
    assert state.roll_up().total(CoreIndicator.PEOPLE_REACHED) == Decimal(0)
