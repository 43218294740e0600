"""Readable text for messages: one-line summaries and plain-text bodies
(private; used by the log and e-mail notifiers)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from pact_adapters.hookspecs import Message

__all__ = ["body", "humanize", "summary"]

_SUMMARIES: Mapping[str, str] = {
    "ExpressionOfInterestSubmitted": "Expression of interest submitted: {name}",
    "ExpressionOfInterestUpdated": "Expression of interest updated: {name}",
    "ExpressionOfInterestAssessed": "Expression of interest assessed: {outcome}",
    "AgreementDrafted": "Partnership agreement drafted (version {version})",
    "AgreementSigned": "Agreement version {version} signed on {signed_on}",
    "PartnershipClosed": "Partnership closed on {closed_on}: {reason}",
    "CoordinatorAppointed": "Coordinator appointed: organisation {organisation_id}",
    "CoordinationTransferred": "Coordination transferred from organisation "
    "{from_organisation_id} to {to_organisation_id}",
    "MemberJoined": "Organisation {organisation_id} joined as a {tier} member",
    "MemberLeft": "Organisation {organisation_id} left the partnership",
    "MemberTierChanged": "Organisation {organisation_id} is now a {tier} member",
    "CommitmentPledged": "Commitment pledged: {statement}",
    "CommitmentRevised": "Commitment {commitment_id} revised: {reason}",
    "CommitmentWithdrawn": "Commitment {commitment_id} withdrawn: {reason}",
    "KpiDefined": "KPI defined: {name}",
    "KpiTargetRevised": "KPI {kpi_id} target revised: {reason}",
    "KpiRetired": "KPI {kpi_id} retired: {reason}",
    "KpiReported": "KPI {kpi_id} reported for {period}: {value}",
    "KpiReportCorrected": "KPI report {corrects} corrected to {value}: {reason}",
    "KpiReportApproved": "KPI report {report_id} approved",
    "KpiReportReturned": "KPI report {report_id} returned for revision: {reason}",
    "ActivityHeld": "Activity held on {held_on}: {title} ({participants} people)",
    "CommunicationPublished": "Published on {channel}: {title} (reach {reach})",
    "FundingSecured": "Funding secured from {programme}: EUR {amount_eur}",
    "SkillsNeedsAssessed": "Skills needs assessed ({method}) on {assessed_on}",
    "WorkPlanAdopted": "Work plan adopted: {title}",
    "DeliverableDelivered": "Deliverable delivered: {output_title}",
    "MonitoringExerciseOpened": "Monitoring exercise {year} opened",
    "MonitoringExerciseClosed": "Monitoring exercise {year} closed",
    "SurveyResponseRecorded": "Survey response {year} recorded for organisation "
    "{organisation_id}",
    "OrganisationRegistered": "Organisation registered: {name} ({country})",
    "OrganisationDetailsUpdated": "Organisation details updated: {name}",
    "CharterSigned": "Pact for Skills Charter signed on {signed_on}",
}

_PERSONAL = {"contact"}
"""Fields left out of readable text: personal data (Annex A contact person)."""


def humanize(event_type: str) -> str:
    """``"KpiReportCorrected"`` → ``"KPI report corrected"``."""
    words = re.findall(r"[A-Z]+(?=[A-Z][a-z]|\b)|[A-Z]?[a-z]+|\d+", event_type)
    text = " ".join(w.lower() for w in words) or event_type
    text = re.sub(r"\bkpi\b", "KPI", text)
    return text[:1].upper() + text[1:]


def _text(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, Mapping):
        if set(value) == {"start", "end"}:
            return f"{value['start']}/{value['end']}"
        return ", ".join(f"{k}: {_text(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(_text(v) for v in value) or "-"
    if isinstance(value, str):
        return value.replace("_", " ") if re.fullmatch(r"[a-z_]+", value) else value
    return str(value)


class _Fields(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "?"


def summary(message: Message) -> str:
    """One line saying what happened."""
    template = _SUMMARIES.get(message.event_type)
    if template is None:
        return humanize(message.event_type)
    fields = _Fields({k: _text(v) for k, v in message.data.items()})
    return template.format_map(fields)


def body(message: Message) -> str:
    """A plain-text description of the event (personal data left out)."""
    data = message.data
    lines = [
        summary(message),
        "",
        f"Event:       {humanize(message.event_type)}",
        f"Concerning:  {message.originator_id} (version {message.originator_version})",
        f"Recorded at: {message.recorded_at.isoformat()}",
    ]
    if "actor" in data:
        lines.append(f"Recorded by: {data['actor']}")
    if "effective_at" in data:
        lines.append(f"Effective:   {data['effective_at']}")
    details = [
        (k, v)
        for k, v in data.items()
        if k not in _PERSONAL | {"actor", "effective_at"}
    ]
    if details:
        lines += ["", "Details:"]
        for key, value in details:
            lines.append(f"  {key.replace('_', ' ').capitalize()}: {_text(value)}")
    lines += ["", f"Message id (idempotency key): {message.id}"]
    return "\n".join(lines) + "\n"
