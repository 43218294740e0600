"""Strategies for the arguments of every application command (private).

Public through :mod:`pact_domain.testing.strategies`.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any, TypeVar
from uuid import UUID

from hypothesis import strategies as st
from hypothesis.strategies import DrawFn, SearchStrategy

from pact_domain.commands import (
    AppointCoordinator,
    ApproveKpiReport,
    AssessExpressionOfInterest,
    ChangeMemberTier,
    ClosePartnership,
    Command,
    CorrectKpiReport,
    DefineKpi,
    DraftAgreement,
    JoinPartnership,
    LeavePartnership,
    PledgeCommitment,
    RegisterOrganisation,
    ReportKpi,
    RetireKpi,
    ReturnKpiReport,
    ReviseCommitment,
    ReviseKpiTarget,
    SignAgreement,
    SignCharter,
    SubmitExpressionOfInterest,
    TransferCoordination,
    UpdateExpressionOfInterest,
    UpdateOrganisation,
    WithdrawCommitment,
)
from pact_domain.partnership import KpiDefinition, KpiReport
from pact_domain.reference import (
    EEA_STATES,
    EU_MEMBER_STATES,
)
from pact_domain.testing._model import (
    ReportModel,
)
from pact_domain.testing._values import (
    actors,
    agreement_contents,
    breakdowns,
    contact_persons,
    current_partners,
    dates,
    effective_ats,
    eu_countries,
    free_texts,
    kpi_definitions,
    measure_values,
    names,
    nuts_regions,
    regions_in,
    reporting_periods,
    targets,
    vocabulary,
)
from pact_domain.values import (
    BreakdownValue,
    ReportingPeriod,
    Target,
)
from pact_domain.vocabularies import (
    AssessmentOutcome,
    CharterPrinciple,
    CommitmentCategory,
    DataSource,
    Ecosystem,
    Measure,
    MembershipTier,
    OrganisationSize,
    PartnershipKind,
    RegionalScope,
    StakeholderType,
)

# --------------------------------------------------------------------------
# Commands
# --------------------------------------------------------------------------


C = TypeVar("C", bound=Command[Any])


def _meta(draw: DrawFn, actor: str | None) -> dict[str, Any]:
    kwargs: dict[str, Any] = {"actor": draw(actors()) if actor is None else actor}
    when = draw(effective_ats())
    if when is not None:
        kwargs["effective_at"] = when
    return kwargs


def _builds(
    cls: type[C], target: UUID, *, actor: str | None, **fields: SearchStrategy[Any]
) -> SearchStrategy[C]:
    """``st.builds(cls, ...)`` on ``target``, with a drawn actor (or
    ``actor``) and effective time."""
    return st.builds(
        cls,
        st.just(target),
        actor=actors() if actor is None else st.just(actor),
        effective_at=effective_ats(),
        **fields,
    )


def _ids(draw: DrawFn, given: UUID | None) -> UUID:
    return draw(st.uuids()) if given is None else given


@st.composite
def register_organisation_commands(
    draw: DrawFn,
    *,
    id: UUID | None = None,
    country: str | None = None,
    actor: str | None = None,
) -> RegisterOrganisation:
    """``register_organisation``: an organisation of an EEA country (or
    ``country``), maybe with a NUTS region of it."""
    code = draw(st.sampled_from(sorted(EEA_STATES))) if country is None else country
    available = regions_in([code], None, False)
    region = draw(st.none() | st.sampled_from(available)) if available else None
    return RegisterOrganisation(
        name=draw(names()),
        stakeholder_type=draw(vocabulary(StakeholderType)),
        size=draw(vocabulary(OrganisationSize)),
        country=code,
        region=region,
        ecosystems=tuple(
            draw(st.lists(vocabulary(Ecosystem), max_size=3, unique=True))
        ),
        contact=draw(st.none() | contact_persons()),
        id=_ids(draw, id),
        **_meta(draw, actor),
    )


_ORGANISATION_DETAILS = st.lists(
    st.sampled_from(["name", "size", "ecosystems", "contact", "country"]),
    min_size=1,
    unique=True,
)
_ECOSYSTEMS = st.lists(vocabulary(Ecosystem), max_size=3, unique=True)


@st.composite
def update_organisation_commands(
    draw: DrawFn, organisation_id: UUID, *, actor: str | None = None
) -> UpdateOrganisation:
    """``update_organisation`` with some details changed (a new country always
    comes with a region in it)."""
    changes: dict[str, Any] = {}
    for key in draw(_ORGANISATION_DETAILS):
        if key == "name":
            changes["name"] = draw(names())
        elif key == "size":
            changes["size"] = draw(vocabulary(OrganisationSize))
        elif key == "ecosystems":
            changes["ecosystems"] = tuple(draw(_ECOSYSTEMS))
        elif key == "contact":
            changes["contact"] = draw(contact_persons())
        else:
            code = draw(eu_countries())
            changes["country"] = code
            changes["region"] = draw(nuts_regions([code]))
    return UpdateOrganisation(organisation_id, **changes, **_meta(draw, actor))


@st.composite
def sign_charter_commands(
    draw: DrawFn, organisation_id: UUID, *, actor: str | None = None
) -> SignCharter:
    """``sign_charter`` with one or more Charter principles."""
    return SignCharter(
        organisation_id,
        signed_on=draw(dates()),
        principles=tuple(draw(_PRINCIPLES)),
        **_meta(draw, actor),
    )


@st.composite
def _geography_fields(draw: DrawFn, kind: PartnershipKind) -> dict[str, Any]:
    if kind is PartnershipKind.LARGE_SCALE:
        codes = draw(
            st.lists(st.sampled_from(sorted(EEA_STATES)), max_size=16, unique=True)
        )
        available = regions_in(codes, None, False)
        regions = (
            draw(st.lists(st.sampled_from(available), max_size=3, unique=True))
            if available
            else []
        )
        return {
            "countries": tuple(codes),
            "regions": tuple(regions),
            "ecosystems": tuple(
                draw(
                    st.lists(vocabulary(Ecosystem), min_size=1, max_size=3, unique=True)
                )
            ),
        }
    scope = draw(vocabulary(RegionalScope))
    eu = sorted(EU_MEMBER_STATES)
    if scope is RegionalScope.MACRO_REGIONAL:
        codes = draw(st.lists(st.sampled_from(eu), min_size=2, max_size=6, unique=True))
        level = None
        wanted = 0
    elif scope is RegionalScope.LOCAL:
        codes = [draw(st.sampled_from(eu))]
        level = None
        wanted = 0
    else:
        codes = draw(st.lists(st.sampled_from(eu), min_size=1, max_size=2, unique=True))
        level = 1 if scope is RegionalScope.NUTS1 else 2
        wanted = 1
    available = regions_in(codes, level, False)
    regions = draw(
        st.lists(st.sampled_from(available), min_size=wanted, max_size=3, unique=True)
    )
    return {
        "countries": tuple(codes),
        "regions": tuple(regions),
        "regional_scope": scope,
        "ecosystems": tuple(
            draw(st.lists(vocabulary(Ecosystem), max_size=2, unique=True))
        ),
    }


@st.composite
def _eoi_answers(draw: DrawFn) -> dict[str, Any]:
    return {
        "name": draw(names()),
        "contact": draw(contact_persons()),
        "description": draw(free_texts(empty=False)),
        "current_partners": tuple(draw(st.lists(current_partners(), max_size=4))),
        "objectives": draw(free_texts()),
        "support_needed": draw(free_texts()),
        "current_activities": draw(free_texts()),
    }


@st.composite
def submit_expression_of_interest_commands(
    draw: DrawFn,
    *,
    kind: PartnershipKind | str | None = None,
    id: UUID | None = None,
    linked_lsp_id: UUID | None = None,
    actor: str | None = None,
) -> SubmitExpressionOfInterest:
    """``submit_expression_of_interest`` (Annex A) of a Large Scale or regional
    partnership; ``linked_lsp_id`` (for a regional one) must name a Large
    Scale Partnership stored before."""
    k = draw(vocabulary(PartnershipKind)) if kind is None else PartnershipKind(kind)
    kwargs = {**draw(_eoi_answers()), **draw(_geography_fields(k)), "kind": k}
    if linked_lsp_id is not None and k is PartnershipKind.REGIONAL:
        kwargs["linked_lsp_id"] = linked_lsp_id
    return SubmitExpressionOfInterest(
        id=_ids(draw, id),
        **kwargs,
        **_meta(draw, actor),
    )


@st.composite
def update_expression_of_interest_commands(
    draw: DrawFn,
    partnership_id: UUID,
    kind: PartnershipKind | str,
    *,
    actor: str | None = None,
) -> UpdateExpressionOfInterest:
    """``update_expression_of_interest``: some answers changed (the geography
    is changed as a whole, so it stays consistent)."""
    answers = draw(_eoi_answers())
    keys = draw(st.lists(st.sampled_from(sorted(answers)), unique=True))
    changes = {k: answers[k] for k in keys}
    if draw(st.booleans()) or not changes:
        geography = draw(_geography_fields(PartnershipKind(kind)))
        changes.update(geography)
    return UpdateExpressionOfInterest(partnership_id, **changes, **_meta(draw, actor))


@st.composite
def assess_expression_of_interest_commands(
    draw: DrawFn,
    partnership_id: UUID,
    outcome: AssessmentOutcome | str | None = None,
    *,
    actor: str | None = None,
) -> AssessExpressionOfInterest:
    """``assess_expression_of_interest``; reasons are given unless accepted."""
    result = (
        draw(vocabulary(AssessmentOutcome))
        if outcome is None
        else AssessmentOutcome(outcome)
    )
    reasons = draw(free_texts(empty=result is AssessmentOutcome.ACCEPTED, max_size=400))
    return AssessExpressionOfInterest(
        partnership_id,
        outcome=result,
        reasons=reasons,
        follow_up_meeting=draw(st.none() | dates()),
        **_meta(draw, actor),
    )


@st.composite
def draft_agreement_commands(
    draw: DrawFn, partnership_id: UUID, *, actor: str | None = None
) -> DraftAgreement:
    """``draft_agreement`` with a new agreement content."""
    return DraftAgreement(
        partnership_id,
        content=draw(agreement_contents()),
        **_meta(draw, actor),
    )


@st.composite
def sign_agreement_commands(
    draw: DrawFn,
    partnership_id: UUID,
    version: int,
    members: Sequence[UUID],
    *,
    actor: str | None = None,
) -> SignAgreement:
    """``sign_agreement`` of ``version`` by some of ``members``."""
    return SignAgreement(
        partnership_id,
        version=version,
        signatories=tuple(
            draw(
                st.lists(
                    st.sampled_from(list(members)), min_size=1, max_size=8, unique=True
                )
            )
        ),
        signed_on=draw(dates()),
        **_meta(draw, actor),
    )


@st.composite
def close_partnership_commands(
    draw: DrawFn, partnership_id: UUID, *, actor: str | None = None
) -> ClosePartnership:
    """``close_partnership`` with a reason and a date."""
    return ClosePartnership(
        partnership_id,
        reason=draw(free_texts(empty=False, max_size=300)),
        closed_on=draw(dates()),
        **_meta(draw, actor),
    )


def appoint_coordinator_commands(
    partnership_id: UUID,
    organisation_id: UUID,
    *,
    actor: str | None = None,
) -> SearchStrategy[AppointCoordinator]:
    """``AppointCoordinator`` of a member."""
    return _builds(
        AppointCoordinator,
        partnership_id,
        organisation_id=st.just(organisation_id),
        actor=actor,
    )


@st.composite
def transfer_coordination_commands(
    draw: DrawFn,
    partnership_id: UUID,
    from_organisation_id: UUID,
    to_organisation_id: UUID,
    *,
    actor: str | None = None,
) -> TransferCoordination:
    """``transfer_coordination`` from a coordinator to another member."""
    return TransferCoordination(
        partnership_id,
        from_organisation_id=from_organisation_id,
        to_organisation_id=to_organisation_id,
        **_meta(draw, actor),
    )


@st.composite
def join_partnership_commands(
    draw: DrawFn,
    partnership_id: UUID,
    organisation_id: UUID,
    *,
    actor: str | None = None,
) -> JoinPartnership:
    """``join_partnership`` in a tier (or the default, core)."""
    kwargs: dict[str, Any] = {"organisation_id": organisation_id}
    tier = draw(st.none() | vocabulary(MembershipTier))
    if tier is not None:
        kwargs["tier"] = tier
    return JoinPartnership(partnership_id, **kwargs, **_meta(draw, actor))


@st.composite
def leave_partnership_commands(
    draw: DrawFn,
    partnership_id: UUID,
    organisation_id: UUID,
    *,
    actor: str | None = None,
) -> LeavePartnership:
    """``leave_partnership``, with or without a reason."""
    return LeavePartnership(
        partnership_id,
        organisation_id=organisation_id,
        reason=draw(free_texts(max_size=200)),
        **_meta(draw, actor),
    )


@st.composite
def change_member_tier_commands(
    draw: DrawFn,
    partnership_id: UUID,
    organisation_id: UUID,
    current_tier: MembershipTier | str | None = None,
    *,
    actor: str | None = None,
) -> ChangeMemberTier:
    """``change_member_tier`` to a tier other than ``current_tier``."""
    choices = [t for t in MembershipTier if current_tier is None or t != current_tier]
    return ChangeMemberTier(
        partnership_id,
        organisation_id=organisation_id,
        tier=draw(st.sampled_from(choices)),
        **_meta(draw, actor),
    )


@st.composite
def pledge_commitment_commands(
    draw: DrawFn,
    partnership_id: UUID,
    *,
    member_ids: Sequence[UUID] = (),
    max_kpis: int = 3,
    measures: Sequence[Measure] | None = None,
    actor: str | None = None,
) -> PledgeCommitment:
    """``pledge_commitment`` with one to ``max_kpis`` KPIs, of the partnership
    or of one of ``member_ids``; ids are given so a history knows them."""
    measure = st.sampled_from(list(measures)) if measures else vocabulary(Measure)
    definitions = draw(
        st.lists(
            measure.flatmap(kpi_definitions), min_size=1, max_size=max(1, max_kpis)
        )
    )
    kpi_ids = draw(
        st.lists(
            st.uuids(),
            min_size=len(definitions),
            max_size=len(definitions),
            unique=True,
        )
    )
    member_id = (
        draw(st.none() | st.sampled_from(list(member_ids))) if member_ids else None
    )
    return PledgeCommitment(
        partnership_id,
        category=draw(vocabulary(CommitmentCategory)),
        statement=draw(free_texts(empty=False, max_size=400)),
        principles=tuple(draw(_PRINCIPLES)),
        kpis=tuple(definitions),
        member_id=member_id,
        target=draw(st.none() | targets()),
        commitment_id=draw(st.uuids().filter(lambda u: u not in kpi_ids)),
        kpi_ids=tuple(kpi_ids),
        **_meta(draw, actor),
    )


_COMMITMENT_CHANGES = st.lists(
    st.sampled_from(["statement", "principles", "target"]), min_size=1, unique=True
)
_PRINCIPLES = st.lists(vocabulary(CharterPrinciple), min_size=1, unique=True)


@st.composite
def revise_commitment_commands(
    draw: DrawFn, partnership_id: UUID, commitment_id: UUID, *, actor: str | None = None
) -> ReviseCommitment:
    """``revise_commitment`` of its statement, principles and/or target."""
    changes: dict[str, Any] = {}
    for key in draw(_COMMITMENT_CHANGES):
        if key == "statement":
            changes["statement"] = draw(free_texts(empty=False, max_size=400))
        elif key == "principles":
            changes["principles"] = tuple(draw(_PRINCIPLES))
        else:
            changes["target"] = draw(targets())
    return ReviseCommitment(
        partnership_id,
        commitment_id=commitment_id,
        reason=draw(free_texts(empty=False, max_size=200)),
        **changes,
        **_meta(draw, actor),
    )


@st.composite
def withdraw_commitment_commands(
    draw: DrawFn, partnership_id: UUID, commitment_id: UUID, *, actor: str | None = None
) -> WithdrawCommitment:
    """``withdraw_commitment`` with a reason."""
    return WithdrawCommitment(
        partnership_id,
        commitment_id=commitment_id,
        reason=draw(free_texts(empty=False, max_size=200)),
        **_meta(draw, actor),
    )


@st.composite
def define_kpi_commands(
    draw: DrawFn,
    partnership_id: UUID,
    commitment_id: UUID,
    *,
    measure: Measure | str | None = None,
    actor: str | None = None,
) -> DefineKpi:
    """``define_kpi``: one more KPI for a live commitment."""
    return DefineKpi(
        partnership_id,
        commitment_id=commitment_id,
        definition=draw(kpi_definitions(measure)),
        kpi_id=draw(st.uuids()),
        **_meta(draw, actor),
    )


@st.composite
def revise_kpi_target_commands(
    draw: DrawFn,
    partnership_id: UUID,
    kpi_id: UUID,
    definition: KpiDefinition,
    *,
    current: Target | None = None,
    actor: str | None = None,
) -> ReviseKpiTarget:
    """``revise_kpi_target`` to a target valid for the KPI and other than
    ``current``."""
    baseline_year = None if definition.baseline is None else definition.baseline.year
    target = draw(
        targets(definition.measure, baseline_year=baseline_year).filter(
            lambda t: t != current
        )
    )
    return ReviseKpiTarget(
        partnership_id,
        kpi_id=kpi_id,
        target=target,
        reason=draw(free_texts(empty=False, max_size=200)),
        **_meta(draw, actor),
    )


@st.composite
def retire_kpi_commands(
    draw: DrawFn, partnership_id: UUID, kpi_id: UUID, *, actor: str | None = None
) -> RetireKpi:
    """``retire_kpi`` with a reason."""
    return RetireKpi(
        partnership_id,
        kpi_id=kpi_id,
        reason=draw(free_texts(empty=False, max_size=200)),
        **_meta(draw, actor),
    )


@st.composite
def _report_content(
    draw: DrawFn, definition: KpiDefinition, *, correction: bool = False
) -> tuple[Decimal | None, str, tuple[BreakdownValue, ...], DataSource]:
    m = Measure(definition.measure)
    if m is Measure.QUALITATIVE:
        # A correction's ``value=None`` keeps the corrected report's value, so
        # its breakdowns would have to add up to a value we may not know:
        # corrections always state the value.
        value = draw(measure_values(m) if correction else st.none() | measure_values(m))
        text = draw(free_texts(empty=False, max_size=300))
    else:
        value = draw(measure_values(m))
        text = draw(free_texts(max_size=200))
    parts = draw(breakdowns(definition.dimensions, value, m))
    return value, text, parts, draw(vocabulary(DataSource))


@st.composite
def report_kpi_commands(
    draw: DrawFn,
    partnership_id: UUID,
    kpi_id: UUID,
    definition: KpiDefinition,
    *,
    reporters: Sequence[UUID | None] = (None,),
    period: ReportingPeriod | None = None,
    actor: str | None = None,
) -> ReportKpi:
    """``report_kpi`` of a valid value for the KPI's measure, with breakdowns
    over its dimensions that add up, for a period of its periodicity, by one
    of ``reporters`` (``None``: the partnership)."""
    value, text, parts, source = draw(_report_content(definition))
    return ReportKpi(
        partnership_id,
        kpi_id=kpi_id,
        period=draw(reporting_periods(definition.periodicity))
        if period is None
        else period,
        value=value,
        text=text,
        breakdowns=parts,
        reported_by=draw(st.sampled_from(list(reporters))),
        source=source,
        report_id=draw(st.uuids()),
        **_meta(draw, actor),
    )


@st.composite
def correct_kpi_report_commands(
    draw: DrawFn,
    partnership_id: UUID,
    report_id: UUID,
    definition: KpiDefinition,
    *,
    previous: KpiReport | ReportModel | None = None,
    actor: str | None = None,
) -> CorrectKpiReport:
    """``correct_kpi_report`` with a new value, text, breakdowns and source
    (different from ``previous``, the report corrected, when given)."""
    value, text, parts, source = draw(_report_content(definition, correction=True))
    if previous is not None and (value, text, parts, source) == (
        previous.value,
        previous.text,
        previous.breakdowns,
        previous.source,
    ):
        text = (text[:900] + " (corrected)").strip()
    return CorrectKpiReport(
        partnership_id,
        report_id=report_id,
        reason=draw(free_texts(empty=False, max_size=200)),
        value=value,
        text=text,
        breakdowns=parts,
        source=source,
        correction_id=draw(st.uuids()),
        **_meta(draw, actor),
    )


def approve_kpi_report_commands(
    partnership_id: UUID,
    report_id: UUID,
    reviewer_id: UUID,
    *,
    actor: str | None = None,
) -> SearchStrategy[ApproveKpiReport]:
    """``ApproveKpiReport`` by ``reviewer_id`` (a coordinator)."""
    return _builds(
        ApproveKpiReport,
        partnership_id,
        report_id=st.just(report_id),
        reviewer_id=st.just(reviewer_id),
        actor=actor,
    )


def return_kpi_report_commands(
    partnership_id: UUID,
    report_id: UUID,
    reviewer_id: UUID,
    *,
    actor: str | None = None,
) -> SearchStrategy[ReturnKpiReport]:
    """``ReturnKpiReport`` for revision by ``reviewer_id``, with a reason."""
    return _builds(
        ReturnKpiReport,
        partnership_id,
        report_id=st.just(report_id),
        reviewer_id=st.just(reviewer_id),
        reason=free_texts(empty=False, max_size=300),
        actor=actor,
    )
