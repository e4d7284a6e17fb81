from django.urls import path

from casework import views
from casework import views_grant_requests as grant_requests

app_name = "casework"

urlpatterns = [
    path("", views.thread_list, name="list"),
    path("ny/", views.thread_start, name="start"),
    path("<int:pk>/", views.thread_detail, name="thread"),
    path("vedlegg/<int:pk>/", views.attachment_download, name="attachment"),
    path("varsler/", views.notice_list, name="notices"),
    path("varsler/valg/", views.notice_settings, name="notice_settings"),
    path("endringer/", grant_requests.grant_request_list, name="grant_requests"),
    path("endringer/ny/", grant_requests.grant_request_new, name="grant_request_new"),
    path("endringer/<int:pk>/", grant_requests.grant_request_detail, name="grant_request"),
    path("endringer/<int:pk>/brev.pdf", grant_requests.grant_request_letter, name="grant_request_letter"),
]
