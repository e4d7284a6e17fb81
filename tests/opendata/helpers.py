"""Published and unpublished awards, built through the factories (and so the services)."""

from dataclasses import dataclass

from tests.factories import GrantFactory, county_municipality, make_application, municipality, reception_call


@dataclass
class Awards:
    accepted: object  # Bergen, 2024, with a partner (Askøy): published
    letter_sent: object  # Trondheim, 2024: published
    county: object  # Vestland fylkeskommune, 2024, area 1: published
    reception: object  # a reception-centre formula grant, accepted: published
    decided: object  # Oslo: letter not sent, not published
    declined: object  # Stavanger: declined, not published

    @property
    def published(self):
        return [self.accepted, self.letter_sent, self.county, self.reception]


def awards_build() -> Awards:
    bergen, askoy = municipality("4601"), municipality("4627")
    application = make_application(bergen, title="Språkpraksis i Bergen og Askøy")
    # The partner is named in the draft, as the municipality does on the form.
    application.partners.add(askoy)
    return Awards(
        accepted=GrantFactory(application=application, organisation=bergen, amount="400000.00", accepted=True),
        letter_sent=GrantFactory(organisation=municipality("5001"), amount="250000.00", letter_sent=True),
        county=GrantFactory(organisation=county_municipality("46"), amount="300000.00", accepted=True),
        reception=GrantFactory(
            organisation=municipality("3301"), call=reception_call(), amount="128460.00", accepted=True
        ),
        decided=GrantFactory(organisation=municipality("0301"), amount="200000.00", decided=True),
        declined=GrantFactory(organisation=municipality("1103"), amount="150000.00", declined=True),
    )
