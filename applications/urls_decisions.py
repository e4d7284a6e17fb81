from django.urls import path

from applications.views import appeal as appeal_views
from applications.views import assessment as views
from applications.views import reception as reception_views

app_name = "decisions"
urlpatterns = [
    path("", views.decision_list, name="list"),
    path("<int:pk>/", views.decision_detail, name="detail"),
    path("<int:pk>/brev.pdf", views.decision_pdf, name="pdf"),
    path("<int:pk>/klage/", appeal_views.decision_appeal, name="appeal"),
    path("<int:pk>/klage/vedlegg/<int:file_pk>/", appeal_views.decision_appeal_file, name="appeal_file"),
    path("tilbud/<int:pk>/tilbudsbrev.pdf", views.reception_offer_pdf, name="reception_offer_pdf"),
    path("tilbud/<int:pk>/", reception_views.reception_offer_detail, name="reception_offer"),
    path(
        "tilbud/<int:pk>/partnerskapsavtale/",
        reception_views.reception_agreement_document,
        name="reception_agreement_document",
    ),
]
