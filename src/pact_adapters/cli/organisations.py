"""``pact organisations``: list and find the registered organisations."""

from __future__ import annotations

import argparse
import json

from pact_adapters.cli._common import (
    InputError,
    Subparsers,
    add_command,
    find_partnership,
    open_store,
    table,
)
from pact_domain.errors import InvalidValueError
from pact_domain.organisation import Organisation
from pact_domain.reference import country
from pact_domain.vocabularies import StakeholderType

__all__ = ["organisation_record", "register", "run"]


def register(subparsers: Subparsers) -> None:
    """Add ``pact organisations``."""
    parser = add_command(
        subparsers,
        "organisations",
        summary="list the organisations, by type, country or partnership",
        description=(
            "List the registered organisations in order of registration: name, "
            "stakeholder type, size, country and region, how many partnerships "
            "each is a current member of, and id. The filters combine (all must "
            "match)."
        ),
        examples="""
            pact organisations --country IT
            pact organisations --stakeholder-type vet_provider --partnership \\
                "Skills partnership for sustainable tourism in Puglia"
            pact organisations --json
        """,
        handler=run,
    )
    parser.add_argument(
        "--stakeholder-type",
        metavar="TYPE",
        help=(
            "only organisations of this stakeholder type (§2.1), one of: "
            + ", ".join(t.value for t in StakeholderType)
        ),
    )
    parser.add_argument(
        "--country",
        metavar="CODE",
        help="only organisations of this country (ISO 3166-1 alpha-2, e.g. IT)",
    )
    parser.add_argument(
        "--partnership",
        metavar="PARTNERSHIP",
        help="only the current members of this partnership (its id or exact name)",
    )
    parser.add_argument(
        "--json", action="store_true", help="print one JSON object per line"
    )


def organisation_record(o: Organisation, partnerships: int) -> dict[str, object]:
    """An organisation as plain data (its contact person left out)."""
    return {
        "id": str(o.id),
        "name": o.name,
        "stakeholder_type": str(o.stakeholder_type),
        "size": str(o.size),
        "country": o.country,
        "region": o.region,
        "ecosystems": [str(e) for e in o.ecosystems],
        "charter_signed_on": (
            o.charter_signed_on.isoformat() if o.charter_signed_on else None
        ),
        "partnerships": partnerships,
    }


def _stakeholder_type(text: str) -> StakeholderType:
    try:
        return StakeholderType(text.strip())
    except ValueError:
        codes = ", ".join(t.value for t in StakeholderType)
        raise InputError(
            "organisations: --stakeholder-type",
            f"{text!r} is not one of: {codes}",
            field="stakeholder_type",
            value=text,
        ) from None


def _country(text: str) -> str:
    try:
        return country(text.strip()).code
    except InvalidValueError as error:
        raise InputError(
            "organisations: --country", error.rule, field="country", value=text
        ) from None


def run(args: argparse.Namespace) -> int:
    """Print the organisations as a table (or JSON lines)."""
    kind = _stakeholder_type(args.stakeholder_type) if args.stakeholder_type else None
    code = _country(args.country) if args.country else None
    app = open_store(args, must_exist=True)
    memberships: dict[object, int] = {}
    for partnership_id in app.partnership_ids():
        for organisation_id in app.get_partnership(partnership_id).members:
            memberships[organisation_id] = memberships.get(organisation_id, 0) + 1
    members = (
        set(find_partnership(app, args.partnership).members)
        if args.partnership is not None
        else None
    )
    found = []
    for organisation_id in app.organisation_ids():
        if members is not None and organisation_id not in members:
            continue
        o = app.get_organisation(organisation_id)
        if kind is not None and o.stakeholder_type is not kind:
            continue
        if code is not None and o.country != code:
            continue
        found.append(o)
    if args.json:
        for o in found:
            record = organisation_record(o, memberships.get(o.id, 0))
            print(json.dumps(record, ensure_ascii=False))
        return 0
    if not found:
        print(
            "No organisations match."
            if app.organisation_ids()
            else (
                "No organisations yet. `pact demo` loads a sample; "
                "`pact do register-organisation` registers one."
            )
        )
        return 0
    headers = ("NAME", "TYPE", "SIZE", "COUNTRY", "REGION", "PARTNERSHIPS", "ID")
    rows = [
        (
            o.name,
            o.stakeholder_type,
            o.size,
            o.country,
            o.region or "-",
            memberships.get(o.id, 0),
            str(o.id),
        )
        for o in found
    ]
    print("\n".join(table(headers, rows)))
    return 0
