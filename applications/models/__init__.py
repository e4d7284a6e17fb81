from applications.models.application import (  # noqa: F401
    Application,
    ApplicationAttachment,
    BudgetLine,
    BudgetYear,
    CaseNumberSequence,
    EarlierProject,
)
from applications.models.area_answer import AreaAnswer  # noqa: F401
from applications.models.assessment import Appeal, AppealAttachment, Assessment, Decision  # noqa: F401
from applications.models.assignment import ApplicationAssignment  # noqa: F401
from applications.models.conflict import ConflictOfInterest  # noqa: F401
from applications.models.grant import (  # noqa: F401
    Acceptance,
    AcceptanceDraft,
    AcceptanceReminder,
    Grant,
    GrantLetter,
    LetterSendJob,
)
from applications.models.information import InformationRequest  # noqa: F401
from applications.models.project_year import ProjectYear  # noqa: F401
from applications.models.reception import ReceptionCentreAgreement, ReceptionOffer, ReceptionOfferAnswer  # noqa: F401
