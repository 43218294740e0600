"""Governance, work plan, activities, funding, skills intelligence, regional
links and monitoring exercises: commands and queries of the application
service (handbook §2.3-§2.4, §3.5, §4, §5.3, §6.2).

Each command loads the partnership, calls one method of the aggregate and
saves; the aggregate holds the rules.  Linking a regional partnership to an
LSP changes both partnerships, saved together in one atomic save.
"""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pact_domain import commands as c
from pact_domain.application._base import ApplicationBase
from pact_domain.application._command_method import command_method
from pact_domain.partnership import (
    Deliverable,
    Partnership,
)

When = datetime | date | None


class ActivityService(ApplicationBase):
    """Commands and queries about how partnerships work and what they do."""

    # -- governance (§2.3, §2.4, §3.5) ------------------------------------------

    change_steering_group = command_method(c.ChangeSteeringGroup)

    form_working_group = command_method(c.FormWorkingGroup)

    change_working_group_lead = command_method(c.ChangeWorkingGroupLead)

    close_working_group = command_method(c.CloseWorkingGroup)

    appoint_work_package_leader = command_method(c.AppointWorkPackageLeader)

    # -- work plan (§4.1) -------------------------------------------------------

    adopt_work_plan = command_method(c.AdoptWorkPlan)

    add_work_package = command_method(c.AddWorkPackage)

    add_deliverable = command_method(c.AddDeliverable)

    reschedule_deliverable = command_method(c.RescheduleDeliverable)

    record_delivery = command_method(c.RecordDelivery)

    def overdue_deliverables(
        self, partnership_id: UUID, *, as_of: date
    ) -> tuple[Deliverable, ...]:
        """The partnership's deliverables overdue on ``as_of``, by due date."""
        return self._get(Partnership, partnership_id).overdue_deliverables(as_of)

    # -- activities and reach (§4.2-§4.5, Box 40) -------------------------------

    record_activity = command_method(c.RecordActivity)

    record_communication = command_method(c.RecordCommunication)

    record_membership_recruitment = command_method(c.RecordMembershipRecruitment)

    # -- funding and skills intelligence (§4.3, §5.3) ---------------------------

    record_funding_secured = command_method(c.RecordFundingSecured)

    record_skills_needs_assessment = command_method(c.RecordSkillsNeedsAssessment)

    # -- regional dimension (§4.6) ----------------------------------------------

    link_regional_partnership = command_method(c.LinkRegionalPartnership)

    unlink_regional_partnership = command_method(c.UnlinkRegionalPartnership)

    def linked_partnerships(self, partnership_id: UUID) -> list[Partnership]:
        """The partnerships linked to one: an LSP's regional partnerships, or
        a regional partnership's LSPs (§4.6)."""
        p = self._get(Partnership, partnership_id)
        return [self._get(Partnership, i) for i in p.linked_partnership_ids]

    # -- monitoring exercise (§6.2) ---------------------------------------------

    open_monitoring_exercise = command_method(c.OpenMonitoringExercise)

    record_survey_response = command_method(c.RecordSurveyResponse)

    close_monitoring_exercise = command_method(c.CloseMonitoringExercise)
