"""The annual monitoring exercise and its member survey (§6.2, Box 40)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

import pytest

from _helpers import (
    ACTOR,
    active_lsp,
    assert_meta,
    last_event,
    new_app,
    refused,
    register_org,
    submit_lsp,
)
from pact_domain.application import PactApplication
from pact_domain.errors import DomainRuleError, InvalidStateError, InvalidValueError
from pact_domain.partnership import (
    MonitoringExerciseClosed,
    MonitoringExerciseOpened,
    SurveyResponseRecorded,
)


@pytest.fixture
def app() -> PactApplication:
    """An in-memory application with a deterministic clock."""
    return new_app()


@pytest.fixture
def lsp(app: PactApplication) -> tuple[UUID, list[UUID]]:
    """An active LSP (proximity and social economy) with 4 members."""
    return active_lsp(app, members=4)


def _answer(
    app: PactApplication,
    pid: UUID,
    org: UUID,
    *,
    year: int = 2024,
    satisfaction: int = 4,
    uses_outputs: bool = True,
    **texts: str,
) -> None:
    app.record_survey_response(
        pid,
        year=year,
        organisation_id=org,
        satisfaction=satisfaction,
        uses_outputs=uses_outputs,
        actor=ACTOR,
        **texts,  # type: ignore[arg-type]
    )


def test_monitoring_exercise_opened(
    app: PactApplication, lsp: tuple[UUID, list[UUID]]
) -> None:
    """The Support Services open the 2024 annual exercise (§6.1)."""
    pid, _ = lsp
    recorded = app.clock.next
    app.open_monitoring_exercise(pid, year=2024, actor=ACTOR)
    event = last_event(app, pid)
    assert isinstance(event, MonitoringExerciseOpened)
    assert event.year == 2024
    assert_meta(event, recorded_at=recorded)
    p = app.get_partnership(pid)
    assert p.open_monitoring_exercise_year == 2024
    exercise = p.monitoring_exercises[2024]
    assert exercise.is_open
    assert exercise.responses == ()
    assert exercise.satisfied_share is None
    assert exercise.outputs_use_share is None


def test_survey_response_recorded(
    app: PactApplication, lsp: tuple[UUID, list[UUID]]
) -> None:
    """A member answers: satisfaction, use of outputs, progress, challenges,
    good practice (§6.2)."""
    pid, orgs = lsp
    app.open_monitoring_exercise(pid, year=2024, actor=ACTOR)
    recorded = app.clock.next
    _answer(
        app,
        pid,
        orgs[0],
        satisfaction=5,
        commitments_progress="Trained 340 social-economy managers (target 500).",
        challenges="Reaching micro-enterprises in rural areas.",
        good_practice="Peer mentoring between cooperatives.",
    )
    event = last_event(app, pid)
    assert isinstance(event, SurveyResponseRecorded)
    assert (event.year, event.organisation_id, event.satisfaction) == (2024, orgs[0], 5)
    assert event.uses_outputs is True
    assert event.challenges.startswith("Reaching micro-enterprises")
    assert_meta(event, recorded_at=recorded)
    response = app.get_partnership(pid).monitoring_exercises[2024].response_of(orgs[0])
    assert response is not None
    assert response.is_satisfied
    assert response.good_practice == "Peer mentoring between cooperatives."


def test_box_40_shares_of_satisfied_members_and_output_users(
    app: PactApplication, lsp: tuple[UUID, list[UUID]]
) -> None:
    """Shares of respondents satisfied (4 or 5) and using outputs (Box 40)."""
    pid, orgs = lsp
    app.open_monitoring_exercise(pid, year=2024, actor=ACTOR)
    _answer(app, pid, orgs[0], satisfaction=5, uses_outputs=True)
    _answer(app, pid, orgs[1], satisfaction=4, uses_outputs=False)
    _answer(app, pid, orgs[2], satisfaction=3, uses_outputs=True)
    _answer(app, pid, orgs[3], satisfaction=1, uses_outputs=True)
    exercise = app.get_partnership(pid).monitoring_exercises[2024]
    assert exercise.satisfied_share == Decimal("0.5")
    assert exercise.outputs_use_share == Decimal("0.75")


def test_monitoring_exercise_closed(
    app: PactApplication, lsp: tuple[UUID, list[UUID]]
) -> None:
    """The exercise closes; responses stop; the next year's can open."""
    pid, orgs = lsp
    app.open_monitoring_exercise(pid, year=2023, actor=ACTOR)
    _answer(app, pid, orgs[0], year=2023)
    recorded = app.clock.next
    app.close_monitoring_exercise(pid, year=2023, actor=ACTOR)
    event = last_event(app, pid)
    assert isinstance(event, MonitoringExerciseClosed)
    assert event.year == 2023
    assert_meta(event, recorded_at=recorded)
    p = app.get_partnership(pid)
    assert not p.monitoring_exercises[2023].is_open
    assert p.monitoring_exercises[2023].closed_at == recorded
    assert p.open_monitoring_exercise_year is None
    with refused(app, DomainRuleError, "year", pid, match="closed"):
        _answer(app, pid, orgs[1], year=2023)
    app.open_monitoring_exercise(pid, year=2024, actor=ACTOR)
    _answer(app, pid, orgs[0], year=2024)
    assert len(app.get_partnership(pid).monitoring_exercises) == 2


def test_one_open_exercise_at_a_time_and_one_per_year(
    app: PactApplication, lsp: tuple[UUID, list[UUID]]
) -> None:
    """A second exercise waits for the first to close; a year has one."""
    pid, _ = lsp
    app.open_monitoring_exercise(pid, year=2023, actor=ACTOR)
    with refused(app, DomainRuleError, "year", pid, match="still open"):
        app.open_monitoring_exercise(pid, year=2024, actor=ACTOR)
    with refused(app, DomainRuleError, "year", pid, match="one per year"):
        app.open_monitoring_exercise(pid, year=2023, actor=ACTOR)
    app.close_monitoring_exercise(pid, year=2023, actor=ACTOR)
    with refused(app, DomainRuleError, "year", pid, match="one per year"):
        app.open_monitoring_exercise(pid, year=2023, actor=ACTOR)


@pytest.mark.parametrize("year", [2019, 2101, True, "2024"])
def test_exercise_year_is_validated(
    app: PactApplication, lsp: tuple[UUID, list[UUID]], year: object
) -> None:
    """A year from the Pact's launch (2020) to 2100."""
    pid, _ = lsp
    with refused(app, InvalidValueError, "year", pid):
        app.open_monitoring_exercise(pid, year=year, actor=ACTOR)  # type: ignore[arg-type]


def test_survey_response_refusals(
    app: PactApplication, lsp: tuple[UUID, list[UUID]]
) -> None:
    """No exercise, a non-member, a second answer, a score outside 1-5,
    a non-boolean use of outputs, free text over 1,000 characters."""
    pid, orgs = lsp
    with refused(app, DomainRuleError, "year", pid, match="no monitoring exercise"):
        _answer(app, pid, orgs[0])
    app.open_monitoring_exercise(pid, year=2024, actor=ACTOR)
    with refused(app, DomainRuleError, "year", pid, match="no monitoring exercise"):
        _answer(app, pid, orgs[0], year=2023)
    outsider = register_org(app, "Not a member")
    with refused(app, DomainRuleError, "organisation_id", pid, match="not a member"):
        _answer(app, pid, outsider)
    for score in (0, 6, 3.5, True):
        with refused(app, InvalidValueError, "satisfaction", pid):
            _answer(app, pid, orgs[0], satisfaction=score)  # type: ignore[arg-type]
    with refused(app, InvalidValueError, "uses_outputs", pid):
        _answer(app, pid, orgs[0], uses_outputs="yes")  # type: ignore[arg-type]
    for field in ("commitments_progress", "challenges", "good_practice"):
        with refused(app, InvalidValueError, field, pid, match="1,000"):
            _answer(app, pid, orgs[0], **{field: "x" * 1001})
    _answer(app, pid, orgs[0], good_practice="x" * 1000)
    with refused(
        app, DomainRuleError, "organisation_id", pid, match="already answered"
    ):
        _answer(app, pid, orgs[0])


def test_close_refusals(app: PactApplication, lsp: tuple[UUID, list[UUID]]) -> None:
    """Closing an exercise never opened, or twice, is refused."""
    pid, _ = lsp
    with refused(app, DomainRuleError, "year", pid):
        app.close_monitoring_exercise(pid, year=2024, actor=ACTOR)
    app.open_monitoring_exercise(pid, year=2024, actor=ACTOR)
    app.close_monitoring_exercise(pid, year=2024, actor=ACTOR)
    with refused(app, DomainRuleError, "year", pid, match="closed"):
        app.close_monitoring_exercise(pid, year=2024, actor=ACTOR)


def test_monitoring_needs_an_accepted_or_active_partnership(
    app: PactApplication,
) -> None:
    """A proposed or closed partnership has no monitoring exercise."""
    pid = submit_lsp(app)
    with refused(app, InvalidStateError, "status", pid):
        app.open_monitoring_exercise(pid, year=2024, actor=ACTOR)
    pid2, orgs = active_lsp(app, members=1)
    app.open_monitoring_exercise(pid2, year=2024, actor=ACTOR)
    app.close_partnership(pid2, reason="Ended", closed_on=date(2025, 3, 1), actor=ACTOR)
    with refused(app, InvalidStateError, "status", pid2):
        _answer(app, pid2, orgs[0])
