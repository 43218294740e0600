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

from pact_domain._mapper import (
    _MISSING,
    EventMapper,
    _class_version,
    _event_unstructure_fn,
    _fields,
)
from pact_domain.monitoring.records import (
    TABLES,
    DeliverableRow,
    MemberRow,
    MembershipSpell,
    OrganisationRow,
    PartnershipRow,
    SteeringMemberRow,
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
from pact_domain.serialization import converter as _converter
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


_ROW_CLASSES: Final[dict[str, type[Any]]] = TABLES
_PLAIN: list[_Plain] = []
"""The handlers of stored JSON, appended by the declarations below."""

# -- rows declared once ---------------------------------------------------------
#
# Most handlers put one row built from the event's fields, or change some
# fields of one row.  They are declared once, as data (:func:`_row`,
# :func:`_change`), and both handlers are generated from the declaration:
# the one for decoded events, and -- for the most frequent events, when the
# store keeps rows as JSON -- the one for the stored event's JSON, which copies
# the JSON values as they are.  A field spec is the name of the event field
# copied, :data:`_ORIGIN` (the partnership or organisation the event is
# about), a :class:`_Const`, or a :class:`_Derived` computed from the event's
# fields by a function that gives the same result on decoded values and on
# their JSON (``len``, ``+``, ``str``...).


_ORIGIN: Final = "@origin"
"""Field spec: the id of the aggregate the event is about."""


@attrs.frozen
class _Const:
    """Field spec: a constant (stored as its JSON in the JSON handler)."""

    value: Any

    @property
    def json(self) -> Any:
        return _converter.unstructure(self.value)


@attrs.frozen
class _Derived:
    """Field spec: ``fn(read)``, where ``read(name)`` gives an event field
    (decoded or as JSON; ``fn`` must give the same JSON either way).

    Attributes:
        fn: the computation.
        reads: the event fields it reads, with their declared types (checked
            against the event class before the JSON handler is used).
    """

    fn: Callable[[Callable[[str], Any]], Any]
    reads: dict[str, Any] = attrs.field(factory=dict)


Spec = str | _Const | _Derived


def _typed_value(spec: Spec, e: Any) -> Any:
    if isinstance(spec, str):
        return e.originator_id if spec == _ORIGIN else getattr(e, spec)
    if isinstance(spec, _Const):
        return spec.value
    return spec.fn(e.__getattribute__)


def _json_value(spec: Spec, g: str, d: dict[str, Any]) -> Any:
    if isinstance(spec, str):
        return g if spec == _ORIGIN else d[spec]
    if isinstance(spec, _Const):
        return spec.json
    return spec.fn(d.__getitem__)


def _plain_entry(
    event: type[Any],
    table: str,
    handler: PlainHandler,
    fields: dict[str, Spec],
    *,
    changes_only: bool,
) -> _Plain:
    copies = {f: s for f, s in fields.items() if isinstance(s, str) and s != _ORIGIN}
    reads: dict[str, Any] = {}
    for s in fields.values():
        if isinstance(s, _Derived):
            reads.update(s.reads)
    fills = frozenset(f for f in fields if f not in copies)
    if changes_only:  # the row exists already: every field is there
        fills |= frozenset(
            n for n, _, d in _fields(_ROW_CLASSES[table]) if d is _MISSING
        )
    return _Plain(handler, event, table, copies=copies, reads=reads, fills=fills)


def _row(
    event: type[Any],
    table: str,
    key: Spec,
    *,
    group: bool = True,
    plain: bool = False,
    **fields: Spec,
) -> None:
    """Declare that ``event`` puts one row of ``table`` under ``key``, its
    fields given by ``fields`` (see the field specs above); ``group=False``
    for the tables of all partnerships or organisations (keyed by the
    aggregate's id, in group ``""``); ``plain`` also generates the handler of
    the stored event's JSON."""
    row_class = _ROW_CLASSES[table]

    def typed(e: Any, v: ViewChanges) -> None:
        values = {f: _typed_value(s, e) for f, s in fields.items()}
        v.put(
            table,
            _g(e) if group else "",
            str(_typed_value(key, e)),
            row_class(**values),
        )

    _HANDLERS[event] = typed
    if plain:

        def json(g: str, d: dict[str, Any], v: ViewChanges) -> None:
            data = {f: _json_value(s, g, d) for f, s in fields.items()}
            v.changes[(table, g, str(_json_value(key, g, d)))] = _dumps(data)

        _PLAIN.append(_plain_entry(event, table, json, fields, changes_only=False))


def _change(
    event: type[Any],
    table: str,
    key: Spec,
    *,
    group: bool = True,
    plain: bool = False,
    **fields: Spec,
) -> None:
    """Declare that ``event`` changes ``fields`` of the row of ``table``
    under ``key`` (nothing if there is no such row); as :func:`_row`."""

    def typed(e: Any, v: ViewChanges) -> None:
        address = (table, _g(e) if group else "", str(_typed_value(key, e)))
        row = v.get(*address)
        if row is not None:
            changes = {f: _typed_value(s, e) for f, s in fields.items()}
            v.put(*address, attrs.evolve(row, **changes))

    _HANDLERS[event] = typed
    if plain:

        def json(g: str, d: dict[str, Any], v: ViewChanges) -> None:
            address = (table, g, str(_json_value(key, g, d)))
            row = v.get_data(*address)
            if row is not None:
                row.update({f: _json_value(s, g, d) for f, s in fields.items()})
                v.changes[address] = _dumps(row)

        _PLAIN.append(_plain_entry(event, table, json, fields, changes_only=True))


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


# -- commitments and KPIs -----------------------------------------------------------


# -- activities, communications, funding ---------------------------------------------


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


# -- annual monitoring exercise -------------------------------------------------------


# -- regional links, skills needs, recruitment, governance ------------------------


def _counterpart(e: Any) -> UUID:
    other: UUID = e.regional_partnership_id if e.originator_id == e.lsp_id else e.lsp_id
    return other


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


# -- the rows each event puts or changes ------------------------------------------


def _year(read: Callable[[str], Any]) -> str:
    return str(read("year"))


def _counterpart_of(read: Callable[[str], Any]) -> UUID:
    other: UUID = (
        read("regional_partnership_id")
        if read("originator_id") == read("lsp_id")
        else read("lsp_id")
    )
    return other


def _code(field: str) -> _Derived:
    """A vocabulary member kept as its code in the row."""
    return _Derived(lambda read: str(read(field)))


_row(
    CommitmentPledged,
    "commitment",
    "commitment_id",
    id="commitment_id",
    partnership_id=_ORIGIN,
    kind="kind",
    category="category",
    scope="scope",
    member_id="member_id",
    statement="statement",
    principles="principles",
    target="target",
    pledged_at="effective_at",
)
_change(
    CommitmentRevised,
    "commitment",
    "commitment_id",
    statement="statement",
    principles="principles",
    target="target",
)
_change(CommitmentWithdrawn, "commitment", "commitment_id", withdrawn_at="effective_at")
_row(
    KpiDefined,
    "kpi",
    "kpi_id",
    id="kpi_id",
    partnership_id=_ORIGIN,
    commitment_id="commitment_id",
    name="name",
    category="category",
    measure="measure",
    unit="unit",
    ascending="ascending",
    baseline="baseline",
    target="target",
    periodicity="periodicity",
    calculation="calculation",
    dimensions="dimensions",
    defined_at="effective_at",
)
_change(KpiTargetRevised, "kpi", "kpi_id", target="target")
_change(KpiRetired, "kpi", "kpi_id", retired_at="effective_at")
_row(
    KpiReported,
    "report",
    "report_id",
    plain=True,
    id="report_id",
    partnership_id=_ORIGIN,
    kpi_id="kpi_id",
    period="period",
    value="value",
    breakdowns="breakdowns",
    reported_by="reported_by",
    submitted_at="timestamp",
    effective_at="effective_at",
)
_change(
    KpiReportApproved,
    "report",
    "report_id",
    plain=True,
    review_status=_Const(ReviewStatus.APPROVED),
    reviewed_by="reviewer_id",
    review_reason=_Const(""),
)
_change(
    KpiReportReturned,
    "report",
    "report_id",
    plain=True,
    review_status=_Const(ReviewStatus.RETURNED),
    reviewed_by="reviewer_id",
    review_reason="reason",
)
_row(
    _act.ActivityHeld,
    "activity",
    "activity_id",
    plain=True,
    id="activity_id",
    type="type",
    held_on="held_on",
    participants="participants",
    organisations_present=_Derived(
        lambda read: len(read("organisation_ids")) + read("other_organisations"),
        reads={"organisation_ids": tuple[UUID, ...], "other_organisations": int},
    ),
)
_row(
    _act.CommunicationPublished,
    "communication",
    "communication_id",
    id="communication_id",
    channel=_code("channel"),
    reach="reach",
    published_on="published_on",
)
_row(
    _act.FundingSecured,
    "funding",
    "funding_id",
    id="funding_id",
    programme="programme",
    amount_eur="amount_eur",
    secured_on="secured_on",
)
_change(_wp.DeliverableRescheduled, "deliverable", "deliverable_id", due_on="due_on")
_change(
    _wp.DeliverableDelivered,
    "deliverable",
    "deliverable_id",
    delivered_on="delivered_on",
    output_type="output_type",
    output_title="output_title",
)
_row(
    _mon.MonitoringExerciseOpened,
    "exercise",
    _Derived(_year),
    year="year",
    opened_at="effective_at",
)
_change(
    _mon.MonitoringExerciseClosed, "exercise", _Derived(_year), closed_at="effective_at"
)
_row(
    _mon.SurveyResponseRecorded,
    "survey",
    _Derived(lambda read: f"{read('year')}/{read('organisation_id')}"),
    year="year",
    organisation_id="organisation_id",
    satisfaction="satisfaction",
    uses_outputs="uses_outputs",
    recorded_at="effective_at",
)
_row(
    _reg.RegionalPartnershipLinked,
    "regional_link",
    _Derived(_counterpart_of),
    lsp_id="lsp_id",
    regional_partnership_id="regional_partnership_id",
    linked_at="effective_at",
)
_change(
    _reg.RegionalPartnershipUnlinked,
    "regional_link",
    _Derived(_counterpart_of),
    unlinked_at="effective_at",
)
_row(
    _act.SkillsNeedsAssessed,
    "skills_assessment",
    "assessment_id",
    id="assessment_id",
    method=_code("method"),
    assessed_on="assessed_on",
    skills_gaps=_Derived(lambda read: len(read("skills_gaps"))),
    esco_linked_gaps=_Derived(
        lambda read: sum(1 for gap in read("skills_gaps") if gap.esco_uri)
    ),
)
_row(
    _act.MembershipRecruitmentRecorded,
    "recruitment",
    "campaign_id",
    id="campaign_id",
    campaign="campaign",
    ended_on="ended_on",
    prospects_contacted="prospects_contacted",
    joined="joined",
)
_row(
    _gov.WorkingGroupFormed,
    "working_group",
    "working_group_id",
    id="working_group_id",
    name="name",
    theme="theme",
    parent_id="parent_id",
    formed_at="effective_at",
)
_change(
    _gov.WorkingGroupClosed,
    "working_group",
    "working_group_id",
    closed_at="effective_at",
)
_change(MemberTierChanged, "member", "organisation_id", tier="tier")


# A correction supersedes the report it corrects and copies what it does not
# change from it: one handler, of the stored event's JSON; a decoded event is
# turned into that JSON first (corrections are rare).


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


@_on(KpiReportCorrected)
def _corrected(e: KpiReportCorrected, v: ViewChanges) -> None:
    data = _loads(_dumps(_event_unstructure_fn(KpiReportCorrected)(e)))
    _plain_corrected(_g(e), data, v)


_PLAIN.append(
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
    )
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
