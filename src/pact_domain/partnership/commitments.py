"""Commitments, their KPIs and KPI reports (Box 1, §3.3, §3.4, Box 11, Box 13).

Rules:

* every commitment names the Charter principles it serves and keeps at least
  one live KPI (Box 1: "At least one key performance indicator (KPI) to
  monitor the commitment should be set") — so a commitment is pledged together
  with its first KPI, and its last live KPI cannot be retired;
* a member's commitment belongs to a current member (Box 11);
* a KPI report is for a defined, live KPI of a live commitment; breakdown
  values use the KPI's dimensions, and add up to the total where the dimension
  is exhaustive; one current report per KPI, period and reporter — later
  changes are corrections, which supersede the report and keep it in history.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any
from uuid import UUID, uuid4

import attrs

from pact_domain import _validation as v
from pact_domain.errors import DomainRuleError, InvalidValueError
from pact_domain.events import EventMeta, PactEvent
from pact_domain.partnership._core import report_key
from pact_domain.partnership._state import Commitment, Kpi, KpiReport
from pact_domain.values import Baseline, BreakdownValue, ReportingPeriod, Target
from pact_domain.vocabularies import (
    CalculationMethod,
    CharterPrinciple,
    CommitmentCategory,
    CommitmentKind,
    CommitmentScope,
    DataSource,
    Dimension,
    KpiCategory,
    Measure,
    PartnershipStatus,
    Periodicity,
)

if TYPE_CHECKING:
    from pact_domain.partnership._aggregate import Partnership
    from pact_domain.partnership._core import PartnershipCore as _Core
else:
    _Core = object

__all__ = [
    "CommitmentCommands",
    "CommitmentPledged",
    "CommitmentRevised",
    "CommitmentWithdrawn",
    "KpiDefined",
    "KpiDefinition",
    "KpiReportCorrected",
    "KpiReported",
    "KpiRetired",
    "KpiTargetRevised",
]

_E = "Partnership"
S = PartnershipStatus


@attrs.frozen
class KpiDefinition:
    """What defines a KPI (§3.4; IATI 2.03 indicator).

    Args:
        name: what is counted, e.g. "People trained in LLL courses".
        category: which of the four §3.4 dimensions it tracks.
        measure: count, percentage, money (EUR), hours, ratio, ordinal or
            qualitative/milestone.
        ascending: whether a larger value is better (IATI ``ascending``).
        baseline: the value before the partnership and its year.
        target: the target value, unit and target date.
        periodicity: how often it is reported.
        calculation: how values combine across periods and contributors.
        dimensions: the breakdowns reported (gender, EQF level, ...).
        data_source: administrative records, survey or desk research.
        unit: the unit counted ("people", "EUR", "courses"...).
    """

    name: str
    category: KpiCategory | str
    measure: Measure | str
    periodicity: Periodicity | str = Periodicity.ANNUAL
    calculation: CalculationMethod | str = CalculationMethod.SUM
    ascending: bool = True
    baseline: Baseline | None = None
    target: Target | None = None
    dimensions: tuple[Dimension | str, ...] = ()
    data_source: DataSource | str = DataSource.SURVEY
    unit: str = ""

    def validated(self, entity: str) -> dict[str, Any]:
        """The event fields of this definition, every rule checked."""
        measure = v.member_of(entity, "measure", self.measure, Measure)
        if self.baseline is not None and not isinstance(self.baseline, Baseline):
            raise InvalidValueError(
                entity, "baseline", "must be a Baseline", self.baseline
            )
        if self.target is not None and not isinstance(self.target, Target):
            raise InvalidValueError(entity, "target", "must be a Target", self.target)
        if not isinstance(self.ascending, bool):
            raise InvalidValueError(
                entity, "ascending", "must be true or false", self.ascending
            )
        _check_target(entity, measure, self.baseline, self.target)
        return {
            "name": v.text(entity, "name", self.name),
            "category": v.member_of(entity, "category", self.category, KpiCategory),
            "measure": measure,
            "unit": v.text(entity, "unit", self.unit, limit=60, empty=True),
            "ascending": self.ascending,
            "baseline": self.baseline,
            "target": self.target,
            "periodicity": v.member_of(
                entity, "periodicity", self.periodicity, Periodicity
            ),
            "calculation": v.member_of(
                entity, "calculation", self.calculation, CalculationMethod
            ),
            "dimensions": v.members_of(
                entity, "dimensions", self.dimensions, Dimension
            ),
            "data_source": v.member_of(
                entity, "data_source", self.data_source, DataSource
            ),
        }


def _check_target(
    entity: str, measure: Measure, baseline: Baseline | None, target: Target | None
) -> None:
    if baseline is not None and measure is not Measure.QUALITATIVE:
        # Its magnitude and scale only: a baseline may be below zero (a
        # change measured from a deficit).
        v.magnitude(
            entity,
            "baseline",
            baseline.value,
            largest=measure.largest,
            smallest=-measure.largest,
            places=measure.places,
            what=f"{v.article(measure)} baseline",
        )
    if target is None:
        return
    # A qualitative KPI is a milestone: value 1 means reached.
    if measure is Measure.QUALITATIVE and target.value not in (Decimal(0), Decimal(1)):
        raise InvalidValueError(
            entity,
            "target",
            "a qualitative/milestone KPI's target is 1 (reached)",
            target.value,
        )
    _check_value(entity, "target", measure, target.value)
    if (
        baseline is not None
        and target.deadline is not None
        and target.deadline.year < baseline.year
    ):
        raise InvalidValueError(
            entity,
            "target",
            f"the target date {target.deadline} is before the baseline year "
            f"{baseline.year}",
            target.deadline,
        )


def _check_value(entity: str, field: str, measure: Measure, value: Decimal) -> None:
    """Refuse a value outside its measure's range or scale (see
    :attr:`Measure.largest`, :attr:`Measure.places`)."""
    if value < 0 and measure is not Measure.RATIO:
        raise InvalidValueError(
            entity, field, f"{v.article(measure)} value must not be negative", value
        )
    if measure is Measure.PERCENTAGE and value > 100:
        raise InvalidValueError(
            entity, field, "a percentage must be between 0 and 100", value
        )
    if measure is Measure.COUNT and value != value.to_integral_value():
        raise InvalidValueError(entity, field, "a count must be a whole number", value)
    v.magnitude(
        entity,
        field,
        value,
        largest=measure.largest,
        smallest=measure.smallest,
        places=measure.places,
        what=f"{v.article(measure)} value",
    )


class CommitmentPledged(PactEvent):
    """A commitment was pledged by the partnership or one member (§3.3, Box 11)."""

    commitment_id: UUID
    kind: CommitmentKind
    category: CommitmentCategory
    scope: CommitmentScope
    member_id: UUID | None
    statement: str
    principles: tuple[CharterPrinciple, ...]
    target: Target | None

    def apply(self, aggregate: Partnership) -> None:
        aggregate.commitments[self.commitment_id] = Commitment(
            id=self.commitment_id,
            kind=self.kind,
            category=self.category,
            scope=self.scope,
            member_id=self.member_id,
            statement=self.statement,
            principles=self.principles,
            target=self.target,
        )


class CommitmentRevised(PactEvent):
    """A commitment's statement, principles or target were revised."""

    commitment_id: UUID
    statement: str
    principles: tuple[CharterPrinciple, ...]
    target: Target | None
    reason: str

    def apply(self, aggregate: Partnership) -> None:
        c = aggregate.commitments[self.commitment_id]
        aggregate.commitments[c.id] = attrs.evolve(
            c,
            statement=self.statement,
            principles=self.principles,
            target=self.target,
        )


class CommitmentWithdrawn(PactEvent):
    """A commitment was withdrawn; its KPIs take no more reports."""

    commitment_id: UUID
    reason: str

    def apply(self, aggregate: Partnership) -> None:
        c = aggregate.commitments[self.commitment_id]
        aggregate.commitments[c.id] = attrs.evolve(c, withdrawn=True)


class KpiDefined(PactEvent):
    """A KPI was defined to monitor a commitment (§3.4)."""

    kpi_id: UUID
    commitment_id: UUID
    name: str
    category: KpiCategory
    measure: Measure
    unit: str
    ascending: bool
    baseline: Baseline | None
    target: Target | None
    periodicity: Periodicity
    calculation: CalculationMethod
    dimensions: tuple[Dimension, ...]
    data_source: DataSource

    def apply(self, aggregate: Partnership) -> None:
        aggregate.kpis[self.kpi_id] = Kpi(
            id=self.kpi_id,
            commitment_id=self.commitment_id,
            name=self.name,
            category=self.category,
            measure=self.measure,
            unit=self.unit,
            ascending=self.ascending,
            baseline=self.baseline,
            target=self.target,
            periodicity=self.periodicity,
            calculation=self.calculation,
            dimensions=self.dimensions,
            data_source=self.data_source,
        )


class KpiTargetRevised(PactEvent):
    """A KPI's target (value, unit, date) was revised."""

    kpi_id: UUID
    target: Target
    reason: str

    def apply(self, aggregate: Partnership) -> None:
        k = aggregate.kpis[self.kpi_id]
        aggregate.kpis[k.id] = attrs.evolve(k, target=self.target)


class KpiRetired(PactEvent):
    """A KPI was retired; it takes no more reports."""

    kpi_id: UUID
    reason: str

    def apply(self, aggregate: Partnership) -> None:
        k = aggregate.kpis[self.kpi_id]
        aggregate.kpis[k.id] = attrs.evolve(k, retired=True)


class KpiReported(PactEvent):
    """A value of a KPI was reported for a period (§3.4, §6.2)."""

    report_id: UUID
    kpi_id: UUID
    period: ReportingPeriod
    value: Decimal | None
    text: str
    breakdowns: tuple[BreakdownValue, ...]
    reported_by: UUID | None
    source: DataSource

    def apply(self, aggregate: Partnership) -> None:
        report = KpiReport(
            id=self.report_id,
            kpi_id=self.kpi_id,
            period=self.period,
            value=self.value,
            text=self.text,
            breakdowns=self.breakdowns,
            reported_by=self.reported_by,
            source=self.source,
            reported_at=self.timestamp,
        )
        index = aggregate._built_report_index()
        aggregate.reports[report.id] = report
        if index is not None:
            index.setdefault(report_key(report), report.id)


class KpiReportCorrected(PactEvent):
    """A KPI report was corrected: the correction supersedes it, and both stay
    in the history."""

    report_id: UUID
    corrects: UUID
    value: Decimal | None
    text: str
    breakdowns: tuple[BreakdownValue, ...]
    source: DataSource
    reason: str

    def apply(self, aggregate: Partnership) -> None:
        old = aggregate.reports[self.corrects]
        superseded = attrs.evolve(old, superseded_by=self.report_id)
        correction = attrs.evolve(
            old,
            id=self.report_id,
            value=self.value,
            text=self.text,
            breakdowns=self.breakdowns,
            source=self.source,
            reported_at=self.timestamp,
            corrects=old.id,
            superseded_by=None,
        )
        index = aggregate._built_report_index()
        reports = aggregate.reports
        reports[old.id] = superseded
        reports[correction.id] = correction
        if index is not None:
            # The correction takes over the key (KPI, period and reporter are
            # copied) from the report it supersedes.
            index[report_key(correction)] = correction.id


def _principles(entity: str, values: Any) -> tuple[CharterPrinciple, ...]:
    return v.members_of(entity, "principles", values, CharterPrinciple, at_least=1)


def _reported_value(
    entity: str, kpi: Kpi, value: object, text: str
) -> tuple[Decimal | None, str]:
    note = v.free_text(entity, "text", text)
    if kpi.measure is Measure.QUALITATIVE:
        if value is None:
            if not note:
                raise InvalidValueError(
                    entity,
                    "text",
                    "a qualitative KPI report describes progress in text",
                )
            return None, note
        number = v.decimal(entity, "value", value)
        if number not in (Decimal(0), Decimal(1)):
            raise InvalidValueError(
                entity,
                "value",
                "a qualitative/milestone KPI reports 1 (reached) or 0 (not yet)",
                number,
            )
        return number, note
    if value is None:
        raise InvalidValueError(
            entity, "value", f"{v.article(kpi.measure)} KPI report needs a value"
        )
    number = v.decimal(entity, "value", value)
    _check_value(entity, "value", kpi.measure, number)
    return number, note


def _breakdowns(
    entity: str, kpi: Kpi, total: Decimal | None, values: Any
) -> tuple[BreakdownValue, ...]:
    items = values if type(values) is tuple else tuple(values)
    if not items:
        return items
    dimensions = kpi.dimensions
    measure = kpi.measure
    categories: dict[Dimension, set[str]] = {}
    sums: dict[Dimension, Decimal] = {}
    for b in items:
        if not isinstance(b, BreakdownValue):
            raise InvalidValueError(
                entity, "breakdowns", "each must be a BreakdownValue", b
            )
        dim = b.dimension
        if dim not in dimensions:
            allowed = ", ".join(dimensions) or "none"
            raise InvalidValueError(
                entity,
                "breakdowns",
                f"KPI {kpi.name!r} is not broken down by {dim} "
                f"(its dimensions: {allowed})",
                b,
            )
        seen = categories.get(dim)
        if seen is None:
            seen = categories[dim] = set()
        elif b.category in seen:
            raise InvalidValueError(
                entity,
                "breakdowns",
                f"{dim}={b.category} is given twice",
                b,
            )
        _check_value(entity, "breakdowns", measure, b.value)
        seen.add(b.category)
        sums[dim] = sums[dim] + b.value if dim in sums else _ZERO + b.value
    if total is not None and measure not in (Measure.PERCENTAGE, Measure.RATIO):
        for dim, parts_sum in sums.items():
            if dim.is_exhaustive and parts_sum != total:
                raise InvalidValueError(
                    entity,
                    "breakdowns",
                    f"the {dim} breakdown adds up to {parts_sum}, not to the "
                    f"reported total {total}",
                    parts_sum,
                )
    return items


_ZERO = Decimal(0)


class CommitmentCommands(_Core):
    """Commitment, KPI and reporting commands (mixed into :class:`Partnership`)."""

    def pledge_commitment(
        self,
        *,
        category: CommitmentCategory | str,
        statement: str,
        principles: tuple[CharterPrinciple | str, ...],
        kpis: tuple[KpiDefinition, ...],
        member_id: UUID | None = None,
        target: Target | None = None,
        meta: EventMeta,
        commitment_id: UUID | None = None,
        kpi_ids: tuple[UUID, ...] | None = None,
    ) -> tuple[UUID, tuple[UUID, ...]]:
        """Pledge a commitment with its first KPI(s).

        ``member_id`` makes it one member's commitment (Box 11); otherwise it
        is the partnership's.  Returns the commitment id and the KPI ids.
        """
        self._require_status("pledge_commitment", S.ACCEPTED, S.ACTIVE)
        cat = v.member_of(_E, "category", category, CommitmentCategory)
        if member_id is not None:
            self._require_member(member_id, "member_id")
        if target is not None and not isinstance(target, Target):
            raise InvalidValueError(self.entity, "target", "must be a Target", target)
        definitions = tuple(kpis)
        if not definitions:
            raise DomainRuleError(
                self.entity,
                "kpis",
                "a commitment is monitored by at least one KPI (Pact for Skills "
                "Charter, Box 1)",
            )
        kpi_fields = [d.validated("Kpi") for d in definitions]
        ids = (
            tuple(kpi_ids)
            if kpi_ids is not None
            else tuple(uuid4() for _ in definitions)
        )
        if len(ids) != len(definitions):
            raise InvalidValueError(
                self.entity, "kpi_ids", "give one id per KPI definition", kpi_ids
            )
        if len(set(ids)) != len(ids):
            raise InvalidValueError(
                self.entity, "kpi_ids", "each KPI needs its own id", kpi_ids
            )
        for kid in ids:
            if kid in self.kpis:
                raise DomainRuleError(
                    self.entity, "kpi_ids", f"KPI {kid} already exists"
                )
        cid = commitment_id or uuid4()
        if cid in self.commitments:
            raise DomainRuleError(
                self.entity, "commitment_id", f"commitment {cid} already exists"
            )
        self._trigger(
            CommitmentPledged,
            meta,
            commitment_id=cid,
            kind=cat.kind,
            category=cat,
            scope=CommitmentScope.MEMBER if member_id else CommitmentScope.PARTNERSHIP,
            member_id=member_id,
            statement=v.free_text(_E, "statement", statement, empty=False),
            principles=_principles(_E, principles),
            target=target,
        )
        for kid, fields in zip(ids, kpi_fields, strict=True):
            self._trigger(KpiDefined, meta, kpi_id=kid, commitment_id=cid, **fields)
        return cid, ids

    def revise_commitment(
        self,
        *,
        commitment_id: UUID,
        reason: str,
        meta: EventMeta,
        statement: str | None = None,
        principles: tuple[CharterPrinciple | str, ...] | None = None,
        target: Target | None = None,
    ) -> None:
        """Revise a live commitment's statement, principles or target."""
        self._require_status("revise_commitment", S.ACCEPTED, S.ACTIVE)
        c = self._live_commitment(commitment_id)
        if statement is None and principles is None and target is None:
            raise InvalidValueError(self.entity, None, "nothing to revise was given")
        if target is not None and not isinstance(target, Target):
            raise InvalidValueError(self.entity, "target", "must be a Target", target)
        self._trigger(
            CommitmentRevised,
            meta,
            commitment_id=c.id,
            statement=c.statement
            if statement is None
            else v.free_text(_E, "statement", statement, empty=False),
            principles=c.principles
            if principles is None
            else _principles(_E, principles),
            target=c.target if target is None else target,
            reason=v.free_text(_E, "reason", reason, empty=False),
        )

    def withdraw_commitment(
        self, *, commitment_id: UUID, reason: str, meta: EventMeta
    ) -> None:
        """Withdraw a live commitment."""
        self._require_status("withdraw_commitment", S.ACCEPTED, S.ACTIVE)
        c = self._live_commitment(commitment_id)
        self._trigger(
            CommitmentWithdrawn,
            meta,
            commitment_id=c.id,
            reason=v.free_text(_E, "reason", reason, empty=False),
        )

    def define_kpi(
        self,
        *,
        commitment_id: UUID,
        definition: KpiDefinition,
        meta: EventMeta,
        kpi_id: UUID | None = None,
    ) -> UUID:
        """Add a KPI to a live commitment; return its id."""
        self._require_status("define_kpi", S.ACCEPTED, S.ACTIVE)
        c = self._live_commitment(commitment_id)
        fields = definition.validated("Kpi")
        kid = kpi_id or uuid4()
        if kid in self.kpis:
            raise DomainRuleError(self.entity, "kpi_id", f"KPI {kid} already exists")
        self._trigger(KpiDefined, meta, kpi_id=kid, commitment_id=c.id, **fields)
        return kid

    def revise_kpi_target(
        self, *, kpi_id: UUID, target: Target, reason: str, meta: EventMeta
    ) -> None:
        """Revise a live KPI's target."""
        self._require_status("revise_kpi_target", S.ACCEPTED, S.ACTIVE)
        k = self._live_kpi(kpi_id)
        if not isinstance(target, Target):
            raise InvalidValueError(self.entity, "target", "must be a Target", target)
        _check_target("Kpi", k.measure, k.baseline, target)
        if target == k.target:
            raise DomainRuleError(self.entity, "target", "the target is unchanged")
        self._trigger(
            KpiTargetRevised,
            meta,
            kpi_id=k.id,
            target=target,
            reason=v.free_text(_E, "reason", reason, empty=False),
        )

    def retire_kpi(self, *, kpi_id: UUID, reason: str, meta: EventMeta) -> None:
        """Retire a KPI, unless it is its live commitment's last live KPI."""
        self._require_status("retire_kpi", S.ACCEPTED, S.ACTIVE)
        k = self._live_kpi(kpi_id)
        c = self.commitments[k.commitment_id]
        if not c.withdrawn:
            others = [
                o
                for o in self.kpis.values()
                if o.commitment_id == c.id and not o.retired and o.id != k.id
            ]
            if not others:
                raise DomainRuleError(
                    self.entity,
                    "kpi_id",
                    f"KPI {k.id} is the last live KPI of commitment {c.id}; every "
                    "commitment keeps at least one KPI (Charter, Box 1) — define "
                    "another first or withdraw the commitment",
                )
        self._trigger(
            KpiRetired,
            meta,
            kpi_id=k.id,
            reason=v.free_text(_E, "reason", reason, empty=False),
        )

    def report_kpi(
        self,
        *,
        kpi_id: UUID,
        period: ReportingPeriod,
        value: Decimal | int | str | None = None,
        text: str = "",
        breakdowns: tuple[BreakdownValue, ...] = (),
        reported_by: UUID | None = None,
        source: DataSource | str = DataSource.ADMINISTRATIVE,
        meta: EventMeta,
        report_id: UUID | None = None,
    ) -> UUID:
        """Report a KPI's value for a period; return the report id."""
        self._require_status("report_kpi", S.ACCEPTED, S.ACTIVE)
        k = self._live_kpi(kpi_id)
        if self.commitments[k.commitment_id].withdrawn:
            raise DomainRuleError(
                self.entity,
                "kpi_id",
                f"KPI {k.id} monitors withdrawn commitment {k.commitment_id}",
            )
        if not isinstance(period, ReportingPeriod):
            raise InvalidValueError(
                self.entity, "period", "must be a ReportingPeriod", period
            )
        if reported_by is not None:
            self._require_member(reported_by, "reported_by")
        number, note = _reported_value("KpiReport", k, value, text)
        parts = _breakdowns("KpiReport", k, number, breakdowns)
        current = self._current_report_index().get((k.id, period, reported_by))
        if current is not None:
            raise DomainRuleError(
                self.entity,
                "period",
                f"KPI {k.id} already has report {current} for {period} from this "
                "reporter; correct that report instead",
            )
        rid = report_id or uuid4()
        if rid in self.reports:
            raise DomainRuleError(
                self.entity, "report_id", f"report {rid} already exists"
            )
        self._trigger(
            KpiReported,
            meta,
            report_id=rid,
            kpi_id=k.id,
            period=period,
            value=number,
            text=note,
            breakdowns=parts,
            reported_by=reported_by,
            source=v.member_of(_E, "source", source, DataSource),
        )
        return rid

    def correct_kpi_report(
        self,
        *,
        report_id: UUID,
        reason: str,
        meta: EventMeta,
        value: Decimal | int | str | None = None,
        text: str | None = None,
        breakdowns: tuple[BreakdownValue, ...] | None = None,
        source: DataSource | str | None = None,
        correction_id: UUID | None = None,
    ) -> UUID:
        """Correct a current report; return the correction's report id.

        Fields left ``None`` keep the corrected report's values.
        """
        self._require_status("correct_kpi_report", S.ACCEPTED, S.ACTIVE)
        old = self.reports.get(report_id)
        if old is None:
            raise DomainRuleError(
                self.entity, "report_id", f"there is no report {report_id}"
            )
        if not old.is_current:
            raise DomainRuleError(
                self.entity,
                "report_id",
                f"report {report_id} was already corrected by {old.superseded_by}; "
                "correct the latest report",
            )
        k = self.kpis[old.kpi_id]
        number, note = _reported_value(
            "KpiReport",
            k,
            old.value if value is None else value,
            old.text if text is None else text,
        )
        parts = _breakdowns(
            "KpiReport", k, number, old.breakdowns if breakdowns is None else breakdowns
        )
        new_source = (
            old.source
            if source is None
            else v.member_of(_E, "source", source, DataSource)
        )
        if (number, note, parts, new_source) == (
            old.value,
            old.text,
            old.breakdowns,
            old.source,
        ):
            raise DomainRuleError(
                self.entity, "report_id", "the correction changes nothing"
            )
        rid = correction_id or uuid4()
        if rid in self.reports:
            raise DomainRuleError(
                self.entity, "correction_id", f"report {rid} already exists"
            )
        self._trigger(
            KpiReportCorrected,
            meta,
            report_id=rid,
            corrects=old.id,
            value=number,
            text=note,
            breakdowns=parts,
            source=new_source,
            reason=v.free_text(_E, "reason", reason, empty=False),
        )
        return rid

    # -- helpers --------------------------------------------------------------

    def _live_commitment(self, commitment_id: UUID) -> Commitment:
        c = self.commitments.get(commitment_id)
        if c is None:
            raise DomainRuleError(
                self.entity, "commitment_id", f"there is no commitment {commitment_id}"
            )
        if c.withdrawn:
            raise DomainRuleError(
                self.entity,
                "commitment_id",
                f"commitment {commitment_id} was withdrawn",
            )
        return c

    def _live_kpi(self, kpi_id: UUID) -> Kpi:
        k = self.kpis.get(kpi_id)
        if k is None:
            raise DomainRuleError(self.entity, "kpi_id", f"there is no KPI {kpi_id}")
        if k.retired:
            raise DomainRuleError(self.entity, "kpi_id", f"KPI {kpi_id} was retired")
        return k
