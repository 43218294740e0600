"""Partnership commands and queries of the application service.

Each command loads the partnership, calls one method of the aggregate and
saves: the aggregate holds the rules (see :mod:`pact_domain.partnership`).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from pact_domain._validation import a_date
from pact_domain.application._base import ApplicationBase
from pact_domain.errors import InvalidValueError, NotFoundError
from pact_domain.organisation import Organisation
from pact_domain.partnership import (
    ExpressionOfInterestSubmitted,
    KpiDefinition,
    Partnership,
)
from pact_domain.values import (
    AgreementContent,
    BreakdownValue,
    ContactPerson,
    CurrentPartner,
    ReportingPeriod,
    Target,
)
from pact_domain.vocabularies import (
    AssessmentOutcome,
    CharterPrinciple,
    CommitmentCategory,
    DataSource,
    Ecosystem,
    MembershipTier,
    PartnershipKind,
    RegionalScope,
)

When = datetime | date | None


class PartnershipService(ApplicationBase):
    """Commands and queries about partnerships."""

    # -- lifecycle ------------------------------------------------------------

    def submit_expression_of_interest(
        self,
        *,
        name: str,
        kind: PartnershipKind | str,
        contact: ContactPerson,
        description: str,
        countries: tuple[str, ...] = (),
        regions: tuple[str, ...] = (),
        regional_scope: RegionalScope | str | None = None,
        ecosystems: tuple[Ecosystem | str, ...] = (),
        current_partners: tuple[CurrentPartner, ...] = (),
        objectives: str = "",
        support_needed: str = "",
        current_activities: str = "",
        linked_lsp_id: UUID | None = None,
        actor: str,
        effective_at: When = None,
        id: UUID | None = None,
    ) -> UUID:
        """Record an expression of interest (Annex A); return the partnership id.

        Raises:
            InvalidValueError: a field breaks a rule of the form.
            NotFoundError: ``linked_lsp_id`` names no partnership.
        """
        if linked_lsp_id is not None:
            lsp = self.get_partnership(linked_lsp_id)
            if lsp.kind is not PartnershipKind.LARGE_SCALE:
                raise NotFoundError(
                    "Partnership",
                    "linked_lsp_id",
                    f"partnership {linked_lsp_id} is not a Large Scale Partnership",
                )
        partnership = Partnership.submit_expression_of_interest(
            name=name,
            kind=kind,
            contact=contact,
            description=description,
            countries=countries,
            regions=regions,
            regional_scope=regional_scope,
            ecosystems=ecosystems,
            current_partners=current_partners,
            objectives=objectives,
            support_needed=support_needed,
            current_activities=current_activities,
            linked_lsp_id=linked_lsp_id,
            meta=self._meta(actor, effective_at),
            id=id,
        )
        return self._create(partnership)

    def update_expression_of_interest(
        self,
        partnership_id: UUID,
        *,
        actor: str,
        effective_at: When = None,
        name: str | None = None,
        countries: tuple[str, ...] | None = None,
        regions: tuple[str, ...] | None = None,
        regional_scope: RegionalScope | str | None = None,
        ecosystems: tuple[Ecosystem | str, ...] | None = None,
        contact: ContactPerson | None = None,
        description: str | None = None,
        current_partners: tuple[CurrentPartner, ...] | None = None,
        objectives: str | None = None,
        support_needed: str | None = None,
        current_activities: str | None = None,
    ) -> None:
        """Complete an expression of interest after more information was asked."""
        meta = self._meta(actor, effective_at)
        self._execute(
            Partnership,
            partnership_id,
            lambda p: p.update_expression_of_interest(
                meta=meta,
                name=name,
                countries=countries,
                regions=regions,
                regional_scope=regional_scope,
                ecosystems=ecosystems,
                contact=contact,
                description=description,
                current_partners=current_partners,
                objectives=objectives,
                support_needed=support_needed,
                current_activities=current_activities,
            ),
        )

    def assess_expression_of_interest(
        self,
        partnership_id: UUID,
        *,
        outcome: AssessmentOutcome | str,
        reasons: str = "",
        follow_up_meeting: date | None = None,
        actor: str,
        effective_at: When = None,
    ) -> None:
        """Record the Support Services' assessment of an expression of interest."""
        meta = self._meta(actor, effective_at)
        self._execute(
            Partnership,
            partnership_id,
            lambda p: p.assess_expression_of_interest(
                outcome=outcome,
                reasons=reasons,
                follow_up_meeting=follow_up_meeting,
                meta=meta,
            ),
        )

    def draft_agreement(
        self,
        partnership_id: UUID,
        *,
        content: AgreementContent,
        actor: str,
        effective_at: When = None,
    ) -> int:
        """Record a new draft of the partnership agreement; return its version."""
        meta = self._meta(actor, effective_at)
        return self._execute(
            Partnership,
            partnership_id,
            lambda p: p.draft_agreement(content=content, meta=meta),
        )

    def sign_agreement(
        self,
        partnership_id: UUID,
        *,
        version: int,
        signatories: tuple[UUID, ...],
        signed_on: date,
        actor: str,
        effective_at: When = None,
    ) -> None:
        """Record the signature of an agreement draft; the partnership is active."""
        signed_on = a_date("Partnership", "signed_on", signed_on)
        meta = self._meta(actor, effective_at or signed_on)
        self._execute(
            Partnership,
            partnership_id,
            lambda p: p.sign_agreement(
                version=version, signatories=signatories, signed_on=signed_on, meta=meta
            ),
        )

    def close_partnership(
        self,
        partnership_id: UUID,
        *,
        reason: str,
        closed_on: date,
        actor: str,
        effective_at: When = None,
    ) -> None:
        """Close a partnership."""
        closed_on = a_date("Partnership", "closed_on", closed_on)
        meta = self._meta(actor, effective_at or closed_on)
        self._execute(
            Partnership,
            partnership_id,
            lambda p: p.close(reason=reason, closed_on=closed_on, meta=meta),
        )

    # -- governance -----------------------------------------------------------

    def appoint_coordinator(
        self,
        partnership_id: UUID,
        *,
        organisation_id: UUID,
        actor: str,
        effective_at: When = None,
    ) -> None:
        """Appoint a member as coordinator (one to three, §2.4)."""
        meta = self._meta(actor, effective_at)
        self._execute(
            Partnership,
            partnership_id,
            lambda p: p.appoint_coordinator(organisation_id=organisation_id, meta=meta),
        )

    def transfer_coordination(
        self,
        partnership_id: UUID,
        *,
        from_organisation_id: UUID,
        to_organisation_id: UUID,
        actor: str,
        effective_at: When = None,
    ) -> None:
        """Hand a coordinator's role to another member (§2.4)."""
        meta = self._meta(actor, effective_at)
        self._execute(
            Partnership,
            partnership_id,
            lambda p: p.transfer_coordination(
                from_organisation_id=from_organisation_id,
                to_organisation_id=to_organisation_id,
                meta=meta,
            ),
        )

    # -- membership -----------------------------------------------------------

    def join_partnership(
        self,
        partnership_id: UUID,
        *,
        organisation_id: UUID,
        tier: MembershipTier | str = MembershipTier.CORE,
        actor: str,
        effective_at: When = None,
    ) -> None:
        """Record that a registered organisation joined a partnership.

        Raises:
            NotFoundError: the organisation or the partnership does not exist.
        """
        self._get(Organisation, organisation_id)
        meta = self._meta(actor, effective_at)
        self._execute(
            Partnership,
            partnership_id,
            lambda p: p.join(organisation_id=organisation_id, tier=tier, meta=meta),
        )

    def leave_partnership(
        self,
        partnership_id: UUID,
        *,
        organisation_id: UUID,
        reason: str = "",
        actor: str,
        effective_at: When = None,
    ) -> None:
        """Record that a member left a partnership."""
        meta = self._meta(actor, effective_at)
        self._execute(
            Partnership,
            partnership_id,
            lambda p: p.leave(
                organisation_id=organisation_id, reason=reason, meta=meta
            ),
        )

    def change_member_tier(
        self,
        partnership_id: UUID,
        *,
        organisation_id: UUID,
        tier: MembershipTier | str,
        actor: str,
        effective_at: When = None,
    ) -> None:
        """Move a member to another membership tier."""
        meta = self._meta(actor, effective_at)
        self._execute(
            Partnership,
            partnership_id,
            lambda p: p.change_tier(
                organisation_id=organisation_id, tier=tier, meta=meta
            ),
        )

    # -- commitments and KPIs -------------------------------------------------

    def pledge_commitment(
        self,
        partnership_id: UUID,
        *,
        category: CommitmentCategory | str,
        statement: str,
        principles: tuple[CharterPrinciple | str, ...],
        kpis: tuple[KpiDefinition, ...],
        member_id: UUID | None = None,
        target: Target | None = None,
        actor: str,
        effective_at: When = None,
        commitment_id: UUID | None = None,
        kpi_ids: tuple[UUID, ...] | None = None,
    ) -> tuple[UUID, tuple[UUID, ...]]:
        """Pledge a commitment with its first KPI(s); return their ids."""
        meta = self._meta(actor, effective_at)
        return self._execute(
            Partnership,
            partnership_id,
            lambda p: p.pledge_commitment(
                category=category,
                statement=statement,
                principles=principles,
                kpis=kpis,
                member_id=member_id,
                target=target,
                meta=meta,
                commitment_id=commitment_id,
                kpi_ids=kpi_ids,
            ),
        )

    def revise_commitment(
        self,
        partnership_id: UUID,
        *,
        commitment_id: UUID,
        reason: str,
        statement: str | None = None,
        principles: tuple[CharterPrinciple | str, ...] | None = None,
        target: Target | None = None,
        actor: str,
        effective_at: When = None,
    ) -> None:
        """Revise a commitment's statement, principles or target."""
        meta = self._meta(actor, effective_at)
        self._execute(
            Partnership,
            partnership_id,
            lambda p: p.revise_commitment(
                commitment_id=commitment_id,
                reason=reason,
                statement=statement,
                principles=principles,
                target=target,
                meta=meta,
            ),
        )

    def withdraw_commitment(
        self,
        partnership_id: UUID,
        *,
        commitment_id: UUID,
        reason: str,
        actor: str,
        effective_at: When = None,
    ) -> None:
        """Withdraw a commitment."""
        meta = self._meta(actor, effective_at)
        self._execute(
            Partnership,
            partnership_id,
            lambda p: p.withdraw_commitment(
                commitment_id=commitment_id, reason=reason, meta=meta
            ),
        )

    def define_kpi(
        self,
        partnership_id: UUID,
        *,
        commitment_id: UUID,
        definition: KpiDefinition,
        actor: str,
        effective_at: When = None,
        kpi_id: UUID | None = None,
    ) -> UUID:
        """Add a KPI to a commitment; return its id."""
        meta = self._meta(actor, effective_at)
        return self._execute(
            Partnership,
            partnership_id,
            lambda p: p.define_kpi(
                commitment_id=commitment_id,
                definition=definition,
                meta=meta,
                kpi_id=kpi_id,
            ),
        )

    def revise_kpi_target(
        self,
        partnership_id: UUID,
        *,
        kpi_id: UUID,
        target: Target,
        reason: str,
        actor: str,
        effective_at: When = None,
    ) -> None:
        """Revise a KPI's target."""
        meta = self._meta(actor, effective_at)
        self._execute(
            Partnership,
            partnership_id,
            lambda p: p.revise_kpi_target(
                kpi_id=kpi_id, target=target, reason=reason, meta=meta
            ),
        )

    def retire_kpi(
        self,
        partnership_id: UUID,
        *,
        kpi_id: UUID,
        reason: str,
        actor: str,
        effective_at: When = None,
    ) -> None:
        """Retire a KPI (not a live commitment's last one)."""
        meta = self._meta(actor, effective_at)
        self._execute(
            Partnership,
            partnership_id,
            lambda p: p.retire_kpi(kpi_id=kpi_id, reason=reason, meta=meta),
        )

    def report_kpi(
        self,
        partnership_id: UUID,
        *,
        kpi_id: UUID,
        period: ReportingPeriod,
        value: Decimal | int | str | None = None,
        text: str = "",
        breakdowns: tuple[BreakdownValue, ...] = (),
        reported_by: UUID | None = None,
        source: DataSource | str = DataSource.ADMINISTRATIVE,
        actor: str,
        effective_at: When = None,
        report_id: UUID | None = None,
    ) -> UUID:
        """Report a KPI's value for a period; return the report id."""
        if not isinstance(period, ReportingPeriod):
            raise InvalidValueError(
                "KpiReport", "period", "must be a ReportingPeriod", period
            )
        meta = self._meta(actor, effective_at or period.end)
        return self._execute(
            Partnership,
            partnership_id,
            lambda p: p.report_kpi(
                kpi_id=kpi_id,
                period=period,
                value=value,
                text=text,
                breakdowns=breakdowns,
                reported_by=reported_by,
                source=source,
                meta=meta,
                report_id=report_id,
            ),
        )

    def correct_kpi_report(
        self,
        partnership_id: UUID,
        *,
        report_id: UUID,
        reason: str,
        value: Decimal | int | str | None = None,
        text: str | None = None,
        breakdowns: tuple[BreakdownValue, ...] | None = None,
        source: DataSource | str | None = None,
        actor: str,
        effective_at: When = None,
        correction_id: UUID | None = None,
    ) -> UUID:
        """Correct a KPI report; return the correction's id (the old report is
        kept in history, superseded)."""
        meta = self._meta(actor, effective_at)
        return self._execute(
            Partnership,
            partnership_id,
            lambda p: p.correct_kpi_report(
                report_id=report_id,
                reason=reason,
                value=value,
                text=text,
                breakdowns=breakdowns,
                source=source,
                meta=meta,
                correction_id=correction_id,
            ),
        )

    # -- queries --------------------------------------------------------------

    def get_partnership(
        self, partnership_id: UUID, *, as_of: datetime | date | None = None
    ) -> Partnership:
        """The partnership's current state, or its state as recorded at
        ``as_of`` (an aware datetime, or a date meaning the end of that day,
        UTC): reconstructed from the nearest earlier snapshot.

        Raises:
            NotFoundError: if no partnership has this id (field ``id``), or it
                was not recorded yet at ``as_of`` (field ``as_of``).
            InvalidValueError: ``as_of`` is naive or not a date/datetime.
        """
        return self._get_as_of(Partnership, partnership_id, as_of)

    def partnership_ids(self) -> list[UUID]:
        """The ids of every partnership, in order of submission."""
        return list(self._ids_created_by(ExpressionOfInterestSubmitted))
