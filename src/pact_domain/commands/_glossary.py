"""What each command field means, written once for every command that has it.

A command's own docstring (its ``Args:`` section) takes precedence; a field
that means the same everywhere (``partnership_id``, ``reason``...) is
described here.  The command reference and the JSON Schemas read both.
"""

from __future__ import annotations

__all__ = ["FIELD_GLOSSARY"]

FIELD_GLOSSARY: dict[str, str] = {
    # -- who and when
    "actor": "Who causes the command's events (at most 200 characters).",
    "effective_at": (
        "When the fact took effect: an aware datetime, or a date meaning "
        "midnight UTC. By default the command's own date where it has one, "
        "else the recording time."
    ),
    # -- ids of the target aggregates
    "partnership_id": "The partnership concerned.",
    "organisation_id": "The organisation concerned (a registered organisation).",
    "lsp_id": "The Large Scale Partnership (§4.6).",
    "regional_partnership_id": "The regional skills partnership (§4.6).",
    "resource_id": "The online library resource (§5.1).",
    "opportunity_id": "The funding opportunity of the Pact-wide catalogue (§5.3).",
    "initiative_id": "The mapped initiative (§5.2).",
    "event_id": "The knowledge event (§5.4).",
    "id": "The new aggregate's id; a fresh one when left out.",
    # -- ids of things inside a partnership, chosen by the caller or fresh
    "commitment_id": "The commitment (a fresh id when pledging one and left out).",
    "kpi_id": "The KPI (a fresh id when defining one and left out).",
    "kpi_ids": "The ids of the new KPIs, one per definition; fresh ones if left out.",
    "report_id": "The KPI report (a fresh id when reporting and left out).",
    "correction_id": "The correcting report's id; a fresh one when left out.",
    "working_group_id": "The working group (a fresh id when forming one).",
    "work_package_id": "The work package of the partnership's work plan (§4.1).",
    "deliverable_id": "The deliverable of the work plan (§4.1).",
    "activity_id": "The activity's id; a fresh one when left out.",
    "communication_id": "The communication's id; a fresh one when left out.",
    "campaign_id": "The recruitment campaign's id; a fresh one when left out.",
    "funding_id": "The funding record's id; a fresh one when left out.",
    "assessment_id": "The skills needs assessment's id; a fresh one when left out.",
    "library_resource_id": "The library resource the report is published as (§5.1).",
    "linked_lsp_id": (
        "A Large Scale Partnership the regional partnership is linked to (§4.6)."
    ),
    "parent_id": "The working group this one is a sub-group of, if any.",
    "member_id": (
        "The member organisation whose commitment this is (Box 11); none for "
        "a commitment of the partnership as a whole."
    ),
    "reported_by": "The member organisation reporting the value (Box 13).",
    "reviewer_id": "The coordinating organisation that reviews the report (§3.4).",
    "from_organisation_id": "The coordinator handing over its role (§2.4).",
    "to_organisation_id": "The member taking the coordinator's role (§2.4).",
    "lead_organisation_id": "The member organisation that leads it.",
    "signatories": "The member organisations signing, by id (Box 7).",
    "organisation_ids": "The registered organisations present, by id.",
    "joined": "Organisations joining (by id), or how many joined.",
    "left": "Organisations leaving, by id.",
    # -- expression of interest (Annex A) and organisations
    "name": "The name, as it is written in full.",
    "kind": "Large scale (sectoral) or regional (§2.1).",
    "contact": "The contact person (personal data).",
    "description": "What the partnership is about (Annex A, at most 1,000 characters).",
    "countries": "ISO 3166-1 alpha-2 country codes (EU and EEA members).",
    "regions": "NUTS 2024 region codes.",
    "regional_scope": (
        "A regional partnership's scope: NUTS 1, NUTS 2, local or macro-region."
    ),
    "ecosystems": "The industrial ecosystems concerned (codes of the 14 ecosystems).",
    "current_partners": "The partners already involved, with their roles (Annex A).",
    "objectives": "The partnership's objectives (Annex A, free text).",
    "support_needed": "The support needed from the Pact (Annex A, free text).",
    "current_activities": "The activities already under way (Annex A, free text).",
    "outcome": "Accepted, declined or more information needed.",
    "reasons": "Why, in words.",
    "follow_up_meeting": "The date of a follow-up meeting, if one is planned.",
    "stakeholder_type": "The stakeholder type (§2.1 list).",
    "size": "Large, SME or micro.",
    "country": "The ISO 3166-1 alpha-2 country code.",
    "region": "The NUTS 2024 region code, if known.",
    "principles": "The Pact for Skills Charter principles concerned (Box 1).",
    "signed_on": "The date of the signature.",
    # -- agreement, governance, membership
    "content": "The agreement draft's content (Annex B, §3.1).",
    "version": "The agreement draft's version number.",
    "closed_on": "The date it closed.",
    "reason": "Why, in words.",
    "tier": "Core, associated or affiliated membership (Box 23).",
    "theme": "The working group's theme.",
    # -- commitments and KPIs (§3.3, §3.4)
    "category": "The commitment's category (§3.3).",
    "statement": "What is committed to, in words.",
    "kpis": "The commitment's first KPIs (at least one: Box 1).",
    "target": "The quantified target, with its unit and deadline.",
    "definition": "What defines the KPI (§3.4).",
    "period": "The reporting period the value is for.",
    "value": "The value reported (a number; none for a qualitative KPI).",
    "text": "The qualitative answer or a comment.",
    "breakdowns": "Breakdown values by the KPI's dimensions (Box 13).",
    "source": (
        "Where the figure comes from: administrative records, survey or desk research."
    ),
    # -- work plan (§4.1)
    "title": "The title.",
    "starts_on": "The first day it covers.",
    "ends_on": "The last day it covers.",
    "work_packages": "The work packages, with their deliverables.",
    "work_package": "The work package, with its deliverables.",
    "deliverable": "The deliverable planned.",
    "due_on": "The new due date.",
    "delivered_on": "The date it was delivered.",
    "output_type": "The kind of output delivered (Table 1).",
    "output_title": "The title of the output, if it differs from the deliverable's.",
    "link": "A link (URL) to it.",
    # -- activities (§2.3, §4, §5)
    "type": "The type of activity.",
    "held_on": "The date it was held.",
    "participants": "How many people took part.",
    "other_organisations": "How many organisations took part that are not registered.",
    "channel": "The communication channel.",
    "reach": "How many people it reached.",
    "published_on": "The date of publication.",
    "campaign": "The recruitment campaign's name.",
    "ended_on": "The date the campaign ended.",
    "prospects_contacted": "How many prospective members were contacted.",
    "programme": "The funding programme (§5.3).",
    "amount_eur": "The amount secured, in euros.",
    "project_name": "The funded project's name.",
    "secured_on": "The date the funding was secured.",
    "method": "How the skills needs were assessed.",
    "assessed_on": "The date of the assessment.",
    "skills_gaps": "The skills gaps found.",
    "summary": "A summary of the findings.",
    "deliverable_link": "A link to the deliverable that reports the assessment.",
    # -- monitoring exercise (§6.2, Box 41)
    "year": "The monitoring year.",
    "satisfaction": "Satisfaction with the partnership, from 1 (low) to 5 (high).",
    "uses_outputs": "Whether the member uses the partnership's outputs.",
    "commitments_progress": "Progress on the member's commitments, in words.",
    "challenges": "Challenges met, in words.",
    "good_practice": "Good practice to share, in words.",
    # -- catalogues (§5)
    "details": "The entry's details (replacing the previous ones on an update).",
    "affiliation": (
        "Whether the initiative is affiliated to the Pact or a potential one."
    ),
    "invited_on": "The date the initiative was invited to join the Pact.",
    "joined_on": "The date the initiative joined the Pact.",
}
