"""The annual monitoring exercise and its survey of members (§6.1, §6.2,
Box 40).

Rules:

* one exercise per year, and one open exercise at a time;
* a survey response comes from a member organisation, while the exercise is
  open, once per member and exercise;
* a response rates the member's satisfaction with the quality and focus of
  the partnership's activities on a 1-5 scale (4 and 5 count as satisfied,
  Box 40), says whether it uses the partnership's outputs and tools, and
  describes progress on its commitments, challenges faced and good practice
  in free text of at most 1,000 characters each (§6.2).
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

import attrs

from pact_domain import _validation as v
from pact_domain.errors import DomainRuleError, InvalidValueError
from pact_domain.events import EventMeta, PactEvent
from pact_domain.partnership._state import MonitoringExercise, SurveyResponse
from pact_domain.vocabularies import PartnershipStatus

if TYPE_CHECKING:
    from pact_domain.partnership._aggregate import Partnership
    from pact_domain.partnership._core import PartnershipCore as _Core
else:
    _Core = object

__all__ = [
    "FIRST_YEAR",
    "MonitoringCommands",
    "MonitoringExerciseClosed",
    "MonitoringExerciseOpened",
    "SurveyResponseRecorded",
]

_E = "Partnership"
S = PartnershipStatus
FIRST_YEAR = 2020
"""The Pact for Skills was launched in November 2020: no earlier exercise."""


class MonitoringExerciseOpened(PactEvent):
    """The annual monitoring exercise of a year was opened; members can
    answer its survey (§6.2)."""

    year: int

    def apply(self, aggregate: Partnership) -> None:
        exercise = MonitoringExercise(year=self.year, opened_at=self.effective_at)
        index = aggregate._built_respondent_index()
        aggregate.monitoring_exercises[self.year] = exercise
        if index is not None:
            index[self.year] = set()


class SurveyResponseRecorded(PactEvent):
    """A member organisation's answers to the monitoring survey (§6.2, Box 40)."""

    year: int
    organisation_id: UUID
    satisfaction: int
    uses_outputs: bool
    commitments_progress: str
    challenges: str
    good_practice: str

    def apply(self, aggregate: Partnership) -> None:
        exercise = aggregate.monitoring_exercises[self.year]
        response = SurveyResponse(
            organisation_id=self.organisation_id,
            satisfaction=self.satisfaction,
            uses_outputs=self.uses_outputs,
            commitments_progress=self.commitments_progress,
            challenges=self.challenges,
            good_practice=self.good_practice,
            recorded_at=self.effective_at,
        )
        evolved = attrs.evolve(exercise, responses=(*exercise.responses, response))
        index = aggregate._built_respondent_index()
        aggregate.monitoring_exercises[self.year] = evolved
        if index is not None:
            index.setdefault(self.year, set()).add(self.organisation_id)


class MonitoringExerciseClosed(PactEvent):
    """The monitoring exercise of a year was closed; it takes no more responses."""

    year: int

    def apply(self, aggregate: Partnership) -> None:
        exercise = aggregate.monitoring_exercises[self.year]
        aggregate.monitoring_exercises[self.year] = attrs.evolve(
            exercise, closed_at=self.effective_at
        )


class MonitoringCommands(_Core):
    """Monitoring exercise commands (mixed into :class:`Partnership`)."""

    def open_monitoring_exercise(self, *, year: int, meta: EventMeta) -> None:
        """Open the monitoring exercise of ``year`` (§6.2)."""
        self._require_status("open_monitoring_exercise", S.ACCEPTED, S.ACTIVE)
        if isinstance(year, bool) or not isinstance(year, int):
            raise InvalidValueError(self.entity, "year", "must be a year", year)
        if not FIRST_YEAR <= year <= 2100:
            raise InvalidValueError(
                self.entity,
                "year",
                f"must be between {FIRST_YEAR} (the Pact's launch) and 2100",
                year,
            )
        if year in self.monitoring_exercises:
            raise DomainRuleError(
                self.entity,
                "year",
                f"the {year} monitoring exercise was already opened; one per year",
            )
        still_open = self.open_monitoring_exercise_year
        if still_open is not None:
            raise DomainRuleError(
                self.entity,
                "year",
                f"the {still_open} monitoring exercise is still open; close it first",
            )
        self._trigger(MonitoringExerciseOpened, meta, year=year)

    def record_survey_response(
        self,
        *,
        year: int,
        organisation_id: UUID,
        satisfaction: int,
        uses_outputs: bool,
        commitments_progress: str = "",
        challenges: str = "",
        good_practice: str = "",
        meta: EventMeta,
    ) -> None:
        """Record a member's survey answers in the open exercise of ``year``."""
        self._require_status("record_survey_response", S.ACCEPTED, S.ACTIVE)
        exercise = self._open_exercise(year)
        self._require_member(organisation_id, "organisation_id")
        if organisation_id in self._respondent_index().get(exercise.year, ()):
            raise DomainRuleError(
                self.entity,
                "organisation_id",
                f"organisation {organisation_id} already answered the {year} survey",
            )
        if (
            isinstance(satisfaction, bool)
            or not isinstance(satisfaction, int)
            or not 1 <= satisfaction <= 5
        ):
            raise InvalidValueError(
                self.entity,
                "satisfaction",
                "must be a whole number from 1 (very dissatisfied) to 5 (very "
                "satisfied)",
                satisfaction,
            )
        if not isinstance(uses_outputs, bool):
            raise InvalidValueError(
                self.entity, "uses_outputs", "must be true or false", uses_outputs
            )
        self._trigger(
            SurveyResponseRecorded,
            meta,
            year=year,
            organisation_id=organisation_id,
            satisfaction=satisfaction,
            uses_outputs=uses_outputs,
            commitments_progress=v.free_text(
                _E, "commitments_progress", commitments_progress
            ),
            challenges=v.free_text(_E, "challenges", challenges),
            good_practice=v.free_text(_E, "good_practice", good_practice),
        )

    def close_monitoring_exercise(self, *, year: int, meta: EventMeta) -> None:
        """Close the open monitoring exercise of ``year``."""
        self._require_status("close_monitoring_exercise", S.ACCEPTED, S.ACTIVE)
        exercise = self._open_exercise(year)
        self._trigger(MonitoringExerciseClosed, meta, year=exercise.year)

    @property
    def open_monitoring_exercise_year(self) -> int | None:
        """The year of the open monitoring exercise, if one is open."""
        for year, exercise in self.monitoring_exercises.items():
            if exercise.is_open:
                return year
        return None

    def _open_exercise(self, year: int) -> MonitoringExercise:
        exercise = self.monitoring_exercises.get(year)
        if exercise is None:
            raise DomainRuleError(
                self.entity, "year", f"no monitoring exercise was opened for {year}"
            )
        if not exercise.is_open:
            raise DomainRuleError(
                self.entity, "year", f"the {year} monitoring exercise is closed"
            )
        return exercise
