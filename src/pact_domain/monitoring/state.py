"""A read of the monitoring views at one instant: :class:`MonitoringState`.

Get one from :meth:`MonitoringViews.current` (the persisted views, evaluated
now) or :meth:`MonitoringViews.as_of` (the views as they stood at a past
instant on one time axis).  Every view is a method returning a typed, frozen
``attrs`` object that the library's ``cattrs`` converter serialises.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Tracking

from pact_domain.errors import NotFoundError
from pact_domain.monitoring import activity as _activity
from pact_domain.monitoring import calendar as _calendar
from pact_domain.monitoring import governance as _governance
from pact_domain.monitoring import membership as _membership
from pact_domain.monitoring import portfolio as _portfolio
from pact_domain.monitoring import progress as _progress
from pact_domain.monitoring import rollup as _rollup
from pact_domain.monitoring.axis import TimeAxis
from pact_domain.monitoring.records import TABLES, OrganisationRow, PartnershipRow
from pact_domain.monitoring.store import RowKey, ViewStore
from pact_domain.serialization import converter
from pact_domain.vocabularies import PartnershipKind, PartnershipStatus

__all__ = ["MonitoringState"]


class MonitoringState:
    """The monitoring views at one instant.

    Attributes:
        at: the instant time-dependent figures are evaluated at (on track,
            overdue, current members).
        axis: the time axis the events were filtered on (``recorded`` for
            the current views).
        position: the last notification id the views reflect.
    """

    def __init__(
        self, store: ViewStore, *, at: datetime, axis: TimeAxis, position: int
    ) -> None:
        self.store = store
        self.at = at
        self.axis = axis
        self.position = position

    def evaluated_at(self, at: datetime) -> MonitoringState:
        """The same views, with time-dependent figures evaluated at ``at``."""
        return MonitoringState(
            self.store, at=at, axis=self.axis, position=self.position
        )

    def cached(self) -> MonitoringState:
        """The same views, reading each row, and each table of each
        partnership, from the store once: for one computation that asks for
        many views (a report), over the rows as they are when first read.
        Keep it for that computation only: it does not see later changes of
        the store."""
        if isinstance(self.store, _ReadOnce):
            return self
        return MonitoringState(
            _ReadOnce(self.store), at=self.at, axis=self.axis, position=self.position
        )

    # -- rows --------------------------------------------------------------------

    def partnership(self, partnership_id: UUID) -> PartnershipRow:
        """The partnership's row.

        Raises:
            NotFoundError: the views have no such partnership (yet, or as of
                this instant).
        """
        row = self.store.get_row("partnership", "", str(partnership_id))
        if row is None:
            raise NotFoundError(
                "Partnership",
                "id",
                f"the monitoring views have no partnership {partnership_id} "
                f"(as of {self.at.isoformat()}, {self.axis} time)",
            )
        return row  # type: ignore[no-any-return]

    def partnerships(self) -> list[PartnershipRow]:
        """Every partnership, ordered by id."""
        return self.store.rows("partnership", "")

    def organisations(self) -> dict[UUID, OrganisationRow]:
        """Every organisation by id."""
        return {o.id: o for o in self.store.rows("organisation", "")}

    def rows(self, table: str, partnership_id: UUID) -> list[Any]:
        """The rows of one table for one partnership."""
        return self.store.rows(table, str(partnership_id))

    def dump(self) -> dict[str, list[Any]]:
        """Every row of every table as plain data (to compare two states)."""
        return {
            table: [converter.unstructure(r, cls) for r in self.store.rows(table)]
            for table, cls in TABLES.items()
        }

    # -- views -------------------------------------------------------------------

    def register(
        self, partnership_id: UUID, *, on: datetime | None = None
    ) -> _membership.MembershipRegister:
        """The membership register (see :func:`.membership.register`)."""
        return _membership.register(self, partnership_id, on)

    def coverage(
        self, partnership_id: UUID, *, on: datetime | None = None
    ) -> _membership.Coverage:
        """Membership and coverage (see :func:`.membership.coverage`)."""
        return _membership.coverage(self, partnership_id, on)

    def kpi_progress(
        self,
        partnership_id: UUID,
        *,
        on: datetime | None = None,
        period_from: date | None = None,
        period_to: date | None = None,
    ) -> tuple[_progress.KpiProgress, ...]:
        """Every KPI against its target (see :func:`.progress.kpi_progress`)."""
        return _progress.kpi_progress(
            self, partnership_id, on=on, period_from=period_from, period_to=period_to
        )

    def activity(
        self,
        partnership_id: UUID,
        *,
        start: date | None = None,
        end: date | None = None,
    ) -> _activity.ActivitySummary:
        """Meetings, participants, communications (see :func:`.activity.activity`)."""
        return _activity.activity(self, partnership_id, start=start, end=end)

    def work_plan(
        self,
        partnership_id: UUID,
        *,
        start: date | None = None,
        on: date | None = None,
    ) -> _activity.WorkPlanStatus:
        """Deliverables delivered, due, overdue (see :func:`.activity.work_plan`)."""
        return _activity.work_plan(self, partnership_id, start=start, on=on)

    def survey(
        self, partnership_id: UUID, year: int | None = None
    ) -> _activity.SurveySummary | None:
        """The annual survey's shares (see :func:`.activity.survey`)."""
        return _activity.survey(self, partnership_id, year)

    def regional_links(
        self, partnership_id: UUID, *, on: datetime | None = None
    ) -> tuple[UUID, ...]:
        """The partnerships linked to this one (see
        :func:`.governance.regional_links`)."""
        return _governance.regional_links(self, partnership_id, on)

    def skills_needs(
        self,
        partnership_id: UUID,
        *,
        start: date | None = None,
        end: date | None = None,
    ) -> _governance.SkillsNeedsSummary:
        """Skills needs assessed (see :func:`.governance.skills_needs`)."""
        return _governance.skills_needs(self, partnership_id, start=start, end=end)

    def recruitment(
        self,
        partnership_id: UUID,
        *,
        start: date | None = None,
        end: date | None = None,
    ) -> _governance.RecruitmentSummary:
        """Recruitment campaigns (see :func:`.governance.recruitment`)."""
        return _governance.recruitment(self, partnership_id, start=start, end=end)

    def governance(
        self,
        partnership_id: UUID,
        *,
        start: date | None = None,
        end: date | None = None,
        on: datetime | None = None,
    ) -> _governance.GovernanceSummary:
        """Steering group and working groups (see
        :func:`.governance.governance`)."""
        return _governance.governance(self, partnership_id, start=start, end=end, on=on)

    def portfolio(
        self,
        *,
        kind: PartnershipKind | str | None = None,
        statuses: Iterable[PartnershipStatus | str] = _portfolio.ESTABLISHED,
        ecosystem: str | None = None,
    ) -> _portfolio.Portfolio:
        """Partnerships across the Pact (see :func:`.portfolio.portfolio`)."""
        return _portfolio.portfolio(
            self, kind=kind, statuses=statuses, ecosystem=ecosystem
        )

    def reporting_calendar(
        self,
        partnership_id: UUID,
        *,
        grace_days: int = _calendar.DEFAULT_GRACE_DAYS,
    ) -> _calendar.ReportingCalendar:
        """Expected, received, on-time and overdue KPI reports (see
        :func:`.calendar.reporting_calendar`)."""
        return _calendar.reporting_calendar(self, partnership_id, grace_days=grace_days)

    def roll_up(
        self,
        indicators: Mapping[UUID, _rollup.CoreIndicator | str] | None = None,
        *,
        statuses: Iterable[PartnershipStatus | str] = _portfolio.ESTABLISHED,
    ) -> _rollup.RollUp:
        """Member → partnership → ecosystem → Pact-wide roll-up of KPIs mapped
        to core indicators (see :func:`.rollup.roll_up`)."""
        return _rollup.roll_up(self, indicators or {}, statuses=statuses)


class _ReadOnce(ViewStore):
    """A read-only view of a store that reads each row and each table of a
    group once (see :meth:`MonitoringState.cached`)."""

    def __init__(self, store: ViewStore) -> None:
        self.store = store
        self.name = store.name
        self.kind = store.kind  # type: ignore[misc]
        self._rows: dict[tuple[str, str | None], list[Any]] = {}
        self._row: dict[RowKey, Any | None] = {}

    def get_row(self, table: str, group: str, key: str) -> Any | None:
        address = (table, group, key)
        if address not in self._row:
            self._row[address] = self.store.get_row(table, group, key)
        return self._row[address]

    def rows(self, table: str, group: str | None = None) -> list[Any]:
        found = self._rows.get((table, group))
        if found is None:
            found = self._rows[(table, group)] = self.store.rows(table, group)
        return list(found)

    def position(self) -> int | None:
        return self.store.position()

    def commit(
        self,
        changes: Mapping[RowKey, Any | None],
        tracking: Tracking,
        *,
        after: int | None,
    ) -> None:
        msg = "a cached read of the views cannot commit"
        raise TypeError(msg)

    def clear(self) -> None:
        msg = "a cached read of the views cannot clear"
        raise TypeError(msg)
