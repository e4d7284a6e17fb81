"""Give every existing case event the case number of the case it belongs to (the same walk as
core.services.case_number_of, written as one UPDATE per kind of subject)."""

from django.db import migrations
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

# (app label, model, path from that model to the case number)
SUBJECTS = [
    ("applications", "application", "case_number"),
    ("applications", "grant", "case_number"),
    ("applications", "decision", "application__case_number"),
    ("applications", "appeal", "decision__application__case_number"),
    ("applications", "assessment", "application__case_number"),
    ("applications", "grantletter", "grant__case_number"),
    ("applications", "acceptance", "grant__case_number"),
    ("applications", "acceptancereminder", "grant__case_number"),
    ("payments", "payment", "grant__case_number"),
    ("payments", "reaction", "grant__case_number"),
    ("reporting", "reportobligation", "grant__case_number"),
    ("reporting", "report", "obligation__grant__case_number"),
    ("reporting", "reportreminder", "obligation__grant__case_number"),
]


def backfill(apps, schema_editor):
    CaseEvent = apps.get_model("core", "CaseEvent")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for app_label, model_name, path in SUBJECTS:
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:
            continue
        content_type = ContentType.objects.filter(app_label=app_label, model=model_name).first()
        if content_type is None:
            continue
        number = model.objects.filter(pk=OuterRef("object_id")).values(path)[:1]
        CaseEvent.objects.filter(content_type=content_type, case_number="").update(
            case_number=Coalesce(Subquery(number), Value(""))
        )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_timeline_notifications"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("applications", "0002_initial"),
        ("payments", "0001_initial"),
        ("reporting", "0001_initial"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
