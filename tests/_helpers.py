"""Domain-specific scenario builders shared by the domain-core tests.

The application and its clock come from the public toolkit
(:func:`pact_domain.testing.new_application`,
:class:`pact_domain.testing.StepClock`); what is left here are the suite's
fixed scenarios — an organisation, an LSP and a regional partnership of the
handbook, an active LSP with members, a standard KPI and commitment — and
:func:`refused`, so that each test states only what it is about.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest

from pact_domain.application import PactApplication
from pact_domain.errors import PactError
from pact_domain.events import PactEvent
from pact_domain.partnership import KpiDefinition
from pact_domain.partnership._core import DERIVED_STATE
from pact_domain.testing import StepClock, new_application
from pact_domain.values import (
    AgreementContent,
    Baseline,
    ContactPerson,
    CurrentPartner,
    Target,
)
from pact_domain.vocabularies import (
    CharterPrinciple,
    CommitmentCategory,
    Dimension,
    KpiCategory,
    Measure,
    StrategicTheme,
)

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
"""The first time the test clock gives."""

ACTOR = "support@pact.example"


def Clock(start: datetime = T0, step: timedelta = timedelta(minutes=1)) -> StepClock:
    """The suite's clock: the toolkit's :class:`~pact_domain.testing.StepClock`
    starting at :data:`T0`, one minute per reading (``next`` is the reading it
    gives next; ``readings`` lists those it gave)."""
    return StepClock(start, step)


def new_app(store: str = "memory:", clock: StepClock | None = None) -> PactApplication:
    """A fresh application on ``store`` with the suite's clock: in memory as
    the toolkit's ``pact_app`` fixture builds its own, on a file through the
    one wiring place, ``pact_adapters.open_application``."""
    if str(store) in ("memory:", ":memory:"):
        return new_application(store, clock=clock or Clock())
    from pact_adapters.stores import open_application

    return open_application(store, clock=clock or Clock())


def contact(
    name: str = "Dr Ana Lopes", email: str = "ana.lopes@example.eu"
) -> ContactPerson:
    """The Annex A contact person of a test expression of interest."""
    return ContactPerson(
        full_name=name, email=email, title="Dr", organisation="Skills Agency"
    )


def register_org(
    app: PactApplication,
    name: str = "Acme Training",
    *,
    country: str = "DE",
    stakeholder_type: str = "vet_provider",
    size: str = "small",
    **kwargs: Any,
) -> UUID:
    """Register an organisation and return its id."""
    return app.register_organisation(
        name=name,
        stakeholder_type=stakeholder_type,
        size=size,
        country=country,
        actor=ACTOR,
        **kwargs,
    )


def submit_lsp(app: PactApplication, **overrides: Any) -> UUID:
    """Submit a Large Scale Partnership's expression of interest."""
    fields: dict[str, Any] = {
        "name": "Skills partnership for offshore renewable energy",
        "kind": "large_scale",
        "contact": contact(),
        "description": "A partnership of the offshore renewable energy sector.",
        "countries": ("DE", "DK", "NL"),
        "ecosystems": ("renewable_energy",),
        "current_partners": (CurrentPartner("WindEurope", "coordinator"),),
        "objectives": "Upskill 10,000 workers by 2030.",
        "support_needed": "Advice on commitments.",
        "current_activities": "Skills observatory.",
        "actor": ACTOR,
    }
    fields.update(overrides)
    return app.submit_expression_of_interest(**fields)


def submit_regional(app: PactApplication, **overrides: Any) -> UUID:
    """Submit a NUTS 2 regional partnership's expression of interest (Attiki)."""
    fields: dict[str, Any] = {
        "name": "Skills partnership in Attiki",
        "kind": "regional",
        "contact": contact(),
        "description": "Regional skills partnership of Attiki.",
        "countries": ("GR",),
        "regions": ("EL30",),
        "regional_scope": "nuts2",
        "actor": ACTOR,
    }
    fields.update(overrides)
    return app.submit_expression_of_interest(**fields)


def accepted_lsp(app: PactApplication, **overrides: Any) -> UUID:
    """An LSP whose expression of interest was accepted."""
    pid = submit_lsp(app, **overrides)
    app.assess_expression_of_interest(pid, outcome="accepted", actor=ACTOR)
    return pid


def agreement(
    challenge: str = "Skills gaps in offshore wind.",
    themes: tuple[str, ...] = ("sustainability",),
) -> AgreementContent:
    """The content of a test partnership agreement."""
    return AgreementContent(
        challenge=challenge,
        ambition="Every worker skilled for the green transition.",
        strategic_themes=themes or (StrategicTheme.SUSTAINABILITY,),
    )


def with_members(app: PactApplication, pid: UUID, count: int) -> list[UUID]:
    """Register ``count`` organisations and make them core members of ``pid``."""
    orgs = [register_org(app, f"Member {i}") for i in range(count)]
    for org in orgs:
        app.join_partnership(pid, organisation_id=org, actor=ACTOR)
    return orgs


def active_lsp(app: PactApplication, members: int = 3) -> tuple[UUID, list[UUID]]:
    """An active LSP: accepted, ``members`` core members, agreement v1 signed
    by the first member.  Returns the partnership id and the member ids."""
    pid = accepted_lsp(app)
    orgs = with_members(app, pid, members)
    version = app.draft_agreement(pid, content=agreement(), actor=ACTOR)
    app.sign_agreement(
        pid,
        version=version,
        signatories=(orgs[0],),
        signed_on=date(2025, 3, 1),
        actor=ACTOR,
    )
    return pid, orgs


def kpi_def(**overrides: Any) -> KpiDefinition:
    """A count KPI broken down by gender and EQF level (Box 13)."""
    fields: dict[str, Any] = {
        "name": "People trained in LLL courses",
        "category": KpiCategory.SKILLING_TRAINING_OUTPUTS,
        "measure": Measure.COUNT,
        "unit": "people",
        "baseline": Baseline(0, 2024),
        "target": Target(1000, "people", date(2027, 12, 31)),
        "dimensions": (Dimension.GENDER, Dimension.EQF_LEVEL),
    }
    fields.update(overrides)
    return KpiDefinition(**fields)


def pledge(
    app: PactApplication,
    pid: UUID,
    *,
    kpis: tuple[KpiDefinition, ...] | None = None,
    **overrides: Any,
) -> tuple[UUID, tuple[UUID, ...]]:
    """Pledge a training commitment with one count KPI (or the given KPIs)."""
    fields: dict[str, Any] = {
        "category": CommitmentCategory.TRAINING_AND_DEVELOPMENT,
        "statement": "Train 1,000 people in lifelong-learning courses.",
        "principles": (CharterPrinciple.LEARNING_CULTURE,),
        "kpis": kpis if kpis is not None else (kpi_def(),),
        "actor": ACTOR,
    }
    fields.update(overrides)
    return app.pledge_commitment(pid, **fields)


def last_event(app: PactApplication, aggregate_id: UUID) -> PactEvent:
    """The latest stored event of an aggregate."""
    return app.history(aggregate_id)[-1]


def state(aggregate: Any) -> dict[str, Any]:
    """An aggregate's whole state as a record (its attributes but the pending
    events and a partnership's derived indexes, which are no state), to
    compare two loads of the same aggregate."""
    return {
        k: val
        for k, val in vars(aggregate).items()
        if k != "_pending_events" and k not in DERIVED_STATE
    }


def _version(app: PactApplication, aggregate_id: UUID | None) -> int | None:
    if aggregate_id is None:
        return None
    events = app.recorder.select_events(aggregate_id, desc=True, limit=1)
    return events[0].originator_version if events else 0


@contextmanager
def refused(
    app: PactApplication,
    error: type[PactError] | tuple[type[PactError], ...],
    field: str | None,
    aggregate_id: UUID | None = None,
    *,
    match: str | None = None,
) -> Iterator[pytest.ExceptionInfo[PactError]]:
    """Expect the block to raise exactly ``error`` (or exactly one of several)
    about ``field`` and to store nothing: the notification log and the
    aggregate's version are unchanged."""
    allowed = error if isinstance(error, tuple) else (error,)
    max_id = app.recorder.max_notification_id()
    version = _version(app, aggregate_id)
    with pytest.raises(error, match=match) as info:
        yield info
    assert type(info.value) in allowed, f"{type(info.value).__name__}: {info.value}"
    assert info.value.field == field, str(info.value)
    assert app.recorder.max_notification_id() == max_id
    assert _version(app, aggregate_id) == version


def at(day: date) -> datetime:
    """Midnight UTC on ``day`` (what a plain date means as an effective time)."""
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def assert_meta(
    event: PactEvent,
    *,
    recorded_at: datetime,
    effective_at: datetime | None = None,
) -> None:
    """Check an event's actor, recording time and effective time."""
    assert event.actor == ACTOR
    assert event.recorded_at == recorded_at
    assert event.timestamp == recorded_at
    assert event.effective_at == (recorded_at if effective_at is None else effective_at)


__all__ = [
    "ACTOR",
    "T0",
    "Clock",
    "accepted_lsp",
    "active_lsp",
    "agreement",
    "assert_meta",
    "at",
    "contact",
    "kpi_def",
    "last_event",
    "new_app",
    "pledge",
    "refused",
    "register_org",
    "state",
    "submit_lsp",
    "submit_regional",
    "with_members",
]
