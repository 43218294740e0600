"""The Pact's online knowledge events (§2.3, §5.4).

Webinars (one-hour presentations), peer-learning activities (half-day
workshops) and thematic seminars (half-day events with panels).  Ahead of
each peer-learning activity and thematic seminar a background paper is
shared with participants; after an event a follow-up report is produced and
published in the online library (§5.4).  Each event is an aggregate:
scheduled, updated, background paper published, follow-up report published,
cancelled.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import ClassVar
from uuid import UUID

import attrs

from pact_domain import _validation as v
from pact_domain.catalogues._base import (
    CatalogueEntry,
    EntryWithdrawn,
    any_of,
    keyword_matches,
    long_text,
    options,
)
from pact_domain.errors import DomainRuleError, InvalidValueError
from pact_domain.events import EventMeta, PactCreated, PactEvent
from pact_domain.partnership.activities import not_after_recording
from pact_domain.vocabularies_catalogues import KnowledgeEventFormat

__all__ = [
    "BackgroundPaperPublished",
    "FollowUpReportPublished",
    "KnowledgeEvent",
    "KnowledgeEventCancelled",
    "KnowledgeEventDetails",
    "KnowledgeEventScheduled",
    "KnowledgeEventUpdated",
    "PublishedDocument",
]

_E = "KnowledgeEvent"


def _format(x: KnowledgeEventFormat | str) -> KnowledgeEventFormat:
    return v.member_of(_E, "format", x, KnowledgeEventFormat)


def _topic(x: str) -> str:
    return v.text(_E, "topic", x)


def _held_on(x: date | str) -> date:
    return v.a_date(_E, "held_on", x)


def _description(x: str) -> str:
    return long_text(_E, "description", x)


def _link(x: str | None) -> str | None:
    return None if x is None else v.url(_E, "link", x)


@attrs.frozen
class KnowledgeEventDetails:
    """A knowledge event's format, topic, date and description (§5.4).

    Args:
        format: webinar, peer-learning activity or thematic seminar.
        topic: what it is about, e.g. "Key funding opportunities for
            upskilling and reskilling at EU level".
        held_on: the day it is (or was) held.
        description: more about it (at most 4,000 characters).
        link: its page or video recording.
    """

    format: KnowledgeEventFormat = attrs.field(converter=_format)
    topic: str = attrs.field(converter=_topic)
    held_on: date = attrs.field(converter=_held_on)
    description: str = attrs.field(default="", converter=_description)
    link: str | None = attrs.field(default=None, converter=_link)


@attrs.frozen
class PublishedDocument:
    """A background paper or follow-up report of a knowledge event (§5.4)."""

    link: str
    published_on: date
    library_resource_id: UUID | None = None


class KnowledgeEventScheduled(PactCreated):
    """A knowledge event was scheduled (§5.4)."""

    details: KnowledgeEventDetails

    def apply(self, aggregate: KnowledgeEvent) -> None:
        aggregate._init_entry()
        aggregate.details = self.details
        aggregate.background_paper = None
        aggregate.follow_up_report = None


class KnowledgeEventUpdated(PactEvent):
    """A knowledge event's topic, date or description changed (§5.4: "the list
    of topics and dates is provisional")."""

    details: KnowledgeEventDetails

    def apply(self, aggregate: KnowledgeEvent) -> None:
        aggregate.details = self.details


class BackgroundPaperPublished(PactEvent):
    """The background paper of a peer-learning activity or thematic seminar
    was shared ahead of it (§5.4)."""

    link: str
    published_on: date

    def apply(self, aggregate: KnowledgeEvent) -> None:
        aggregate.background_paper = PublishedDocument(
            link=self.link, published_on=self.published_on
        )


class FollowUpReportPublished(PactEvent):
    """The follow-up (meeting) report of a knowledge event was published,
    disseminated through the newsletter and the online library (§5.4)."""

    link: str
    published_on: date
    library_resource_id: UUID | None

    def apply(self, aggregate: KnowledgeEvent) -> None:
        aggregate.follow_up_report = PublishedDocument(
            link=self.link,
            published_on=self.published_on,
            library_resource_id=self.library_resource_id,
        )


class KnowledgeEventCancelled(EntryWithdrawn):
    """A knowledge event was cancelled (or withdrawn from the list)."""


class KnowledgeEvent(CatalogueEntry):
    """A knowledge event of the Pact for Skills Support Services (§5.4)."""

    ENTITY: ClassVar[str] = "KnowledgeEvent"
    Withdrawn = KnowledgeEventCancelled

    details: KnowledgeEventDetails
    background_paper: PublishedDocument | None
    follow_up_report: PublishedDocument | None

    def __init__(self) -> None:
        """State is set by :class:`KnowledgeEventScheduled`; use :meth:`schedule`."""

    def cancel(self, *, reason: str, meta: EventMeta) -> None:
        """Cancel the event (recorded as ``KnowledgeEventCancelled``)."""
        self.withdraw(reason=reason, meta=meta)

    @property
    def cancelled(self) -> bool:
        """Whether the event was cancelled."""
        return self.withdrawn

    @classmethod
    def schedule(
        cls,
        *,
        details: KnowledgeEventDetails,
        meta: EventMeta,
        id: UUID | None = None,
    ) -> KnowledgeEvent:
        """Schedule a knowledge event."""
        _check(details)
        return cls._create_with(KnowledgeEventScheduled, meta, id=id, details=details)

    def update(self, *, details: KnowledgeEventDetails, meta: EventMeta) -> None:
        """Change the event's details; published papers keep their dates'
        rules (a background paper comes before, a report after the event)."""
        self._require_listed("update")
        _check(details)
        if details == self.details:
            raise DomainRuleError(self.entity, "details", "the update changes nothing")
        paper = self.background_paper
        if paper is not None:
            if not details.format.has_background_paper:
                raise DomainRuleError(
                    self.entity,
                    "format",
                    "the event has a background paper; "
                    f"{v.article(details.format)} has none",
                )
            _paper_date(self.entity, paper.published_on, details.held_on)
        report = self.follow_up_report
        if report is not None:
            _report_date(self.entity, report.published_on, details.held_on)
        self._trigger(KnowledgeEventUpdated, meta, details=details)

    def publish_background_paper(
        self, *, link: str, published_on: date, meta: EventMeta
    ) -> None:
        """Record the background paper shared ahead of a peer-learning activity
        or thematic seminar (§5.4)."""
        self._require_listed("publish_background_paper")
        fmt = self.details.format
        if not fmt.has_background_paper:
            raise DomainRuleError(
                self.entity,
                "format",
                f"background papers are shared ahead of peer-learning activities "
                f"and thematic seminars, not {v.article(fmt)} (§5.4)",
            )
        if self.background_paper is not None:
            raise DomainRuleError(
                self.entity,
                "background_paper",
                "the background paper was already published on "
                f"{self.background_paper.published_on}",
            )
        day = v.a_date(_E, "published_on", published_on)
        _paper_date(self.entity, day, self.details.held_on)
        self._trigger(
            BackgroundPaperPublished,
            meta,
            link=v.url(_E, "link", link),
            published_on=day,
        )

    def publish_follow_up_report(
        self,
        *,
        link: str,
        published_on: date,
        library_resource_id: UUID | None = None,
        meta: EventMeta,
    ) -> None:
        """Record the follow-up report of the event, published on or after it.

        ``library_resource_id`` names the report's entry in the online
        library; the application service checks it exists.
        """
        self._require_listed("publish_follow_up_report")
        if self.follow_up_report is not None:
            raise DomainRuleError(
                self.entity,
                "follow_up_report",
                "the follow-up report was already published on "
                f"{self.follow_up_report.published_on}",
            )
        day = v.a_date(_E, "published_on", published_on)
        _report_date(self.entity, day, self.details.held_on)
        not_after_recording(self.entity, "published_on", day, meta)
        if library_resource_id is not None and not isinstance(
            library_resource_id, UUID
        ):
            raise InvalidValueError(
                self.entity,
                "library_resource_id",
                "must be a UUID",
                library_resource_id,
            )
        self._trigger(
            FollowUpReportPublished,
            meta,
            link=v.url(_E, "link", link),
            published_on=day,
            library_resource_id=library_resource_id,
        )

    def matches(
        self,
        *,
        keyword: str | None = None,
        formats: Iterable[KnowledgeEventFormat | str] | None = None,
        held_from: date | None = None,
        held_to: date | None = None,
    ) -> bool:
        """Whether the event passes the filters and keyword search.

        ``held_from`` and ``held_to`` bound the event's date (both included);
        cancelled events never match.
        """
        d = self.details
        return (
            not self.withdrawn
            and any_of(options("formats", formats, KnowledgeEventFormat), (d.format,))
            and (held_from is None or d.held_on >= held_from)
            and (held_to is None or d.held_on <= held_to)
            and keyword_matches(keyword, (d.topic, d.description))
        )


def _paper_date(entity: str, published_on: date, held_on: date) -> None:
    if published_on > held_on:
        raise DomainRuleError(
            entity,
            "published_on",
            f"a background paper is shared ahead of the event ({held_on}), not on "
            f"{published_on}",
        )


def _report_date(entity: str, published_on: date, held_on: date) -> None:
    if published_on < held_on:
        raise DomainRuleError(
            entity,
            "published_on",
            f"a follow-up report comes after the event ({held_on}), not on "
            f"{published_on}",
        )


def _check(details: object) -> None:
    if not isinstance(details, KnowledgeEventDetails):
        raise InvalidValueError(
            _E, "details", "must be a KnowledgeEventDetails", details
        )
