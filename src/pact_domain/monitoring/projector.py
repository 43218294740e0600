"""The projector: how each domain event changes the monitoring read model.

It dispatches on the event's type; events it has no handler for (and
notifications whose topic it does not know) are ignored, so new event types
never break the views.  Each handler reads and writes a bounded number of
rows (:mod:`.records`) through a :class:`ViewChanges` buffer, which the
follower commits to the :class:`~.store.ViewStore` together with the tracked
position.

Handlers are tolerant: an event whose subject is not in the read model — which
happens when the log is folded *as of* a past instant on the effective-time
axis, e.g. a correction that took effect before the report it corrects — is
ignored.
"""

from __future__ import annotations

import typing
from collections.abc import Callable
from typing import Any, Final
from uuid import UUID

import attrs
import orjson
from eventsourcing.persistence import Mapper, Notification
from eventsourcing.utils import get_topic

from pact_domain._mapper import _MISSING, EventMapper, _class_version, _fields
from pact_domain.monitoring.records import (
    ActivityRow,
    CommitmentRow,
    CommunicationRow,
    DeliverableRow,
    ExerciseRow,
    FundingRow,
    KpiRow,
    MemberRow,
    MembershipSpell,
    OrganisationRow,
    PartnershipRow,
    RecruitmentRow,
    RegionalLinkRow,
    ReportRow,
    SkillsAssessmentRow,
    SteeringMemberRow,
    SurveyRow,
    WorkingGroupRow,
)
from pact_domain.monitoring.store import (
    RowKey,
    ViewStore,
    decode_row,
    encode_data,
    row_data,
)
from pact_domain.organisation import (
    CharterSigned,
    OrganisationDetailsUpdated,
    OrganisationRegistered,
)
from pact_domain.partnership import activities as _act
from pact_domain.partnership import governance as _gov
from pact_domain.partnership import lifecycle as _life
from pact_domain.partnership import monitoring as _mon
from pact_domain.partnership import regional as _reg
from pact_domain.partnership import workplan as _wp
from pact_domain.partnership.commitments import (
    CommitmentPledged,
    CommitmentRevised,
    CommitmentWithdrawn,
    KpiDefined,
    KpiReportCorrected,
    KpiReported,
    KpiRetired,
    KpiTargetRevised,
)
from pact_domain.partnership.membership import (
    MemberJoined,
    MemberLeft,
    MemberTierChanged,
)
from pact_domain.partnership.review import (
    KpiReportApproved,
    KpiReportReturned,
    ReviewStatus,
)
from pact_domain.vocabularies import AssessmentOutcome, PartnershipStatus

__all__ = ["HANDLED_EVENTS", "PLAIN_EVENTS", "Projector", "ViewChanges"]

_dumps = encode_data
_loads = orjson.loads


class ViewChanges:
    """Row changes of one batch: reads see earlier writes of the batch, then
    the store; nothing reaches the store until the follower commits.

    A change is a row object, a row already encoded (``bytes`` of
    :func:`~.store.encode_row`'s JSON, put by the projector's handlers of
    stored events' JSON for stores that take them), or ``None`` (deleted).
    """

    def __init__(self, store: ViewStore) -> None:
        self._store = store
        self.changes: dict[RowKey, Any | None] = {}

    def get(self, table: str, group: str, key: str) -> Any | None:
        """The row as the batch has it so far."""
        address = (table, group, key)
        changes = self.changes
        if address in changes:
            row = changes[address]
            return decode_row(table, row) if type(row) is bytes else row
        return self._store.get_row(table, group, key)

    def get_data(self, table: str, group: str, key: str) -> dict[str, Any] | None:
        """The row as the batch has it so far, as plain data (a new ``dict``
        the caller may change: :func:`~.store.encode_row`'s JSON, loaded)."""
        address = (table, group, key)
        changes = self.changes
        if address in changes:
            row = changes[address]
            if row is None:
                return None
            if type(row) is bytes:
                data: dict[str, Any] = _loads(row)
                return data
            return row_data(table, row)
        encoded = self._store.get_encoded(table, group, key)
        return None if encoded is None else _loads(encoded)

    def put(self, table: str, group: str, key: str, row: Any) -> None:
        """Write a row."""
        self.changes[(table, group, key)] = row

    def put_data(self, table: str, group: str, key: str, data: dict[str, Any]) -> None:
        """Write a row given as plain data (kept encoded until the commit)."""
        self.changes[(table, group, key)] = _dumps(data)

    def delete(self, table: str, group: str, key: str) -> None:
        """Delete a row."""
        self.changes[(table, group, key)] = None

    def __len__(self) -> int:
        return len(self.changes)


Handler = Callable[[Any, ViewChanges], None]
_HANDLERS: dict[type[Any], Handler] = {}


def _on(*event_classes: type[Any]) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        for cls in event_classes:
            _HANDLERS[cls] = fn
        return fn

    return register


def _g(event: Any) -> str:
    """The group of a partnership's rows: the partnership id."""
    return str(event.originator_id)


def _k(value: UUID) -> str:
    return str(value)


# -- organisations ---------------------------------------------------------------


@_on(OrganisationRegistered)
def _org_registered(e: OrganisationRegistered, v: ViewChanges) -> None:
    v.put(
        "organisation",
        "",
        _g(e),
        OrganisationRow(
            id=e.originator_id,
            name=e.name,
            stakeholder_type=e.stakeholder_type,
            size=e.size,
            country=e.country,
            region=e.region,
            ecosystems=e.ecosystems,
            registered_at=e.effective_at,
        ),
    )


@_on(OrganisationDetailsUpdated)
def _org_updated(e: OrganisationDetailsUpdated, v: ViewChanges) -> None:
    row = v.get("organisation", "", _g(e))
    if row is None:
        return
    changed = {
        f: getattr(e, f)
        for f in ("name", "stakeholder_type", "size", "country", "region", "ecosystems")
        if getattr(e, f) is not None
    }
    v.put("organisation", "", _g(e), attrs.evolve(row, **changed))


@_on(CharterSigned)
def _charter_signed(e: CharterSigned, v: ViewChanges) -> None:
    row = v.get("organisation", "", _g(e))
    if row is not None:
        v.put(
            "organisation", "", _g(e), attrs.evolve(row, charter_signed_on=e.signed_on)
        )


# -- partnership lifecycle and governance ---------------------------------------


@_on(_life.ExpressionOfInterestSubmitted)
def _eoi(e: _life.ExpressionOfInterestSubmitted, v: ViewChanges) -> None:
    v.put(
        "partnership",
        "",
        _g(e),
        PartnershipRow(
            id=e.originator_id,
            name=e.name,
            kind=e.kind,
            status=PartnershipStatus.PROPOSED,
            countries=e.countries,
            regions=e.regions,
            ecosystems=e.ecosystems,
            linked_lsp_id=e.linked_lsp_id,
            submitted_at=e.effective_at,
        ),
    )


def _partnership(e: Any, v: ViewChanges, **changes: Any) -> None:
    row = v.get("partnership", "", _g(e))
    if row is not None:
        v.put("partnership", "", _g(e), attrs.evolve(row, **changes))


@_on(_life.ExpressionOfInterestUpdated)
def _eoi_updated(e: _life.ExpressionOfInterestUpdated, v: ViewChanges) -> None:
    _partnership(
        e,
        v,
        name=e.name,
        status=PartnershipStatus.PROPOSED,
        countries=e.countries,
        regions=e.regions,
        ecosystems=e.ecosystems,
        linked_lsp_id=e.linked_lsp_id,
    )


_OUTCOME = {
    AssessmentOutcome.ACCEPTED: PartnershipStatus.ACCEPTED,
    AssessmentOutcome.DECLINED: PartnershipStatus.DECLINED,
    AssessmentOutcome.MORE_INFORMATION_NEEDED: (
        PartnershipStatus.MORE_INFORMATION_NEEDED
    ),
}


@_on(_life.ExpressionOfInterestAssessed)
def _assessed(e: _life.ExpressionOfInterestAssessed, v: ViewChanges) -> None:
    _partnership(e, v, status=_OUTCOME[e.outcome])


@_on(_life.AgreementSigned)
def _signed(e: _life.AgreementSigned, v: ViewChanges) -> None:
    row = v.get("partnership", "", _g(e))
    if row is not None:
        first = row.signed_on if row.signed_on is not None else e.signed_on
        v.put(
            "partnership",
            "",
            _g(e),
            attrs.evolve(row, status=PartnershipStatus.ACTIVE, signed_on=first),
        )


@_on(_life.PartnershipClosed)
def _closed(e: _life.PartnershipClosed, v: ViewChanges) -> None:
    _partnership(e, v, status=PartnershipStatus.CLOSED, closed_on=e.closed_on)


@_on(_gov.CoordinatorAppointed)
def _coordinator(e: _gov.CoordinatorAppointed, v: ViewChanges) -> None:
    row = v.get("partnership", "", _g(e))
    if row is not None and e.organisation_id not in row.coordinators:
        _partnership(e, v, coordinators=(*row.coordinators, e.organisation_id))


@_on(_gov.CoordinationTransferred)
def _transferred(e: _gov.CoordinationTransferred, v: ViewChanges) -> None:
    row = v.get("partnership", "", _g(e))
    if row is not None:
        coordinators = tuple(
            e.to_organisation_id if c == e.from_organisation_id else c
            for c in row.coordinators
        )
        _partnership(e, v, coordinators=coordinators)


# -- membership ------------------------------------------------------------------


@_on(MemberJoined)
def _joined(e: MemberJoined, v: ViewChanges) -> None:
    key = _k(e.organisation_id)
    row = v.get("member", _g(e), key)
    spell = MembershipSpell(joined_at=e.effective_at)
    if row is None:
        row = MemberRow(
            partnership_id=e.originator_id,
            organisation_id=e.organisation_id,
            tier=e.tier,
            spells=(spell,),
        )
    elif row.is_current:
        return
    else:
        row = attrs.evolve(row, tier=e.tier, spells=(*row.spells, spell))
    v.put("member", _g(e), key, row)


@_on(MemberLeft)
def _left(e: MemberLeft, v: ViewChanges) -> None:
    key = _k(e.organisation_id)
    row = v.get("member", _g(e), key)
    if row is None or not row.is_current:
        return
    last = attrs.evolve(row.spells[-1], left_at=e.effective_at)
    v.put("member", _g(e), key, attrs.evolve(row, spells=(*row.spells[:-1], last)))


@_on(MemberTierChanged)
def _tier(e: MemberTierChanged, v: ViewChanges) -> None:
    key = _k(e.organisation_id)
    row = v.get("member", _g(e), key)
    if row is not None:
        v.put("member", _g(e), key, attrs.evolve(row, tier=e.tier))


# -- commitments and KPIs -----------------------------------------------------------


@_on(CommitmentPledged)
def _pledged(e: CommitmentPledged, v: ViewChanges) -> None:
    v.put(
        "commitment",
        _g(e),
        _k(e.commitment_id),
        CommitmentRow(
            id=e.commitment_id,
            partnership_id=e.originator_id,
            kind=e.kind,
            category=e.category,
            scope=e.scope,
            member_id=e.member_id,
            statement=e.statement,
            principles=e.principles,
            target=e.target,
            pledged_at=e.effective_at,
        ),
    )


def _update(table: str, e: Any, key: UUID, v: ViewChanges, **changes: Any) -> None:
    row = v.get(table, _g(e), _k(key))
    if row is not None:
        v.put(table, _g(e), _k(key), attrs.evolve(row, **changes))


@_on(CommitmentRevised)
def _revised(e: CommitmentRevised, v: ViewChanges) -> None:
    _update(
        "commitment",
        e,
        e.commitment_id,
        v,
        statement=e.statement,
        principles=e.principles,
        target=e.target,
    )


@_on(CommitmentWithdrawn)
def _withdrawn(e: CommitmentWithdrawn, v: ViewChanges) -> None:
    _update("commitment", e, e.commitment_id, v, withdrawn_at=e.effective_at)


@_on(KpiDefined)
def _kpi_defined(e: KpiDefined, v: ViewChanges) -> None:
    v.put(
        "kpi",
        _g(e),
        _k(e.kpi_id),
        KpiRow(
            id=e.kpi_id,
            partnership_id=e.originator_id,
            commitment_id=e.commitment_id,
            name=e.name,
            category=e.category,
            measure=e.measure,
            unit=e.unit,
            ascending=e.ascending,
            baseline=e.baseline,
            target=e.target,
            periodicity=e.periodicity,
            calculation=e.calculation,
            dimensions=e.dimensions,
            defined_at=e.effective_at,
        ),
    )


@_on(KpiTargetRevised)
def _kpi_target(e: KpiTargetRevised, v: ViewChanges) -> None:
    _update("kpi", e, e.kpi_id, v, target=e.target)


@_on(KpiRetired)
def _kpi_retired(e: KpiRetired, v: ViewChanges) -> None:
    _update("kpi", e, e.kpi_id, v, retired_at=e.effective_at)


@_on(KpiReported)
def _reported(e: KpiReported, v: ViewChanges) -> None:
    v.put(
        "report",
        _g(e),
        _k(e.report_id),
        ReportRow(
            id=e.report_id,
            partnership_id=e.originator_id,
            kpi_id=e.kpi_id,
            period=e.period,
            value=e.value,
            breakdowns=e.breakdowns,
            reported_by=e.reported_by,
            submitted_at=e.timestamp,
            effective_at=e.effective_at,
        ),
    )


@_on(KpiReportCorrected)
def _corrected(e: KpiReportCorrected, v: ViewChanges) -> None:
    old = v.get("report", _g(e), _k(e.corrects))
    if old is None:
        return
    v.put("report", _g(e), _k(old.id), attrs.evolve(old, superseded_by=e.report_id))
    v.put(
        "report",
        _g(e),
        _k(e.report_id),
        ReportRow(
            id=e.report_id,
            partnership_id=e.originator_id,
            kpi_id=old.kpi_id,
            period=old.period,
            value=e.value,
            breakdowns=e.breakdowns,
            reported_by=old.reported_by,
            submitted_at=e.timestamp,
            effective_at=e.effective_at,
            corrects=old.id,
        ),
    )


@_on(KpiReportApproved, KpiReportReturned)
def _reviewed(e: KpiReportApproved | KpiReportReturned, v: ViewChanges) -> None:
    approved = isinstance(e, KpiReportApproved)
    _update(
        "report",
        e,
        e.report_id,
        v,
        review_status=ReviewStatus.APPROVED if approved else ReviewStatus.RETURNED,
        reviewed_by=e.reviewer_id,
        review_reason="" if approved else getattr(e, "reason", ""),
    )


# -- activities, communications, funding ---------------------------------------------


@_on(_act.ActivityHeld)
def _activity(e: _act.ActivityHeld, v: ViewChanges) -> None:
    v.put(
        "activity",
        _g(e),
        _k(e.activity_id),
        ActivityRow(
            id=e.activity_id,
            type=e.type,
            held_on=e.held_on,
            participants=e.participants,
            organisations_present=len(e.organisation_ids) + e.other_organisations,
        ),
    )


@_on(_act.CommunicationPublished)
def _communication(e: _act.CommunicationPublished, v: ViewChanges) -> None:
    v.put(
        "communication",
        _g(e),
        _k(e.communication_id),
        CommunicationRow(
            id=e.communication_id,
            channel=str(e.channel),
            reach=e.reach,
            published_on=e.published_on,
        ),
    )


@_on(_act.FundingSecured)
def _funding(e: _act.FundingSecured, v: ViewChanges) -> None:
    v.put(
        "funding",
        _g(e),
        _k(e.funding_id),
        FundingRow(
            id=e.funding_id,
            programme=e.programme,
            amount_eur=e.amount_eur,
            secured_on=e.secured_on,
        ),
    )


# -- work plan ----------------------------------------------------------------------


def _put_deliverables(e: Any, package: Any, v: ViewChanges) -> None:
    for d in package.deliverables:
        v.put(
            "deliverable",
            _g(e),
            _k(d.id),
            DeliverableRow(
                id=d.id, work_package_id=package.id, title=d.title, due_on=d.due_on
            ),
        )


@_on(_wp.WorkPlanAdopted)
def _plan(e: _wp.WorkPlanAdopted, v: ViewChanges) -> None:
    for package in e.work_packages:
        _put_deliverables(e, package, v)


@_on(_wp.WorkPackageAdded)
def _package(e: _wp.WorkPackageAdded, v: ViewChanges) -> None:
    _put_deliverables(e, e.work_package, v)


@_on(_wp.DeliverableAdded)
def _deliverable(e: _wp.DeliverableAdded, v: ViewChanges) -> None:
    d = e.deliverable
    v.put(
        "deliverable",
        _g(e),
        _k(d.id),
        DeliverableRow(
            id=d.id, work_package_id=e.work_package_id, title=d.title, due_on=d.due_on
        ),
    )


@_on(_wp.DeliverableRescheduled)
def _rescheduled(e: _wp.DeliverableRescheduled, v: ViewChanges) -> None:
    _update("deliverable", e, e.deliverable_id, v, due_on=e.due_on)


@_on(_wp.DeliverableDelivered)
def _delivered(e: _wp.DeliverableDelivered, v: ViewChanges) -> None:
    _update(
        "deliverable",
        e,
        e.deliverable_id,
        v,
        delivered_on=e.delivered_on,
        output_type=e.output_type,
        output_title=e.output_title,
    )


# -- annual monitoring exercise -------------------------------------------------------


@_on(_mon.MonitoringExerciseOpened)
def _opened(e: _mon.MonitoringExerciseOpened, v: ViewChanges) -> None:
    v.put(
        "exercise",
        _g(e),
        str(e.year),
        ExerciseRow(year=e.year, opened_at=e.effective_at),
    )


@_on(_mon.MonitoringExerciseClosed)
def _exercise_closed(e: _mon.MonitoringExerciseClosed, v: ViewChanges) -> None:
    row = v.get("exercise", _g(e), str(e.year))
    if row is not None:
        v.put(
            "exercise", _g(e), str(e.year), attrs.evolve(row, closed_at=e.effective_at)
        )


@_on(_mon.SurveyResponseRecorded)
def _survey(e: _mon.SurveyResponseRecorded, v: ViewChanges) -> None:
    v.put(
        "survey",
        _g(e),
        f"{e.year}/{e.organisation_id}",
        SurveyRow(
            year=e.year,
            organisation_id=e.organisation_id,
            satisfaction=e.satisfaction,
            uses_outputs=e.uses_outputs,
            recorded_at=e.effective_at,
        ),
    )


# -- regional links, skills needs, recruitment, governance ------------------------


def _counterpart(e: Any) -> UUID:
    other: UUID = e.regional_partnership_id if e.originator_id == e.lsp_id else e.lsp_id
    return other


@_on(_reg.RegionalPartnershipLinked)
def _linked(e: _reg.RegionalPartnershipLinked, v: ViewChanges) -> None:
    v.put(
        "regional_link",
        _g(e),
        _k(_counterpart(e)),
        RegionalLinkRow(
            lsp_id=e.lsp_id,
            regional_partnership_id=e.regional_partnership_id,
            linked_at=e.effective_at,
        ),
    )


@_on(_reg.RegionalPartnershipUnlinked)
def _unlinked(e: _reg.RegionalPartnershipUnlinked, v: ViewChanges) -> None:
    _update("regional_link", e, _counterpart(e), v, unlinked_at=e.effective_at)


@_on(_act.SkillsNeedsAssessed)
def _skills(e: _act.SkillsNeedsAssessed, v: ViewChanges) -> None:
    v.put(
        "skills_assessment",
        _g(e),
        _k(e.assessment_id),
        SkillsAssessmentRow(
            id=e.assessment_id,
            method=str(e.method),
            assessed_on=e.assessed_on,
            skills_gaps=len(e.skills_gaps),
            esco_linked_gaps=sum(1 for g in e.skills_gaps if g.esco_uri),
        ),
    )


@_on(_act.MembershipRecruitmentRecorded)
def _recruitment(e: _act.MembershipRecruitmentRecorded, v: ViewChanges) -> None:
    v.put(
        "recruitment",
        _g(e),
        _k(e.campaign_id),
        RecruitmentRow(
            id=e.campaign_id,
            campaign=e.campaign,
            ended_on=e.ended_on,
            prospects_contacted=e.prospects_contacted,
            joined=e.joined,
        ),
    )


@_on(_gov.WorkingGroupFormed)
def _wg_formed(e: _gov.WorkingGroupFormed, v: ViewChanges) -> None:
    v.put(
        "working_group",
        _g(e),
        _k(e.working_group_id),
        WorkingGroupRow(
            id=e.working_group_id,
            name=e.name,
            theme=e.theme,
            parent_id=e.parent_id,
            formed_at=e.effective_at,
        ),
    )


@_on(_gov.WorkingGroupClosed)
def _wg_closed(e: _gov.WorkingGroupClosed, v: ViewChanges) -> None:
    _update("working_group", e, e.working_group_id, v, closed_at=e.effective_at)


@_on(_gov.SteeringGroupChanged)
def _steering(e: _gov.SteeringGroupChanged, v: ViewChanges) -> None:
    for organisation_id in e.left:
        v.delete("steering", _g(e), _k(organisation_id))
    for organisation_id in e.joined:
        if v.get("steering", _g(e), _k(organisation_id)) is None:
            v.put(
                "steering",
                _g(e),
                _k(organisation_id),
                SteeringMemberRow(
                    organisation_id=organisation_id, joined_at=e.effective_at
                ),
            )


HANDLED_EVENTS: Final[tuple[type[Any], ...]] = tuple(_HANDLERS)
"""The event classes the projector applies; every other event is ignored."""


# -- the most frequent events, from their stored JSON ----------------------------
#
# For a store that keeps rows as JSON (``ViewStore.encoded_rows``), the rows of
# the most frequent events are built from the stored event's JSON and written
# as JSON: the event is not decoded, and no row object is built.  The stored
# event's JSON and the row's JSON share one format (the library converter's),
# so a field of the event whose type is the row field's type is copied as it
# is.  Each such handler declares what it copies; it is used only while the
# declarations still hold of the classes (checked once, see
# ``_plain_handlers``), and otherwise the event goes the ordinary way.

PlainHandler = Callable[[str, dict[str, Any], ViewChanges], None]
"""A handler of an event's stored JSON: (group, event data, changes)."""


@attrs.frozen
class _Plain:
    """A handler of stored JSON and what it relies on.

    Attributes:
        event: the event class.
        table: the table of the row it writes.
        copies: row field -> event field copied as it is (the row field's
            type is the event field's, or that or ``None``).
        reads: other event fields read (name -> type).
        fills: row fields the handler sets otherwise.
    """

    handler: PlainHandler
    event: type[Any]
    table: str
    copies: dict[str, str]
    reads: dict[str, Any] = attrs.field(factory=dict)
    fills: frozenset[str] = frozenset()


def _compatible(plain: _Plain) -> bool:
    """Whether the event and row classes still fit the handler's
    declarations: every event field it reads exists without a default, with
    the declared or the copied row field's type, and every row field without
    a default is copied or filled."""
    event: Any = plain.event
    if _class_version(event) != 1:
        return False
    event_fields = {n: (h, d) for n, h, d in _fields(plain.event)}
    row_fields = {n: (h, d) for n, h, d in _fields(_ROW_CLASSES[plain.table])}
    wanted: dict[str, list[Any]] = {n: [h] for n, h in plain.reads.items()}
    for row_field, event_field in plain.copies.items():
        if row_field not in row_fields:
            return False
        hint = row_fields[row_field][0]
        wanted.setdefault(event_field, []).append(hint)
    for name, hints in wanted.items():
        if name not in event_fields:
            return False
        hint, default = event_fields[name]
        if default is not _MISSING:
            return False
        for expected in hints:
            if hint != expected and expected != typing.Optional[hint]:  # noqa: UP045
                return False
    required = {n for n, (_, d) in row_fields.items() if d is _MISSING}
    return required <= set(plain.copies) | plain.fills


_APPROVED = ReviewStatus.APPROVED.value
_RETURNED = ReviewStatus.RETURNED.value

# The handlers leave out the fields that hold their defaults, as encode_row
# does (reading a row fills them in).


def _plain_reported(g: str, d: dict[str, Any], v: ViewChanges) -> None:
    rid = d["report_id"]
    v.changes[("report", g, rid)] = _dumps(
        {
            "id": rid,
            "partnership_id": g,
            "kpi_id": d["kpi_id"],
            "period": d["period"],
            "value": d["value"],
            "breakdowns": d["breakdowns"],
            "reported_by": d["reported_by"],
            "submitted_at": d["timestamp"],
            "effective_at": d["effective_at"],
        }
    )


def _plain_corrected(g: str, d: dict[str, Any], v: ViewChanges) -> None:
    old = v.get_data("report", g, d["corrects"])
    if old is None:
        return
    rid = d["report_id"]
    old_id = old["id"]
    old["superseded_by"] = rid
    v.changes[("report", g, old_id)] = _dumps(old)
    v.changes[("report", g, rid)] = _dumps(
        {
            "id": rid,
            "partnership_id": g,
            "kpi_id": old["kpi_id"],
            "period": old["period"],
            "value": d["value"],
            "breakdowns": d["breakdowns"],
            "reported_by": old.get("reported_by"),
            "submitted_at": d["timestamp"],
            "effective_at": d["effective_at"],
            "corrects": old_id,
        }
    )


def _plain_reviewed(
    status: str, d: dict[str, Any], reason: str, v: ViewChanges, g: str
) -> None:
    rid = d["report_id"]
    row = v.get_data("report", g, rid)
    if row is not None:
        row["review_status"] = status
        row["reviewed_by"] = d["reviewer_id"]
        row["review_reason"] = reason
        v.changes[("report", g, rid)] = _dumps(row)


def _plain_approved(g: str, d: dict[str, Any], v: ViewChanges) -> None:
    _plain_reviewed(_APPROVED, d, "", v, g)


def _plain_returned(g: str, d: dict[str, Any], v: ViewChanges) -> None:
    _plain_reviewed(_RETURNED, d, d["reason"], v, g)


def _plain_activity(g: str, d: dict[str, Any], v: ViewChanges) -> None:
    aid = d["activity_id"]
    v.changes[("activity", g, aid)] = _dumps(
        {
            "id": aid,
            "type": d["type"],
            "held_on": d["held_on"],
            "participants": d["participants"],
            "organisations_present": len(d["organisation_ids"])
            + d["other_organisations"],
        }
    )


_ROW_CLASSES: dict[str, type[Any]] = {"report": ReportRow, "activity": ActivityRow}

_PLAIN: tuple[_Plain, ...] = (
    _Plain(
        _plain_reported,
        KpiReported,
        "report",
        copies={
            "id": "report_id",
            "kpi_id": "kpi_id",
            "period": "period",
            "value": "value",
            "breakdowns": "breakdowns",
            "reported_by": "reported_by",
            "submitted_at": "timestamp",
            "effective_at": "effective_at",
        },
        fills=frozenset({"partnership_id"}),
    ),
    _Plain(
        _plain_corrected,
        KpiReportCorrected,
        "report",
        copies={
            "id": "report_id",
            "corrects": "corrects",
            "value": "value",
            "breakdowns": "breakdowns",
            "submitted_at": "timestamp",
            "effective_at": "effective_at",
        },
        fills=frozenset({"partnership_id", "kpi_id", "period", "reported_by"}),
    ),
    _Plain(
        _plain_approved,
        KpiReportApproved,
        "report",
        copies={"id": "report_id", "reviewed_by": "reviewer_id"},
        fills=frozenset(n for n, _, d in _fields(ReportRow) if d is _MISSING),
    ),
    _Plain(
        _plain_returned,
        KpiReportReturned,
        "report",
        copies={
            "id": "report_id",
            "reviewed_by": "reviewer_id",
            "review_reason": "reason",
        },
        fills=frozenset(n for n, _, d in _fields(ReportRow) if d is _MISSING),
    ),
    _Plain(
        _plain_activity,
        _act.ActivityHeld,
        "activity",
        copies={
            "id": "activity_id",
            "type": "type",
            "held_on": "held_on",
            "participants": "participants",
        },
        reads={"organisation_ids": tuple[UUID, ...], "other_organisations": int},
        fills=frozenset({"organisations_present"}),
    ),
)


def _plain_handlers(handlers: dict[type[Any], Handler]) -> dict[str, PlainHandler]:
    """The handlers of stored JSON by topic, for the events whose classes
    still fit their declarations and whose ordinary handler is the one they
    stand for."""
    return {
        get_topic(p.event): p.handler
        for p in _PLAIN
        if handlers.get(p.event) is _HANDLERS.get(p.event) and _compatible(p)
    }


PLAIN_EVENTS: Final[tuple[type[Any], ...]] = tuple(
    p.event for p in _PLAIN if _compatible(p)
)
"""The events whose rows a store keeping JSON gets straight from the stored
event's JSON (the event is not decoded)."""

_GROUPS_MAX = 20_000


class Projector:
    """Applies domain events to the read model, dispatching on event type."""

    def __init__(self) -> None:
        self._handlers: dict[type[Any], Handler] = dict(_HANDLERS)
        self.topics: frozenset[str] = frozenset(get_topic(c) for c in self._handlers)
        """The topics of the events it applies."""
        self.plain_handlers: dict[str, PlainHandler] = _plain_handlers(self._handlers)
        """The handlers of stored JSON, by topic (see :meth:`apply_notification`)."""
        self._groups: dict[Any, str] = {}

    def handles(self, topic: str) -> bool:
        """Whether events with this stored topic change the read model."""
        return topic in self.topics

    def apply(self, event: Any, changes: ViewChanges) -> bool:
        """Apply one event; return whether it was of a handled type."""
        handler = self._handlers.get(type(event))
        if handler is None:
            return False
        handler(event, changes)
        return True

    def apply_notification(
        self,
        notification: Notification,
        changes: ViewChanges,
        mapper: Mapper[UUID],
        *,
        plain: bool = False,
    ) -> bool:
        """Apply one stored event (a notification of the log).

        Notifications of topics no handler applies are skipped without being
        decoded.  With ``plain`` (the store keeps JSON and ``mapper`` is the
        library's, without cipher or compressor) the most frequent events
        (:data:`PLAIN_EVENTS`) change rows straight from their stored JSON;
        the others are decoded by ``mapper`` and applied with :meth:`apply`.

        Returns:
            Whether the event was of a handled type.
        """
        topic = notification.topic
        if plain:
            handler = self.plain_handlers.get(topic)
            if handler is not None:
                oid = notification.originator_id
                group = self._groups.get(oid)
                if group is None:
                    group = self._group(oid)
                handler(group, _loads(notification.state), changes)
                return True
        if topic not in self.topics:
            return False
        return self.apply(mapper.to_domain_event(notification), changes)

    def _group(self, oid: Any) -> str:
        groups = self._groups
        if len(groups) >= _GROUPS_MAX:
            groups.clear()
        group = groups[oid] = str(oid)
        return group

    @staticmethod
    def plain_for(mapper: Mapper[UUID], store: ViewStore) -> bool:
        """Whether events can be applied from their stored JSON: the store
        takes encoded rows and the mapper is the library's, storing plain
        JSON (no cipher, no compressor)."""
        return (
            store.encoded_rows
            and type(mapper) is EventMapper
            and not mapper.cipher
            and not mapper.compressor
        )
