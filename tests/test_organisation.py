"""The Organisation aggregate through the application: events and refusals."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import uuid4

import pytest

from _helpers import ACTOR, assert_meta, at, contact, new_app, refused, register_org
from pact_domain.application import PactApplication
from pact_domain.errors import DomainRuleError, InvalidValueError, NotFoundError
from pact_domain.organisation import (
    CharterSigned,
    Organisation,
    OrganisationDetailsUpdated,
    OrganisationRegistered,
)
from pact_domain.vocabularies import (
    CharterPrinciple,
    Ecosystem,
    OrganisationSize,
    StakeholderType,
)


@pytest.fixture
def app() -> PactApplication:
    """An in-memory application with a deterministic clock."""
    return new_app()


# ------------------------------------------------------------------ events


def test_registering_records_organisation_registered(app: PactApplication) -> None:
    """Registration records every detail, who did it and when."""
    recorded = app.clock.next
    person = contact()
    oid = app.register_organisation(
        name="  Bavarian Chamber of Crafts ",
        stakeholder_type="chamber",
        size=OrganisationSize.LARGE,
        country="de",
        region="de21",
        ecosystems=("construction", Ecosystem.DIGITAL, "construction"),
        contact=person,
        actor=ACTOR,
    )
    [event] = app.history(oid)
    assert isinstance(event, OrganisationRegistered)
    assert event.originator_id == oid
    assert event.originator_version == 1
    assert event.name == "Bavarian Chamber of Crafts"
    assert event.stakeholder_type is StakeholderType.CHAMBER
    assert event.size is OrganisationSize.LARGE
    assert (event.country, event.region) == ("DE", "DE21")
    assert event.ecosystems == (Ecosystem.CONSTRUCTION, Ecosystem.DIGITAL)
    assert event.contact == person
    assert_meta(event, recorded_at=recorded)
    org = app.get_organisation(oid)
    assert isinstance(org, Organisation)
    assert (org.name, org.country, org.region) == (event.name, "DE", "DE21")
    assert org.charter_signed_on is None
    assert org.charter_principles == ()
    assert app.organisation_ids() == [oid]


def test_registration_takes_effect_when_given(app: PactApplication) -> None:
    """An effective date in the past is kept apart from the recording time."""
    recorded = app.clock.next
    oid = register_org(app, effective_at=date(2020, 6, 1))
    [event] = app.history(oid)
    assert_meta(event, recorded_at=recorded, effective_at=at(date(2020, 6, 1)))


def test_greek_organisation_uses_iso_country_and_eurostat_region(
    app: PactApplication,
) -> None:
    """Greece is GR as a country (EL is accepted) and EL30 as a NUTS region."""
    oid = register_org(app, country="EL", region="EL30")
    org = app.get_organisation(oid)
    assert (org.country, org.region) == ("GR", "EL30")


def test_updating_details_records_only_what_changed(app: PactApplication) -> None:
    """An update records the changed fields; the others are None and kept."""
    oid = register_org(app, country="DE", region="DE21")
    recorded = app.clock.next
    app.update_organisation(
        oid,
        name="Acme Academy",
        size="medium",
        actor=ACTOR,
        effective_at=date(2025, 1, 1),
    )
    event = app.history(oid)[-1]
    assert isinstance(event, OrganisationDetailsUpdated)
    assert event.originator_version == 2
    assert event.name == "Acme Academy"
    assert event.size is OrganisationSize.MEDIUM
    assert event.stakeholder_type is None
    assert event.country is None
    assert event.region is None
    assert event.ecosystems is None
    assert event.contact is None
    assert_meta(event, recorded_at=recorded, effective_at=at(date(2025, 1, 1)))
    org = app.get_organisation(oid)
    assert (org.name, org.size, org.country, org.region) == (
        "Acme Academy",
        OrganisationSize.MEDIUM,
        "DE",
        "DE21",
    )


def test_moving_country_with_a_region_in_the_new_country(app: PactApplication) -> None:
    """Country and region change together when the organisation moves."""
    oid = register_org(app, country="DE", region="DE21")
    app.update_organisation(oid, country="FR", region="FR10", actor=ACTOR)
    event = app.history(oid)[-1]
    assert (event.country, event.region) == ("FR", "FR10")
    org = app.get_organisation(oid)
    assert (org.country, org.region) == ("FR", "FR10")


def test_updating_contact_and_ecosystems(app: PactApplication) -> None:
    """The contact person, type and ecosystems can be updated."""
    oid = register_org(app)
    person = contact("Mr Jan Novak", "jan@example.cz")
    app.update_organisation(
        oid,
        contact=person,
        stakeholder_type="cluster",
        ecosystems=("tourism",),
        actor=ACTOR,
    )
    org = app.get_organisation(oid)
    assert org.contact == person
    assert org.stakeholder_type is StakeholderType.CLUSTER
    assert org.ecosystems == (Ecosystem.TOURISM,)


def test_signing_the_charter_records_charter_signed(app: PactApplication) -> None:
    """Signing the Charter records the date and, by default, all four principles."""
    oid = register_org(app)
    recorded = app.clock.next
    app.sign_charter(oid, signed_on=date(2025, 2, 14), actor=ACTOR)
    event = app.history(oid)[-1]
    assert isinstance(event, CharterSigned)
    assert event.signed_on == date(2025, 2, 14)
    assert event.principles == tuple(CharterPrinciple)
    assert_meta(event, recorded_at=recorded, effective_at=at(date(2025, 2, 14)))
    org = app.get_organisation(oid)
    assert org.charter_signed_on == date(2025, 2, 14)
    assert org.charter_principles == tuple(CharterPrinciple)


def test_signing_the_charter_for_some_principles(app: PactApplication) -> None:
    """An organisation may name the Charter principles it signs up to."""
    oid = register_org(app)
    app.sign_charter(
        oid,
        signed_on=date(2025, 2, 14),
        principles=("equal_opportunities",),
        actor=ACTOR,
        effective_at=datetime(2025, 2, 14, 15, tzinfo=UTC),
    )
    event = app.history(oid)[-1]
    assert event.principles == (CharterPrinciple.EQUAL_OPPORTUNITIES,)
    assert event.effective_at == datetime(2025, 2, 14, 15, tzinfo=UTC)


# ---------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"country": "XX"}, "country"),
        ({"country": "Germany"}, "country"),
        ({"country": "DE", "region": "FR10"}, "region"),
        ({"country": "DE", "region": "DE99"}, "region"),
        ({"country": "GR", "region": "GR30"}, "region"),
        ({"name": "   "}, "name"),
        ({"name": "n" * 301}, "name"),
        ({"stakeholder_type": "alien"}, "stakeholder_type"),
        ({"size": "huge"}, "size"),
        ({"ecosystems": ("space",)}, "ecosystems"),
        ({"ecosystems": "digital"}, "ecosystems"),
    ],
)
def test_invalid_registration_is_refused_and_stores_nothing(
    app: PactApplication, overrides: dict[str, object], field: str
) -> None:
    """An unknown country, a region outside it or a bad value stores nothing."""
    with refused(app, InvalidValueError, field) as info:
        register_org(app, **overrides)
    assert info.value.entity in ("Organisation", "RegisterOrganisation")
    assert app.organisation_ids() == []


def test_region_not_in_country_names_the_country(app: PactApplication) -> None:
    """The refusal of a region outside the country says which country."""
    with refused(app, InvalidValueError, "region") as info:
        register_org(app, country="DE", region="FR10")
    assert "DE" in info.value.rule


def test_registering_an_existing_id_is_refused(app: PactApplication) -> None:
    """A second registration under an existing id stores nothing."""
    oid = register_org(app)
    from pact_domain.errors import ConcurrencyError

    with refused(app, ConcurrencyError, "id", oid):
        register_org(app, "Other", id=oid)


def test_update_with_nothing_is_refused(app: PactApplication) -> None:
    """An update that names no detail stores nothing."""
    oid = register_org(app)
    with refused(app, InvalidValueError, None, oid) as info:
        app.update_organisation(oid, actor=ACTOR)
    assert "no detail" in info.value.rule


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"country": "ZZ"}, "country"),
        ({"country": "FR"}, "region"),
        ({"region": "FR10"}, "region"),
        ({"region": "nowhere"}, "region"),
        ({"name": ""}, "name"),
        ({"size": "giant"}, "size"),
        ({"stakeholder_type": "robot"}, "stakeholder_type"),
        ({"ecosystems": ("moon",)}, "ecosystems"),
    ],
)
def test_invalid_update_is_refused_and_stores_nothing(
    app: PactApplication, changes: dict[str, object], field: str
) -> None:
    """An update with an unknown country, a region outside the country (old or
    new) or a bad value stores nothing."""
    oid = register_org(app, country="DE", region="DE21")
    with refused(app, InvalidValueError, field, oid):
        app.update_organisation(oid, actor=ACTOR, **changes)
    org = app.get_organisation(oid)
    assert (org.country, org.region, org.name) == ("DE", "DE21", "Acme Training")


def test_charter_signed_twice_is_refused(app: PactApplication) -> None:
    """The Charter is signed once; a second signature stores nothing."""
    oid = register_org(app)
    app.sign_charter(oid, signed_on=date(2025, 1, 1), actor=ACTOR)
    with refused(app, DomainRuleError, "charter_signed_on", oid) as info:
        app.sign_charter(oid, signed_on=date(2025, 6, 1), actor=ACTOR)
    assert "2025-01-01" in info.value.rule
    assert app.get_organisation(oid).charter_signed_on == date(2025, 1, 1)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"signed_on": date(2025, 1, 1), "principles": ()}, "principles"),
        ({"signed_on": date(2025, 1, 1), "principles": ("honesty",)}, "principles"),
        ({"signed_on": "someday"}, "signed_on"),
    ],
)
def test_invalid_charter_signature_is_refused(
    app: PactApplication, kwargs: dict[str, object], field: str
) -> None:
    """A signature without principles or with a bad date stores nothing."""
    oid = register_org(app)
    with refused(app, InvalidValueError, field, oid):
        app.sign_charter(oid, actor=ACTOR, **kwargs)


def test_missing_actor_is_refused(app: PactApplication) -> None:
    """Every command needs an actor; without one nothing is stored."""
    oid = register_org(app)
    with refused(app, InvalidValueError, "actor", oid):
        app.update_organisation(oid, name="New", actor="  ")


def test_naive_effective_time_is_refused(app: PactApplication) -> None:
    """A naive effective time is refused before anything is stored."""
    with refused(app, InvalidValueError, "effective_at"):
        register_org(app, effective_at=datetime(2025, 1, 1, 12))


def test_unknown_organisation_is_not_found(app: PactApplication) -> None:
    """Commands and queries on an unknown id raise NotFoundError."""
    missing = uuid4()
    with refused(app, NotFoundError, "organisation_id"):
        app.update_organisation(missing, name="x", actor=ACTOR)
    with refused(app, NotFoundError, "organisation_id"):
        app.sign_charter(missing, signed_on=date(2025, 1, 1), actor=ACTOR)
    with pytest.raises(NotFoundError):
        app.get_organisation(missing)
