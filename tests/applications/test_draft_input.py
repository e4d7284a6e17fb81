"""Drafts accept partial data but never invalid data; errors show next to the field in
Norwegian and nothing is half-saved."""

from decimal import Decimal

import pytest
from django.urls import reverse

from applications.models import Application, BudgetLine, BudgetYear, EarlierProject
from tests.applications.helpers import reload
from tests.factories import county_municipality, development_call, make_application, member, municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    return make_application(municipality())


@pytest.fixture
def logged_in(client, draft):
    client.force_login(draft.created_by)
    return client


def section_url(application, section):
    return reverse("applications:section", args=[application.pk, section])


def budget_post(year_values=None, lines=None, index=1):
    prefix = f"aar{index}"
    data = {
        f"{prefix}-own_contribution": "100000",
        f"{prefix}-other_funding": "0",
        f"{prefix}-amount_applied": "500000",
        f"{prefix}-participant_allowance": "0",
        f"{prefix}-linjer-TOTAL_FORMS": "0",
        f"{prefix}-linjer-INITIAL_FORMS": "0",
        f"{prefix}-linjer-MIN_NUM_FORMS": "0",
        f"{prefix}-linjer-MAX_NUM_FORMS": "50",
        "save": "1",
    }
    data.update({f"{prefix}-{k}": v for k, v in (year_values or {}).items()})
    for i, line in enumerate(lines or []):
        for key, value in line.items():
            data[f"{prefix}-linjer-{i}-{key}"] = value
    data[f"{prefix}-linjer-TOTAL_FORMS"] = str(len(lines or []))
    return data


def test_partial_draft_is_saved(logged_in):
    call = development_call()
    logged_in.post(reverse("applications:create", args=[municipality().pk, call.pk]))
    application = Application.objects.order_by("-pk").first()
    response = logged_in.post(section_url(application, "prosjekt"), {"title": "Bare en tittel", "save": "1"})
    assert response.status_code == 302
    application = reload(application)
    assert application.title == "Bare en tittel"
    assert application.summary == ""
    assert application.status == Application.Status.DRAFT


def test_over_long_text_is_refused_next_to_the_field(logged_in, draft):
    response = logged_in.post(section_url(draft, "prosjekt"), {"title": "x" * 201, "summary": "ny"})
    assert response.status_code == 200
    assert "title" in response.context["form"].errors
    assert "200 eller færre tegn" in response.context["form"].errors["title"][0]
    page = response.content.decode()
    # Crispy puts the message right below the input, tied to it.
    assert 'id="error_1_id_title"' in page
    assert "Utkastet er ikke lagret" in page
    assert reload(draft).summary == "Kort sammendrag."


def test_html_and_script_are_stored_as_text_and_shown_escaped(logged_in, draft):
    evil = '<script>alert("x")</script><b>fet</b>'
    logged_in.post(section_url(draft, "prosjekt"), {"title": evil, "summary": evil})
    assert reload(draft).title == evil
    page = logged_in.get(reverse("applications:detail", args=[draft.pk])).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    dashboard = logged_in.get(reverse("applications:dashboard")).content.decode()
    assert "<script>alert" not in dashboard


def test_municipality_cannot_choose_area_1_in_the_form(logged_in, draft):
    area1 = draft.call.areas.get(number=1)
    response = logged_in.post(section_url(draft, "grunnlag"), {"area": area1.pk})
    assert response.status_code == 200
    assert "ikke åpent" in response.context["form"].errors["area"][0]
    assert reload(draft).area.number == 2
    options = [str(o) for o in response.context["form"].fields["area"].queryset]
    assert not any(o.startswith("1.") for o in options)


def test_county_municipality_can_choose_area_1_in_the_form(client):
    application = make_application(county_municipality(), area_number=None)
    client.force_login(application.created_by)
    area1 = application.call.areas.get(number=1)
    response = client.post(section_url(application, "grunnlag"), {"area": area1.pk})
    assert response.status_code == 302
    assert reload(application).area == area1


def test_partner_list_excludes_the_applicant_and_saves_others(logged_in, draft):
    partner = municipality("4602")
    response = logged_in.post(
        section_url(draft, "grunnlag"), {"area": draft.area.pk, "partners": [draft.organisation.pk]}
    )
    assert response.status_code == 200
    assert "partners" in response.context["form"].errors
    response = logged_in.post(section_url(draft, "grunnlag"), {"area": draft.area.pk, "partners": [partner.pk]})
    assert response.status_code == 302
    assert list(reload(draft).partners.all()) == [partner]


def implementation_post(**overrides):
    data = {
        "project_start": "2024-03-01",
        "project_end": "2024-12-31",
        "participants": "12",
        "tidligere-TOTAL_FORMS": "1",
        "tidligere-INITIAL_FORMS": "0",
        "tidligere-MIN_NUM_FORMS": "0",
        "tidligere-MAX_NUM_FORMS": "20",
        "tidligere-0-description": "Velkomstprogram 2021",
        "tidligere-0-imdi_case_number": "21/00042",
        "tidligere-0-decided_on": "2021-04-01",
    }
    data.update(overrides)
    return data


def test_implementation_with_earlier_project_is_saved(logged_in, draft):
    response = logged_in.post(section_url(draft, "gjennomforing"), implementation_post())
    assert response.status_code == 302
    assert EarlierProject.objects.get(application=draft).imdi_case_number == "21/00042"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"participants": "9"}, "participants", "minst 10"),
        ({"participants": "-1"}, "participants", "negativt"),
        ({"participants": "99999999999999999999"}, "participants", "urimelig"),
        ({"project_end": "2027-03-01"}, "project_end", "høyst 3 år"),
        ({"project_end": "2024-02-01"}, "project_end", "før prosjektstart"),
        ({"project_start": "31.02.2024"}, "project_start", "gyldig dato"),
    ],
)
def test_implementation_rules_refuse_and_nothing_is_saved(logged_in, draft, overrides, field, message):
    response = logged_in.post(section_url(draft, "gjennomforing"), implementation_post(**overrides))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not EarlierProject.objects.filter(application=draft).exists()
    assert reload(draft).participants == 12


def test_bad_earlier_project_blocks_the_whole_section(logged_in, draft):
    response = logged_in.post(
        section_url(draft, "gjennomforing"),
        implementation_post(participants="40", **{"tidligere-0-description": "x" * 301}),
    )
    assert response.status_code == 200
    assert reload(draft).participants == 12


def test_budget_is_saved_with_lines(logged_in, draft):
    data = budget_post(
        {"own_contribution": "100 000,50", "participant_allowance": "10000"},
        [{"category": "salary", "description": "Prosjektleder", "amount": "400000"}],
    )
    response = logged_in.post(section_url(draft, "budsjett"), data)
    assert response.status_code == 302, response.context and response.context["year_forms"][0][2].errors
    year = BudgetYear.objects.get(application=draft)
    assert year.own_contribution == Decimal("100000.50")
    assert year.participant_allowance == Decimal("10000.00")
    # The factory's draft already has its cost line; the posted line is added beside it.
    assert BudgetLine.objects.filter(budget_year=year).latest("id").amount == Decimal("400000.00")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-1", "negativt"),
        ("10.123", "to desimaler"),
        ("1000000000000000", "for stort"),
        ("1e400", "for stort"),
        ("tusen", "Skriv et beløp"),
        ("NaN", "Skriv et beløp"),
    ],
)
def test_bad_amounts_are_refused_and_nothing_is_half_saved(logged_in, draft, value, message):
    data = budget_post(
        {"own_contribution": "7", "amount_applied": value},
        [{"category": "salary", "description": "Prosjektleder", "amount": "400000"}],
    )
    response = logged_in.post(section_url(draft, "budsjett"), data)
    assert response.status_code == 200
    form = response.context["year_forms"][0][2]
    assert message in " ".join(form.errors["amount_applied"])
    year = BudgetYear.objects.get(application=draft)
    assert year.own_contribution == Decimal("100000.00")
    # Only the factory's own cost line (own contribution + amount applied) is there.
    assert list(BudgetLine.objects.values_list("amount", flat=True)) == [Decimal("600000.00")]


def test_bad_budget_line_blocks_the_year_too(logged_in, draft):
    data = budget_post({"own_contribution": "7"}, [{"category": "salary", "description": "", "amount": "-5"}])
    response = logged_in.post(section_url(draft, "budsjett"), data)
    assert response.status_code == 200
    assert BudgetYear.objects.get(application=draft).own_contribution == Decimal("100000.00")


def test_allowance_above_cap_is_refused_in_the_budget(logged_in, draft):
    cap = Decimal("118620.00") * 12
    response = logged_in.post(section_url(draft, "budsjett"), budget_post({"participant_allowance": str(cap)}))
    assert response.status_code == 302
    response = logged_in.post(
        section_url(draft, "budsjett"), budget_post({"participant_allowance": str(cap + Decimal("0.01"))})
    )
    assert response.status_code == 200
    assert "høyst" in response.context["year_forms"][0][2].errors["participant_allowance"][0]
    assert BudgetYear.objects.get(application=draft).participant_allowance == cap


def test_no_allowance_where_the_area_gives_none(client):
    application = make_application(area_number=4)
    client.force_login(application.created_by)
    response = client.post(section_url(application, "budsjett"), budget_post({"participant_allowance": "1"}))
    assert response.status_code == 200
    assert "ikke deltakerstønad" in response.context["year_forms"][0][2].errors["participant_allowance"][0]


def test_budget_has_one_year_per_project_year(logged_in, draft):
    draft.project_end = draft.project_start.replace(year=2025, month=12)
    draft.save()
    page = logged_in.get(section_url(draft, "budsjett"))
    assert [y for _i, y, _f, _l in page.context["year_forms"]] == [2024, 2025]
    data = budget_post()
    data.update(budget_post({"own_contribution": "5"}, index=2))
    assert logged_in.post(section_url(draft, "budsjett"), data).status_code == 302
    assert list(BudgetYear.objects.filter(application=draft).values_list("year", flat=True)) == [2024, 2025]


def test_submitted_application_cannot_be_edited(logged_in, draft):
    Application.objects.filter(pk=draft.pk).update(status=Application.Status.AWAITING_APPROVAL)
    response = logged_in.post(section_url(draft, "prosjekt"), {"title": "Endret"})
    assert response.status_code == 302
    assert reload(draft).title != "Endret"


def test_unknown_section_is_404(logged_in, draft):
    assert logged_in.get(section_url(draft, "finnes-ikke")).status_code == 404


def test_other_member_of_same_org_can_edit(client, draft):
    colleague = member(draft.organisation)
    client.force_login(colleague)
    assert client.post(section_url(draft, "kontakt"), {"contact_name": "Ola"}).status_code == 302
    assert reload(draft).contact_name == "Ola"


def test_bad_email_is_refused(logged_in, draft):
    response = logged_in.post(section_url(draft, "kontakt"), {"contact_email": "ikke-epost"})
    assert response.status_code == 200
    assert "gyldig e-postadresse" in response.context["form"].errors["contact_email"][0]


def test_budget_line_without_amount_or_description_is_refused(logged_in, draft):
    data = budget_post({}, [{"category": "salary", "description": "", "amount": ""}])
    response = logged_in.post(section_url(draft, "budsjett"), data)
    assert response.status_code == 200
    line_form = response.context["year_forms"][0][3].forms[0]
    assert "Skriv et beløp." in line_form.errors["amount"]
    assert "description" in line_form.errors
    # Only the factory's own cost line (own contribution + amount applied) is there.
    assert list(BudgetLine.objects.values_list("amount", flat=True)) == [Decimal("600000.00")]


def test_empty_amounts_in_a_draft_count_as_zero(logged_in, draft):
    data = budget_post({"own_contribution": "", "other_funding": "", "amount_applied": "", "participant_allowance": ""})
    assert logged_in.post(section_url(draft, "budsjett"), data).status_code == 302
    year = BudgetYear.objects.get(application=draft)
    assert (year.own_contribution, year.amount_applied) == (Decimal("0"), Decimal("0"))
