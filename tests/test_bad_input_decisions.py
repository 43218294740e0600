"""The decisions on accepted-but-doubtful input (docs/domain.md, "Doubtful
input"), each with the handbook section behind it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from _helpers import (
    ACTOR,
    accepted_lsp,
    active_lsp,
    agreement,
    kpi_def,
    new_app,
    pledge,
    refused,
    register_org,
    submit_regional,
    with_members,
)
from pact_adapters.plugins import report_formats
from pact_domain.errors import InvalidValueError
from pact_domain.monitoring import MonitoringViews, annual_report, portfolio_report
from pact_domain.values import ReportingPeriod, Target
from pact_domain.vocabularies import Measure, PartnershipStatus


@pytest.mark.parametrize("name", ["Acme\x00", "\u200b", "\u200b\ufeff\u2060 "])
def test_a_nul_byte_or_only_invisible_characters_is_no_name(name: str) -> None:
    """A name holding a NUL byte, or only zero-width characters, is refused
    (Annex A asks for a name; XML 1.0 exports cannot hold a NUL)."""
    app = new_app()
    with refused(app, InvalidValueError, "name"):
        register_org(app, name)


def test_a_name_is_stored_in_nfc_trimmed_of_invisible_characters() -> None:
    """A name is stored composed (NFC), without white space or invisible
    characters at either end; invisible characters inside it are kept."""
    app = new_app()
    oid = register_org(app, "\u200b Cafe\u0301 Zu\u200dhause \ufeff")
    assert app.get_organisation(oid).name == "Caf\u00e9 Zu\u200dhause"


def test_an_effective_date_in_2099_is_accepted_and_2101_refused() -> None:
    """A KPI report of a future period is accepted up to 2100 (its default
    effective time is the period's end, §6 ongoing monitoring); 2101 is
    outside the domain's years."""
    app = new_app()
    pid, _ = active_lsp(app, 1)
    _, (kid,) = pledge(app, pid)
    app.report_kpi(
        pid, kpi_id=kid, period=ReportingPeriod.year(2099), value=1, actor=ACTOR
    )
    assert app.history(pid)[-1].effective_at == datetime(2099, 12, 31, tzinfo=UTC)
    with refused(app, InvalidValueError, "effective_at", pid):
        app.report_kpi(
            pid,
            kpi_id=kid,
            period=ReportingPeriod.year(2098),
            value=1,
            effective_at=date(2101, 1, 1),
            actor=ACTOR,
        )


def test_an_effective_date_before_the_partnership_existed_is_accepted() -> None:
    """A meeting held before the expression of interest was submitted is
    accepted (Annex A asks for the partnership's current activities: it may
    work before it registers)."""
    app = new_app()
    pid = accepted_lsp(app)
    submitted = app.history(pid)[0].effective_at
    app.record_activity(
        pid,
        type="workshop",
        title="Founding workshop",
        held_on=date(2019, 5, 1),
        participants=12,
        actor=ACTOR,
    )
    assert app.history(pid)[-1].effective_at < submitted


def test_an_agreement_signed_before_its_draft_was_recorded_is_accepted() -> None:
    """A signature dated before the draft's effective time is accepted (the
    signed text is often recorded afterwards, §3.1, Annex B); as of the
    signing day on the effective axis the agreement is signed."""
    app = new_app()
    pid = accepted_lsp(app)
    orgs = with_members(app, pid, 1)
    version = app.draft_agreement(
        pid, content=agreement(), effective_at=date(2025, 3, 1), actor=ACTOR
    )
    app.sign_agreement(
        pid,
        version=version,
        signatories=(orgs[0],),
        signed_on=date(2025, 2, 1),
        actor=ACTOR,
    )
    assert app.get_partnership(pid).status is PartnershipStatus.ACTIVE
    views = MonitoringViews(app)
    views.catch_up()
    assert views.current().partnership(pid).status is PartnershipStatus.ACTIVE


@pytest.mark.parametrize(
    ("countries", "regions", "scope"),
    [
        (("GR", "CY"), ("EL30",), "nuts2"),
        (("DE", "AT"), ("DE2",), "nuts1"),
        (("DE", "AT"), (), "local"),
    ],
)
def test_a_nuts_or_local_partnership_names_one_member_state(
    countries: tuple[str, ...], regions: tuple[str, ...], scope: str
) -> None:
    """A NUTS 1, NUTS 2 or local partnership works in one member state;
    regions across member states are a macro-regional partnership (Annex A)."""
    app = new_app()
    with refused(app, InvalidValueError, "countries"):
        submit_regional(app, countries=countries, regions=regions, regional_scope=scope)
    pid = submit_regional(
        app, countries=("GR", "CY"), regions=("EL30",), regional_scope="macro_regional"
    )
    assert app.get_partnership(pid).countries == ("GR", "CY")


@pytest.mark.parametrize("code", ["ITZZ", "DEZZ"])
def test_an_extra_regio_unit_is_no_territory(code: str) -> None:
    """Extra-Regio units (``ITZZ``, ``DEZZ``) lie in no region: a NUTS 2
    partnership cannot name one (Annex A)."""
    app = new_app()
    with refused(app, InvalidValueError, "regions", match="Extra-Regio"):
        submit_regional(app, countries=(code[:2],), regions=(code,))


def test_the_largest_accepted_values_go_through_every_report_format() -> None:
    """A KPI of each measure at its largest value, reported and approved,
    renders in the annual and portfolio reports in every format (§6, Box 40)."""
    app = new_app()
    pid, orgs = active_lsp(app, 1)
    app.appoint_coordinator(pid, organisation_id=orgs[0], actor=ACTOR)
    measures = [m for m in Measure if m.is_quantitative]
    kpis = tuple(
        kpi_def(
            name=f"KPI {m}",
            measure=m,
            unit="u",
            dimensions=(),
            baseline=None,
            target=Target(m.largest if m is not Measure.COUNT else 1, "u"),
        )
        for m in measures
    )
    _, kids = pledge(app, pid, kpis=kpis)
    for m, kid in zip(measures, kids, strict=True):
        for year in (2023, 2024):
            value = m.largest if year == 2024 else m.smallest
            rid = app.report_kpi(
                pid,
                kpi_id=kid,
                period=ReportingPeriod.year(year),
                value=value,
                actor=ACTOR,
            )
            app.approve_kpi_report(pid, report_id=rid, reviewer_id=orgs[0], actor=ACTOR)
    app.record_funding_secured(
        pid,
        programme="esf_plus",
        amount_eur=Measure.MONEY_EUR.largest,
        project_name="Largest",
        secured_on=date(2025, 3, 1),
        actor=ACTOR,
    )
    app.record_communication(
        pid,
        channel="newsletter",
        title="Everyone",
        reach=10**12,
        published_on=date(2025, 3, 1),
        actor=ACTOR,
    )
    views = MonitoringViews(app)
    report = annual_report(views, pid, year=2024)
    folio = portfolio_report(views, year=2024)
    lines = {line.name: line for line in report.kpis}
    assert lines["KPI count"].value_in_year == Decimal(10) ** 12
    for spec in report_formats().values():
        assert spec.render(report, folio)
        assert spec.render(folio, None)
