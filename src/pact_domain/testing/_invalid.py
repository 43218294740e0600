"""Deliberately invalid inputs, one strategy per rule (private).

Public through :mod:`pact_domain.testing.strategies`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, TypeVar

import attrs
from hypothesis import strategies as st
from hypothesis.strategies import DrawFn, SearchStrategy

from pact_domain.catalogues import FundingOpportunityDetails
from pact_domain.commands import (
    AddDeliverable,
    Command,
    UpdateLibraryResource,
)
from pact_domain.errors import (
    DomainRuleError,
    InvalidStateError,
    InvalidValueError,
    NotFoundError,
    PactError,
)
from pact_domain.partnership import KpiDefinition
from pact_domain.reference import (
    COUNTRIES,
    EU_MEMBER_STATES,
    NUTS_REGIONS,
)
from pact_domain.testing import _activity_strategies as acts
from pact_domain.testing import _catalogue_strategies as cats
from pact_domain.testing._command_strategies import (
    appoint_coordinator_commands,
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
    sign_agreement_commands,
    sign_charter_commands,
    submit_expression_of_interest_commands,
    update_expression_of_interest_commands,
    withdraw_commitment_commands,
)
from pact_domain.testing._commands import CommandLike, known_id
from pact_domain.testing._histories import (
    HistoryBuilder,
)
from pact_domain.testing._model import (
    KpiModel,
    PartnershipModel,
)
from pact_domain.testing._values import (
    FREE_TEXT_LIMIT,
    QUANTUM,
    dates,
    dimension_categories,
    eu_countries,
    kpi_definitions,
    naive_datetimes,
    names,
    nuts_regions,
    texts,
    vocabulary,
)
from pact_domain.values import (
    Baseline,
    BreakdownValue,
    ContactPerson,
    CurrentPartner,
    Geography,
    ReportingPeriod,
    Target,
)
from pact_domain.vocabularies import (
    AssessmentOutcome,
    Dimension,
    Measure,
    PartnershipKind,
    RegionalScope,
)
from pact_domain.vocabularies_catalogues import (
    InitiativeAffiliation,
    KnowledgeEventFormat,
)

# --------------------------------------------------------------------------
# Invalid inputs
# --------------------------------------------------------------------------


@attrs.frozen
class InvalidCase:
    """An input that a rule refuses.

    Attributes:
        rule: the rule broken, in words.
        given: valid commands to apply first (may be empty).
        when: the refused command — a command of :mod:`pact_domain.commands`,
            or a callable taking the application that builds a value object.
        error: the exact :class:`~pact_domain.errors.PactError` subclass raised.
        field: the ``field`` the error names.
        rule_contains: a piece of the error's ``rule`` text, when it matters
            (e.g. that a ``GR...`` NUTS code is refused with a hint at ``EL``).

    Check one with :func:`~pact_domain.testing.assert_refused`.
    """

    rule: str
    given: tuple[CommandLike, ...]
    when: CommandLike
    error: type[PactError]
    field: str | None
    rule_contains: str | None = None


@attrs.frozen(repr=False)
class _Construct:
    """Build a value object (ignoring the application); shows as a call."""

    cls: Callable[..., object]
    kwargs: Mapping[str, Any]

    def __call__(self, _app: object) -> object:
        return self.cls(**self.kwargs)

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.kwargs.items())
        return f"{getattr(self.cls, '__name__', self.cls)}({args})"


C = TypeVar("C", bound=Command[Any])


def _with(command: C, **changes: Any) -> C:
    """A copy of ``command`` with some fields replaced (checked again)."""
    return attrs.evolve(command, **changes)


def _too_long(limit: int) -> SearchStrategy[str]:
    return st.builds(
        lambda c, n, pad: pad + c * n + pad,
        st.sampled_from("aéΩж字1"),
        st.integers(limit + 1, limit + 200),
        st.sampled_from(["", " ", "  "]),
    )


_ANNEX_A_FIELDS = ("description", "objectives", "support_needed", "current_activities")


@st.composite
def invalid_annex_a_texts(draw: DrawFn) -> InvalidCase:
    """Annex A answers over 1,000 characters (after stripping), in a new or
    an updated expression of interest, or as a current partner's role."""
    text = draw(_too_long(FREE_TEXT_LIMIT))
    where = draw(st.sampled_from(["submit", "update", "partner"]))
    if where == "partner":
        return InvalidCase(
            "a current partner's role is at most 1,000 characters",
            (),
            _Construct(CurrentPartner, {"name": "Partner", "role": text}),
            InvalidValueError,
            "role",
        )
    field = draw(st.sampled_from(_ANNEX_A_FIELDS))
    if where == "submit":
        command: Command[Any] = draw(submit_expression_of_interest_commands())
        return InvalidCase(
            f"Annex A {field} is at most 1,000 characters",
            (),
            _with(command, **{field: text}),
            InvalidValueError,
            field,
        )
    b = HistoryBuilder(draw)
    p = b.submit()
    b.assess(p, AssessmentOutcome.MORE_INFORMATION_NEEDED)
    command = draw(update_expression_of_interest_commands(p.id, p.kind))
    return InvalidCase(
        f"Annex A {field} is at most 1,000 characters",
        tuple(b.commands),
        _with(command, **{field: text}),
        InvalidValueError,
        field,
    )


_UNKNOWN_NUTS = st.builds(
    lambda a, b: a + b,
    st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=2),
    st.text("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=3),
).filter(lambda code: code not in NUTS_REGIONS)


@st.composite
def _bad_region_case(
    draw: DrawFn, code: str, country: str, rule: str, contains: str | None
) -> InvalidCase:
    where = draw(st.sampled_from(["organisation", "partnership", "geography"]))
    if where == "organisation":
        command: Command[Any] = draw(register_organisation_commands(country=country))
        return InvalidCase(
            rule,
            (),
            _with(command, region=code),
            InvalidValueError,
            "region",
            contains,
        )
    if where == "geography":
        return InvalidCase(
            rule,
            (),
            _Construct(Geography, {"countries": (country,), "regions": (code,)}),
            InvalidValueError,
            "regions",
            contains,
        )
    command = draw(
        submit_expression_of_interest_commands(kind=PartnershipKind.LARGE_SCALE)
    )
    return InvalidCase(
        rule,
        (),
        _with(command, countries=(country,), regions=(code,)),
        InvalidValueError,
        "regions",
        contains,
    )


@st.composite
def invalid_nuts_codes(draw: DrawFn) -> InvalidCase:
    """Codes that are not in NUTS 2024, for an organisation's region, a
    partnership's regions, or a :class:`~pact_domain.values.Geography`."""
    code = draw(_UNKNOWN_NUTS)
    return draw(
        _bad_region_case(code, draw(eu_countries()), "unknown NUTS 2024 code", None)
    )


@st.composite
def invalid_greek_nuts_codes(draw: DrawFn) -> InvalidCase:
    """Greek NUTS codes written with ISO's ``GR`` instead of Eurostat's ``EL``
    (``GR30`` for ``EL30``): refused with a rule that names ``EL``."""
    el = draw(nuts_regions(["GR"], extra_regio=True))
    return draw(
        _bad_region_case(
            "GR" + el[2:], "GR", "Eurostat writes Greece EL in NUTS codes", "EL"
        )
    )


_NOT_COUNTRIES = st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=3).filter(
    lambda c: c not in COUNTRIES and c not in ("EL", "UK")
)


@st.composite
def invalid_country_codes(draw: DrawFn) -> InvalidCase:
    """Codes that are not ISO 3166-1 alpha-2 countries."""
    code = draw(_NOT_COUNTRIES)
    if draw(st.booleans()):
        command: Command[Any] = draw(register_organisation_commands())
        return InvalidCase(
            "an organisation's country is an ISO 3166-1 country",
            (),
            _with(command, country=code, region=None),
            InvalidValueError,
            "country",
        )
    command = draw(
        submit_expression_of_interest_commands(kind=PartnershipKind.LARGE_SCALE)
    )
    return InvalidCase(
        "a partnership's countries are ISO 3166-1 countries",
        (),
        _with(command, countries=(code,), regions=()),
        InvalidValueError,
        "countries",
    )


@st.composite
def _any_valid_next_command(
    draw: DrawFn,
) -> tuple[tuple[Command[Any], ...], Command[Any]]:
    """A few valid commands and one more valid command after them."""
    b = HistoryBuilder(draw)
    choice = draw(
        st.sampled_from(["register", "submit", "join", "report", "sign", "charter"])
    )
    if choice == "register":
        return (), draw(register_organisation_commands())
    if choice == "submit":
        return (), draw(submit_expression_of_interest_commands())
    if choice == "charter":
        oid = b.register_organisation()
        return tuple(b.commands), draw(sign_charter_commands(oid))
    if choice == "join":
        p = b.accepted_partnership(members=0)
        oid = b.register_organisation()
        return tuple(b.commands), draw(join_partnership_commands(p.id, oid))
    if choice == "sign":
        p = b.accepted_partnership(members=1)
        version = b.draft(p)
        return tuple(b.commands), draw(
            sign_agreement_commands(p.id, version, list(p.members))
        )
    p = b.active_partnership()
    c = b.pledge(p, member=False, measures=[Measure.COUNT], max_kpis=1)
    k = p.live_kpis(c.id)[0]
    return tuple(b.commands), draw(report_kpi_commands(p.id, k.id, k.definition))


@st.composite
def invalid_naive_datetimes(draw: DrawFn) -> InvalidCase:
    """A command whose ``effective_at`` is a datetime without a timezone."""
    given, command = draw(_any_valid_next_command())
    return InvalidCase(
        "effective_at must be timezone-aware",
        given,
        _with(command, effective_at=draw(naive_datetimes())),
        InvalidValueError,
        "effective_at",
    )


@st.composite
def invalid_actors(draw: DrawFn) -> InvalidCase:
    """A command whose ``actor`` is blank or over 200 characters."""
    given, command = draw(_any_valid_next_command())
    actor = draw(st.one_of(st.sampled_from(["", " ", "\t\n"]), _too_long(200)))
    return InvalidCase(
        "every event names its actor (1 to 200 characters)",
        given,
        _with(command, actor=actor),
        InvalidValueError,
        "actor",
    )


def _with_kpi(
    draw: DrawFn, definition: KpiDefinition, *, members: int = 1
) -> tuple[HistoryBuilder, PartnershipModel, KpiModel]:
    """An active partnership with one commitment monitored by ``definition``."""
    b = HistoryBuilder(draw)
    p = b.active_partnership(members=members)
    command = draw(pledge_commitment_commands(p.id, actor=b.actor()))
    kid = b.new_id()
    b.push(
        _with(
            command,
            kpis=(definition,),
            kpi_ids=(kid,),
            commitment_id=b.new_id(),
            member_id=None,
        )
    )
    return b, p, p.kpis[kid]


def _kpi(
    measure: Measure, dimensions: tuple[Dimension, ...] = ()
) -> SearchStrategy[KpiDefinition]:
    return kpi_definitions(measure).map(
        lambda d: attrs.evolve(d, dimensions=dimensions)
    )


@st.composite
def invalid_percentages(draw: DrawFn) -> InvalidCase:
    """Percentages over 100: a percentage KPI's target, a reported value or a
    breakdown value."""
    over = draw(st.integers(1001, 100_000).map(lambda n: n * Decimal("0.1")))
    where = draw(st.sampled_from(["target", "value", "breakdowns"]))
    if where == "target":
        b = HistoryBuilder(draw)
        p = b.active_partnership()
        definition = attrs.evolve(
            draw(kpi_definitions(Measure.PERCENTAGE)),
            baseline=None,
            target=Target(over),
        )
        command: Command[Any] = draw(pledge_commitment_commands(p.id))
        return InvalidCase(
            "a percentage target is at most 100",
            tuple(b.commands),
            _with(command, kpis=(definition,)),
            InvalidValueError,
            "target",
        )
    definition = draw(_kpi(Measure.PERCENTAGE, (Dimension.GENDER,)))
    b, p, k = _with_kpi(draw, definition)
    command = draw(report_kpi_commands(p.id, k.id, definition))
    if where == "value":
        bad = _with(command, value=over, breakdowns=())
    else:
        bad = _with(
            command,
            value=Decimal(50),
            breakdowns=(BreakdownValue(Dimension.GENDER, "women", over),),
        )
    return InvalidCase(
        "a percentage is between 0 and 100",
        tuple(b.commands),
        bad,
        InvalidValueError,
        where,
    )


@st.composite
def invalid_kpi_values(draw: DrawFn) -> InvalidCase:
    """Reported values that break the measure: a fractional or negative
    count, negative euros or hours, a report of a number without a value."""
    measure = draw(st.sampled_from([Measure.COUNT, Measure.MONEY_EUR, Measure.HOURS]))
    definition = draw(_kpi(measure))
    b, p, k = _with_kpi(draw, definition)
    command = draw(report_kpi_commands(p.id, k.id, definition))
    if measure is Measure.COUNT and draw(st.booleans()):
        value: Decimal | None = draw(st.integers(0, 1000)) + Decimal("0.5")
    elif draw(st.integers(0, 3)) == 0:
        value = None
    else:
        value = -draw(st.integers(1, 10_000)) * QUANTUM[measure]
    return InvalidCase(
        f"a {measure} value is non-negative (and whole for a count)",
        tuple(b.commands),
        _with(command, value=value, breakdowns=()),
        InvalidValueError,
        "value",
    )


@st.composite
def invalid_breakdowns(draw: DrawFn) -> InvalidCase:
    """Breakdowns on an exhaustive dimension that do not add up to the total,
    in a report or a correction."""
    dimension = draw(st.sampled_from([d for d in Dimension if d.is_exhaustive]))
    definition = draw(_kpi(Measure.COUNT, (dimension,)))
    b, p, k = _with_kpi(draw, definition)
    categories = draw(
        st.lists(
            st.sampled_from(dimension_categories(dimension)), min_size=1, unique=True
        )
    )
    parts = [Decimal(draw(st.integers(0, 500))) for _ in categories]
    total = sum(parts, Decimal(0))
    wrong = draw(
        st.integers(0, int(total) + 500).filter(lambda n: n != total).map(Decimal)
    )
    values = tuple(
        BreakdownValue(dimension, c, v) for c, v in zip(categories, parts, strict=True)
    )
    if draw(st.booleans()):
        command: Command[Any] = draw(report_kpi_commands(p.id, k.id, definition))
        bad = _with(command, value=wrong, breakdowns=values)
    else:
        r = b.report(p, k)
        assert r is not None
        command = draw(correct_kpi_report_commands(p.id, r.id, definition))
        bad = _with(command, value=wrong, breakdowns=values)
    return InvalidCase(
        "breakdowns on an exhaustive dimension add up to the total",
        tuple(b.commands),
        bad,
        InvalidValueError,
        "breakdowns",
    )


@st.composite
def invalid_signatures(draw: DrawFn) -> InvalidCase:
    """Agreement signatures by non-members (registered or unknown
    organisations), by nobody, or of a superseded or unknown draft."""
    b = HistoryBuilder(draw)
    p = b.accepted_partnership(members=draw(st.integers(1, 3)))
    outsider = b.register_organisation()
    version = b.draft(p)
    members = list(p.members)
    how = draw(
        st.sampled_from(["outsider", "stranger", "nobody", "superseded", "unknown"])
    )
    command = draw(sign_agreement_commands(p.id, version, members))
    if how == "outsider":
        bad = _with(command, signatories=(*command.signatories, outsider))
        return InvalidCase(
            "only members sign the agreement",
            tuple(b.commands),
            bad,
            DomainRuleError,
            "signatories",
        )
    if how == "stranger":
        bad = _with(command, signatories=(draw(st.uuids()),))
        return InvalidCase(
            "only members sign the agreement",
            tuple(b.commands),
            bad,
            DomainRuleError,
            "signatories",
        )
    if how == "nobody":
        return InvalidCase(
            "at least one member signs",
            tuple(b.commands),
            _with(command, signatories=()),
            InvalidValueError,
            "signatories",
        )
    if how == "superseded":
        b.draft(p)
        return InvalidCase(
            "only the latest draft is signed",
            tuple(b.commands),
            command,
            DomainRuleError,
            "version",
        )
    return InvalidCase(
        "only an existing draft is signed",
        tuple(b.commands),
        _with(command, version=version + draw(st.integers(1, 5))),
        DomainRuleError,
        "version",
    )


@st.composite
def invalid_reports_for_unknown_kpis(draw: DrawFn) -> InvalidCase:
    """KPI reports for a KPI that was never defined, or was retired."""
    definition = draw(_kpi(Measure.COUNT))
    b, p, k = _with_kpi(draw, definition)
    command = draw(report_kpi_commands(p.id, k.id, definition))
    if draw(st.booleans()):
        return InvalidCase(
            "a report is for a defined KPI",
            tuple(b.commands),
            _with(command, kpi_id=draw(st.uuids().filter(lambda u: u not in p.kpis))),
            DomainRuleError,
            "kpi_id",
        )
    c = p.commitments[k.commitment_id]
    b.define_kpi(p, c)
    b.retire(p, k)
    return InvalidCase(
        "a report is for a live KPI",
        tuple(b.commands),
        command,
        DomainRuleError,
        "kpi_id",
    )


@st.composite
def invalid_joins(draw: DrawFn) -> InvalidCase:
    """Joining a declined, proposed or closed partnership; joining twice;
    joining as an unregistered organisation."""
    b = HistoryBuilder(draw)
    how = draw(
        st.sampled_from(["declined", "proposed", "closed", "twice", "unregistered"])
    )
    if how in ("twice", "unregistered"):
        p = b.accepted_partnership(members=1)
        if how == "twice":
            oid = next(iter(p.members))
            command = draw(join_partnership_commands(p.id, oid))
            return InvalidCase(
                "an organisation joins once",
                tuple(b.commands),
                command,
                DomainRuleError,
                "organisation_id",
            )
        command = draw(join_partnership_commands(p.id, draw(st.uuids())))
        return InvalidCase(
            "only registered organisations join",
            tuple(b.commands),
            command,
            NotFoundError,
            "organisation_id",
        )
    oid = b.register_organisation()
    p = b.submit()
    if how == "declined":
        b.assess(p, AssessmentOutcome.DECLINED)
    elif how == "closed":
        b.assess(p, AssessmentOutcome.ACCEPTED)
        b.close(p)
    command = draw(join_partnership_commands(p.id, oid))
    return InvalidCase(
        f"members cannot join a {p.status} partnership",
        tuple(b.commands),
        command,
        InvalidStateError,
        "status",
    )


@st.composite
def invalid_retirements_of_last_kpi(draw: DrawFn) -> InvalidCase:
    """Retiring the last live KPI of a live commitment (Charter, Box 1)."""
    b = HistoryBuilder(draw)
    p = b.active_partnership()
    c = b.pledge(p, max_kpis=draw(st.integers(1, 3)))
    live = p.live_kpis(c.id)
    for k in live[1:]:
        b.retire(p, k)
    return InvalidCase(
        "every live commitment keeps at least one KPI",
        tuple(b.commands),
        draw(retire_kpi_commands(p.id, live[0].id)),
        DomainRuleError,
        "kpi_id",
    )


@st.composite
def invalid_fourth_coordinators(draw: DrawFn) -> InvalidCase:
    """Appointing a fourth coordinator (§2.4: one to three)."""
    b = HistoryBuilder(draw)
    p = b.accepted_partnership(members=4, coordinators=3)
    if draw(st.booleans()):
        b.draft(p)
        b.sign(p)
    fourth = next(o for o in p.members if o not in p.coordinators)
    return InvalidCase(
        "a partnership has one to three coordinators",
        tuple(b.commands),
        draw(appoint_coordinator_commands(p.id, fourth)),
        DomainRuleError,
        "coordinators",
    )


@st.composite
def invalid_departures_of_coordinators(draw: DrawFn) -> InvalidCase:
    """A coordinator leaving, or a member leaving with live commitments."""
    b = HistoryBuilder(draw)
    p = b.active_partnership(members=2, coordinators=1)
    coordinator = p.coordinators[0]
    if draw(st.booleans()):
        leaver = coordinator
    else:
        leaver = next(o for o in p.members if o != coordinator)
        command = draw(pledge_commitment_commands(p.id, actor=b.actor()))
        b.push(
            _with(
                command,
                member_id=leaver,
                commitment_id=b.new_id(),
                kpi_ids=tuple(b.new_id() for _ in command.kpis),
            )
        )
    return InvalidCase(
        "coordinators hand over, and members withdraw their commitments, first",
        tuple(b.commands),
        draw(leave_partnership_commands(p.id, leaver)),
        DomainRuleError,
        "organisation_id",
    )


@st.composite
def invalid_commands_on_closed_partnerships(draw: DrawFn) -> InvalidCase:
    """Any change to a closed partnership."""
    b = HistoryBuilder(draw)
    p = b.active_partnership(members=2)
    c = b.pledge(p, member=False, measures=[Measure.COUNT])
    k = p.live_kpis(c.id)[0]
    outsider = b.register_organisation()
    b.close(p)
    members = list(p.members)
    options: list[SearchStrategy[Command[Any]]] = [
        join_partnership_commands(p.id, outsider),
        draft_agreement_commands(p.id),
        pledge_commitment_commands(p.id),
        report_kpi_commands(p.id, k.id, k.definition),
        close_partnership_commands(p.id),
        appoint_coordinator_commands(p.id, members[-1]),
        define_kpi_commands(p.id, c.id),
        withdraw_commitment_commands(p.id, c.id),
    ]
    return InvalidCase(
        "a closed partnership records nothing more",
        tuple(b.commands),
        draw(st.one_of(options)),
        InvalidStateError,
        "status",
    )


@st.composite
def invalid_duplicate_reports(draw: DrawFn) -> InvalidCase:
    """A second current report for the same KPI, period and reporter."""
    definition = draw(_kpi(Measure.COUNT))
    b, p, k = _with_kpi(draw, definition)
    reporter = draw(st.sampled_from([None, *p.members]))
    r = b.report(p, k, reporter)
    assert r is not None
    command = draw(
        report_kpi_commands(
            p.id, k.id, definition, reporters=[reporter], period=r.period
        )
    )
    return InvalidCase(
        "one current report per KPI, period and reporter; later ones are corrections",
        tuple(b.commands),
        command,
        DomainRuleError,
        "period",
    )


@st.composite
def invalid_commitments_without_kpis(draw: DrawFn) -> InvalidCase:
    """A commitment pledged without a KPI (Charter, Box 1), or by a
    non-member."""
    b = HistoryBuilder(draw)
    p = b.active_partnership()
    command = draw(pledge_commitment_commands(p.id))
    if draw(st.booleans()):
        return InvalidCase(
            "every commitment is monitored by at least one KPI",
            tuple(b.commands),
            _with(command, kpis=(), kpi_ids=()),
            DomainRuleError,
            "kpis",
        )
    return InvalidCase(
        "a member's commitment belongs to a member",
        tuple(b.commands),
        _with(command, member_id=draw(st.uuids())),
        DomainRuleError,
        "member_id",
    )


@st.composite
def invalid_regional_partnerships(draw: DrawFn) -> InvalidCase:
    """Regional expressions of interest outside the EU, without a scope, a
    macro-region in one country, or NUTS regions of the wrong level."""
    command = draw(
        submit_expression_of_interest_commands(kind=PartnershipKind.REGIONAL)
    )
    how = draw(st.sampled_from(["outside", "scope", "macro", "level"]))
    if how == "outside":
        outside = draw(st.sampled_from(sorted(set(COUNTRIES) - EU_MEMBER_STATES)))
        return InvalidCase(
            "regional partnerships work in EU member states",
            (),
            _with(
                command,
                countries=(outside,),
                regions=(),
                regional_scope=RegionalScope.LOCAL,
            ),
            InvalidValueError,
            "countries",
        )
    if how == "scope":
        return InvalidCase(
            "a regional partnership states its scope",
            (),
            _with(command, regional_scope=None),
            InvalidValueError,
            "regional_scope",
        )
    if how == "macro":
        code = draw(eu_countries())
        return InvalidCase(
            "a macro-region spans several member states",
            (),
            _with(
                command,
                countries=(code,),
                regions=(),
                regional_scope=RegionalScope.MACRO_REGIONAL,
            ),
            InvalidValueError,
            "countries",
        )
    code = draw(eu_countries())
    scope = draw(st.sampled_from([RegionalScope.NUTS1, RegionalScope.NUTS2]))
    wrong_level = draw(
        st.sampled_from(
            [lv for lv in (1, 2, 3) if lv != (1 if scope is RegionalScope.NUTS1 else 2)]
        )
    )
    region = draw(nuts_regions([code], level=wrong_level))
    return InvalidCase(
        "a NUTS 1 or NUTS 2 partnership names regions of its level",
        (),
        _with(command, countries=(code,), regions=(region,), regional_scope=scope),
        InvalidValueError,
        "regions",
    )


@st.composite
def invalid_large_scale_partnerships(draw: DrawFn) -> InvalidCase:
    """Large Scale Partnerships without an ecosystem, or with a regional
    scope."""
    command = draw(
        submit_expression_of_interest_commands(kind=PartnershipKind.LARGE_SCALE)
    )
    if draw(st.booleans()):
        return InvalidCase(
            "a Large Scale Partnership names at least one ecosystem",
            (),
            _with(command, ecosystems=()),
            InvalidValueError,
            "ecosystems",
        )
    return InvalidCase(
        "only regional partnerships have a regional scope",
        (),
        _with(command, regional_scope=draw(vocabulary(RegionalScope))),
        InvalidValueError,
        "regional_scope",
    )


@st.composite
def invalid_targets(draw: DrawFn) -> InvalidCase:
    """KPI targets due before the baseline year, or milestone targets other
    than 0 or 1."""
    b = HistoryBuilder(draw)
    p = b.active_partnership()
    command = draw(pledge_commitment_commands(p.id))
    if draw(st.booleans()):
        year = draw(st.integers(2016, 2025))
        definition = attrs.evolve(
            draw(kpi_definitions(Measure.COUNT)),
            baseline=Baseline(Decimal(0), year),
            target=Target(
                Decimal(10), deadline=date(draw(st.integers(1990, year - 1)), 6, 30)
            ),
        )
        rule = "a target is not due before the baseline year"
    else:
        definition = attrs.evolve(
            draw(kpi_definitions(Measure.QUALITATIVE)),
            target=Target(draw(st.integers(2, 100))),
        )
        rule = "a milestone's target is 1 (reached)"
    return InvalidCase(
        rule,
        tuple(b.commands),
        _with(command, kpis=(definition,), kpi_ids=(draw(st.uuids()),)),
        InvalidValueError,
        "target",
    )


@st.composite
def invalid_value_objects(draw: DrawFn) -> InvalidCase:
    """Value objects that refuse their input: a contact person's e-mail, a
    period that ends before it starts, a baseline year out of range, a
    breakdown category that its dimension does not have."""
    how = draw(st.sampled_from(["email", "period", "baseline", "category"]))
    if how == "email":
        return InvalidCase(
            "an e-mail address has a domain",
            (),
            _Construct(
                ContactPerson,
                {
                    "full_name": draw(names()),
                    "email": draw(st.sampled_from(["x", "a@b", "a b@c.eu"])),
                },
            ),
            InvalidValueError,
            "email",
        )
    if how == "period":
        start = draw(dates())
        end = start - timedelta(days=draw(st.integers(1, 400)))
        return InvalidCase(
            "a period does not end before it starts",
            (),
            _Construct(ReportingPeriod, {"start": start, "end": end}),
            InvalidValueError,
            "end",
        )
    if how == "baseline":
        year = draw(st.one_of(st.integers(0, 1989), st.integers(2101, 9999)))
        return InvalidCase(
            "a baseline year lies between 1990 and 2100",
            (),
            _Construct(Baseline, {"value": Decimal(1), "year": year}),
            InvalidValueError,
            "year",
        )
    dimension = draw(
        st.sampled_from([d for d in Dimension if d.categories is not None])
    )
    category = draw(
        texts(max_size=20).filter(lambda c: c not in dimension_categories(dimension))
    )
    return InvalidCase(
        "a breakdown category belongs to its dimension",
        (),
        _Construct(
            BreakdownValue, {"dimension": dimension, "category": category, "value": 1}
        ),
        InvalidValueError,
        "category",
    )


# --------------------------------------------------------------------------
# Governance, work plan, activities, monitoring, regional links, catalogues
# --------------------------------------------------------------------------


def _with_members(
    draw: DrawFn, members: int = 2
) -> tuple[HistoryBuilder, PartnershipModel]:
    b = HistoryBuilder(draw)
    p = b.active_partnership(members=members, coordinators=1)
    return b, p


@st.composite
def invalid_deliveries(draw: DrawFn) -> InvalidCase:
    """Delivering a deliverable twice, or rescheduling one delivered."""
    b, p = _with_members(draw)
    members = list(p.members)
    adopt = b.push(draw(acts.adopt_work_plan_commands(p.id, members)))
    packages = adopt.work_packages
    if not any(wp.deliverables for wp in packages):
        wp = packages[0]
        b.push(
            draw(
                acts.add_deliverable_commands(
                    p.id,
                    wp.id,
                    adopt.starts_on,
                    adopt.ends_on,
                    taken_titles=[],
                )
            )
        )
        added = b.commands[-1]
        assert isinstance(added, AddDeliverable)
        deliverable_id = added.deliverable.id
    else:
        wp = draw(st.sampled_from([w for w in packages if w.deliverables]))
        deliverable_id = draw(st.sampled_from(wp.deliverables)).id
    b.push(draw(acts.record_delivery_commands(p.id, deliverable_id)))
    if draw(st.booleans()):
        when: Command[Any] = draw(acts.record_delivery_commands(p.id, deliverable_id))
        rule = "a deliverable is delivered once"
    else:
        when = draw(
            acts.reschedule_deliverable_commands(
                p.id, deliverable_id, adopt.starts_on, adopt.ends_on
            )
        )
        rule = "a delivered deliverable is not rescheduled"
    return InvalidCase(rule, tuple(b.commands), when, DomainRuleError, "deliverable_id")


@st.composite
def invalid_work_plan_periods(draw: DrawFn) -> InvalidCase:
    """A work plan that ends before it starts."""
    b, p = _with_members(draw)
    start = draw(dates(2020, 2030))
    end = start - timedelta(days=draw(st.integers(1, 800)))
    when = draw(acts.adopt_work_plan_commands(p.id, list(p.members), period=(end, end)))
    when = _with(when, starts_on=start, ends_on=end)
    return InvalidCase(
        "a work plan ends no earlier than it starts",
        tuple(b.commands),
        when,
        InvalidValueError,
        "ends_on",
    )


@st.composite
def invalid_funding_opportunity_dates(draw: DrawFn) -> InvalidCase:
    """A funding opportunity closing before it opens."""
    details = draw(cats.funding_opportunity_details())
    opens_on = draw(dates(2020, 2030))
    closes_on = opens_on - timedelta(days=draw(st.integers(1, 800)))
    fields = attrs.asdict(details, recurse=False)
    fields.update(opens_on=opens_on, closes_on=closes_on)
    return InvalidCase(
        "a funding opportunity closes no earlier than it opens",
        (),
        _Construct(FundingOpportunityDetails, fields),
        InvalidValueError,
        "closes_on",
    )


@st.composite
def invalid_working_group_leads(draw: DrawFn) -> InvalidCase:
    """A working group (or work package) led by an organisation that is not a
    member: forming, handing over the lead, appointing a leader."""
    b, p = _with_members(draw)
    outsider = b.register_organisation() if draw(st.booleans()) else draw(st.uuids())
    how = draw(st.sampled_from(["form", "change", "work_package"]))
    members = list(p.members)
    if how == "form":
        formed = draw(acts.form_working_group_commands(p.id, members))
        field = "lead_organisation_id"
        when: Command[Any] = _with(formed, lead_organisation_id=outsider)
    elif how == "change":
        form = b.push(draw(acts.form_working_group_commands(p.id, members)))
        when = draw(
            acts.change_working_group_lead_commands(
                p.id, known_id(form.working_group_id), [outsider]
            )
        )
        field = "lead_organisation_id"
    else:
        adopt = b.push(draw(acts.adopt_work_plan_commands(p.id, members)))
        wp = adopt.work_packages[0]
        when = draw(acts.appoint_work_package_leader_commands(p.id, wp.id, [outsider]))
        field = "organisation_id"
    return InvalidCase(
        "leads are members", tuple(b.commands), when, DomainRuleError, field
    )


@st.composite
def invalid_survey_responses(draw: DrawFn) -> InvalidCase:
    """A survey response from a non-member, a second response from a member,
    a satisfaction outside 1 to 5, or one for an exercise not open."""
    b, p = _with_members(draw)
    members = list(p.members)
    opened = b.push(draw(acts.open_monitoring_exercise_commands(p.id)))
    year = opened.year
    how = draw(st.sampled_from(["outsider", "twice", "satisfaction", "closed"]))
    oid = draw(st.sampled_from(members))
    error: type[PactError] = DomainRuleError
    if how == "outsider":
        oid = b.register_organisation() if draw(st.booleans()) else draw(st.uuids())
        field, rule = "organisation_id", "only members answer the survey"
    elif how == "twice":
        b.push(draw(acts.record_survey_response_commands(p.id, year, oid)))
        field, rule = "organisation_id", "a member answers a survey once"
    elif how == "closed":
        b.push(draw(acts.close_monitoring_exercise_commands(p.id, year)))
        field, rule = "year", "responses go to an open exercise"
    else:
        field, rule = "satisfaction", "satisfaction is from 1 to 5"
        error = InvalidValueError
    when = draw(acts.record_survey_response_commands(p.id, year, oid))
    if how == "satisfaction":
        when = _with(when, satisfaction=draw(st.integers(-5, 0) | st.integers(6, 100)))
    return InvalidCase(rule, tuple(b.commands), when, error, field)


@st.composite
def invalid_monitoring_exercises(draw: DrawFn) -> InvalidCase:
    """Opening an exercise while another is open, or a year twice."""
    b, p = _with_members(draw, 1)
    opened = b.push(draw(acts.open_monitoring_exercise_commands(p.id)))
    year = opened.year
    if draw(st.booleans()):
        b.push(draw(acts.close_monitoring_exercise_commands(p.id, year)))
        when = opened
        rule = "one monitoring exercise per year"
    else:
        when = draw(acts.open_monitoring_exercise_commands(p.id, taken_years={year}))
        rule = "one monitoring exercise is open at a time"
    return InvalidCase(rule, tuple(b.commands), when, DomainRuleError, "year")


@st.composite
def invalid_activities(draw: DrawFn) -> InvalidCase:
    """Fewer participants than organisations present, a negative count, more
    recruits than prospects, a fact dated in the future."""
    b, p = _with_members(draw, 1)
    how = draw(st.sampled_from(["participants", "negative", "recruits", "future"]))
    if how == "participants":
        base = draw(acts.record_activity_commands(p.id))
        present = base.other_organisations + 1
        when: Command[Any] = _with(
            base,
            other_organisations=present,
            participants=draw(st.integers(0, present - 1)),
        )
        return InvalidCase(
            "each organisation present sends someone",
            tuple(b.commands),
            when,
            InvalidValueError,
            "participants",
        )
    if how == "negative":
        when = _with(
            draw(acts.record_communication_commands(p.id)),
            reach=draw(st.integers(-1000, -1)),
        )
        return InvalidCase(
            "a reach is not negative",
            tuple(b.commands),
            when,
            InvalidValueError,
            "reach",
        )
    if how == "recruits":
        campaign = draw(acts.record_membership_recruitment_commands(p.id))
        contacted = campaign.prospects_contacted
        when = _with(campaign, joined=contacted + draw(st.integers(1, 50)))
        return InvalidCase(
            "no more recruits than prospects contacted",
            tuple(b.commands),
            when,
            InvalidValueError,
            "joined",
        )
    when = _with(
        draw(acts.record_activity_commands(p.id)),
        held_on=draw(st.dates(date(2090, 1, 1), date(2099, 12, 31))),
    )
    return InvalidCase(
        "facts are recorded once they happened",
        tuple(b.commands),
        when,
        InvalidValueError,
        "held_on",
    )


@st.composite
def invalid_regional_links(draw: DrawFn) -> InvalidCase:
    """Linking a pair twice, unlinking a pair not linked, or linking two
    partnerships of the wrong kinds."""
    b = HistoryBuilder(draw)
    lsp = b.accepted_partnership(kind=PartnershipKind.LARGE_SCALE)
    regional = b.accepted_partnership(kind=PartnershipKind.REGIONAL)
    how = draw(st.sampled_from(["twice", "unlinked", "swapped"]))
    if how == "twice":
        b.push(draw(acts.link_regional_partnership_commands(lsp.id, regional.id)))
        when: Command[Any] = draw(
            acts.link_regional_partnership_commands(lsp.id, regional.id)
        )
        return InvalidCase(
            "a regional partnership is linked to an LSP once",
            tuple(b.commands),
            when,
            DomainRuleError,
            "regional_partnership_id",
        )
    if how == "unlinked":
        when = draw(acts.unlink_regional_partnership_commands(lsp.id, regional.id))
        return InvalidCase(
            "only linked partnerships are unlinked",
            tuple(b.commands),
            when,
            DomainRuleError,
            "regional_partnership_id",
        )
    when = draw(acts.link_regional_partnership_commands(regional.id, lsp.id))
    return InvalidCase(
        "an LSP links regional partnerships",
        tuple(b.commands),
        when,
        DomainRuleError,
        "kind",
    )


@st.composite
def invalid_knowledge_event_papers(draw: DrawFn) -> InvalidCase:
    """A background paper for a webinar or after the event, a second
    follow-up report, or a report before the event."""
    how = draw(st.sampled_from(["webinar", "late", "report_twice", "early_report"]))
    fmt = KnowledgeEventFormat.WEBINAR if how == "webinar" else None
    schedule = draw(cats.schedule_knowledge_event_commands(format=fmt))
    details = schedule.details
    if how == "late" and details.format is KnowledgeEventFormat.WEBINAR:
        details = attrs.evolve(details, format=KnowledgeEventFormat.THEMATIC_SEMINAR)
        schedule = _with(schedule, details=details)
    eid = known_id(schedule.id)
    held_on = details.held_on
    given: list[CommandLike] = [schedule]
    if how == "webinar":
        when: Command[Any] = draw(cats.publish_background_paper_commands(eid, held_on))
        return InvalidCase(
            "webinars have no background paper",
            tuple(given),
            when,
            DomainRuleError,
            "format",
        )
    if how == "late":
        when = _with(
            draw(cats.publish_background_paper_commands(eid, held_on)),
            published_on=held_on + timedelta(days=draw(st.integers(1, 300))),
        )
        return InvalidCase(
            "a background paper comes before the event",
            tuple(given),
            when,
            DomainRuleError,
            "published_on",
        )
    if how == "report_twice":
        given.append(draw(cats.publish_follow_up_report_commands(eid, held_on)))
        when = draw(cats.publish_follow_up_report_commands(eid, held_on))
        return InvalidCase(
            "one follow-up report per event",
            tuple(given),
            when,
            DomainRuleError,
            "follow_up_report",
        )
    when = _with(
        draw(cats.publish_follow_up_report_commands(eid, held_on)),
        published_on=held_on - timedelta(days=draw(st.integers(1, 300))),
    )
    return InvalidCase(
        "a follow-up report comes after the event",
        tuple(given),
        when,
        DomainRuleError,
        "published_on",
    )


@st.composite
def invalid_catalogue_updates(draw: DrawFn) -> InvalidCase:
    """Updating a withdrawn catalogue entry, an update that changes nothing,
    or inviting an initiative already affiliated to the Pact."""
    how = draw(st.sampled_from(["withdrawn", "unchanged", "affiliated"]))
    if how == "affiliated":
        mapped = draw(
            cats.map_initiative_commands(affiliation=InitiativeAffiliation.AFFILIATED)
        )
        when: Command[Any] = draw(cats.invite_initiative_commands(known_id(mapped.id)))
        return InvalidCase(
            "only potential members are invited",
            (mapped,),
            when,
            InvalidStateError,
            "affiliation",
        )
    register = draw(cats.register_library_resource_commands())
    rid = known_id(register.id)
    if how == "unchanged":
        when = UpdateLibraryResource(
            rid,
            details=register.details,
            actor=register.actor,
        )
        return InvalidCase(
            "an update changes something", (register,), when, DomainRuleError, "details"
        )
    withdraw = draw(cats.withdraw_library_resource_commands(rid))
    when = draw(cats.update_library_resource_commands(rid))
    return InvalidCase(
        "a withdrawn entry is not updated",
        (register, withdraw),
        when,
        InvalidStateError,
        "withdrawn",
    )


_INVALID: tuple[Callable[[], SearchStrategy[InvalidCase]], ...] = (
    invalid_annex_a_texts,
    invalid_nuts_codes,
    invalid_greek_nuts_codes,
    invalid_country_codes,
    invalid_naive_datetimes,
    invalid_actors,
    invalid_percentages,
    invalid_kpi_values,
    invalid_breakdowns,
    invalid_signatures,
    invalid_reports_for_unknown_kpis,
    invalid_joins,
    invalid_retirements_of_last_kpi,
    invalid_fourth_coordinators,
    invalid_departures_of_coordinators,
    invalid_commands_on_closed_partnerships,
    invalid_duplicate_reports,
    invalid_commitments_without_kpis,
    invalid_regional_partnerships,
    invalid_large_scale_partnerships,
    invalid_targets,
    invalid_value_objects,
    invalid_deliveries,
    invalid_work_plan_periods,
    invalid_funding_opportunity_dates,
    invalid_working_group_leads,
    invalid_survey_responses,
    invalid_monitoring_exercises,
    invalid_activities,
    invalid_regional_links,
    invalid_knowledge_event_papers,
    invalid_catalogue_updates,
)


def invalid_cases() -> SearchStrategy[InvalidCase]:
    """Any of the ``invalid_...`` strategies."""
    return st.one_of([strategy() for strategy in _INVALID])
