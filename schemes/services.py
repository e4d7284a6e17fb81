import json
from pathlib import Path

from django.db import transaction

from schemes.models import (
    Appropriation,
    AppropriationShare,
    Call,
    PayoutTerm,
    PriorityArea,
    Rate,
    ReportDeadline,
    Scheme,
)

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "reference_data.json"


def _fields(item, exclude=()):
    return {k: v for k, v in item.items() if k not in exclude and not k.startswith("_")}


@transaction.atomic
def reference_schemes_load(path: Path = FIXTURE) -> dict:
    """Load schemes, rates, appropriations and calls from the circulars' fixture.

    Idempotent: natural keys (scheme code, call scheme+year, area number, ...) identify rows,
    so a rerun updates them in place."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    schemes = {}
    for item in data["schemes"]:
        scheme, _ = Scheme.objects.update_or_create(code=item["code"], defaults=_fields(item, ["code"]))
        schemes[scheme.code] = scheme

    for item in data["rates"]:
        Rate.objects.update_or_create(
            kind=item["kind"],
            scheme=schemes.get(item["scheme"]),
            valid_from=item["valid_from"],
            defaults={"amount": item["amount"], "valid_to": item["valid_to"], "source": item["source"]},
        )

    shares = {}
    for item in data["appropriations"]:
        appropriation, _ = Appropriation.objects.update_or_create(
            year=item["year"],
            chapter=item["chapter"],
            post=item["post"],
            defaults=_fields(item, ["year", "chapter", "post", "shares"]),
        )
        for share_item in item["shares"]:
            share, _ = AppropriationShare.objects.update_or_create(
                appropriation=appropriation,
                label=share_item["label"],
                defaults={"scheme": schemes.get(share_item["scheme"]), "amount": share_item["amount"]},
            )
            shares[(appropriation.year, share.label)] = share

    for item in data["calls"]:
        defaults = _fields(item, ["scheme", "year", "appropriation", "areas", "payout_terms", "report_deadlines"])
        defaults["appropriation_share"] = shares[tuple(item["appropriation"])]
        call, _ = Call.objects.update_or_create(scheme=schemes[item["scheme"]], year=item["year"], defaults=defaults)
        for area in item["areas"]:
            PriorityArea.objects.update_or_create(call=call, number=area["number"], defaults=_fields(area, ["number"]))
        for term in item["payout_terms"]:
            PayoutTerm.objects.update_or_create(call=call, number=term["number"], defaults=_fields(term, ["number"]))
        for deadline in item["report_deadlines"]:
            ReportDeadline.objects.update_or_create(
                call=call,
                kind=deadline["kind"],
                period_end=deadline["period_end"],
                defaults=_fields(deadline, ["kind", "period_end"]),
            )
    return {"schemes": Scheme.objects.count(), "calls": Call.objects.count(), "areas": PriorityArea.objects.count()}
