"""Commands: what a caller asks the system of record to do, as data.

Each command is one frozen ``attrs`` class with an imperative name
(:class:`SubmitExpressionOfInterest`, :class:`ReportKpi`,
:class:`ApproveKpiReport`...), defined once, with typed and documented
fields.  Building one checks every field's type (wrong types raise
:class:`~pact_domain.errors.InvalidValueError` naming the command and the
field); :meth:`pact_domain.application.PactApplication.handle` runs it
through the one handler path (check references, load, call the aggregate,
save, retry a conflict); the application's convenience methods
(``app.report_kpi(...)``) build the command and handle it.

Every command round-trips through JSON (:func:`command_to_json`,
:func:`command_from_json`) and has a JSON Schema
(:func:`command_json_schema`); :data:`COMMANDS` lists them all by name.
"""

from __future__ import annotations

from typing import Any

from pact_domain.commands._base import (
    COMMANDS,
    Command,
    CommandSpec,
    Reader,
    field_types,
)
from pact_domain.commands._json import (
    command_from_json,
    command_json_schema,
    command_reference,
    command_to_json,
    converter,
)
from pact_domain.commands.activities import (
    AddDeliverable,
    AddWorkPackage,
    AdoptWorkPlan,
    AppointWorkPackageLeader,
    ChangeSteeringGroup,
    ChangeWorkingGroupLead,
    CloseMonitoringExercise,
    CloseWorkingGroup,
    FormWorkingGroup,
    LinkRegionalPartnership,
    OpenMonitoringExercise,
    RecordActivity,
    RecordCommunication,
    RecordDelivery,
    RecordFundingSecured,
    RecordMembershipRecruitment,
    RecordSkillsNeedsAssessment,
    RecordSurveyResponse,
    RescheduleDeliverable,
    UnlinkRegionalPartnership,
)
from pact_domain.commands.catalogues import (
    CancelKnowledgeEvent,
    InviteInitiative,
    MapInitiative,
    PublishBackgroundPaper,
    PublishFollowUpReport,
    RecordInitiativeJoined,
    RegisterFundingOpportunity,
    RegisterLibraryResource,
    ScheduleKnowledgeEvent,
    UpdateFundingOpportunity,
    UpdateInitiative,
    UpdateKnowledgeEvent,
    UpdateLibraryResource,
    WithdrawFundingOpportunity,
    WithdrawInitiative,
    WithdrawLibraryResource,
)
from pact_domain.commands.organisations import (
    RegisterOrganisation,
    SignCharter,
    UpdateOrganisation,
)
from pact_domain.commands.partnerships import (
    AppointCoordinator,
    AssessExpressionOfInterest,
    ChangeMemberTier,
    ClosePartnership,
    CorrectKpiReport,
    DefineKpi,
    DraftAgreement,
    JoinPartnership,
    LeavePartnership,
    PledgeCommitment,
    ReportKpi,
    RetireKpi,
    ReviseCommitment,
    ReviseKpiTarget,
    SignAgreement,
    SubmitExpressionOfInterest,
    TransferCoordination,
    UpdateExpressionOfInterest,
    WithdrawCommitment,
)
from pact_domain.commands.review import (
    ApproveKpiReport,
    ReturnKpiReport,
)

__all__ = [
    "COMMANDS",
    "AddDeliverable",
    "AddWorkPackage",
    "AdoptWorkPlan",
    "AppointCoordinator",
    "AppointWorkPackageLeader",
    "ApproveKpiReport",
    "AssessExpressionOfInterest",
    "CancelKnowledgeEvent",
    "ChangeMemberTier",
    "ChangeSteeringGroup",
    "ChangeWorkingGroupLead",
    "CloseMonitoringExercise",
    "ClosePartnership",
    "CloseWorkingGroup",
    "Command",
    "CommandSpec",
    "CorrectKpiReport",
    "DefineKpi",
    "DraftAgreement",
    "FormWorkingGroup",
    "InviteInitiative",
    "JoinPartnership",
    "LeavePartnership",
    "LinkRegionalPartnership",
    "MapInitiative",
    "OpenMonitoringExercise",
    "PledgeCommitment",
    "PublishBackgroundPaper",
    "PublishFollowUpReport",
    "Reader",
    "RecordActivity",
    "RecordCommunication",
    "RecordDelivery",
    "RecordFundingSecured",
    "RecordInitiativeJoined",
    "RecordMembershipRecruitment",
    "RecordSkillsNeedsAssessment",
    "RecordSurveyResponse",
    "RegisterFundingOpportunity",
    "RegisterLibraryResource",
    "RegisterOrganisation",
    "ReportKpi",
    "RescheduleDeliverable",
    "RetireKpi",
    "ReturnKpiReport",
    "ReviseCommitment",
    "ReviseKpiTarget",
    "ScheduleKnowledgeEvent",
    "SignAgreement",
    "SignCharter",
    "SubmitExpressionOfInterest",
    "TransferCoordination",
    "UnlinkRegionalPartnership",
    "UpdateExpressionOfInterest",
    "UpdateFundingOpportunity",
    "UpdateInitiative",
    "UpdateKnowledgeEvent",
    "UpdateLibraryResource",
    "UpdateOrganisation",
    "WithdrawCommitment",
    "WithdrawFundingOpportunity",
    "WithdrawInitiative",
    "WithdrawLibraryResource",
    "command_class",
    "command_from_json",
    "command_json_schema",
    "command_reference",
    "command_to_json",
    "converter",
    "field_types",
]


def command_class(name: str) -> type[Command[Any]]:
    """The command class named ``name`` (``"report-kpi"`` or ``"ReportKpi"``).

    Raises:
        KeyError: no command has this name.
    """
    if name in COMMANDS:
        return COMMANDS[name]
    for cls in COMMANDS.values():
        if cls.__name__ == name:
            return cls
    raise KeyError(name)
