"""The bad-input corpus: every case is a command (or a CLI call, or a report
query) with one bad value, refused with a documented library error that
names the field, and nothing is stored — the row count of every table of
the SQLite store and the largest notification id are unchanged.

The table :data:`CASES` reads as a specification: a case's name, the bad
input, the error class and the field named.  The texts of every command's
text fields (NUL, ``\\x0b``, zero-width spaces only, 10 MB) and the
out-of-range values of every numeric field are added to it by
:func:`_text_cases` and :func:`_number_cases`; Hypothesis then draws
out-of-range values for every numeric field.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _helpers import ACTOR, Clock, agreement, contact, kpi_def
from pact_adapters.cli import EXIT_USAGE, main
from pact_adapters.stores import open_application
from pact_domain.application import PactApplication
from pact_domain.commands import COMMANDS
from pact_domain.errors import (
    DomainRuleError,
    InvalidValueError,
    NotFoundError,
    PactError,
)
from pact_domain.monitoring import MonitoringViews, annual_report, portfolio_report
from pact_domain.values import BreakdownValue, ReportingPeriod, Target

MB10 = "x" * 10_000_000
"""A 10 MB text: refused, and never echoed whole."""


@dataclass(frozen=True)
class World:
    """The ids of the corpus's store: an active LSP with three members (the
    first coordinates), a count KPI with one report, a regional partnership,
    and an open 2025 monitoring exercise."""

    app: PactApplication
    path: Path
    lsp: UUID
    regional: UUID
    orgs: tuple[UUID, ...]
    commitment: UUID
    kpi: UUID
    money_kpi: UUID
    report: UUID


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """The corpus's SQLite store, built once (refused commands change nothing)."""
    path = tmp_path_factory.mktemp("corpus") / "corpus.db"
    app = open_application(str(path), clock=Clock())
    orgs = tuple(
        app.register_organisation(
            name=f"Member {i}",
            stakeholder_type="vet_provider",
            size="small",
            country="DE",
            actor=ACTOR,
        )
        for i in range(3)
    )
    lsp = app.submit_expression_of_interest(
        name="Skills partnership for offshore renewable energy",
        kind="large_scale",
        contact=contact(),
        description="A partnership of the offshore renewable energy sector.",
        countries=("DE", "DK"),
        ecosystems=("renewable_energy",),
        actor=ACTOR,
    )
    app.assess_expression_of_interest(lsp, outcome="accepted", actor=ACTOR)
    for org in orgs:
        app.join_partnership(lsp, organisation_id=org, actor=ACTOR)
    version = app.draft_agreement(lsp, content=agreement(), actor=ACTOR)
    app.sign_agreement(
        lsp,
        version=version,
        signatories=(orgs[0],),
        signed_on=date(2025, 3, 3),
        actor=ACTOR,
    )
    app.appoint_coordinator(lsp, organisation_id=orgs[0], actor=ACTOR)
    cid, (kid, money) = app.pledge_commitment(
        lsp,
        category="training_and_development",
        statement="Train 1,000 people.",
        principles=("learning_culture",),
        kpis=(
            kpi_def(),
            kpi_def(
                name="Invested",
                measure="money_eur",
                unit="EUR",
                dimensions=(),
                target=Target(1000, "EUR"),
            ),
        ),
        actor=ACTOR,
    )
    rid = app.report_kpi(
        lsp, kpi_id=kid, period=ReportingPeriod.year(2024), value=10, actor=ACTOR
    )
    app.open_monitoring_exercise(lsp, year=2025, actor=ACTOR)
    regional = app.submit_expression_of_interest(
        name="Skills partnership in Attiki",
        kind="regional",
        contact=contact(),
        description="Regional skills partnership of Attiki.",
        countries=("GR",),
        regions=("EL30",),
        regional_scope="nuts2",
        actor=ACTOR,
    )
    yield World(app, path, lsp, regional, orgs, cid, kid, money, rid)
    app.close()


def _rows(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as db:
        tables = [
            name
            for (name,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
            )
        ]
        return {
            t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables
        }


def assert_refused_and_nothing_stored(
    w: World, run: Callable[[], object], error: type[PactError], field: str | None
) -> PactError:
    """Run ``run``: it raises exactly ``error`` about ``field``, its message is
    short, and no table of the store gained or lost a row."""
    rows = _rows(w.path)
    last = w.app.recorder.max_notification_id()
    with pytest.raises(PactError) as info:
        run()
    raised = info.value
    assert type(raised) is error, f"{type(raised).__name__}: {raised}"
    assert raised.field == field, str(raised)
    assert len(str(raised)) < 2_000, "the message echoes the input whole"
    assert w.app.recorder.max_notification_id() == last
    assert _rows(w.path) == rows
    return raised


# -- the case table ----------------------------------------------------------------

Build = Callable[[World], dict[str, Any]]


@dataclass(frozen=True)
class Case:
    """One bad input: the command, its valid fields, the one bad field, the
    error class and the field named."""

    name: str
    command: str
    base: Build
    bad: dict[str, Any]
    error: type[PactError]
    field: str


def _lsp(w: World) -> dict[str, Any]:
    return {"partnership_id": w.lsp}


BASES: dict[str, Build] = {
    "register-organisation": lambda w: {
        "name": "Acme",
        "stakeholder_type": "vet_provider",
        "size": "small",
        "country": "DE",
    },
    "submit-expression-of-interest": lambda w: {
        "name": "Skills partnership in Attiki",
        "kind": "regional",
        "contact": contact(),
        "description": "Regional skills partnership.",
        "countries": ("GR",),
        "regions": ("EL30",),
        "regional_scope": "nuts2",
    },
    "record-activity": lambda w: {
        **_lsp(w),
        "type": "workshop",
        "title": "Workshop",
        "held_on": date(2025, 3, 1),
        "participants": 10,
    },
    "record-communication": lambda w: {
        **_lsp(w),
        "channel": "newsletter",
        "title": "Newsletter",
        "reach": 100,
        "published_on": date(2025, 3, 1),
    },
    "record-membership-recruitment": lambda w: {
        **_lsp(w),
        "campaign": "Spring campaign",
        "ended_on": date(2025, 3, 1),
        "prospects_contacted": 10,
        "joined": 2,
    },
    "record-funding-secured": lambda w: {
        **_lsp(w),
        "programme": "esf_plus",
        "amount_eur": Decimal("1000.00"),
        "project_name": "Offshore skills",
        "secured_on": date(2025, 3, 1),
    },
    "report-kpi": lambda w: {
        **_lsp(w),
        "kpi_id": w.kpi,
        "period": ReportingPeriod.year(2023),
        "value": 5,
    },
    "correct-kpi-report": lambda w: {
        **_lsp(w),
        "report_id": w.report,
        "reason": "Typo.",
        "value": 11,
    },
    "record-survey-response": lambda w: {
        **_lsp(w),
        "year": 2025,
        "organisation_id": w.orgs[1],
        "satisfaction": 4,
        "uses_outputs": True,
    },
    "open-monitoring-exercise": lambda w: {**_lsp(w), "year": 2026},
    "form-working-group": lambda w: {
        **_lsp(w),
        "name": "Curricula",
        "theme": "VET curricula",
        "lead_organisation_id": w.orgs[0],
    },
    "leave-partnership": lambda w: {
        **_lsp(w),
        "organisation_id": w.orgs[2],
        "reason": "Moved on.",
    },
    "withdraw-commitment": lambda w: {
        **_lsp(w),
        "commitment_id": w.commitment,
        "reason": "Replaced.",
    },
    "retire-kpi": lambda w: {**_lsp(w), "kpi_id": w.kpi, "reason": "Replaced."},
    "return-kpi-report": lambda w: {
        **_lsp(w),
        "report_id": w.report,
        "reviewer_id": w.orgs[0],
        "reason": "Check it.",
    },
    "close-partnership": lambda w: {
        **_lsp(w),
        "reason": "Done.",
        "closed_on": date(2025, 3, 1),
    },
    "sign-charter": lambda w: {
        "organisation_id": w.orgs[1],
        "signed_on": date(2025, 3, 1),
    },
    "assess-expression-of-interest": lambda w: {
        "partnership_id": w.regional,
        "outcome": "accepted",
        "reasons": "Fine.",
    },
    "unlink-regional-partnership": lambda w: {
        "lsp_id": w.lsp,
        "regional_partnership_id": w.regional,
        "reason": "Ended.",
    },
}
"""A valid set of fields for each command the generated cases mutate."""

TEXT_FIELDS: dict[str, tuple[str, ...]] = {
    "register-organisation": ("name",),
    "submit-expression-of-interest": ("name", "description"),
    "record-activity": ("title",),
    "record-communication": ("title",),
    "record-membership-recruitment": ("campaign",),
    "record-funding-secured": ("project_name",),
    "correct-kpi-report": ("reason",),
    "form-working-group": ("name", "theme"),
    "withdraw-commitment": ("reason",),
    "retire-kpi": ("reason",),
    "return-kpi-report": ("reason",),
    "close-partnership": ("reason",),
}
"""The text fields that must not be empty, per command."""

OPTIONAL_TEXT_FIELDS: dict[str, tuple[str, ...]] = {
    "submit-expression-of-interest": (
        "objectives",
        "support_needed",
        "current_activities",
    ),
    "report-kpi": ("text",),
    "record-survey-response": ("commitments_progress", "challenges", "good_practice"),
    "leave-partnership": ("reason",),
    "assess-expression-of-interest": ("reasons",),
}
"""Text fields that may be empty (but hold no forbidden character)."""

BAD_TEXTS = {
    "NUL byte": "Acme\x00 Training",
    "vertical tab": "Acme\x0bTraining",
    "escape": "\x1b[31mAcme",
    "U+FFFE": "Acme\ufffe",
    "lone surrogate": "Acme\ud800",
}
EMPTY_TEXTS = {
    "zero-width spaces only": "\u200b\u200b\u200b",
    "BOM and word joiner only": "\ufeff\u2060",
    "blanks and zero-width joiners": " \u200d \u200c ",
}


def _text_cases() -> list[Case]:
    every = [(n, f, True) for n, fs in TEXT_FIELDS.items() for f in fs] + [
        (n, f, False) for n, fs in OPTIONAL_TEXT_FIELDS.items() for f in fs
    ]
    cases = []
    for name, field, required in every:
        bad_texts = {**BAD_TEXTS, **(EMPTY_TEXTS if required else {}), "10 MB": MB10}
        cases += [
            Case(
                f"{name} {field}: {label}",
                name,
                BASES[name],
                {field: bad},
                InvalidValueError,
                field,
            )
            for label, bad in bad_texts.items()
        ]
    return cases


NUMBERS: dict[tuple[str, str], tuple[Any, ...]] = {
    ("record-activity", "participants"): (-1, 10**12 + 1, 10**30),
    ("record-activity", "other_organisations"): (-1, 10**13),
    ("record-communication", "reach"): (-1, 10**12 + 1, 10**30),
    ("record-membership-recruitment", "prospects_contacted"): (-1, 10**12 + 1),
    ("record-funding-secured", "amount_eur"): (
        Decimal(0),
        Decimal(-5),
        Decimal(10) ** 13 + 1,
        Decimal(10) ** 30,
        Decimal("1.001"),
        "1e400",
        "9" * 200,
    ),
    ("report-kpi", "value"): (
        -1,
        Decimal(10) ** 12 + 1,
        10**30,
        Decimal("1.5"),
        "1e30",
        "9" * 200,
        Decimal("1E-30"),
    ),
    ("correct-kpi-report", "value"): (-1, 10**12 + 1, 10**30, Decimal("0.5")),
    ("record-survey-response", "satisfaction"): (0, 6, 10**30),
    ("open-monitoring-exercise", "year"): (0, -1, 1989, 2019, 2101, 10**6),
}
"""Out-of-range values of every numeric command field (they reach the
aggregate: the boundary checks only their type)."""


def _number_cases() -> list[Case]:
    return [
        Case(
            f"{name} {field}: {value!r:.40}",
            name,
            BASES[name],
            {field: value},
            InvalidValueError,
            field,
        )
        for (name, field), values in NUMBERS.items()
        for value in values
    ]


DATES = {
    ("record-activity", "held_on"): (
        date(1, 1, 1),
        date(1989, 12, 31),
        date(9999, 12, 31),
    ),
    ("record-communication", "published_on"): (date(1, 1, 1), date(9999, 12, 31)),
    ("record-funding-secured", "secured_on"): (date(1, 1, 1), date(9999, 12, 31)),
    ("close-partnership", "closed_on"): (date(1, 1, 1), date(9999, 12, 31)),
    ("sign-charter", "signed_on"): (date(1, 1, 1), date(9999, 12, 31)),
}
"""Dates outside the domain's years (1990 to 2100)."""


def _date_cases() -> list[Case]:
    return [
        Case(
            f"{name} {field}: {day}",
            name,
            BASES[name],
            {field: day},
            InvalidValueError,
            field,
        )
        for (name, field), days in DATES.items()
        for day in days
    ]


def _kpi(w: World, **overrides: Any) -> dict[str, Any]:
    return {
        **_lsp(w),
        "commitment_id": w.commitment,
        "definition": kpi_def(**overrides),
    }


def _define(**overrides: Any) -> Build:
    return lambda w: _kpi(w, **overrides)


def _target(measure: str, value: Decimal) -> Build:
    return lambda w: _kpi(
        w, measure=measure, unit="u", dimensions=(), target=Target(value, "u")
    )


HAND: list[Case] = [
    # Magnitudes of KPI definitions: target and baseline per measure.
    *[
        Case(
            f"define-kpi {measure} target {value}",
            "define-kpi",
            _target(measure, value),
            {},
            InvalidValueError,
            "target",
        )
        for measure, value in [
            ("count", Decimal(10) ** 12 + 1),
            ("count", Decimal(10) ** 15),
            ("percentage", Decimal("100.01")),
            ("percentage", Decimal("50.00001")),
            ("money_eur", Decimal(10) ** 13 + 1),
            ("money_eur", Decimal("10.001")),
            ("hours", Decimal(10) ** 12 + 1),
            ("hours", Decimal("1.125")),
            ("ratio", Decimal(10) ** 6 + 1),
            ("ratio", Decimal(-(10**6)) - 1),
            ("ordinal", Decimal(1001)),
            ("ordinal", Decimal("2.5")),
        ]
    ],
    # Report values per measure (on the money KPI).
    *[
        Case(
            f"report-kpi money {value}",
            "report-kpi",
            lambda w: {
                **_lsp(w),
                "kpi_id": w.money_kpi,
                "period": ReportingPeriod.year(2024),
            },
            {"value": value},
            InvalidValueError,
            "value",
        )
        for value in (Decimal(10) ** 13 + 1, Decimal("0.001"), -1)
    ],
    # A breakdown beyond the count bound (its total is in range).
    Case(
        "report-kpi breakdown beyond the count bound",
        "report-kpi",
        BASES["report-kpi"],
        {"breakdowns": (BreakdownValue("gender", "women", 10**13),)},
        InvalidValueError,
        "breakdowns",
    ),
    # Out-of-range years and periods.
    Case(
        "report-kpi period in year 1",
        "report-kpi",
        BASES["report-kpi"],
        {"period": "year 1"},
        InvalidValueError,
        "period",
    ),
    Case(
        "record-survey-response year 0",
        "record-survey-response",
        BASES["record-survey-response"],
        {"year": 0},
        DomainRuleError,
        "year",
    ),
    # Vocabulary codes over-long, and wrong.
    Case(
        "register-organisation country 10 MB",
        "register-organisation",
        BASES["register-organisation"],
        {"country": MB10},
        InvalidValueError,
        "country",
    ),
    Case(
        "register-organisation stakeholder type 10 MB",
        "register-organisation",
        BASES["register-organisation"],
        {"stakeholder_type": MB10},
        InvalidValueError,
        "stakeholder_type",
    ),
    Case(
        "register-organisation size 10 MB",
        "register-organisation",
        BASES["register-organisation"],
        {"size": MB10},
        InvalidValueError,
        "size",
    ),
    Case(
        "register-organisation region 10 MB",
        "register-organisation",
        BASES["register-organisation"],
        {"region": MB10},
        InvalidValueError,
        "region",
    ),
    Case(
        "submit-expression-of-interest regions 10 MB",
        "submit-expression-of-interest",
        BASES["submit-expression-of-interest"],
        {"regions": (MB10,)},
        InvalidValueError,
        "regions",
    ),
    Case(
        "submit-expression-of-interest countries 10 MB",
        "submit-expression-of-interest",
        BASES["submit-expression-of-interest"],
        {"countries": (MB10,)},
        InvalidValueError,
        "countries",
    ),
    Case(
        "record-activity type 10 MB",
        "record-activity",
        BASES["record-activity"],
        {"type": MB10},
        InvalidValueError,
        "type",
    ),
    Case(
        "record-funding-secured programme 10 MB",
        "record-funding-secured",
        BASES["record-funding-secured"],
        {"programme": MB10},
        InvalidValueError,
        "programme",
    ),
    Case(
        "report-kpi source 10 MB",
        "report-kpi",
        BASES["report-kpi"],
        {"source": MB10},
        InvalidValueError,
        "source",
    ),
    # The territory of a regional partnership (decisions, docs/domain.md).
    Case(
        "NUTS 2 partnership in Extra-Regio ITZZ",
        "submit-expression-of-interest",
        BASES["submit-expression-of-interest"],
        {"countries": ("IT",), "regions": ("ITZZ",)},
        InvalidValueError,
        "regions",
    ),
    Case(
        "NUTS 2 partnership in Extra-Regio DEZZ",
        "submit-expression-of-interest",
        BASES["submit-expression-of-interest"],
        {"countries": ("DE",), "regions": ("DEZZ",)},
        InvalidValueError,
        "regions",
    ),
    Case(
        "NUTS 1 partnership in Extra-Regio DEZ",
        "submit-expression-of-interest",
        BASES["submit-expression-of-interest"],
        {"countries": ("DE",), "regions": ("DEZ",), "regional_scope": "nuts1"},
        InvalidValueError,
        "regions",
    ),
    Case(
        "NUTS 2 partnership in two member states",
        "submit-expression-of-interest",
        BASES["submit-expression-of-interest"],
        {"countries": ("GR", "CY")},
        InvalidValueError,
        "countries",
    ),
    Case(
        "NUTS 1 partnership in two member states",
        "submit-expression-of-interest",
        BASES["submit-expression-of-interest"],
        {"countries": ("DE", "AT"), "regions": ("DE2",), "regional_scope": "nuts1"},
        InvalidValueError,
        "countries",
    ),
    Case(
        "local partnership in three member states",
        "submit-expression-of-interest",
        BASES["submit-expression-of-interest"],
        {"countries": ("DE", "AT", "FR"), "regions": (), "regional_scope": "local"},
        InvalidValueError,
        "countries",
    ),
    # Wrong field names of the old bug list.
    Case(
        "an unknown linked LSP names linked_lsp_id",
        "submit-expression-of-interest",
        BASES["submit-expression-of-interest"],
        {"linked_lsp_id": UUID(int=99)},
        NotFoundError,
        "linked_lsp_id",
    ),
    Case(
        "an id given as a string must be a UUID",
        "record-survey-response",
        BASES["record-survey-response"],
        {"organisation_id": str(UUID(int=1))},
        InvalidValueError,
        "organisation_id",
    ),
    Case(
        "a partnership id given as a string must be a UUID",
        "record-activity",
        BASES["record-activity"],
        {"partnership_id": "not-a-uuid"},
        InvalidValueError,
        "partnership_id",
    ),
    # Effective times outside the domain's years.
    Case(
        "effective time in year 1",
        "record-activity",
        BASES["record-activity"],
        {"effective_at": date(1, 1, 1)},
        InvalidValueError,
        "effective_at",
    ),
    Case(
        "effective time in 9999",
        "record-activity",
        BASES["record-activity"],
        {"effective_at": datetime(9999, 1, 1, tzinfo=UTC)},
        InvalidValueError,
        "effective_at",
    ),
    Case(
        "actor of NUL bytes",
        "record-activity",
        BASES["record-activity"],
        {"actor": "\x00\x00"},
        InvalidValueError,
        "actor",
    ),
    Case(
        "actor of zero-width spaces",
        "record-activity",
        BASES["record-activity"],
        {"actor": "\u200b"},
        InvalidValueError,
        "actor",
    ),
]

CASES: list[Case] = [*_text_cases(), *_number_cases(), *_date_cases(), *HAND]


def _run(w: World, case: Case) -> Callable[[], object]:
    fields = {"actor": ACTOR, **case.base(w), **case.bad}
    cls = COMMANDS[case.command]
    return lambda: w.app.handle(cls(**fields))


def test_the_corpus_has_at_least_200_cases() -> None:
    """The corpus holds at least 200 command cases, with unique names."""
    names = [c.name for c in CASES]
    assert len(names) >= 200
    assert len(set(names)) == len(names)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_bad_input_is_refused_and_nothing_is_stored(world: World, case: Case) -> None:
    """Each bad input is refused with its error naming its field, and no table
    of the store changes."""
    assert_refused_and_nothing_stored(world, _run(world, case), case.error, case.field)


def test_the_corpus_store_is_healthy_after_the_corpus(world: World) -> None:
    """A valid command still runs on the corpus's store (the refusals left it
    usable)."""
    before = world.app.recorder.max_notification_id()
    world.app.record_activity(
        world.lsp,
        type="webinar",
        title="Webinar",
        held_on=date(2025, 3, 1),
        participants=3,
        actor=ACTOR,
    )
    assert world.app.recorder.max_notification_id() == before + 1


# -- Hypothesis: out-of-range values of every numeric field -------------------------

_BEYOND_COUNT = st.integers(10**12 + 1, 10**40) | st.integers(-(10**40), -1)

NUMERIC_FIELDS: dict[tuple[str, str], st.SearchStrategy[Any]] = {
    ("record-activity", "participants"): _BEYOND_COUNT,
    ("record-activity", "other_organisations"): _BEYOND_COUNT,
    ("record-communication", "reach"): _BEYOND_COUNT,
    ("record-membership-recruitment", "prospects_contacted"): _BEYOND_COUNT,
    ("record-membership-recruitment", "joined"): st.integers(-(10**40), -1)
    | st.integers(11, 10**40),
    ("record-funding-secured", "amount_eur"): st.decimals(
        Decimal(10) ** 13 + Decimal("0.01"), Decimal(10) ** 40, places=2
    )
    | st.decimals(Decimal(-(10**40)), 0, places=2),
    ("report-kpi", "value"): _BEYOND_COUNT,
    ("correct-kpi-report", "value"): _BEYOND_COUNT,
    ("record-survey-response", "satisfaction"): st.integers(-(10**40), 0)
    | st.integers(6, 10**40),
    ("open-monitoring-exercise", "year"): st.integers(-(10**40), 2019)
    | st.integers(2101, 10**40),
}
"""Every numeric command field and a strategy of its out-of-range values."""


def test_every_numeric_command_field_has_a_strategy() -> None:
    """Each int or Decimal field of a command the corpus covers has an
    out-of-range strategy (a new numeric field must join the table)."""
    import typing

    import attrs

    covered = {name for name, _ in NUMERIC_FIELDS}
    for name in covered:
        cls = COMMANDS[name]
        hints = typing.get_type_hints(cls)
        numeric = {
            f.name
            for f in attrs.fields(cls)
            if f.name not in ("version",)
            and (hints[f.name] is int or "Decimal" in str(hints[f.name]))
        }
        assert numeric <= {f for n, f in NUMERIC_FIELDS if n == name} | {"year"}


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
@pytest.mark.parametrize("where", list(NUMERIC_FIELDS), ids=lambda k: f"{k[0]}.{k[1]}")
def test_out_of_range_numbers_are_refused(
    world: World, where: tuple[str, str], data: st.DataObject
) -> None:
    """Any value beyond a numeric field's documented range is refused naming
    the field, and nothing is stored."""
    name, field = where
    value = data.draw(NUMERIC_FIELDS[where], label=field)
    case = Case("drawn", name, BASES[name], {field: value}, InvalidValueError, field)
    raised = assert_refused_and_nothing_stored(
        world, _run(world, case), InvalidValueError, field
    )
    assert raised.entity in ("Partnership", "KpiReport", COMMANDS[name].__name__)


# -- reports: out-of-range years, and the largest values go through -----------------


@pytest.mark.parametrize("year", [0, -1, 1989, 2101, 10**6])
def test_a_report_year_out_of_range_is_refused(world: World, year: int) -> None:
    """``annual_report`` and ``portfolio_report`` refuse a year outside
    1990-2100 with InvalidValueError naming ``year``."""
    views = MonitoringViews(world.app)
    with pytest.raises(InvalidValueError) as info:
        annual_report(views, world.lsp, year=year)
    assert (info.value.entity, info.value.field) == ("AnnualMonitoringReport", "year")
    with pytest.raises(InvalidValueError) as info:
        portfolio_report(views, year=year)
    assert (info.value.entity, info.value.field) == ("PortfolioReport", "year")


# -- the CLI: each bad input is one error line, exit 2, nothing stored --------------

CLI_CASES = [
    ("report year 0", ["report", "{lsp}", "--year", "0"]),
    ("report year 10000", ["report", "{lsp}", "--year", "10000"]),
    (
        "report grace days beyond ten years",
        ["report", "{lsp}", "--grace-days", "99999"],
    ),
    ("report as-of in year 1", ["report", "{lsp}", "--as-of", "0001-01-01"]),
    ("report as-of not a date", ["report", "{lsp}", "--as-of", "yesterday"]),
    ("report partnership id not a UUID", ["report", "not-a-uuid"]),
    ("report partnership id 10 MB", ["report", "x" * 100_000]),
]


@pytest.mark.parametrize(
    "argv", [a for _, a in CLI_CASES], ids=[n for n, _ in CLI_CASES]
)
def test_bad_cli_input_is_one_error_line_and_stores_nothing(
    world: World, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """A bad ``pact`` argument exits 2 with one short ``pact: error:`` line,
    and the store is unchanged."""
    rows = _rows(world.path)
    args = ["--store", str(world.path), *(a.format(lsp=world.lsp) for a in argv)]
    code = main(args)
    _, err = capsys.readouterr()
    lines = [line for line in err.splitlines() if line.startswith("pact: error:")]
    assert code == EXIT_USAGE, err[:500]
    assert len(lines) == 1, err[:500]
    assert len(lines[0]) < 2_000, err[:500]
    assert "Traceback" not in err
    assert _rows(world.path) == rows
