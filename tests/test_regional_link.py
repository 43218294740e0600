"""The regional dimension: linking regional partnerships and LSPs, on both
sides in one atomic save (§2.3, §4.6, Box 37, Annex A)."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

import pytest

from _helpers import (
    ACTOR,
    accepted_lsp,
    assert_meta,
    new_app,
    refused,
    register_org,
    submit_lsp,
    submit_regional,
)
from pact_domain.application import PactApplication
from pact_domain.errors import (
    ConcurrencyError,
    DomainRuleError,
    InvalidStateError,
    InvalidValueError,
    NotFoundError,
)
from pact_domain.partnership import (
    Partnership,
    RegionalPartnershipLinked,
    RegionalPartnershipUnlinked,
)


@pytest.fixture
def app() -> PactApplication:
    """An in-memory application with a deterministic clock."""
    return new_app()


def _tourism_lsp(app: PactApplication) -> UUID:
    return accepted_lsp(
        app,
        name="Skills Partnership for the Tourism Ecosystem",
        ecosystems=("tourism",),
        countries=("BG", "IT", "NL"),
    )


def _accepted_regional(app: PactApplication, **overrides: Any) -> UUID:
    pid = submit_regional(app, **overrides)
    app.assess_expression_of_interest(pid, outcome="accepted", actor=ACTOR)
    return pid


def _veneto(app: PactApplication) -> UUID:
    return _accepted_regional(
        app,
        name="Tourism skills partnership in Veneto",
        countries=("IT",),
        regions=("ITH3",),
    )


def test_regional_partnership_linked_on_both_sides(app: PactApplication) -> None:
    """One fact, recorded on the LSP and on the regional partnership, with
    consecutive notifications of one save (§4.6)."""
    lsp = _tourism_lsp(app)
    regional = _veneto(app)
    before = app.recorder.max_notification_id()
    recorded = app.clock.next
    app.link_regional_partnership(lsp, regional_partnership_id=regional, actor=ACTOR)
    on_lsp = app.history(lsp)[-1]
    on_regional = app.history(regional)[-1]
    for event in (on_lsp, on_regional):
        assert isinstance(event, RegionalPartnershipLinked)
        assert (event.lsp_id, event.regional_partnership_id) == (lsp, regional)
        assert_meta(event, recorded_at=recorded)
    assert app.recorder.max_notification_id() == (before or 0) + 2
    assert app.get_partnership(lsp).linked_partnership_ids == (regional,)
    assert app.get_partnership(regional).linked_partnership_ids == (lsp,)
    assert [p.id for p in app.linked_partnerships(lsp)] == [regional]
    assert [p.id for p in app.linked_partnerships(regional)] == [lsp]


def test_lsp_links_several_regions_and_a_region_several_lsps(
    app: PactApplication,
) -> None:
    """The Tourism LSP links Veneto and Attiki; Attiki, working across
    sectors, also links the offshore renewable energy LSP (§4.6)."""
    tourism = _tourism_lsp(app)
    energy = accepted_lsp(app)
    veneto = _veneto(app)
    attiki = _accepted_regional(app)
    for lsp, regional in ((tourism, veneto), (tourism, attiki), (energy, attiki)):
        app.link_regional_partnership(
            lsp, regional_partnership_id=regional, actor=ACTOR
        )
    assert app.get_partnership(tourism).linked_partnership_ids == (veneto, attiki)
    assert app.get_partnership(attiki).linked_partnership_ids == (tourism, energy)


def test_link_refusals(app: PactApplication) -> None:
    """The LSP must be large-scale, the regional one regional, the pair not
    yet linked; nothing is stored on either side."""
    lsp = _tourism_lsp(app)
    other_lsp = accepted_lsp(app)
    regional = _veneto(app)
    other_regional = _accepted_regional(app)

    def link(a: UUID, b: UUID) -> None:
        app.link_regional_partnership(a, regional_partnership_id=b, actor=ACTOR)

    with refused(app, DomainRuleError, "kind", regional, match="not a Large Scale"):
        link(regional, other_regional)
    with refused(app, DomainRuleError, "kind", other_lsp, match="not a regional"):
        link(lsp, other_lsp)
    link(lsp, regional)
    with refused(app, DomainRuleError, "regional_partnership_id", lsp, match="already"):
        link(lsp, regional)
    with refused(app, NotFoundError, "regional_partnership_id", lsp):
        link(lsp, uuid4())
    org = register_org(app)
    with refused(app, NotFoundError, "regional_partnership_id", lsp):
        link(lsp, org)


def test_link_needs_accepted_or_active_partnerships(app: PactApplication) -> None:
    """A proposed regional partnership or a declined LSP cannot be linked."""
    lsp = _tourism_lsp(app)
    proposed = submit_regional(app)
    with refused(app, InvalidStateError, "status", proposed) as info:
        app.link_regional_partnership(
            lsp, regional_partnership_id=proposed, actor=ACTOR
        )
    assert (info.value.entity, info.value.entity_id) == ("Partnership", proposed)
    declined = submit_lsp(app)
    app.assess_expression_of_interest(
        declined, outcome="declined", reasons="Out of scope", actor=ACTOR
    )
    regional = _veneto(app)
    with refused(app, InvalidStateError, "status", regional):
        app.link_regional_partnership(
            declined, regional_partnership_id=regional, actor=ACTOR
        )


def test_link_is_atomic(app: PactApplication, monkeypatch: pytest.MonkeyPatch) -> None:
    """If the regional partnership changed meanwhile and every retry
    conflicts, neither side records the link."""
    lsp = _tourism_lsp(app)
    regional = _veneto(app)
    stale = app.get_partnership(regional)
    app.join_partnership(regional, organisation_id=register_org(app), actor=ACTOR)
    real_get = app._get

    def stale_get(
        cls: type[Partnership], aggregate_id: UUID, version: Any = None, **kw: Any
    ) -> Any:
        if aggregate_id == regional:
            return app.repository.get(regional, version=stale.version)
        return real_get(cls, aggregate_id, version, **kw)

    monkeypatch.setattr(app, "_get", stale_get)
    with refused(app, ConcurrencyError, None, lsp):
        app.link_regional_partnership(
            lsp, regional_partnership_id=regional, actor=ACTOR
        )
    monkeypatch.undo()
    assert app.get_partnership(lsp).linked_partnership_ids == ()
    assert app.get_partnership(regional).linked_partnership_ids == ()


def test_regional_partnership_unlinked_on_both_sides(app: PactApplication) -> None:
    """The link ends on both sides, with a reason."""
    lsp = _tourism_lsp(app)
    regional = _veneto(app)
    app.link_regional_partnership(lsp, regional_partnership_id=regional, actor=ACTOR)
    app.unlink_regional_partnership(
        lsp,
        regional_partnership_id=regional,
        reason="The regional partnership joined the cultural and creative LSP.",
        actor=ACTOR,
    )
    for pid in (lsp, regional):
        event = app.history(pid)[-1]
        assert isinstance(event, RegionalPartnershipUnlinked)
        assert (event.lsp_id, event.regional_partnership_id) == (lsp, regional)
        assert event.reason.startswith("The regional partnership")
        assert app.get_partnership(pid).linked_partnership_ids == ()
    # linked again later
    app.link_regional_partnership(lsp, regional_partnership_id=regional, actor=ACTOR)
    assert app.get_partnership(regional).linked_partnership_ids == (lsp,)


def test_unlink_refusals(app: PactApplication) -> None:
    """Only a linked pair is unlinked, with a reason."""
    lsp = _tourism_lsp(app)
    regional = _veneto(app)
    with refused(
        app, DomainRuleError, "regional_partnership_id", lsp, match="not linked"
    ):
        app.unlink_regional_partnership(
            lsp, regional_partnership_id=regional, reason="x", actor=ACTOR
        )
    app.link_regional_partnership(lsp, regional_partnership_id=regional, actor=ACTOR)
    with refused(app, InvalidValueError, "reason", lsp):
        app.unlink_regional_partnership(
            lsp, regional_partnership_id=regional, reason="", actor=ACTOR
        )


# ---------------------------------------- scopes of regional partnerships


@pytest.mark.parametrize(
    ("scope", "countries", "regions"),
    [
        ("nuts1", ("DE",), ("DE2",)),
        ("nuts2", ("IT",), ("ITH3",)),
        ("local", ("NL",), ()),
        ("local", ("NL",), ("NL32B",)),
        ("macro_regional", ("AT", "HU", "SK"), ()),
    ],
)
def test_regional_scopes(
    app: PactApplication,
    scope: str,
    countries: tuple[str, ...],
    regions: tuple[str, ...],
) -> None:
    """NUTS 1, NUTS 2, local and macro-regional partnerships (Annex A)."""
    pid = submit_regional(
        app, regional_scope=scope, countries=countries, regions=regions
    )
    assert app.get_partnership(pid).regional_scope == scope


@pytest.mark.parametrize(
    ("scope", "countries", "regions", "field"),
    [
        ("nuts1", ("DE",), ("DE21",), "regions"),
        ("nuts2", ("DE",), ("DE2",), "regions"),
        ("nuts2", ("DE",), (), "regions"),
        ("macro_regional", ("AT",), (), "countries"),
        ("local", ("NO",), (), "countries"),
        (None, ("IT",), (), "regional_scope"),
    ],
)
def test_regional_scope_refusals(
    app: PactApplication,
    scope: str | None,
    countries: tuple[str, ...],
    regions: tuple[str, ...],
    field: str,
) -> None:
    """The level of the regions must match the scope; a macro-region spans
    several member states; regional partnerships are in EU member states."""
    with pytest.raises(InvalidValueError) as info:
        submit_regional(app, regional_scope=scope, countries=countries, regions=regions)
    assert info.value.field == field
    assert app.recorder.max_notification_id() in (None, 0)
