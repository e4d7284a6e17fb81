"""The admin lists' queries: the visibility rule joined into the list's own query (core.admin_lists
.queryset_within), the same rows as the rule, and PostgreSQL's join planning bounded."""

import pytest
from django.db import connection

from applications.models import Application
from applications.rules import applications_sent_to_imdi
from core.admin_lists import queryset_within
from tests.factories import ApplicationFactory


def test_rule_joined_into_the_query_gives_the_rules_rows(db):
    draft = ApplicationFactory()
    sent = ApplicationFactory(submitted=True)
    listed = queryset_within(Application.objects.select_related("organisation"), applications_sent_to_imdi())
    assert "IN (SELECT" not in str(listed.query)
    assert set(listed.values_list("pk", flat=True)) == set(applications_sent_to_imdi().values_list("pk", flat=True))
    assert set(listed.values_list("pk", flat=True)) == {sent.pk} and draft.pk != sent.pk


def test_a_distinct_rule_falls_back_to_a_subquery(db):
    listed = queryset_within(Application.objects.all(), applications_sent_to_imdi().distinct())
    assert "IN (SELECT" in str(listed.query)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting (CI runs on PostgreSQL)")
def test_postgresql_plans_joins_in_groups_of_four(db):
    with connection.cursor() as cursor:
        cursor.execute("SHOW join_collapse_limit")
        assert cursor.fetchone()[0] == "4"
