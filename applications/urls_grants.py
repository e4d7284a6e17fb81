from django.urls import path

from applications.views import grant as views

app_name = "grants"
urlpatterns = [
    path("", views.grant_list, name="list"),
    path("<int:pk>/", views.grant_detail, name="detail"),
    path("<int:pk>/brev/<int:version>/", views.letter_download, name="letter"),
    path("<int:pk>/aksept/", views.grant_acceptance, name="acceptance"),
    path("<int:pk>/takk-nei/", views.grant_decline_view, name="decline"),
    path("<int:pk>/kvittering/", views.receipt_download, name="receipt"),
]
