"""Commands as data: one class per command, checked at the boundary,
round-tripped through JSON, run through the one handler path."""

from __future__ import annotations

import enum
import json
import typing
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _helpers import register_org
from pact_domain import commands
from pact_domain.application import PactApplication
from pact_domain.commands import (
    COMMANDS,
    Command,
    JoinPartnership,
    ReportKpi,
    SubmitExpressionOfInterest,
    command_from_json,
    command_json_schema,
    command_to_json,
)
from pact_domain.errors import InvalidValueError, PactError
from pact_domain.testing import StepClock
from pact_domain.testing import strategies as pst
from pact_domain.values import ContactPerson, ReportingPeriod
from pact_domain.vocabularies import MembershipTier

ALL = list(COMMANDS.values())
IDS = [c.__name__ for c in ALL]


def test_every_command_is_exported_and_registered() -> None:
    """Each command class is in the package's ``__all__`` and its registry,
    under a unique kebab-case name."""
    assert len(ALL) == 60
    for cls in ALL:
        assert cls.__name__ in commands.__all__
        assert COMMANDS[cls.spec().name] is cls
        assert commands.command_class(cls.__name__) is cls


@pytest.mark.parametrize("cls", ALL, ids=IDS)
def test_every_command_names_an_aggregate_method(cls: type[Command[Any]]) -> None:
    """The handler finds the aggregate method the command calls, and that
    method takes exactly the command's arguments."""
    import inspect

    spec = cls.spec()
    method = getattr(spec.target, spec.method)
    params = inspect.signature(method).parameters
    expected = {*spec.arguments, *(kw for kw, _ in spec.loads.values()), "meta"}
    accepted = {n for n, p in params.items() if p.kind is p.KEYWORD_ONLY}
    assert expected <= accepted, expected - accepted
    required = {
        n
        for n, p in params.items()
        if p.kind is p.KEYWORD_ONLY and p.default is p.empty
    }
    assert required <= expected, required - expected


@pytest.mark.parametrize("cls", ALL, ids=IDS)
def test_every_command_is_documented(cls: type[Command[Any]]) -> None:
    """Each command has a summary and each field a description, so its
    reference and JSON Schema explain every field."""
    spec = cls.spec()
    assert spec.doc
    for field in attrs.fields(cls):
        assert spec.field_docs[field.name], field.name


@pytest.mark.parametrize("cls", ALL, ids=IDS)
def test_every_command_has_a_json_schema(cls: type[Command[Any]]) -> None:
    """The schema is JSON, requires the name and the required fields, and
    describes every field."""
    schema = command_json_schema(cls)
    json.dumps(schema)
    required = {f.name for f in attrs.fields(cls) if f.default is attrs.NOTHING}
    assert set(schema["required"]) == {"command", *required}
    assert schema["properties"]["command"] == {
        "const": cls.spec().name,
        "description": "The command's name.",
    }
    assert schema["additionalProperties"] is False
    for name, prop in schema["properties"].items():
        assert prop.get("description"), name


def test_the_convenience_method_is_the_command() -> None:
    """``app.join_partnership(...)`` has the command class's signature and
    runs the same command as ``app.handle(JoinPartnership(...))``."""
    import inspect

    assert inspect.signature(PactApplication(store="memory:").join_partnership) == (
        inspect.signature(JoinPartnership)
    )
    assert "JoinPartnership" in (PactApplication.join_partnership.__doc__ or "")


# -- the boundary check ----------------------------------------------------------

WRONG: dict[str, list[Any]] = {
    "uuid": ["3f2b7c9e-not-a-uuid", 42, {"id": 1}],
    "str": [42, b"bytes", ("a",)],
    "int": ["3", True, 2.5],
    "bool": [1, "yes", None],
    "decimal": [1.5, True, [1]],
    "date": ["2024-01-01", datetime(2024, 1, 1, tzinfo=UTC), 20240101],
    "tuple": ["a string", None, 7, {"k": "v"}],
    "object": [{"a": 1}, "text", 3],
}


def _kind(hint: Any) -> str | None:
    members = [a for a in typing.get_args(hint) if a is not type(None)]
    if typing.get_origin(hint) in (typing.Union, type(int | str)):
        if Decimal in members:
            return "decimal"
        if str in members or len(members) != 1:
            return None  # a code or a union: any string is the domain's to judge
        hint = members[0]
    if typing.get_origin(hint) is tuple:
        return "tuple"
    if hint is UUID:
        return "uuid"
    if hint is bool:
        return "bool"
    if hint is int:
        return "int"
    if hint is str:
        return "str"
    if hint is date:
        return "date"
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return None
    if isinstance(hint, type) and attrs.has(hint):
        return "object"
    return None


WRONG_CASES = [
    (cls, name, value)
    for cls in ALL
    for name, hint in typing.get_type_hints(cls).items()
    if name in attrs.fields_dict(cls) and name != "effective_at"
    for value in WRONG.get(_kind(hint) or "", [])
    if not (value is None and type(None) in typing.get_args(hint))
]


@pytest.mark.parametrize(
    ("cls", "name", "value"),
    WRONG_CASES,
    ids=[f"{c.__name__}.{n}={v!r:.20}" for c, n, v in WRONG_CASES],
)
@settings(max_examples=1, deadline=None)
@given(data=st.data())
def test_a_value_of_the_wrong_type_is_refused_naming_its_field(
    cls: type[Command[Any]], name: str, value: Any, data: st.DataObject
) -> None:
    """Every field refuses a value of the wrong type with the library's error
    naming the command and the field, through the application, storing
    nothing."""
    app = PactApplication(store="memory:")
    before = app.recorder.max_notification_id()
    hints = typing.get_type_hints(cls)
    kwargs = {
        f.name: _value_of(hints[f.name], data)
        for f in attrs.fields(cls)
        if f.default is attrs.NOTHING
    }
    kwargs[name] = value
    method = getattr(app, _method_name(cls))
    with pytest.raises(InvalidValueError) as info:
        method(**kwargs)
    assert (info.value.entity, info.value.field) == (cls.__name__, name)
    assert "Traceback" not in str(info.value)
    assert app.recorder.max_notification_id() == before


def test_the_effective_time_refuses_a_string() -> None:
    """``effective_at`` must be a date or a datetime."""
    with pytest.raises(InvalidValueError) as info:
        JoinPartnership(
            uuid4(), organisation_id=uuid4(), actor="a", effective_at="2024-01-01"
        )
    assert info.value.field == "effective_at"


def test_values_are_normalised_when_built() -> None:
    """Lists become tuples, codes their vocabulary members, numbers
    decimals: a command equals the one built from canonical values."""
    pid, kid = uuid4(), uuid4()
    period = ReportingPeriod(date(2024, 1, 1), date(2024, 12, 31))
    loose = ReportKpi(
        pid, kpi_id=kid, period=period, value=12, breakdowns=[], actor="a"
    )
    assert loose.value == Decimal(12)
    assert loose.breakdowns == ()
    assert loose == ReportKpi(
        pid, kpi_id=kid, period=period, value=Decimal("12"), actor="a"
    )


def test_a_long_wrong_value_is_echoed_shortened() -> None:
    """A 10 MB wrong value does not make a 10 MB message."""
    with pytest.raises(InvalidValueError) as info:
        JoinPartnership(uuid4(), organisation_id="x" * 10_000_000, actor="a")
    assert len(str(info.value)) < 300


# -- JSON ----------------------------------------------------------------------


def test_json_refuses_unknown_commands_and_fields() -> None:
    """An unknown command name, an unknown field, a missing field and a
    wrong JSON type are each refused naming the field."""
    pid, oid = str(uuid4()), str(uuid4())
    good = {
        "command": "join-partnership",
        "partnership_id": pid,
        "organisation_id": oid,
        "actor": "a",
    }
    assert isinstance(command_from_json(good), JoinPartnership)
    cases = [
        ({**good, "command": "fly-to-the-moon"}, "command"),
        ({**good, "colour": "blue"}, "colour"),
        ({k: v for k, v in good.items() if k != "organisation_id"}, "organisation_id"),
        ({**good, "organisation_id": 12}, "organisation_id"),
        ({**good, "organisation_id": "nope"}, "organisation_id"),
        ({**good, "effective_at": "yesterday"}, "effective_at"),
    ]
    for data, field in cases:
        with pytest.raises(InvalidValueError) as info:
            command_from_json(data)
        assert info.value.field == field, (data, info.value)
    # A known code becomes its vocabulary member; an unknown one stays text,
    # for the domain to refuse naming the field (the JSON Schema lists the
    # codes).
    assert command_from_json({**good, "tier": "core"}).tier is MembershipTier.CORE
    assert command_from_json({**good, "tier": "platinum"}).tier == "platinum"
    schema = command_json_schema(JoinPartnership)["properties"]["tier"]
    assert schema["enum"] == [t.value for t in MembershipTier]


def _method_name(cls: type) -> str:
    import re

    return re.sub(r"(?<!^)(?=[A-Z])", "_", cls.__name__).lower()


def _value_of(hint: Any, data: st.DataObject) -> Any:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, type(int | str)):
        members = [a for a in typing.get_args(hint) if a is not type(None)]
        return _value_of(members[0], data)
    if origin is tuple:
        return ()
    simple: dict[Any, Any] = {
        UUID: uuid4(),
        str: "x",
        int: 1,
        bool: True,
        Decimal: Decimal(1),
        date: date(2024, 1, 1),
    }
    if hint in simple:
        return simple[hint]
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return next(iter(hint))
    if hint is ContactPerson:
        return ContactPerson(full_name="Ana Lima", email="ana@example.eu")
    if hint is ReportingPeriod:
        return ReportingPeriod(date(2024, 1, 1), date(2024, 12, 31))
    return data.draw(_VALUE_STRATEGIES[hint.__name__]())


_VALUE_STRATEGIES: dict[str, Callable[[], st.SearchStrategy[Any]]] = {
    "ContactPerson": pst.contact_persons,
    "CurrentPartner": pst.current_partners,
    "Target": pst.targets,
    "Baseline": pst.baselines,
    "ReportingPeriod": pst.reporting_periods,
    "AgreementContent": pst.agreement_contents,
    "KpiDefinition": pst.kpi_definitions,
    "PlannedWorkPackage": lambda: pst.planned_work_packages(
        [ORG], date(2024, 1, 1), date(2026, 12, 31)
    ),
    "PlannedDeliverable": lambda: pst.planned_deliverables(
        date(2024, 1, 1), date(2026, 12, 31)
    ),
    "SkillsGap": pst.skills_gaps,
    "BreakdownValue": pst.breakdown_values,
    "LibraryResourceDetails": pst.library_resource_details,
    "FundingOpportunityDetails": pst.funding_opportunity_details,
    "InitiativeDetails": pst.initiative_details,
    "KnowledgeEventDetails": pst.knowledge_event_details,
}


# -- JSON round trip, handled ----------------------------------------------------

ORG = UUID("00000000-0000-4000-8000-000000000001")
PARTNERSHIP = UUID("00000000-0000-4000-8000-000000000002")
KNOWN = [ORG, PARTNERSHIP]


def _seeded() -> PactApplication:
    app = PactApplication(store="memory:", clock=StepClock())
    register_org(app, id=ORG)
    app.submit_expression_of_interest(
        id=PARTNERSHIP,
        name="Skills Partnership for Testing",
        kind="large_scale",
        ecosystems=("digital",),
        countries=("BE",),
        contact=ContactPerson(full_name="Ana Lima", email="ana@example.eu"),
        description="A partnership to test commands.",
        actor="support@pact.example",
        effective_at=date(2023, 1, 1),
    )
    return app


def _field_strategy(hint: Any) -> st.SearchStrategy[Any]:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, type(int | str)):
        members = [a for a in typing.get_args(hint) if a is not type(None)]
        base = _field_strategy(members[0])
        return st.none() | base if type(None) in typing.get_args(hint) else base
    if origin is tuple:
        return st.lists(_field_strategy(typing.get_args(hint)[0]), max_size=2).map(
            tuple
        )
    if hint is UUID:
        return st.sampled_from(KNOWN) | st.uuids(version=4)
    if hint is str:
        return pst.texts(min_size=1, max_size=20)
    if hint is int:
        return st.integers(min_value=0, max_value=3000)
    if hint is bool:
        return st.booleans()
    if hint is Decimal:
        return st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False)
    if hint is date:
        return pst.dates()
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return st.sampled_from(list(hint))
    return _VALUE_STRATEGIES[hint.__name__]()


@st.composite
def any_command(draw: st.DrawFn) -> Command[Any]:
    cls = draw(st.sampled_from(ALL))
    hints = typing.get_type_hints(cls)
    kwargs: dict[str, Any] = {}
    for field in attrs.fields(cls):
        hint = hints[field.name]
        if field.name == "actor":
            kwargs["actor"] = draw(pst.actors())
        elif field.name == "effective_at":
            kwargs["effective_at"] = draw(st.none() | pst.dates())
        elif field.name.endswith("id") and typing.get_origin(hint) is not tuple:
            # ids chosen by the caller, so both runs record the same ids
            kwargs[field.name] = draw(st.sampled_from(KNOWN) | st.uuids(version=4))
        elif field.default is attrs.NOTHING or draw(st.booleans()):
            kwargs[field.name] = draw(_field_strategy(hint))
    return cls(**kwargs)


def _outcome(app: PactApplication, command: Command[Any]) -> Any:
    before = app.recorder.max_notification_id() or 0
    try:
        result = app.handle(command)
    except PactError as error:
        return ("refused", type(error).__name__, error.field)
    events = [
        (n.topic, n.originator_id, n.originator_version, n.state)
        for n in app.recorder.select_notifications(before + 1, 1000)
    ]
    return ("done", result, events)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(command=any_command())
def test_a_command_round_trips_through_json_and_handles_the_same(
    command: Command[Any],
) -> None:
    """A command rebuilt from its JSON form equals it and, run on the same
    history, gives the same result and stores the same events (or the same
    refusal)."""
    data = json.loads(json.dumps(command_to_json(command)))
    again = command_from_json(data)
    assert again == command
    assert _outcome(_seeded(), command) == _outcome(_seeded(), again)


def test_creation_commands_record_the_given_id() -> None:
    """A command creating an aggregate returns the id it was given."""
    app = _seeded()
    pid = uuid4()
    result = app.handle(
        SubmitExpressionOfInterest(
            id=pid,
            name="Another partnership",
            kind="large_scale",
            ecosystems=("digital",),
            countries=("BE",),
            contact=ContactPerson(full_name="Ana Lima", email="ana@example.eu"),
            description="Another one.",
            actor="support@pact.example",
        )
    )
    assert result == pid
    assert app.get_partnership(pid).name == "Another partnership"


def test_the_command_reference_page_is_generated_from_the_classes() -> None:
    """docs/commands.md is exactly what the command classes generate, so a
    new or changed command cannot go undocumented."""
    from pathlib import Path

    from pact_domain.commands import command_reference

    page = Path(__file__).parents[1] / "docs" / "commands.md"
    assert page.read_text("utf-8") == command_reference() + "\n", (
        "regenerate it: python -m pact_domain.commands > docs/commands.md"
    )
    for cls in ALL:
        assert f"## `{cls.spec().name}`" in page.read_text("utf-8")
