from applications.models.application import (  # noqa: F401
    Application,
    ApplicationAttachment,
    BudgetLine,
    BudgetYear,
    CaseNumberSequence,
    EarlierProject,
)
from applications.models.assessment import Appeal, Assessment, Decision  # noqa: F401
from applications.models.grant import Acceptance, AcceptanceReminder, Grant, GrantLetter  # noqa: F401
from applications.models.reception import ReceptionCentreAgreement  # noqa: F401
