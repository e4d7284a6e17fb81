"""A forged formset count (TOTAL_FORMS=100000000) builds no more forms than the formset allows
(issue 10, item 9): Django's default would still build up to 1 000 forms beyond max_num, which
took 7–13 s in one request. The page answers with a field error, not a 500, and saves nothing."""

import pytest
from django.urls import reverse

from applications.forms.application import BudgetLineFormSet, EarlierProjectFormSet
from applications.models import EarlierProject
from tests.applications.test_draft_input import implementation_post
from tests.factories import make_application, municipality

pytestmark = pytest.mark.django_db

FORGED = "100000000"


@pytest.mark.parametrize("formset_class", [EarlierProjectFormSet, BudgetLineFormSet])
def test_every_portal_formset_builds_at_most_max_num_forms(formset_class):
    assert formset_class.validate_max
    assert formset_class.absolute_max == formset_class.max_num


def test_forged_total_forms_builds_at_most_the_cap():
    data = {
        "tidligere-TOTAL_FORMS": FORGED,
        "tidligere-INITIAL_FORMS": "0",
        "tidligere-MIN_NUM_FORMS": "0",
        "tidligere-MAX_NUM_FORMS": "20",
    }
    formset = EarlierProjectFormSet(data, prefix="tidligere")
    assert formset.total_form_count() == EarlierProjectFormSet.max_num
    assert not formset.is_valid()
    assert len(formset.forms) == EarlierProjectFormSet.max_num


def test_forged_count_in_the_portal_is_a_form_error_and_nothing_is_saved(client):
    draft = make_application(municipality())
    client.force_login(draft.created_by)
    url = reverse("applications:section", args=[draft.pk, "gjennomforing"])
    response = client.post(url, implementation_post(**{"tidligere-TOTAL_FORMS": FORGED}))
    assert response.status_code == 200
    assert not EarlierProject.objects.filter(application=draft).exists()
