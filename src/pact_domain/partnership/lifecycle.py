"""Lifecycle of a partnership: expression of interest, assessment, agreement,
signature and closure (§3.1, Annex A, Annex B).

proposed → accepted | declined | more information needed → active (agreement
signed) → closed.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

import attrs

from pact_domain import _validation as v
from pact_domain.errors import DomainRuleError, InvalidValueError
from pact_domain.events import EventMeta, PactCreated, PactEvent
from pact_domain.partnership._state import AgreementDraft, Assessment
from pact_domain.reference import EU_MEMBER_STATES, nuts_region
from pact_domain.values import (
    AgreementContent,
    ContactPerson,
    CurrentPartner,
)
from pact_domain.values import (
    countries as _countries,
)
from pact_domain.values import (
    regions as _regions,
)
from pact_domain.vocabularies import (
    AssessmentOutcome,
    Ecosystem,
    PartnershipKind,
    PartnershipStatus,
    RegionalScope,
)

if TYPE_CHECKING:
    from pact_domain.partnership._aggregate import Partnership
    from pact_domain.partnership._core import PartnershipCore as _Core
else:
    _Core = object

__all__ = [
    "AgreementDrafted",
    "AgreementSigned",
    "ExpressionOfInterestAssessed",
    "ExpressionOfInterestSubmitted",
    "ExpressionOfInterestUpdated",
    "LifecycleCommands",
    "PartnershipClosed",
]

_E = "Partnership"
S = PartnershipStatus


class ExpressionOfInterestSubmitted(PactCreated):
    """An expression of interest was submitted (Annex A); the partnership is
    *proposed*."""

    name: str
    kind: PartnershipKind
    countries: tuple[str, ...]
    regions: tuple[str, ...]
    regional_scope: RegionalScope | None
    ecosystems: tuple[Ecosystem, ...]
    contact: ContactPerson
    description: str
    current_partners: tuple[CurrentPartner, ...]
    objectives: str
    support_needed: str
    current_activities: str
    linked_lsp_id: UUID | None

    def apply(self, aggregate: Partnership) -> None:
        aggregate._init_state()
        aggregate.status = S.PROPOSED
        _apply_eoi_fields(aggregate, self)


class ExpressionOfInterestUpdated(PactEvent):
    """The expression of interest was completed or corrected after the
    Support Services asked for more information (Annex A)."""

    name: str
    countries: tuple[str, ...]
    regions: tuple[str, ...]
    regional_scope: RegionalScope | None
    ecosystems: tuple[Ecosystem, ...]
    contact: ContactPerson
    description: str
    current_partners: tuple[CurrentPartner, ...]
    objectives: str
    support_needed: str
    current_activities: str
    linked_lsp_id: UUID | None

    def apply(self, aggregate: Partnership) -> None:
        aggregate.status = S.PROPOSED
        _apply_eoi_fields(aggregate, self)


def _apply_eoi_fields(agg: Partnership, e: Any) -> None:
    agg.name = e.name
    if hasattr(e, "kind"):
        agg.kind = e.kind
    agg.countries = e.countries
    agg.regions = e.regions
    agg.regional_scope = e.regional_scope
    agg.ecosystems = e.ecosystems
    agg.contact = e.contact
    agg.description = e.description
    agg.current_partners = e.current_partners
    agg.objectives = e.objectives
    agg.support_needed = e.support_needed
    agg.current_activities = e.current_activities
    agg.linked_lsp_id = e.linked_lsp_id


class ExpressionOfInterestAssessed(PactEvent):
    """The Support Services assessed the expression of interest: accepted,
    declined or more information needed, with reasons and a follow-up meeting
    (Annex A "How to express your interest")."""

    outcome: AssessmentOutcome
    reasons: str
    follow_up_meeting: date | None

    def apply(self, aggregate: Partnership) -> None:
        aggregate.assessment = Assessment(
            outcome=self.outcome,
            reasons=self.reasons,
            follow_up_meeting=self.follow_up_meeting,
            assessed_at=self.effective_at,
        )
        aggregate.status = {
            AssessmentOutcome.ACCEPTED: S.ACCEPTED,
            AssessmentOutcome.DECLINED: S.DECLINED,
            AssessmentOutcome.MORE_INFORMATION_NEEDED: S.MORE_INFORMATION_NEEDED,
        }[self.outcome]


class AgreementDrafted(PactEvent):
    """A version of the partnership agreement was drafted (§3.1, Annex B).

    Versions count from 1; an amendment is a new draft, signed again."""

    version: int
    content: AgreementContent

    def apply(self, aggregate: Partnership) -> None:
        aggregate.agreements[self.version] = AgreementDraft(
            version=self.version, content=self.content, drafted_at=self.effective_at
        )


class AgreementSigned(PactEvent):
    """A draft of the agreement was signed by member organisations; the
    partnership is *active* (§2.3: "owned and signed by members")."""

    version: int
    signatories: tuple[UUID, ...]
    signed_on: date

    def apply(self, aggregate: Partnership) -> None:
        draft = aggregate.agreements[self.version]
        aggregate.agreements[self.version] = attrs.evolve(
            draft, signed_on=self.signed_on, signatories=self.signatories
        )
        aggregate.signed_version = self.version
        aggregate.status = S.ACTIVE


class PartnershipClosed(PactEvent):
    """The partnership was closed; no further facts can be recorded."""

    reason: str
    closed_on: date

    def apply(self, aggregate: Partnership) -> None:
        aggregate.status = S.CLOSED


_SCOPE_WORDS = {
    RegionalScope.NUTS1: "NUTS 1",
    RegionalScope.NUTS2: "NUTS 2",
    RegionalScope.LOCAL: "local",
}


def _eoi_fields(
    kind: PartnershipKind,
    *,
    name: str,
    countries: Any,
    regions: Any,
    regional_scope: RegionalScope | str | None,
    ecosystems: Any,
    contact: ContactPerson,
    description: str,
    current_partners: Any,
    objectives: str,
    support_needed: str,
    current_activities: str,
    linked_lsp_id: UUID | None,
) -> dict[str, Any]:
    """Validate the Annex A form; return event fields."""
    country_codes = _countries(_E, "countries", countries)
    region_codes = _regions(_E, "regions", regions)
    scope = (
        None
        if regional_scope is None
        else v.member_of(_E, "regional_scope", regional_scope, RegionalScope)
    )
    eco = v.members_of(_E, "ecosystems", ecosystems, Ecosystem)
    if not isinstance(contact, ContactPerson):
        raise InvalidValueError(_E, "contact", "must be a ContactPerson", contact)
    partners = tuple(current_partners)
    for p in partners:
        if not isinstance(p, CurrentPartner):
            raise InvalidValueError(
                _E, "current_partners", "each must be a CurrentPartner", p
            )
    extra = [c for c in region_codes if nuts_region(c).extra_regio]
    if extra:
        raise InvalidValueError(
            _E,
            "regions",
            f"{', '.join(extra)} is an Extra-Regio unit, which lies in no region; "
            "name the partnership's NUTS region(s) (Annex A)",
            extra,
        )
    for code in region_codes:
        if nuts_region(code).country not in country_codes:
            raise InvalidValueError(
                _E,
                "regions",
                f"region {code} lies in {nuts_region(code).country}, which is not "
                "among the countries",
                code,
            )
    if kind is PartnershipKind.LARGE_SCALE:
        if not eco:
            raise InvalidValueError(
                _E,
                "ecosystems",
                "a Large Scale Partnership names at least one of the 14 industrial "
                "ecosystems",
                ecosystems,
            )
        if scope is not None:
            raise InvalidValueError(
                _E,
                "regional_scope",
                "only regional partnerships have a regional scope",
                scope,
            )
        if linked_lsp_id is not None:
            raise InvalidValueError(
                _E,
                "linked_lsp_id",
                "only regional partnerships link to a Large Scale Partnership",
                linked_lsp_id,
            )
    else:
        if scope is None:
            raise InvalidValueError(
                _E,
                "regional_scope",
                "a regional partnership states its scope: nuts1, nuts2, local or "
                "macro_regional (Annex A)",
                None,
            )
        if not country_codes:
            raise InvalidValueError(
                _E, "countries", "a regional partnership names its EU country", None
            )
        outside = [c for c in country_codes if c not in EU_MEMBER_STATES]
        if outside:
            raise InvalidValueError(
                _E,
                "countries",
                f"regional partnerships work in EU member states; {', '.join(outside)} "
                "is not one (Annex A)",
                outside,
            )
        if scope is RegionalScope.MACRO_REGIONAL and len(country_codes) < 2:
            raise InvalidValueError(
                _E,
                "countries",
                "a macro-regional partnership spans regions in several member states",
                country_codes,
            )
        if scope is not RegionalScope.MACRO_REGIONAL and len(country_codes) > 1:
            raise InvalidValueError(
                _E,
                "countries",
                f"a {_SCOPE_WORDS[scope]} partnership works in one member state, not "
                f"{len(country_codes)} ({', '.join(country_codes)}); regions "
                "across member states form a macro_regional partnership (Annex A)",
                country_codes,
            )
        if scope in (RegionalScope.NUTS1, RegionalScope.NUTS2):
            level = 1 if scope is RegionalScope.NUTS1 else 2
            if not region_codes:
                raise InvalidValueError(
                    _E,
                    "regions",
                    f"a NUTS {level} partnership names its NUTS {level} region(s)",
                    None,
                )
            wrong = [c for c in region_codes if nuts_region(c).level != level]
            if wrong:
                raise InvalidValueError(
                    _E,
                    "regions",
                    f"{', '.join(wrong)} is not a NUTS {level} region",
                    wrong,
                )
    return {
        "name": v.text(_E, "name", name),
        "countries": country_codes,
        "regions": region_codes,
        "regional_scope": scope,
        "ecosystems": eco,
        "contact": contact,
        "description": v.free_text(_E, "description", description, empty=False),
        "current_partners": partners,
        "objectives": v.free_text(_E, "objectives", objectives),
        "support_needed": v.free_text(_E, "support_needed", support_needed),
        "current_activities": v.free_text(_E, "current_activities", current_activities),
        "linked_lsp_id": linked_lsp_id,
    }


class LifecycleCommands(_Core):
    """Commands of the partnership lifecycle (mixed into :class:`Partnership`)."""

    def update_expression_of_interest(
        self,
        *,
        meta: EventMeta,
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
        linked_lsp_id: UUID | None = None,
    ) -> None:
        """Complete the expression of interest after more information was
        asked for; fields left ``None`` keep their value."""
        self._require_status("update_expression_of_interest", S.MORE_INFORMATION_NEEDED)
        fields = _eoi_fields(
            self.kind,
            name=self.name if name is None else name,
            countries=self.countries if countries is None else countries,
            regions=self.regions if regions is None else regions,
            regional_scope=self.regional_scope
            if regional_scope is None
            else regional_scope,
            ecosystems=self.ecosystems if ecosystems is None else ecosystems,
            contact=self.contact if contact is None else contact,
            description=self.description if description is None else description,
            current_partners=self.current_partners
            if current_partners is None
            else current_partners,
            objectives=self.objectives if objectives is None else objectives,
            support_needed=self.support_needed
            if support_needed is None
            else support_needed,
            current_activities=self.current_activities
            if current_activities is None
            else current_activities,
            linked_lsp_id=self.linked_lsp_id
            if linked_lsp_id is None
            else linked_lsp_id,
        )
        self._trigger(ExpressionOfInterestUpdated, meta, **fields)

    def assess_expression_of_interest(
        self,
        *,
        outcome: AssessmentOutcome | str,
        reasons: str,
        follow_up_meeting: date | None = None,
        meta: EventMeta,
    ) -> None:
        """Record the Support Services' assessment (Annex A)."""
        self._require_status("assess_expression_of_interest", S.PROPOSED)
        result = v.member_of(_E, "outcome", outcome, AssessmentOutcome)
        why = v.free_text(
            _E, "reasons", reasons, empty=result is AssessmentOutcome.ACCEPTED
        )
        meeting = (
            None
            if follow_up_meeting is None
            else v.a_date(_E, "follow_up_meeting", follow_up_meeting)
        )
        self._trigger(
            ExpressionOfInterestAssessed,
            meta,
            outcome=result,
            reasons=why,
            follow_up_meeting=meeting,
        )

    def draft_agreement(self, *, content: AgreementContent, meta: EventMeta) -> int:
        """Record a new draft of the agreement; return its version number."""
        self._require_status("draft_agreement", S.ACCEPTED, S.ACTIVE)
        if not isinstance(content, AgreementContent):
            raise InvalidValueError(
                _E, "content", "must be an AgreementContent", content
            )
        version = max(self.agreements, default=0) + 1
        self._trigger(AgreementDrafted, meta, version=version, content=content)
        return version

    def sign_agreement(
        self,
        *,
        version: int,
        signatories: tuple[UUID, ...],
        signed_on: date,
        meta: EventMeta,
    ) -> None:
        """Record the signature of a draft by member organisations."""
        self._require_status("sign_agreement", S.ACCEPTED, S.ACTIVE)
        draft = self.agreements.get(version)
        if draft is None:
            raise DomainRuleError(
                self.entity, "version", f"there is no agreement draft version {version}"
            )
        if draft.signed_on is not None:
            raise DomainRuleError(
                self.entity,
                "version",
                f"agreement version {version} was already signed on {draft.signed_on}",
            )
        if version != max(self.agreements):
            raise DomainRuleError(
                self.entity,
                "version",
                f"version {version} is superseded by draft {max(self.agreements)}; "
                "sign the latest draft",
            )
        people = tuple(dict.fromkeys(signatories))
        if not people:
            raise InvalidValueError(
                self.entity, "signatories", "at least one member must sign", signatories
            )
        outsiders = [str(o) for o in people if o not in self.members]
        if outsiders:
            raise DomainRuleError(
                self.entity,
                "signatories",
                "only members can sign the agreement; not members: "
                + ", ".join(outsiders),
            )
        when = v.a_date(_E, "signed_on", signed_on)
        self._trigger(
            AgreementSigned, meta, version=version, signatories=people, signed_on=when
        )

    def close(self, *, reason: str, closed_on: date, meta: EventMeta) -> None:
        """Close the partnership; afterwards every command is refused."""
        self._require_status("close", S.ACCEPTED, S.ACTIVE)
        self._trigger(
            PartnershipClosed,
            meta,
            reason=v.free_text(_E, "reason", reason, empty=False),
            closed_on=v.a_date(_E, "closed_on", closed_on),
        )
