# Production image: gunicorn serves the portal; the same image runs the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=imdi_portal.settings.prod

# WeasyPrint needs Pango and fonts; gettext compiles the translations.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
       libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-liberation gettext \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 portal
WORKDIR /app
# The locked build: every package pinned with its hashes (requirements/lock.txt, `make lock`);
# --no-deps because the lock already lists every dependency. The project is not pip-installed.
COPY requirements/lock.txt requirements/lock.txt
RUN pip install --no-cache-dir --require-hashes --no-deps -r requirements/lock.txt
COPY . .
RUN SECRET_KEY=build-only ALLOWED_HOSTS=localhost DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    python manage.py collectstatic --noinput \
    && mkdir -p /app/var && chown -R portal:portal /app/var
USER portal
EXPOSE 8000
# No gunicorn access log: the portal writes one structured line per request (core.logging).
CMD ["gunicorn", "imdi_portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
