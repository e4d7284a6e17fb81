from django.urls import path, re_path

from payments import views, views_reactions

app_name = "payments"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("forfall/", views.due_list, name="due"),
    path("bunter/", views.batch_list, name="batches"),
    path("bunter/ny/", views.batch_create, name="batch_create"),
    path("bunter/<int:pk>/", views.batch_detail, name="batch"),
    path("bunter/<int:pk>/utbetalt/", views.batch_mark_paid, name="batch_paid"),
    path("bunter/<int:pk>/avbryt/", views.batch_cancel, name="batch_cancel"),
    path("bunter/<int:pk>/linjer/<int:line_pk>/feilet/", views.batch_line_fail, name="batch_line_fail"),
    path("bunter/<int:pk>/betalingsfil/", views.batch_payment_file, name="batch_payment_file"),
    re_path(r"^bunter/(?P<pk>[0-9]+)/eksport\.(?P<file_format>csv|xlsx|xml)$", views.batch_export, name="batch_export"),
    re_path(r"^eksport/(?P<year>[0-9]{4})\.(?P<file_format>csv|xlsx)$", views.year_export, name="year_export"),
    path("tilskudd/<int:grant_pk>/", views.grant_payments, name="grant"),
    path("tilskudd/<int:grant_pk>/reaksjon/", views.reaction_create, name="reaction_create"),
    path("utbetaling/<int:pk>/frigi/", views.payment_release, name="payment_release"),
    path("utbetaling/<int:pk>/kanseller/", views.payment_cancel, name="payment_cancel"),
    path("reaksjon/<int:pk>/tilbakebetalt/", views.repayment_received, name="repayment_received"),
    path("reaksjon/<int:pk>/endre/", views.reaction_edit, name="reaction_edit"),
    path("reaksjon/<int:pk>/godkjenn/", views.reaction_review, name="reaction_review"),
    path("tilskudd/<int:grant_pk>/forhandsvarsel/", views_reactions.reaction_notice, name="reaction_notice"),
    path("reaksjon/<int:pk>/", views_reactions.reaction_detail, name="reaction"),
    path("reaksjon/<int:pk>/vedtak.pdf", views_reactions.reaction_decision_letter, name="reaction_decision_letter"),
    re_path(
        r"^reaksjon/(?P<pk>[0-9]+)/(?P<kind>merknad|klage)/(?P<file_pk>[0-9]+)/vedlegg/$",
        views_reactions.reaction_file,
        name="reaction_file",
    ),
    path("reaksjon/<int:pk>/merknader/", views_reactions.reaction_reply, name="reaction_reply"),
    path("reaksjon/<int:pk>/klage/", views_reactions.reaction_appeal, name="reaction_appeal"),
    path("reaksjon/<int:pk>/vedtak/", views_reactions.reaction_propose, name="reaction_propose"),
    path("reaksjon/<int:pk>/klage/oversend/", views_reactions.reaction_appeal_forward, name="reaction_appeal_forward"),
    path("reaksjon/<int:pk>/avslutt/", views_reactions.reaction_settle, name="reaction_settle"),
    path("kontoer/", views.account_changes, name="account_changes"),
    path("kontoer/<int:pk>/", views.account_change_review, name="account_change_review"),
]
