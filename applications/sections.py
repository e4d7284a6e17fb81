"""The sections of the application form, as the portal shows them and as an officer names them
when asking for more information (issue 15): the section key, its label, and the Application
fields it holds (the budget and the attachments are sections of their own)."""

from django.utils.translation import gettext_lazy as _

SECTIONS = [
    ("grunnlag", _("Satsingsområde og samarbeid")),
    ("prosjekt", _("Prosjektet")),
    ("gjennomforing", _("Gjennomføring")),
    ("budsjett", _("Budsjett")),
    ("kontakt", _("Kontaktperson")),
    ("vedlegg", _("Vedlegg")),
]
SECTION_KEYS = [key for key, _label in SECTIONS]

# The Application fields each form section edits (the forms in applications.forms.application).
SECTION_FIELDS = {
    "grunnlag": ["area", "partners"],
    "prosjekt": [
        "title",
        "summary",
        "goals",
        "target_group",
        "activities",
        "criterion_purpose",
        "criterion_delivery",
        "criterion_transfer",
    ],
    "gjennomforing": [
        "project_start",
        "project_end",
        "participants",
        "voluntary_cooperation",
        "supervisor_name",
        "supervisor_institution",
        "supervisor_is_academic",
    ],
    "kontakt": ["contact_name", "contact_email", "contact_phone"],
}


def section_label(key: str) -> str:
    return str(dict(SECTIONS).get(key, key))
