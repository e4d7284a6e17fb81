"""Matrix rows for the reception-centre offer pages (helper "recep"), merged into
matrix_pages.PAGES."""

from tests.security.matrix import Lit, Page, admin_actions, admin_page, obj_org, readers

OFFER_A = {"offer_a": {"pk": "reception_offer_a"}}


_applicant = obj_org("pk")


def _may_view_offers(role):
    return "view" in admin_actions(role, "applications.receptionoffer")


RECEPTION_PAGES = {
    # The municipality reads its offer once sent; the world's offer is answered and approved.
    "decisions:reception_offer_pdf": Page(readers(_applicant), OFFER_A),
    "decisions:reception_offer": Page(readers(_applicant), OFFER_A),
    "decisions:reception_agreement_document": Page(readers(_applicant), OFFER_A),
    "admin:applications_receptionoffer_pdf": Page(admin_page(_may_view_offers), OFFER_A),
    "admin:applications_receptionoffer_document": Page(admin_page(_may_view_offers), OFFER_A),
    # An approved offer has no step left: every staff role is refused, whoever asks.
    "admin:applications_receptionoffer_act": Page(
        admin_page(lambda role: False), {"approved": {"pk": "reception_offer_a", "action": Lit("approve")}}
    ),
}
