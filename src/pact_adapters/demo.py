"""A realistic sample of Pact for Skills partnerships, built from the handbook.

The sample is data: ``data/demo-commands.jsonl`` in this package holds its
574 commands, one per line in the JSON form of
:func:`~pact_domain.commands.command_to_json`, in the order they run.
:func:`load_demo` reads them and runs them through the application's one
command handler, in one batch.  They record:

* the **Skills Partnership for the Tourism Ecosystem** (a Large Scale
  Partnership) with the composition of handbook §4.6: 20 European or national
  associations and companies, 3 European trade union federations, 20 VET and
  higher education providers and 18 regional and local authorities (61 member
  organisations), its national skills groups commitment (Box 37) and a member's
  own commitment (Box 11);
* the **Skills Partnership for Offshore Renewable Energy** with the four
  commitments of Box 13 and their KPIs, and reported values broken down by
  gender, EQF level, age band, country and stakeholder group (one report is
  later corrected);
* the **Automotive Skills Alliance** with its commitment to upskill 5 % of the
  workforce each year, 700 000 employees (§3.1.2), and its working groups
  (Box 17);
* a **regional partnership** in Puglia (NUTS 2 region ITF4) linked to the
  Tourism partnership, taken through the expression of interest of Annex A
  (more information asked, then accepted) and the agreement template of
  Annex B (drafted twice, signed by its members);
* for each partnership, governance (a steering group, working groups), a
  2023-2025 work plan, activities, communications, funding, recruitment
  campaigns, skills needs assessments and the 2023 and 2024 monitoring
  exercises; and the Pact-wide catalogues of §5 (library, funding
  opportunities, mapped initiatives, knowledge events).

The partnerships, commitments and KPIs are the handbook's; the member
organisations, people and reported values are illustrative.  Every id is
fixed in the file: partnerships and organisations derive from
:data:`DEMO_NAMESPACE` and a slug (:func:`demo_id`), catalogue entries from
:data:`CATALOGUE_NAMESPACE` (:func:`catalogue_id`), a partnership's own facts
from its id.  Dates of effect are in the file (2022-2025; a catalogue entry
takes effect when it is recorded); the recording time is the application's
clock.  Loading the sample twice records nothing the second time: a command
is skipped when its aggregate already holds the events it records (see
:func:`load_demo`).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from importlib import resources
from typing import Any
from uuid import UUID, uuid5

import attrs

from pact_domain.application import PactApplication
from pact_domain.commands import Command, RegisterOrganisation, command_from_json
from pact_domain.partnership import Partnership
from pact_domain.vocabularies import PartnershipKind, PartnershipStatus, StakeholderType

__all__ = [
    "AUTOMOTIVE_ID",
    "CATALOGUE_NAMESPACE",
    "DEMO_COMMANDS",
    "DEMO_NAMESPACE",
    "OFFSHORE_ID",
    "PUGLIA_ID",
    "TOURISM_COMPOSITION",
    "TOURISM_ID",
    "DemoSummary",
    "PartnershipFacts",
    "catalogue_id",
    "demo_commands",
    "demo_id",
    "load_demo",
    "tourism_composition",
]

DEMO_COMMANDS = "data/demo-commands.jsonl"
"""Where the sample's commands are, inside the ``pact_adapters`` package."""

DEMO_NAMESPACE = UUID("6d1f3c52-8a4e-5b7d-9c0e-2f4a6b8d0c1e")
"""The namespace of every id in the sample (never change it: ids derive from it)."""

CATALOGUE_NAMESPACE = UUID("3b8e7c1a-5d2f-5e4b-8a6c-9f0d1e2a3b4c")
"""The namespace of the sample catalogue entries' ids."""


def demo_id(slug: str) -> UUID:
    """The fixed id of a sample entity, e.g. ``demo_id("org/aurora-hotels")``."""
    return uuid5(DEMO_NAMESPACE, slug)


def catalogue_id(slug: str) -> UUID:
    """The fixed id of a sample catalogue entry, e.g. ``"library/ukraine"``."""
    return uuid5(CATALOGUE_NAMESPACE, slug)


TOURISM_ID = demo_id("partnership/tourism")
"""Id of the Skills Partnership for the Tourism Ecosystem."""
OFFSHORE_ID = demo_id("partnership/offshore-renewable-energy")
"""Id of the Skills Partnership for Offshore Renewable Energy."""
AUTOMOTIVE_ID = demo_id("partnership/automotive")
"""Id of the Automotive Skills Alliance."""
PUGLIA_ID = demo_id("partnership/puglia-tourism")
"""Id of the Puglia regional skills partnership for sustainable tourism."""

_PARTNERSHIPS = (TOURISM_ID, OFFSHORE_ID, AUTOMOTIVE_ID, PUGLIA_ID)

ST = StakeholderType

TOURISM_COMPOSITION: Mapping[str, frozenset[StakeholderType]] = {
    "European or national associations and companies": frozenset(
        {ST.BUSINESS_ASSOCIATION, ST.SECTORAL_ORGANISATION, ST.COMPANY}
    ),
    "European trade union federations": frozenset({ST.SOCIAL_PARTNER}),
    "VET and higher education providers": frozenset(
        {ST.VET_PROVIDER, ST.HIGHER_EDUCATION}
    ),
    "Regional and local authorities": frozenset(
        {ST.PUBLIC_AUTHORITY_REGIONAL, ST.PUBLIC_AUTHORITY_LOCAL}
    ),
}
"""The four groups of the Tourism partnership's composition (handbook §4.6) and
the stakeholder types (§2.1) that make up each group."""


# --------------------------------------------------------------------------
# Summary
# --------------------------------------------------------------------------


@attrs.frozen
class PartnershipFacts:
    """Counts describing one partnership of the sample, read from the store."""

    id: UUID
    name: str
    kind: PartnershipKind
    status: PartnershipStatus
    members: int
    countries: int
    coordinators: int
    agreement_versions: int
    commitments: int
    kpis: int
    reports: int


@attrs.frozen
class DemoSummary:
    """What :func:`load_demo` recorded and what the store now holds.

    Attributes:
        events_recorded: events recorded by this call (0 when the sample was
            already loaded).
        events_total: events in the store's notification log afterwards.
        organisations: organisations of the sample in the store.
        partnerships: facts about each partnership of the sample.
        tourism_composition: members of the Tourism partnership per group of
            :data:`TOURISM_COMPOSITION`.
    """

    events_recorded: int
    events_total: int
    organisations: int
    partnerships: tuple[PartnershipFacts, ...]
    tourism_composition: Mapping[str, int]


def tourism_composition(app: PactApplication) -> dict[str, int]:
    """Members of the Tourism partnership per group of the handbook (§4.6)."""
    partnership = app.get_partnership(TOURISM_ID)
    counts: Counter[str] = Counter()
    for organisation_id in partnership.members:
        kind = app.get_organisation(organisation_id).stakeholder_type
        group = next(
            (g for g, types in TOURISM_COMPOSITION.items() if kind in types), "other"
        )
        counts[group] += 1
    return {group: counts[group] for group in [*TOURISM_COMPOSITION, "other"]}


def _facts(partnership: Partnership) -> PartnershipFacts:
    return PartnershipFacts(
        id=partnership.id,
        name=partnership.name,
        kind=partnership.kind,
        status=partnership.status,
        members=len(partnership.members),
        countries=len(partnership.countries),
        coordinators=len(partnership.coordinators),
        agreement_versions=len(partnership.agreements),
        commitments=len(partnership.commitments),
        kpis=len(partnership.kpis),
        reports=len(partnership.reports),
    )


# --------------------------------------------------------------------------
# The commands and their loader
# --------------------------------------------------------------------------


@cache
def demo_commands() -> tuple[Command[Any], ...]:
    """The sample's commands, in order, read from :data:`DEMO_COMMANDS`."""
    text = (resources.files("pact_adapters") / DEMO_COMMANDS).read_text("utf-8")
    return tuple(command_from_json(json.loads(line)) for line in text.splitlines())


def _target(command: Command[Any]) -> UUID:
    """The id of the aggregate a command records its events in."""
    field = command.spec().target_field or "id"
    target = getattr(command, field)
    if not isinstance(target, UUID):  # pragma: no cover - the file's own consistency
        raise TypeError(f"{type(command).__name__} of the sample has no {field}")
    return target


@cache
def _versions_after() -> tuple[int, ...]:
    """The version each command leaves its aggregate at, on an empty store
    (the sample run once in memory)."""
    scratch = PactApplication(store="memory:")
    versions = []
    with scratch.batch() as batch:
        for command in demo_commands():
            scratch.handle(command)
            aggregate = batch.get(_target(command))
            assert aggregate is not None
            versions.append(aggregate.version)
    return tuple(versions)


def _recorded(app: PactApplication, commands: Sequence[Command[Any]]) -> set[int]:
    """The positions of the commands whose events ``app``'s store holds:
    those that leave their aggregate at a version it has already reached."""
    stored: dict[UUID, int] = {}
    for target in dict.fromkeys(_target(c) for c in commands):
        last = app.recorder.select_events(target, desc=True, limit=1)
        stored[target] = last[0].originator_version if last else 0
    if not any(stored.values()):
        return set()
    return {
        index
        for index, (command, version) in enumerate(
            zip(commands, _versions_after(), strict=True)
        )
        if version <= stored[_target(command)]
    }


def load_demo(
    app: PactApplication, *, progress: Callable[[int, int], None] | None = None
) -> DemoSummary:
    """Record the sample partnerships in ``app``'s store and summarise the store.

    Safe to call again: every step already recorded is skipped, so a second
    call records no event.

    Args:
        app: the application whose store receives the sample.
        progress: called after each command with the number of commands done
            and the total (574), skipped ones included.

    Raises:
        PactError: if the store holds conflicting data under the sample's ids.
    """
    before = app.recorder.max_notification_id() or 0
    commands = demo_commands()
    skip = _recorded(app, commands)
    with app.batch():
        for done, command in enumerate(commands, start=1):
            if done - 1 not in skip:
                app.handle(command)
            if progress is not None:
                progress(done, len(commands))
    after = app.recorder.max_notification_id() or 0
    organisations = [c.id for c in commands if isinstance(c, RegisterOrganisation)]
    return DemoSummary(
        events_recorded=after - before,
        events_total=after,
        organisations=sum(1 for oid in organisations if oid and app.exists(oid)),
        partnerships=tuple(_facts(app.get_partnership(p)) for p in _PARTNERSHIPS),
        tourism_composition=tourism_composition(app),
    )
