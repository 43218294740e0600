"""The regional dimension: links between Large Scale Partnerships and regional
partnerships (§2.3, §4.6, Box 37, Annex A).

A link is one fact recorded on both partnerships, in one atomic save: the
LSP lists the regional partnership in ``linked_partnership_ids`` and the
regional partnership lists the LSP there.  A regional partnership that works
across several ecosystems may link to several LSPs (§4.6: "Regional
partnerships may be linked to a specific economic sector, or may address a
range of sectors").

The ``linked_lsp_id`` of the expression of interest (Annex A) is what the
regional partnership asked for when it applied; the link recorded here is
the one both partnerships agreed.

Rules: the LSP is a Large Scale Partnership and the regional partnership a
regional one, both accepted or active; a pair is linked once, and only a
linked pair can be unlinked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from pact_domain import _validation as v
from pact_domain.errors import DomainRuleError
from pact_domain.events import EventMeta, PactEvent
from pact_domain.vocabularies import PartnershipKind, PartnershipStatus

if TYPE_CHECKING:
    from pact_domain.partnership._aggregate import Partnership
    from pact_domain.partnership._core import PartnershipCore as _Core
else:
    _Core = object

__all__ = [
    "RegionalCommands",
    "RegionalPartnershipLinked",
    "RegionalPartnershipUnlinked",
]

_E = "Partnership"
S = PartnershipStatus


def _counterpart(event: PactEvent, lsp_id: UUID, regional_id: UUID) -> UUID:
    return regional_id if event.originator_id == lsp_id else lsp_id


class RegionalPartnershipLinked(PactEvent):
    """A regional partnership was linked to a Large Scale Partnership (§4.6).

    Recorded on both partnerships with the same fields."""

    lsp_id: UUID
    regional_partnership_id: UUID

    def apply(self, aggregate: Partnership) -> None:
        other = _counterpart(self, self.lsp_id, self.regional_partnership_id)
        aggregate.linked_partnership_ids = (*aggregate.linked_partnership_ids, other)


class RegionalPartnershipUnlinked(PactEvent):
    """The link between a regional partnership and an LSP was ended (§4.6).

    Recorded on both partnerships with the same fields."""

    lsp_id: UUID
    regional_partnership_id: UUID
    reason: str

    def apply(self, aggregate: Partnership) -> None:
        other = _counterpart(self, self.lsp_id, self.regional_partnership_id)
        aggregate.linked_partnership_ids = tuple(
            p for p in aggregate.linked_partnership_ids if p != other
        )


class RegionalCommands(_Core):
    """Regional dimension commands (mixed into :class:`Partnership`).

    Each command changes two partnerships: the application saves both at once.
    """

    def link_regional_partnership(self, *, regional: _Core, meta: EventMeta) -> None:
        """Link ``regional`` to this Large Scale Partnership, on both sides."""
        self._check_pair("link_regional_partnership", regional)
        if regional.id in self.linked_partnership_ids:
            raise DomainRuleError(
                self.entity,
                "regional_partnership_id",
                f"regional partnership {regional.id} is already linked to this LSP",
            )
        fields = {"lsp_id": self.id, "regional_partnership_id": regional.id}
        self._trigger(RegionalPartnershipLinked, meta, **fields)
        regional._trigger(RegionalPartnershipLinked, meta, **fields)

    def unlink_regional_partnership(
        self, *, regional: _Core, reason: str, meta: EventMeta
    ) -> None:
        """End the link between ``regional`` and this LSP, on both sides."""
        self._check_pair("unlink_regional_partnership", regional)
        if regional.id not in self.linked_partnership_ids:
            raise DomainRuleError(
                self.entity,
                "regional_partnership_id",
                f"regional partnership {regional.id} is not linked to this LSP",
            )
        fields = {
            "lsp_id": self.id,
            "regional_partnership_id": regional.id,
            "reason": v.free_text(_E, "reason", reason, empty=False),
        }
        self._trigger(RegionalPartnershipUnlinked, meta, **fields)
        regional._trigger(RegionalPartnershipUnlinked, meta, **fields)

    def _check_pair(self, command: str, regional: _Core) -> None:
        if self.kind is not PartnershipKind.LARGE_SCALE:
            raise DomainRuleError(
                self.entity,
                "kind",
                f"{command}: this partnership is {self.kind}, not a Large Scale "
                "Partnership",
            )
        if regional.kind is not PartnershipKind.REGIONAL:
            raise DomainRuleError(
                regional.entity,
                "kind",
                f"{command}: partnership {regional.id} is {regional.kind}, not a "
                "regional partnership",
            )
        self._require_status(command, S.ACCEPTED, S.ACTIVE)
        regional._require_status(command, S.ACCEPTED, S.ACTIVE)
