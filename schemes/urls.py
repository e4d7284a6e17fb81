from django.urls import path

from schemes import views

app_name = "schemes"
urlpatterns = [
    path("", views.call_list, name="call_list"),
    path("<int:pk>/", views.call_detail, name="call_detail"),
]
