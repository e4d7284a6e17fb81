from django.urls import path

from applications.views import application as views
from applications.views import information as information_views

app_name = "applications"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("godkjenning/", views.approval_queue, name="approval_queue"),
    path("ny/<int:organisation_id>/<int:call_id>/", views.application_create, name="create"),
    path("<int:pk>/", views.application_detail, name="detail"),
    path("<int:pk>/rediger/<slug:section>/", views.application_section, name="section"),
    path("<int:pk>/vedlegg/<int:attachment_id>/", views.attachment_download, name="attachment"),
    path("<int:pk>/vedlegg/<int:attachment_id>/slett/", views.attachment_delete, name="attachment_delete"),
    path("<int:pk>/send-til-godkjenning/", views.application_send_for_approval, name="send_for_approval"),
    path("<int:pk>/send-inn/", views.application_submit, name="submit"),
    path("<int:pk>/send-tilbake/", views.application_send_back, name="send_back"),
    path("<int:pk>/trekk/", views.application_withdraw, name="withdraw"),
    path("<int:pk>/kvittering/", views.application_receipt, name="receipt"),
    path("<int:pk>/pdf/", views.application_pdf, name="pdf"),
    path("<int:pk>/mer-informasjon/", information_views.information_detail, name="information"),
    path("<int:pk>/mer-informasjon/svar/", information_views.information_answer, name="information_answer"),
    path("<int:pk>/mer-informasjon/tilbake/", information_views.information_return, name="information_return"),
    path("<int:pk>/mer-informasjon/send-inn/", information_views.information_resubmit, name="information_resubmit"),
]
