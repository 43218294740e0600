"""Roll-up: member commitments → partnership → ecosystem → Pact-wide.

The Pact's annual survey collects a few core indicators across all
partnerships: people who benefited from up- or reskilling, people reached,
stakeholders in partnerships or networks, training programmes developed or
updated, euros invested, and progress on commitments per Charter principle
(Box 1).  Partnerships name their KPIs in their own words (§3.4, Box 13), so
which KPI feeds which core indicator is stated **explicitly**: the roll-up
takes a mapping ``{kpi_id: CoreIndicator}``.  Nothing is inferred from a KPI's
name or unit.

Rules:

* each mapped KPI first gets its own value by its own calculation method
  (:mod:`.progress`: sum, average, maximum or latest over its approved
  reports); those values then add up — per member (a member commitment's
  KPIs), per partnership (the partnership's own KPIs plus its members'), per
  ecosystem (the partnerships naming it; a partnership with two ecosystems
  counts in both) and Pact-wide (each partnership once);
* only KPIs whose values add up can be mapped: counts (and hours) for the
  people, stakeholder and programme indicators, money in euros for euros
  invested.  Map either a partnership KPI or the member KPIs that make it up,
  not both, or the figure counts twice;
* progress per Charter principle is computed, not mapped: for each principle,
  the live commitments that name it and the status of their KPIs;
* ``stakeholders`` counts the distinct member organisations of the
  partnerships covered, from the membership register.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING
from uuid import UUID

import attrs

from pact_domain.errors import InvalidValueError
from pact_domain.monitoring._figures import mean
from pact_domain.monitoring.portfolio import ESTABLISHED
from pact_domain.monitoring.progress import KpiProgress, kpi_progress
from pact_domain.vocabularies import (
    CharterPrinciple,
    Measure,
    PartnershipStatus,
    _Vocabulary,
)

if TYPE_CHECKING:
    from pact_domain.monitoring.state import MonitoringState

__all__ = [
    "CoreIndicator",
    "EcosystemRollUp",
    "IndicatorTotal",
    "MemberRollUp",
    "PartnershipRollUp",
    "PrincipleProgress",
    "RollUp",
    "roll_up",
]


class CoreIndicator(_Vocabulary):
    """The Pact-wide core indicators of the annual survey."""

    PEOPLE_UPSKILLED = (
        "people_upskilled",
        "People who benefited from up- or reskilling",
    )
    PEOPLE_REACHED = "people_reached", "People reached by promotion activities"
    STAKEHOLDERS_IN_NETWORKS = (
        "stakeholders_in_networks",
        "Stakeholders in partnerships or networks",
    )
    TRAINING_PROGRAMMES = (
        "training_programmes",
        "Training programmes developed or updated",
    )
    EUROS_INVESTED = "euros_invested", "Euros invested"
    COMMITMENT_PROGRESS = (
        "commitment_progress",
        "Progress on commitments per Charter principle",
    )

    @property
    def measures(self) -> frozenset[Measure]:
        """The KPI measures that may feed this indicator (none: computed)."""
        if self is CoreIndicator.EUROS_INVESTED:
            return frozenset({Measure.MONEY_EUR})
        if self is CoreIndicator.COMMITMENT_PROGRESS:
            return frozenset()
        return frozenset({Measure.COUNT, Measure.HOURS})


SUMMED = tuple(c for c in CoreIndicator if c is not CoreIndicator.COMMITMENT_PROGRESS)


@attrs.frozen
class IndicatorTotal:
    """A core indicator's total: approved, and including pending reports."""

    indicator: CoreIndicator
    value: Decimal
    including_pending: Decimal
    kpis: int


@attrs.frozen
class MemberRollUp:
    """The core indicators of one member's commitments."""

    organisation_id: UUID
    indicators: tuple[IndicatorTotal, ...]


@attrs.frozen
class PartnershipRollUp:
    """A partnership's core indicators: its own KPIs, its members', total."""

    partnership_id: UUID
    name: str
    ecosystems: tuple[str, ...]
    indicators: tuple[IndicatorTotal, ...]
    own: tuple[IndicatorTotal, ...]
    members: tuple[MemberRollUp, ...]


@attrs.frozen
class EcosystemRollUp:
    """The core indicators of the partnerships naming one ecosystem."""

    ecosystem: str
    partnerships: int
    indicators: tuple[IndicatorTotal, ...]


@attrs.frozen
class PrincipleProgress:
    """Progress on the live commitments naming one Charter principle."""

    principle: CharterPrinciple
    commitments: int
    kpis: int
    by_status: dict[str, int]
    average_progress: Decimal | None


@attrs.frozen
class RollUp:
    """Member → partnership → ecosystem → Pact-wide core indicators."""

    on: datetime
    partnerships: tuple[PartnershipRollUp, ...]
    ecosystems: tuple[EcosystemRollUp, ...]
    pact: tuple[IndicatorTotal, ...]
    stakeholders: int
    principles: tuple[PrincipleProgress, ...]

    def total(self, indicator: CoreIndicator | str) -> Decimal:
        """The Pact-wide approved total of one indicator."""
        for t in self.pact:
            if t.indicator == indicator:
                return t.value
        return Decimal(0)


class _Acc:
    def __init__(self) -> None:
        self.value: dict[CoreIndicator, Decimal] = defaultdict(Decimal)
        self.pending: dict[CoreIndicator, Decimal] = defaultdict(Decimal)
        self.kpis: dict[CoreIndicator, int] = defaultdict(int)

    def add(self, indicator: CoreIndicator, k: KpiProgress) -> None:
        self.value[indicator] += k.approved.value or Decimal(0)
        self.pending[indicator] += k.including_pending.value or Decimal(0)
        self.kpis[indicator] += 1

    def merge(self, other: _Acc) -> None:
        for i in SUMMED:
            self.value[i] += other.value[i]
            self.pending[i] += other.pending[i]
            self.kpis[i] += other.kpis[i]

    def totals(self) -> tuple[IndicatorTotal, ...]:
        return tuple(
            IndicatorTotal(i, self.value[i], self.pending[i], self.kpis[i])
            for i in SUMMED
        )


def _check(kpi: KpiProgress, indicator: CoreIndicator) -> None:
    if kpi.measure not in indicator.measures:
        allowed = ", ".join(sorted(indicator.measures)) or "none (it is computed)"
        raise InvalidValueError(
            "RollUp",
            "indicators",
            f"KPI {kpi.kpi_id} ({kpi.name!r}) is measured in {kpi.measure}; "
            f"{indicator} takes {allowed}",
            str(kpi.kpi_id),
        )


def roll_up(
    state: MonitoringState,
    indicators: Mapping[UUID, CoreIndicator | str],
    *,
    statuses: Iterable[PartnershipStatus | str] = ESTABLISHED,
) -> RollUp:
    """Roll the mapped KPIs up to the Pact-wide core indicators.

    Args:
        indicators: which core indicator each KPI feeds (KPIs not in the
            views are ignored).
        statuses: the partnerships covered (default: accepted and active).

    Raises:
        InvalidValueError: a KPI mapped to an indicator its measure cannot
            feed, or an unknown indicator.
    """
    try:
        mapping = {k: CoreIndicator(i) for k, i in indicators.items()}
    except ValueError as error:
        raise InvalidValueError("RollUp", "indicators", str(error)) from None
    wanted = {PartnershipStatus(s) for s in statuses}
    partnerships = [p for p in state.partnerships() if p.status in wanted]
    rolled: list[PartnershipRollUp] = []
    per_eco: dict[str, _Acc] = defaultdict(_Acc)
    eco_count: dict[str, int] = defaultdict(int)
    pact = _Acc()
    stakeholders: set[UUID] = set()
    principle_kpis: dict[CharterPrinciple, list[KpiProgress]] = defaultdict(list)
    principle_commitments: dict[CharterPrinciple, int] = defaultdict(int)
    for p in sorted(partnerships, key=lambda p: (p.name, str(p.id))):
        stakeholders.update(
            m.organisation_id
            for m in state.rows("member", p.id)
            if m.is_member_at(state.at)
        )
        progress = kpi_progress(state, p.id)
        own = _Acc()
        members: dict[UUID, _Acc] = defaultdict(_Acc)
        for k in progress:
            indicator = mapping.get(k.kpi_id)
            if indicator is None:
                continue
            _check(k, indicator)
            (own if k.member_id is None else members[k.member_id]).add(indicator, k)
        total = _Acc()
        total.merge(own)
        for acc in members.values():
            total.merge(acc)
        pact.merge(total)
        ecosystems = tuple(str(e) for e in p.ecosystems)
        for e in ecosystems:
            per_eco[e].merge(total)
            eco_count[e] += 1
        rolled.append(
            PartnershipRollUp(
                partnership_id=p.id,
                name=p.name,
                ecosystems=ecosystems,
                indicators=total.totals(),
                own=own.totals(),
                members=tuple(
                    MemberRollUp(m, members[m].totals())
                    for m in sorted(members, key=str)
                ),
            )
        )
        live = {
            c.id: c
            for c in state.rows("commitment", p.id)
            if c.withdrawn_at is None or c.withdrawn_at > state.at
        }
        for c in live.values():
            for principle in c.principles:
                principle_commitments[principle] += 1
        for k in progress:
            c = live.get(k.commitment_id)
            if c is None or k.retired:
                continue
            for principle in c.principles:
                principle_kpis[principle].append(k)
    principles = []
    for principle in CharterPrinciple:
        ks = principle_kpis[principle]
        by_status: dict[str, int] = {}
        for k in ks:
            by_status[str(k.status)] = by_status.get(str(k.status), 0) + 1
        principles.append(
            PrincipleProgress(
                principle=principle,
                commitments=principle_commitments[principle],
                kpis=len(ks),
                by_status=dict(sorted(by_status.items())),
                average_progress=mean(k.progress for k in ks if k.progress is not None),
            )
        )
    return RollUp(
        on=state.at,
        partnerships=tuple(rolled),
        ecosystems=tuple(
            EcosystemRollUp(e, eco_count[e], per_eco[e].totals())
            for e in sorted(per_eco)
        ),
        pact=pact.totals(),
        stakeholders=len(stakeholders),
        principles=tuple(principles),
    )
