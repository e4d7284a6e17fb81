from django.urls import path

from organisations import views

app_name = "organisations"
urlpatterns = [
    path("bli-med/", views.join, name="join"),
    path("brukere/", views.users, name="users"),
    path("brukere/foresporsel/<int:pk>/", views.join_request_decide, name="join_request_decide"),
    path("brukere/medlemskap/<int:pk>/", views.membership_update, name="membership_update"),
]
