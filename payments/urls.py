from django.urls import path, re_path

from payments import views, views_batches, views_closeout, views_figures

app_name = "payments"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("tall/", views_figures.figures, name="figures"),
    path("tall/eksport.xlsx", views_figures.figures_export, name="figures_export"),
    path("forfall/", views.due_list, name="due"),
    path("bunter/", views_batches.batch_list, name="batches"),
    path("bunter/ny/", views_batches.batch_create, name="batch_create"),
    path("bunter/<int:pk>/", views_batches.batch_detail, name="batch"),
    path("bunter/<int:pk>/godkjenn/", views_batches.batch_approve, name="batch_approve"),
    path("bunter/<int:pk>/utbetalt/", views_batches.batch_mark_paid, name="batch_paid"),
    path("bunter/<int:pk>/returfil/", views_batches.batch_return_file, name="batch_return_file"),
    path("bunter/<int:pk>/avbryt/", views_batches.batch_cancel, name="batch_cancel"),
    path("bunter/<int:pk>/linjer/<int:line_pk>/feilet/", views_batches.batch_line_fail, name="batch_line_fail"),
    path("bunter/<int:pk>/betalingsfil/", views_batches.batch_payment_file, name="batch_payment_file"),
    re_path(
        r"^bunter/(?P<pk>[0-9]+)/eksport\.(?P<file_format>csv|xlsx|xml)$",
        views_batches.batch_export,
        name="batch_export",
    ),
    re_path(r"^eksport/(?P<year>[0-9]{4})\.(?P<file_format>csv|xlsx)$", views_batches.year_export, name="year_export"),
    path("tilskudd/<int:grant_pk>/", views.grant_payments, name="grant"),
    path("tilskudd/<int:grant_pk>/reaksjon/", views.reaction_create, name="reaction_create"),
    path("tilskudd/<int:grant_pk>/sluttoppgjor/krav/", views_closeout.closeout_claim, name="closeout_claim"),
    path("tilskudd/<int:grant_pk>/sluttoppgjor/avslutt/", views_closeout.closeout_finish, name="closeout_finish"),
    path("utbetaling/<int:pk>/frigi/", views.payment_release, name="payment_release"),
    path("utbetaling/<int:pk>/kanseller/", views.payment_cancel, name="payment_cancel"),
    path("reaksjon/<int:pk>/tilbakebetalt/", views.repayment_received, name="repayment_received"),
    path("reaksjon/<int:pk>/endre/", views.reaction_edit, name="reaction_edit"),
    path("reaksjon/<int:pk>/godkjenn/", views.reaction_review, name="reaction_review"),
    path("kontoer/", views.account_changes, name="account_changes"),
    path("kontoer/<int:pk>/", views.account_change_review, name="account_change_review"),
]
