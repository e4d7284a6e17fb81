from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from opendata.api import api

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("portal.urls")),
    path("utlysninger/", include("schemes.urls")),
    path("soknader/", include("applications.urls")),
    path("tilskudd/", include("applications.urls_grants")),
    path("tilskudd/", include("opendata.urls")),
    path("api/", api.urls),
    path("vedtak/", include("applications.urls_decisions")),
    path("utbetalinger/", include("payments.urls")),
    path("rapporter/", include("reporting.urls")),
    path("meldinger/", include("casework.urls")),
    path("organisasjoner/", include("organisations.urls")),
    path("jobber/", include("core.urls_jobs")),
]

# Benchmarks only (bench/pages.py sets BENCH_CEILING_VIEW=1): never routed by default.
if getattr(settings, "BENCH_CEILING_VIEW", False):
    from portal.bench import bench_ceiling

    urlpatterns.append(path("bench/tak/", bench_ceiling, name="bench_ceiling"))

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
