"""``pact organisations`` lists and filters the registered organisations;
``pact history`` finds an organisation by exact name; ``pact show --json``
prints a partnership as one JSON object."""

from __future__ import annotations

import json
from pathlib import Path
from uuid import UUID

import pytest

from pact_adapters.cli import EXIT_OK, EXIT_USAGE, main
from pact_adapters.stores import open_application
from pact_domain.commands import (
    AssessExpressionOfInterest,
    JoinPartnership,
    RegisterOrganisation,
    SubmitExpressionOfInterest,
)
from pact_domain.values import ContactPerson

PARTNERSHIP = "Green Tourism Skills Puglia"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run ``pact argv`` in-process; return the status, stdout and stderr."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> dict[str, UUID]:
    """A store of four organisations (two Italian VET providers, one of them
    a member of the partnership, a Belgian NGO and an Italian region) and
    one partnership; ``path`` is the store."""
    path = tmp_path_factory.mktemp("orgs") / "orgs.db"
    app = open_application(str(path))
    ids: dict[str, UUID] = {}
    for key, name, kind, country in [
        ("bari", "Istituto Tecnico Turistico Bari", "vet_provider", "IT"),
        ("lecce", "Istituto Alberghiero Lecce", "vet_provider", "IT"),
        ("ngo", "Green Jobs Network", "ngo_cso", "BE"),
        ("region", "Regione Puglia", "public_authority_regional", "IT"),
    ]:
        ids[key] = app.handle(
            RegisterOrganisation(
                name=name,
                stakeholder_type=kind,
                size="medium",
                country=country,
                actor="admin",
            )
        )
    ids["partnership"] = app.handle(
        SubmitExpressionOfInterest(
            name=PARTNERSHIP,
            kind="large_scale",
            ecosystems=("tourism",),
            contact=ContactPerson(full_name="Anna Rossi", email="anna@example.org"),
            description="Green skills.",
            actor="admin",
        )
    )
    app.handle(
        AssessExpressionOfInterest(
            ids["partnership"], outcome="accepted", actor="admin"
        )
    )
    for key in ("bari", "region"):
        app.handle(
            JoinPartnership(ids["partnership"], organisation_id=ids[key], actor="a")
        )
    app.close()
    return {**ids, "path": path}  # type: ignore[dict-item]


def names(out: str) -> list[str]:
    """The NAME column of a ``pact organisations`` table."""
    return [line.split("  ")[0] for line in out.splitlines()[1:]]


def test_organisations_lists_every_organisation_in_registration_order(
    store: dict[str, UUID], capsys: pytest.CaptureFixture[str]
) -> None:
    """Without filters: every organisation, with its type, country and the
    number of partnerships it belongs to."""
    code, out, err = run(capsys, "organisations", "--store", str(store["path"]))
    assert code == EXIT_OK, err
    assert out.splitlines()[0].split() == [
        "NAME",
        "TYPE",
        "SIZE",
        "COUNTRY",
        "REGION",
        "PARTNERSHIPS",
        "ID",
    ]
    assert names(out) == [
        "Istituto Tecnico Turistico Bari",
        "Istituto Alberghiero Lecce",
        "Green Jobs Network",
        "Regione Puglia",
    ]
    bari = out.splitlines()[1].split()
    assert bari[-2:] == ["1", str(store["bari"])]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (["--country", "it"], ["bari", "lecce", "region"]),
        (["--stakeholder-type", "vet_provider"], ["bari", "lecce"]),
        (["--partnership", PARTNERSHIP], ["bari", "region"]),
        (
            [
                "--country",
                "IT",
                "--stakeholder-type",
                "vet_provider",
                "--partnership",
                PARTNERSHIP,
            ],
            ["bari"],
        ),
        (["--country", "FR"], []),
    ],
)
def test_organisations_filters_combine(
    filters: list[str],
    expected: list[str],
    store: dict[str, UUID],
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Each filter keeps the organisations that match it; together, those
    that match all (``--json``: one object per organisation)."""
    code, out, err = run(
        capsys, "organisations", *filters, "--json", "--store", str(store["path"])
    )
    assert code == EXIT_OK, err
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in records] == [str(store[k]) for k in expected]


def test_organisations_json_has_the_fields_of_each_organisation(
    store: dict[str, UUID], capsys: pytest.CaptureFixture[str]
) -> None:
    """A JSON record holds the organisation's id, name, codes and its number
    of partnerships, and no personal data."""
    code, out, _ = run(
        capsys,
        "organisations",
        "--json",
        "--country",
        "BE",
        "--store",
        str(store["path"]),
    )
    assert code == EXIT_OK
    (record,) = [json.loads(line) for line in out.splitlines()]
    assert record == {
        "id": str(store["ngo"]),
        "name": "Green Jobs Network",
        "stakeholder_type": "ngo_cso",
        "size": "medium",
        "country": "BE",
        "region": None,
        "ecosystems": [],
        "charter_signed_on": None,
        "partnerships": 0,
    }


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (["--country", "XX"], "organisations: --country: 'XX' is not an ISO 3166-1"),
        (
            ["--stakeholder-type", "school"],
            "--stakeholder-type: 'school' is not one of",
        ),
        (["--partnership", "Nope"], "no partnership has the id or exact name 'Nope'"),
    ],
)
def test_a_bad_filter_is_one_usage_error_line(
    filters: list[str],
    expected: str,
    store: dict[str, UUID],
    capsys: pytest.CaptureFixture[str],
) -> None:
    """An unknown country, stakeholder type or partnership: exit status 2
    and one line naming the option and the rule."""
    code, out, err = run(
        capsys, "organisations", *filters, "--store", str(store["path"])
    )
    assert code == EXIT_USAGE
    assert out == ""
    (line,) = err.splitlines()
    assert line.startswith("pact: error: ")
    assert expected in line


def test_history_finds_an_organisation_by_exact_name(
    store: dict[str, UUID], capsys: pytest.CaptureFixture[str]
) -> None:
    """``pact history NAME`` takes an organisation's exact name as well as a
    partnership's; an unknown name says where to look."""
    code, out, err = run(
        capsys, "history", "Regione Puglia", "--store", str(store["path"])
    )
    assert code == EXIT_OK, err
    assert out.splitlines()[0] == (
        f"Organisation {store['region']} 'Regione Puglia': 1 event(s)"
    )
    code, out, err = run(capsys, "history", PARTNERSHIP, "--store", str(store["path"]))
    assert code == EXIT_OK, err
    assert out.startswith(f"Partnership {store['partnership']} ")
    code, _, err = run(capsys, "history", "Regione", "--store", str(store["path"]))
    assert code == EXIT_USAGE
    assert "no partnership or organisation has the id or exact name 'Regione'" in err


def test_show_json_is_the_partnership_as_one_object(
    store: dict[str, UUID], capsys: pytest.CaptureFixture[str]
) -> None:
    """``pact show --json`` prints the partnership's details, members with
    their names and tiers, and commitments as one JSON object."""
    code, out, err = run(
        capsys, "show", PARTNERSHIP, "--json", "--store", str(store["path"])
    )
    assert code == EXIT_OK, err
    data = json.loads(out)
    assert data["id"] == str(store["partnership"])
    assert (data["name"], data["kind"], data["status"]) == (
        PARTNERSHIP,
        "large_scale",
        "accepted",
    )
    assert data["ecosystems"] == ["tourism"]
    assert data["assessment"]["outcome"] == "accepted"
    assert [(m["name"], m["tier"]) for m in data["members"]] == [
        ("Istituto Tecnico Turistico Bari", "core"),
        ("Regione Puglia", "core"),
    ]
    assert data["commitments"] == []
    assert data["agreements"] == []


def test_organisations_on_an_empty_store_says_how_to_add_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No organisation yet: a line says how to load the sample or register one."""
    open_application(str(tmp_path / "e.db")).close()
    code, out, _ = run(capsys, "organisations", "--store", str(tmp_path / "e.db"))
    assert code == EXIT_OK
    assert "`pact do register-organisation` registers one" in out
