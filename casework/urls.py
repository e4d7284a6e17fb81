from django.urls import path

from casework import views

app_name = "casework"

urlpatterns = [
    path("", views.thread_list, name="list"),
    path("ny/", views.thread_start, name="start"),
    path("<int:pk>/", views.thread_detail, name="thread"),
    path("vedlegg/<int:pk>/", views.attachment_download, name="attachment"),
    path("varsler/", views.notice_list, name="notices"),
]
