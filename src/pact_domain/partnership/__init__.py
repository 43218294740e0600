"""The Partnership aggregate and its events (handbook §2-§4, Annexes A and B)."""

from pact_domain.partnership._aggregate import Partnership
from pact_domain.partnership._state import (
    AgreementDraft,
    Assessment,
    Commitment,
    Kpi,
    KpiReport,
    Membership,
)
from pact_domain.partnership.commitments import (
    CommitmentPledged,
    CommitmentRevised,
    CommitmentWithdrawn,
    KpiDefined,
    KpiDefinition,
    KpiReportCorrected,
    KpiReported,
    KpiRetired,
    KpiTargetRevised,
)
from pact_domain.partnership.governance import (
    MAX_COORDINATORS,
    CoordinationTransferred,
    CoordinatorAppointed,
)
from pact_domain.partnership.lifecycle import (
    AgreementDrafted,
    AgreementSigned,
    ExpressionOfInterestAssessed,
    ExpressionOfInterestSubmitted,
    ExpressionOfInterestUpdated,
    PartnershipClosed,
)
from pact_domain.partnership.membership import (
    MemberJoined,
    MemberLeft,
    MemberTierChanged,
)

__all__ = [
    "MAX_COORDINATORS",
    "AgreementDraft",
    "AgreementDrafted",
    "AgreementSigned",
    "Assessment",
    "Commitment",
    "CommitmentPledged",
    "CommitmentRevised",
    "CommitmentWithdrawn",
    "CoordinationTransferred",
    "CoordinatorAppointed",
    "ExpressionOfInterestAssessed",
    "ExpressionOfInterestSubmitted",
    "ExpressionOfInterestUpdated",
    "Kpi",
    "KpiDefined",
    "KpiDefinition",
    "KpiReport",
    "KpiReportCorrected",
    "KpiReported",
    "KpiRetired",
    "KpiTargetRevised",
    "MemberJoined",
    "MemberLeft",
    "MemberTierChanged",
    "Membership",
    "Partnership",
    "PartnershipClosed",
]
