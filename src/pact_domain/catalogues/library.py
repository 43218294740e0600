"""The online library of tools and resources (§5.1, Box 39).

Each resource is an aggregate: registered, updated, withdrawn.  The library's
filters are the industrial ecosystem, the geographical scope (EU member
states and 'non-EU'), the type of resource, the thematic area (upskilling,
skills anticipation, reskilling) and the target audience; results show the
title, the author (publishing organisation), the year, a summary and a link.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar
from uuid import UUID

import attrs

from pact_domain import _validation as v
from pact_domain.catalogues._base import (
    CatalogueEntry,
    EntryWithdrawn,
    any_of,
    geographical_scope,
    keyword_matches,
    long_text,
    options,
    scope_options,
    year,
)
from pact_domain.errors import DomainRuleError, InvalidValueError
from pact_domain.events import EventMeta, PactCreated, PactEvent
from pact_domain.vocabularies import Ecosystem
from pact_domain.vocabularies_catalogues import (
    ResourceType,
    TargetAudience,
    ThematicArea,
)

__all__ = [
    "LibraryResource",
    "LibraryResourceDetails",
    "LibraryResourceRegistered",
    "LibraryResourceUpdated",
    "LibraryResourceWithdrawn",
]

_E = "LibraryResource"


def _title(x: str) -> str:
    return v.text(_E, "title", x)


def _author(x: str) -> str:
    return v.text(_E, "author", x)


def _year(x: int) -> int:
    return year(_E, "year", x)


def _summary(x: str) -> str:
    return long_text(_E, "summary", x, empty=False)


def _link(x: str) -> str:
    return v.url(_E, "link", x)


def _resource_type(x: ResourceType | str) -> ResourceType:
    return v.member_of(_E, "resource_type", x, ResourceType)


def _thematic_areas(x: Iterable[ThematicArea | str]) -> tuple[ThematicArea, ...]:
    return v.members_of(_E, "thematic_areas", x, ThematicArea, at_least=1)


def _ecosystems(x: Iterable[Ecosystem | str]) -> tuple[Ecosystem, ...]:
    return v.members_of(_E, "ecosystems", x, Ecosystem)


def _scope(x: Iterable[str]) -> tuple[str, ...]:
    return geographical_scope(_E, "geographical_scope", x)


def _audiences(x: Iterable[TargetAudience | str]) -> tuple[TargetAudience, ...]:
    return v.members_of(_E, "target_audiences", x, TargetAudience)


@attrs.frozen
class LibraryResourceDetails:
    """What the online library shows about a resource (§5.1, Box 39).

    Args:
        title: the resource's title.
        author: the publishing organisation.
        year: the year of publication.
        summary: a summary of its content (at most 4,000 characters).
        link: where to read it (http or https).
        resource_type: publication, academic research, policy paper, ...
        thematic_areas: upskilling, skills anticipation and/or reskilling
            (at least one).
        ecosystems: the industrial ecosystems it concerns (none: all).
        geographical_scope: EU member-state codes, and ``"non_eu"`` for
            resources about policies and practice outside the EU (none: EU-wide).
        target_audiences: who it is for.
    """

    title: str = attrs.field(converter=_title)
    author: str = attrs.field(converter=_author)
    year: int = attrs.field(converter=_year)
    summary: str = attrs.field(converter=_summary)
    link: str = attrs.field(converter=_link)
    resource_type: ResourceType = attrs.field(converter=_resource_type)
    thematic_areas: tuple[ThematicArea, ...] = attrs.field(converter=_thematic_areas)
    ecosystems: tuple[Ecosystem, ...] = attrs.field(default=(), converter=_ecosystems)
    geographical_scope: tuple[str, ...] = attrs.field(default=(), converter=_scope)
    target_audiences: tuple[TargetAudience, ...] = attrs.field(
        default=(), converter=_audiences
    )

    @property
    def search_texts(self) -> tuple[str, ...]:
        """The texts the keyword search looks in."""
        return (self.title, self.author, self.summary, str(self.year))


class LibraryResourceRegistered(PactCreated):
    """A resource was added to the online library (§5.1)."""

    details: LibraryResourceDetails

    def apply(self, aggregate: LibraryResource) -> None:
        aggregate._init_entry()
        aggregate.details = self.details


class LibraryResourceUpdated(PactEvent):
    """A library resource's details were updated (the library is updated
    every two months, §5.1)."""

    details: LibraryResourceDetails

    def apply(self, aggregate: LibraryResource) -> None:
        aggregate.details = self.details


class LibraryResourceWithdrawn(EntryWithdrawn):
    """A resource was withdrawn from the online library."""


class LibraryResource(CatalogueEntry):
    """A tool or resource of the Pact's online library (§5.1)."""

    ENTITY: ClassVar[str] = "LibraryResource"
    Withdrawn = LibraryResourceWithdrawn

    details: LibraryResourceDetails

    def __init__(self) -> None:
        """State is set by :class:`LibraryResourceRegistered`; use :meth:`register`."""

    @classmethod
    def register(
        cls,
        *,
        details: LibraryResourceDetails,
        meta: EventMeta,
        id: UUID | None = None,
    ) -> LibraryResource:
        """Add a resource to the library."""
        _check(details)
        return cls._create_with(LibraryResourceRegistered, meta, id=id, details=details)

    def update(self, *, details: LibraryResourceDetails, meta: EventMeta) -> None:
        """Replace the resource's details (see ``attrs.evolve``)."""
        self._require_listed("update")
        _check(details)
        if details == self.details:
            raise DomainRuleError(self.entity, "details", "the update changes nothing")
        self._trigger(LibraryResourceUpdated, meta, details=details)

    def matches(
        self,
        *,
        keyword: str | None = None,
        ecosystems: Iterable[Ecosystem | str] | None = None,
        geographical_scope: Iterable[str] | None = None,
        resource_types: Iterable[ResourceType | str] | None = None,
        thematic_areas: Iterable[ThematicArea | str] | None = None,
        target_audiences: Iterable[TargetAudience | str] | None = None,
    ) -> bool:
        """Whether the resource passes the library's filters and keyword search.

        Filters left ``None`` or empty do not constrain; within a filter any
        option matches.  A resource without ecosystems or geographical scope
        matches only when that filter is not used.
        """
        d = self.details
        return (
            not self.withdrawn
            and any_of(options("ecosystems", ecosystems, Ecosystem), d.ecosystems)
            and any_of(
                scope_options("geographical_scope", geographical_scope),
                d.geographical_scope,
            )
            and any_of(
                options("resource_types", resource_types, ResourceType),
                (d.resource_type,),
            )
            and any_of(
                options("thematic_areas", thematic_areas, ThematicArea),
                d.thematic_areas,
            )
            and any_of(
                options("target_audiences", target_audiences, TargetAudience),
                d.target_audiences,
            )
            and keyword_matches(keyword, d.search_texts)
        )


def _check(details: object) -> None:
    if not isinstance(details, LibraryResourceDetails):
        raise InvalidValueError(
            _E, "details", "must be a LibraryResourceDetails", details
        )
