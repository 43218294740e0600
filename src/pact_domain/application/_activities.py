"""Governance, work plan, activities, funding, skills intelligence, regional
links and monitoring exercises: commands and queries of the application
service (handbook §2.3-§2.4, §3.5, §4, §5.3, §6.2).

Each command loads the partnership, calls one method of the aggregate and
saves; the aggregate holds the rules.  Linking a regional partnership to an
LSP changes both partnerships, saved together in one atomic save.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from eventsourcing.persistence import IntegrityError

from pact_domain._validation import a_date
from pact_domain.application._base import ApplicationBase
from pact_domain.catalogues import FundingOpportunity
from pact_domain.errors import ConcurrencyError, DomainRuleError
from pact_domain.organisation import Organisation
from pact_domain.partnership import (
    Deliverable,
    Partnership,
    PlannedDeliverable,
    PlannedWorkPackage,
    SkillsGap,
)
from pact_domain.vocabularies import ActivityType, FundingProgramme, OutputType
from pact_domain.vocabularies_catalogues import (
    CommunicationChannel,
    SkillsAssessmentMethod,
)

When = datetime | date | None


class ActivityService(ApplicationBase):
    """Commands and queries about how partnerships work and what they do."""

    # -- governance (§2.3, §2.4, §3.5) ------------------------------------------

    def change_steering_group(
        self,
        partnership_id: UUID,
        *,
        joined: tuple[UUID, ...] = (),
        left: tuple[UUID, ...] = (),
        actor: str,
        effective_at: When = None,
    ) -> None:
        """Record members joining and leaving the steering group."""
        meta = self._meta(actor, effective_at)
        self._execute(
            Partnership,
            partnership_id,
            lambda p: p.change_steering_group(joined=joined, left=left, meta=meta),
        )

    def form_working_group(
        self,
        partnership_id: UUID,
        *,
        name: str,
        theme: str,
        lead_organisation_id: UUID,
        parent_id: UUID | None = None,
        actor: str,
        effective_at: When = None,
        working_group_id: UUID | None = None,
    ) -> UUID:
        """Form a working group (or a sub-group of ``parent_id``); return its id."""
        meta = self._meta(actor, effective_at)
        return self._execute(
            Partnership,
            partnership_id,
            lambda p: p.form_working_group(
                name=name,
                theme=theme,
                lead_organisation_id=lead_organisation_id,
                parent_id=parent_id,
                meta=meta,
                working_group_id=working_group_id,
            ),
        )

    def change_working_group_lead(
        self,
        partnership_id: UUID,
        *,
        working_group_id: UUID,
        lead_organisation_id: UUID,
        actor: str,
        effective_at: When = None,
    ) -> None:
        """Hand the lead of a working group to another member."""
        meta = self._meta(actor, effective_at)
        self._execute(
            Partnership,
            partnership_id,
            lambda p: p.change_working_group_lead(
                working_group_id=working_group_id,
                lead_organisation_id=lead_organisation_id,
                meta=meta,
            ),
        )

    def close_working_group(
        self,
        partnership_id: UUID,
        *,
        working_group_id: UUID,
        reason: str = "",
        actor: str,
        effective_at: When = None,
    ) -> None:
        """Close a working group whose sub-groups are closed."""
        meta = self._meta(actor, effective_at)
        self._execute(
            Partnership,
            partnership_id,
            lambda p: p.close_working_group(
                working_group_id=working_group_id, reason=reason, meta=meta
            ),
        )

    def appoint_work_package_leader(
        self,
        partnership_id: UUID,
        *,
        work_package_id: UUID,
        organisation_id: UUID,
        actor: str,
        effective_at: When = None,
    ) -> None:
        """Appoint a member to lead a work package."""
        meta = self._meta(actor, effective_at)
        self._execute(
            Partnership,
            partnership_id,
            lambda p: p.appoint_work_package_leader(
                work_package_id=work_package_id,
                organisation_id=organisation_id,
                meta=meta,
            ),
        )

    # -- work plan (§4.1) -------------------------------------------------------

    def adopt_work_plan(
        self,
        partnership_id: UUID,
        *,
        title: str,
        starts_on: date,
        ends_on: date,
        work_packages: tuple[PlannedWorkPackage, ...],
        actor: str,
        effective_at: When = None,
    ) -> None:
        """Adopt the partnership's work plan with its work packages."""
        meta = self._meta(actor, effective_at)
        self._execute(
            Partnership,
            partnership_id,
            lambda p: p.adopt_work_plan(
                title=title,
                starts_on=starts_on,
                ends_on=ends_on,
                work_packages=work_packages,
                meta=meta,
            ),
        )

    def add_work_package(
        self,
        partnership_id: UUID,
        *,
        work_package: PlannedWorkPackage,
        actor: str,
        effective_at: When = None,
    ) -> UUID:
        """Add a work package to the adopted work plan; return its id."""
        meta = self._meta(actor, effective_at)
        return self._execute(
            Partnership,
            partnership_id,
            lambda p: p.add_work_package(work_package=work_package, meta=meta),
        )

    def add_deliverable(
        self,
        partnership_id: UUID,
        *,
        work_package_id: UUID,
        deliverable: PlannedDeliverable,
        actor: str,
        effective_at: When = None,
    ) -> UUID:
        """Add a deliverable to a work package; return its id."""
        meta = self._meta(actor, effective_at)
        return self._execute(
            Partnership,
            partnership_id,
            lambda p: p.add_deliverable(
                work_package_id=work_package_id, deliverable=deliverable, meta=meta
            ),
        )

    def reschedule_deliverable(
        self,
        partnership_id: UUID,
        *,
        deliverable_id: UUID,
        due_on: date,
        reason: str,
        actor: str,
        effective_at: When = None,
    ) -> None:
        """Give a deliverable not yet delivered a new due date."""
        meta = self._meta(actor, effective_at)
        self._execute(
            Partnership,
            partnership_id,
            lambda p: p.reschedule_deliverable(
                deliverable_id=deliverable_id, due_on=due_on, reason=reason, meta=meta
            ),
        )

    def record_delivery(
        self,
        partnership_id: UUID,
        *,
        deliverable_id: UUID,
        delivered_on: date,
        output_type: OutputType | str,
        link: str,
        output_title: str = "",
        actor: str,
        effective_at: When = None,
    ) -> None:
        """Record that a deliverable was delivered, with its output and link."""
        delivered_on = a_date("Partnership", "delivered_on", delivered_on)
        meta = self._meta(actor, effective_at or delivered_on)
        self._execute(
            Partnership,
            partnership_id,
            lambda p: p.deliver(
                deliverable_id=deliverable_id,
                delivered_on=delivered_on,
                output_type=output_type,
                link=link,
                output_title=output_title,
                meta=meta,
            ),
        )

    def overdue_deliverables(
        self, partnership_id: UUID, *, as_of: date
    ) -> tuple[Deliverable, ...]:
        """The partnership's deliverables overdue on ``as_of``, by due date."""
        return self._get(Partnership, partnership_id).overdue_deliverables(as_of)

    # -- activities and reach (§4.2-§4.5, Box 40) -------------------------------

    def record_activity(
        self,
        partnership_id: UUID,
        *,
        type: ActivityType | str,
        title: str,
        held_on: date,
        participants: int,
        organisation_ids: tuple[UUID, ...] = (),
        other_organisations: int = 0,
        working_group_id: UUID | None = None,
        actor: str,
        effective_at: When = None,
        activity_id: UUID | None = None,
    ) -> UUID:
        """Record an activity the partnership held; return its id.

        Raises:
            NotFoundError: an organisation in ``organisation_ids`` is not
                registered.
        """
        for organisation_id in organisation_ids:
            self._get(Organisation, organisation_id)
        held_on = a_date("Partnership", "held_on", held_on)
        meta = self._meta(actor, effective_at or held_on)
        return self._execute(
            Partnership,
            partnership_id,
            lambda p: p.hold_activity(
                type=type,
                title=title,
                held_on=held_on,
                participants=participants,
                organisation_ids=organisation_ids,
                other_organisations=other_organisations,
                working_group_id=working_group_id,
                meta=meta,
                activity_id=activity_id,
            ),
        )

    def record_communication(
        self,
        partnership_id: UUID,
        *,
        channel: CommunicationChannel | str,
        title: str,
        reach: int,
        published_on: date,
        link: str | None = None,
        actor: str,
        effective_at: When = None,
        communication_id: UUID | None = None,
    ) -> UUID:
        """Record a communication the partnership published; return its id."""
        published_on = a_date("Partnership", "published_on", published_on)
        meta = self._meta(actor, effective_at or published_on)
        return self._execute(
            Partnership,
            partnership_id,
            lambda p: p.publish_communication(
                channel=channel,
                title=title,
                reach=reach,
                published_on=published_on,
                link=link,
                meta=meta,
                communication_id=communication_id,
            ),
        )

    def record_membership_recruitment(
        self,
        partnership_id: UUID,
        *,
        campaign: str,
        ended_on: date,
        prospects_contacted: int,
        joined: int,
        actor: str,
        effective_at: When = None,
        campaign_id: UUID | None = None,
    ) -> UUID:
        """Record the result of a membership recruitment campaign; return its id."""
        ended_on = a_date("Partnership", "ended_on", ended_on)
        meta = self._meta(actor, effective_at or ended_on)
        return self._execute(
            Partnership,
            partnership_id,
            lambda p: p.record_membership_recruitment(
                campaign=campaign,
                ended_on=ended_on,
                prospects_contacted=prospects_contacted,
                joined=joined,
                meta=meta,
                campaign_id=campaign_id,
            ),
        )

    # -- funding and skills intelligence (§4.3, §5.3) ---------------------------

    def record_funding_secured(
        self,
        partnership_id: UUID,
        *,
        programme: FundingProgramme | str,
        amount_eur: Decimal | int | str,
        project_name: str,
        secured_on: date,
        opportunity_id: UUID | None = None,
        actor: str,
        effective_at: When = None,
        funding_id: UUID | None = None,
    ) -> UUID:
        """Record funding the partnership secured; return its id.

        Raises:
            NotFoundError: ``opportunity_id`` names no funding opportunity.
            DomainRuleError: the opportunity was withdrawn.
        """
        if opportunity_id is not None:
            opportunity = self._get(FundingOpportunity, opportunity_id)
            if opportunity.withdrawn:
                raise DomainRuleError(
                    "Partnership",
                    "opportunity_id",
                    f"funding opportunity {opportunity_id} was withdrawn from the "
                    "funding tool",
                )
        secured_on = a_date("Partnership", "secured_on", secured_on)
        meta = self._meta(actor, effective_at or secured_on)
        return self._execute(
            Partnership,
            partnership_id,
            lambda p: p.secure_funding(
                programme=programme,
                amount_eur=amount_eur,
                project_name=project_name,
                secured_on=secured_on,
                opportunity_id=opportunity_id,
                meta=meta,
                funding_id=funding_id,
            ),
        )

    def record_skills_needs_assessment(
        self,
        partnership_id: UUID,
        *,
        method: SkillsAssessmentMethod | str,
        assessed_on: date,
        skills_gaps: tuple[SkillsGap, ...],
        summary: str = "",
        deliverable_link: str | None = None,
        actor: str,
        effective_at: When = None,
        assessment_id: UUID | None = None,
    ) -> UUID:
        """Record a skills needs assessment and the gaps found; return its id."""
        assessed_on = a_date("Partnership", "assessed_on", assessed_on)
        meta = self._meta(actor, effective_at or assessed_on)
        return self._execute(
            Partnership,
            partnership_id,
            lambda p: p.assess_skills_needs(
                method=method,
                assessed_on=assessed_on,
                skills_gaps=skills_gaps,
                summary=summary,
                deliverable_link=deliverable_link,
                meta=meta,
                assessment_id=assessment_id,
            ),
        )

    # -- regional dimension (§4.6) ----------------------------------------------

    def link_regional_partnership(
        self,
        lsp_id: UUID,
        *,
        regional_partnership_id: UUID,
        actor: str,
        effective_at: When = None,
    ) -> None:
        """Link a regional partnership to an LSP; both are saved at once."""
        meta = self._meta(actor, effective_at)
        self._execute_pair(
            lsp_id,
            regional_partnership_id,
            lambda lsp, regional: lsp.link_regional_partnership(
                regional=regional, meta=meta
            ),
        )

    def unlink_regional_partnership(
        self,
        lsp_id: UUID,
        *,
        regional_partnership_id: UUID,
        reason: str,
        actor: str,
        effective_at: When = None,
    ) -> None:
        """End the link between a regional partnership and an LSP, on both."""
        meta = self._meta(actor, effective_at)
        self._execute_pair(
            lsp_id,
            regional_partnership_id,
            lambda lsp, regional: lsp.unlink_regional_partnership(
                regional=regional, reason=reason, meta=meta
            ),
        )

    def linked_partnerships(self, partnership_id: UUID) -> list[Partnership]:
        """The partnerships linked to one: an LSP's regional partnerships, or
        a regional partnership's LSPs (§4.6)."""
        p = self._get(Partnership, partnership_id)
        return [self._get(Partnership, i) for i in p.linked_partnership_ids]

    def _execute_pair(
        self,
        first_id: UUID,
        second_id: UUID,
        command: Callable[[Partnership, Partnership], None],
    ) -> None:
        """Load two partnerships, run ``command``, save both in one go."""
        for _ in range(self.max_attempts):
            first = self._get(Partnership, first_id)
            second = self._get(Partnership, second_id)
            command(first, second)
            try:
                self.save(first, second)
            except IntegrityError:
                continue
            return
        raise ConcurrencyError(
            f"Partnership {first_id}",
            None,
            f"other writers changed it or partnership {second_id} "
            f"{self.max_attempts} times in a row; try again",
        )

    # -- monitoring exercise (§6.2) ---------------------------------------------

    def open_monitoring_exercise(
        self, partnership_id: UUID, *, year: int, actor: str, effective_at: When = None
    ) -> None:
        """Open the annual monitoring exercise of ``year``."""
        meta = self._meta(actor, effective_at)
        self._execute(
            Partnership,
            partnership_id,
            lambda p: p.open_monitoring_exercise(year=year, meta=meta),
        )

    def record_survey_response(
        self,
        partnership_id: UUID,
        *,
        year: int,
        organisation_id: UUID,
        satisfaction: int,
        uses_outputs: bool,
        commitments_progress: str = "",
        challenges: str = "",
        good_practice: str = "",
        actor: str,
        effective_at: When = None,
    ) -> None:
        """Record a member's answers to the monitoring survey of ``year``."""
        meta = self._meta(actor, effective_at)
        self._execute(
            Partnership,
            partnership_id,
            lambda p: p.record_survey_response(
                year=year,
                organisation_id=organisation_id,
                satisfaction=satisfaction,
                uses_outputs=uses_outputs,
                commitments_progress=commitments_progress,
                challenges=challenges,
                good_practice=good_practice,
                meta=meta,
            ),
        )

    def close_monitoring_exercise(
        self, partnership_id: UUID, *, year: int, actor: str, effective_at: When = None
    ) -> None:
        """Close the monitoring exercise of ``year``."""
        meta = self._meta(actor, effective_at)
        self._execute(
            Partnership,
            partnership_id,
            lambda p: p.close_monitoring_exercise(year=year, meta=meta),
        )
