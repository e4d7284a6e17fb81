from django.urls import reverse

from tests.factories import finance, member, municipality, officer


def nav(client):
    html = client.get(reverse("schemes:call_list")).content.decode()
    return html[html.index('id="hovedmeny"') : html.index("</nav>")]


def test_municipal_users_get_links_to_their_cases(db, client):
    client.force_login(member(municipality()))
    menu = nav(client)
    for url in ("grants:list", "reporting:list", "decisions:list"):
        assert f'href="{reverse(url)}"' in menu
    assert reverse("admin:index") not in menu
    assert reverse("payments:overview") not in menu


def test_finance_gets_the_payout_pages_and_officers_do_not(db, client):
    client.force_login(finance())
    assert f'href="{reverse("payments:overview")}"' in nav(client)
    client.force_login(officer())
    menu = nav(client)
    # Officers get IMDi's figures (/utbetalinger/tall/), not the payout pages: compare hrefs.
    assert f'href="{reverse("payments:overview")}"' not in menu
    assert f'href="{reverse("payments:batches")}"' not in menu
    assert f'href="{reverse("payments:figures")}"' in menu
    assert f'href="{reverse("admin:index")}"' in menu
    # The public list of awarded grants (/tilskudd/tildelte/) shares the prefix: compare hrefs.
    assert f'href="{reverse("grants:list")}"' not in menu


def test_anonymous_menu_has_no_case_links(db, client):
    menu = nav(client)
    assert f'href="{reverse("grants:list")}"' not in menu and reverse("admin:index") not in menu
