"""The portfolio of partnerships (§3.2, §6.1).

§3.2: "based on the analysis of the 11 LSPs developed by May 2022, the average
number of partners in the consortium was 21, gathering organisations from 11
EU countries (overall the number ranged between 8 and 16 countries)".

The portfolio counts partnerships by kind, status and ecosystem, and spreads
(average, minimum, maximum) the number of members and of member countries —
the countries of the member organisations — per partnership.  By default it
covers the *established* partnerships: accepted, or active (agreement
signed), at the evaluation instant.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING
from uuid import UUID

import attrs

from pact_domain.monitoring._figures import counts, mean
from pact_domain.monitoring.membership import UNKNOWN
from pact_domain.vocabularies import PartnershipKind, PartnershipStatus

if TYPE_CHECKING:
    from pact_domain.monitoring.state import MonitoringState

__all__ = [
    "ESTABLISHED",
    "Portfolio",
    "PortfolioEntry",
    "Spread",
    "portfolio",
]

ESTABLISHED: frozenset[PartnershipStatus] = frozenset(
    {PartnershipStatus.ACCEPTED, PartnershipStatus.ACTIVE}
)
"""The statuses a portfolio covers by default."""


@attrs.frozen
class Spread:
    """Average (four places), minimum and maximum of a count per partnership."""

    average: Decimal | None
    minimum: int | None
    maximum: int | None

    @classmethod
    def of(cls, values: Iterable[int]) -> Spread:
        """The spread of ``values`` (all ``None`` when there are none)."""
        items = list(values)
        return cls(
            average=mean(items),
            minimum=min(items) if items else None,
            maximum=max(items) if items else None,
        )


@attrs.frozen
class PortfolioEntry:
    """One partnership in the portfolio."""

    partnership_id: UUID
    name: str
    kind: PartnershipKind
    status: PartnershipStatus
    ecosystems: tuple[str, ...]
    members: int
    countries: tuple[str, ...]


@attrs.frozen
class Portfolio:
    """Partnerships across the Pact at an instant."""

    on: datetime
    partnerships: int
    by_kind: dict[str, int]
    by_status: dict[str, int]
    by_ecosystem: dict[str, int]
    members: Spread
    countries: Spread
    organisations: int
    """Distinct member organisations across the partnerships."""
    all_countries: tuple[str, ...]
    entries: tuple[PortfolioEntry, ...]


def portfolio(
    state: MonitoringState,
    *,
    kind: PartnershipKind | str | None = None,
    statuses: Iterable[PartnershipStatus | str] = ESTABLISHED,
    ecosystem: str | None = None,
    on: datetime | None = None,
) -> Portfolio:
    """The portfolio of partnerships, optionally of one kind or ecosystem.

    Args:
        kind: only large-scale or only regional partnerships.
        statuses: the lifecycle statuses covered (default: accepted, active).
        ecosystem: only partnerships naming this ecosystem.
        on: the instant (default: the state's).
    """
    when = state.at if on is None else on
    wanted = {PartnershipStatus(s) for s in statuses}
    chosen = [
        p
        for p in state.partnerships()
        if p.status in wanted
        and (kind is None or p.kind == kind)
        and (ecosystem is None or ecosystem in p.ecosystems)
    ]
    orgs = state.organisations()
    entries = []
    everyone: set[UUID] = set()
    for p in chosen:
        members = [
            m.organisation_id
            for m in state.rows("member", p.id)
            if m.is_member_at(when)
        ]
        everyone.update(members)
        countries = {orgs[o].country if o in orgs else UNKNOWN for o in members}
        entries.append(
            PortfolioEntry(
                partnership_id=p.id,
                name=p.name,
                kind=p.kind,
                status=p.status,
                ecosystems=tuple(str(e) for e in p.ecosystems),
                members=len(members),
                countries=tuple(sorted(countries - {UNKNOWN})),
            )
        )
    entries.sort(key=lambda e: (e.name, str(e.partnership_id)))
    return Portfolio(
        on=when,
        partnerships=len(entries),
        by_kind=counts(str(e.kind) for e in entries),
        by_status=counts(str(e.status) for e in entries),
        by_ecosystem=counts(x for e in entries for x in e.ecosystems),
        members=Spread.of(e.members for e in entries),
        countries=Spread.of(len(e.countries) for e in entries),
        organisations=len(everyone),
        all_countries=tuple(sorted({c for e in entries for c in e.countries})),
        entries=tuple(entries),
    )
