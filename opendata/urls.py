from django.urls import path, re_path

from opendata import views

app_name = "opendata"
urlpatterns = [
    path("tildelte/", views.award_list, name="awards"),
    path("apne-data/", views.downloads, name="downloads"),
    re_path(r"^apne-data/360giving\.(?P<kind>json|csv)$", views.download, name="download"),
    # The stable public address of an award: its case number (24/00123 → 24-00123).
    re_path(r"^(?P<case>\d{2}-\d{5})/$", views.award_detail, name="award"),
]
