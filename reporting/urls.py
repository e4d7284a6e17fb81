from django.urls import path

from reporting import views

app_name = "reporting"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("<int:pk>/", views.report_detail, name="report"),
    path("<int:pk>/godkjenn-regnskap/", views.accounts_approve, name="accounts_approve"),
    path("<int:pk>/send-inn/", views.report_submit, name="submit"),
    path("<int:pk>/regnskapsmal.xlsx", views.accounts_template, name="accounts_template"),
    path("<int:pk>/last-opp-regnskap/", views.accounts_upload, name="accounts_upload"),
    path("<int:pk>/vedlegg/", views.attachment_upload, name="attachment_upload"),
    path("<int:pk>/vedlegg/<int:attachment_id>/", views.attachment_download, name="attachment"),
    path("<int:pk>/vedlegg/<int:attachment_id>/slett/", views.attachment_delete, name="attachment_delete"),
    path("kalender/", views.calendar_page, name="calendar"),
    path("kalender/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
