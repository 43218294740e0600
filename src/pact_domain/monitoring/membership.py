"""Membership register and coverage (§3.2, §3.4, Box 40).

§3.4 names among the partnership-activity KPIs "the number of members included
in the partnership, as well as its geographic and sectoral coverage"; Box 40's
core framework lists "Number of partnership members" and "Geographic and
sectoral coverage of the partnership members"; §3.2 asks partnerships to
consider "organisation sizes ... and geographic location".

Members are the organisations whose membership spell covers the evaluation
instant; their facts (stakeholder type, size, country, NUTS region,
ecosystems) come from the Organisation events.  A member whose organisation is
not in the read model (possible in an as-of view on the effective axis) is
counted under ``"unknown"``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING
from uuid import UUID

import attrs

from pact_domain.monitoring._figures import counts, share
from pact_domain.monitoring.axis import end_of
from pact_domain.monitoring.records import MemberRow, OrganisationRow
from pact_domain.vocabularies import MembershipTier

if TYPE_CHECKING:
    from pact_domain.monitoring.state import MonitoringState

__all__ = [
    "UNKNOWN",
    "Coverage",
    "GrowthPoint",
    "MemberEntry",
    "MembershipRegister",
    "coverage",
    "register",
]

UNKNOWN = "unknown"
"""The category of a member whose organisation facts are not known."""


@attrs.frozen
class MemberEntry:
    """One current member and its organisation's facts."""

    organisation_id: UUID
    name: str
    tier: MembershipTier
    joined_at: datetime
    stakeholder_type: str
    size: str
    sme: bool
    country: str
    region: str | None
    ecosystems: tuple[str, ...]


@attrs.frozen
class MembershipRegister:
    """The members of a partnership at an instant, in order of joining."""

    partnership_id: UUID
    on: datetime
    members: tuple[MemberEntry, ...]


@attrs.frozen
class GrowthPoint:
    """Members at the end of a year (or at the evaluation instant, for its
    year), and how many joined and left during that year."""

    on: date
    members: int
    joined: int
    left: int


@attrs.frozen
class Coverage:
    """A partnership's membership and its coverage at an instant.

    Counts by category are sorted by category code; an organisation with
    several ecosystems counts once in each.  ``sme_share`` is the share of
    members that are micro, small or medium-sized enterprises (EU SME
    definition), over all members.
    """

    partnership_id: UUID
    partnership_name: str
    on: datetime
    members: int
    by_tier: dict[str, int]
    by_stakeholder_type: dict[str, int]
    by_size: dict[str, int]
    by_country: dict[str, int]
    by_region: dict[str, int]
    by_ecosystem: dict[str, int]
    countries: tuple[str, ...]
    regions: tuple[str, ...]
    ecosystems: tuple[str, ...]
    smes: int
    sme_share: Decimal | None
    growth: tuple[GrowthPoint, ...]


def _entry(m: MemberRow, org: OrganisationRow | None, on: datetime) -> MemberEntry:
    spell = next(s for s in reversed(m.spells) if s.covers(on))
    if org is None:
        return MemberEntry(
            organisation_id=m.organisation_id,
            name=UNKNOWN,
            tier=m.tier,
            joined_at=spell.joined_at,
            stakeholder_type=UNKNOWN,
            size=UNKNOWN,
            sme=False,
            country=UNKNOWN,
            region=None,
            ecosystems=(),
        )
    return MemberEntry(
        organisation_id=m.organisation_id,
        name=org.name,
        tier=m.tier,
        joined_at=spell.joined_at,
        stakeholder_type=str(org.stakeholder_type),
        size=str(org.size),
        sme=org.size.is_sme,
        country=org.country,
        region=org.region,
        ecosystems=tuple(str(e) for e in org.ecosystems),
    )


def register(
    state: MonitoringState, partnership_id: UUID, on: datetime | None = None
) -> MembershipRegister:
    """The members at ``on`` (default: the state's instant).

    Raises:
        NotFoundError: no such partnership in the views.
    """
    state.partnership(partnership_id)
    when = state.at if on is None else on
    orgs = state.organisations()
    rows = [m for m in state.rows("member", partnership_id) if m.is_member_at(when)]
    entries = [_entry(m, orgs.get(m.organisation_id), when) for m in rows]
    entries.sort(key=lambda e: (e.joined_at, str(e.organisation_id)))
    return MembershipRegister(
        partnership_id=partnership_id, on=when, members=tuple(entries)
    )


def _growth(rows: list[MemberRow], on: datetime) -> tuple[GrowthPoint, ...]:
    starts = [s.joined_at for m in rows for s in m.spells if s.joined_at <= on]
    if not starts:
        return ()
    points = []
    for year in range(min(starts).year, on.year + 1):
        begin = datetime(year, 1, 1, tzinfo=UTC)
        until = on if year == on.year else end_of(date(year, 12, 31))
        spells = [s for m in rows for s in m.spells]
        points.append(
            GrowthPoint(
                on=until.date(),
                members=sum(1 for m in rows if m.is_member_at(until)),
                joined=sum(1 for s in spells if begin <= s.joined_at <= until),
                left=sum(
                    1
                    for s in spells
                    if s.left_at is not None and begin <= s.left_at <= until
                ),
            )
        )
    return tuple(points)


def coverage(
    state: MonitoringState, partnership_id: UUID, on: datetime | None = None
) -> Coverage:
    """Members by tier, stakeholder type, size, country, NUTS region and
    ecosystem; the countries, regions and ecosystems covered; the SME share;
    and growth year by year, at ``on`` (default: the state's instant).

    Raises:
        NotFoundError: no such partnership in the views.
    """
    partnership = state.partnership(partnership_id)
    when = state.at if on is None else on
    members = register(state, partnership_id, when).members
    smes = sum(1 for m in members if m.sme)
    regions = [m.region for m in members if m.region is not None]
    return Coverage(
        partnership_id=partnership_id,
        partnership_name=partnership.name,
        on=when,
        members=len(members),
        by_tier=counts(str(m.tier) for m in members),
        by_stakeholder_type=counts(m.stakeholder_type for m in members),
        by_size=counts(m.size for m in members),
        by_country=counts(m.country for m in members),
        by_region=counts(regions),
        by_ecosystem=counts(e for m in members for e in m.ecosystems),
        countries=tuple(sorted({m.country for m in members} - {UNKNOWN})),
        regions=tuple(sorted(set(regions))),
        ecosystems=tuple(sorted({e for m in members for e in m.ecosystems})),
        smes=smes,
        sme_share=share(smes, len(members)),
        growth=_growth(state.rows("member", partnership_id), when),
    )
