# ruff: noqa: E501 - translation pairs read best one per line
"""Fill the nynorsk catalogue (locale/nn/LC_MESSAGES/django.po) from the translations below.

Run after `manage.py makemessages -l nn`: it sets msgstr for the msgids listed here (the grant
letter, the portal's navigation and frame, the casework pages and notices) and leaves every
other entry as it is (an empty msgstr falls back to the bokmål source). Then compilemessages."""

import re
import sys
from pathlib import Path

NN = {
    # --- the frame and the main navigation (templates/base.html)
    "Tilskuddsportal": "Tilskotsportal",
    "Hopp til hovedinnhold": "Hopp til hovudinnhaldet",
    "Integrerings- og mangfoldsdirektoratet": "Integrerings- og mangfaldsdirektoratet",
    "Integrerings- og mangfoldsdirektoratet (IMDi)": "Integrerings- og mangfaldsdirektoratet (IMDi)",
    "Velg språk": "Vel språk",
    "Hovedmeny": "Hovudmeny",
    "Meny": "Meny",
    "Forside": "Framside",
    "Utlysninger": "Utlysingar",
    "Utbetalinger": "Utbetalingar",
    "Saksbehandling": "Sakshandsaming",
    "Mine saker": "Sakene mine",
    "Tilskudd": "Tilskot",
    "Rapporter": "Rapportar",
    "Vedtak": "Vedtak",
    "Meldinger": "Meldingar",
    "Varsler": "Varsel",
    "Innlogget som": "Innlogga som",
    "Logg ut": "Logg ut",
    "Logg inn": "Logg inn",
    "Tilskuddsportalen er for kommuner og fylkeskommuner som søker om, rapporterer på og får utbetalt "
    "tilskudd fra IMDi.": "Tilskotsportalen er for kommunar og fylkeskommunar som søkjer om, rapporterer på og "
    "får utbetalt tilskot frå IMDi.",
    "Kontakt": "Kontakt",
    "Sentralbord:": "Sentralbord:",
    "Spørsmål om tilskudd:": "Spørsmål om tilskot:",
    "Om portalen": "Om portalen",
    "Tilgjengelighetserklæring": "Tilgjengeerklæring",
    "Personvern og informasjonskapsler": "Personvern og informasjonskapslar",
    "Brødsmulesti": "Brødsmulesti",
    # --- the grant letter (templates/pdf/grant_letter.html)
    "Tilskuddsbrev – sak %(case)s": "Tilskotsbrev – sak %(case)s",
    "versjon %(version)s": "versjon %(version)s",
    "Tilskuddsbrev til %(name)s, %(scheme)s %(year)s": "Tilskotsbrev til %(name)s, %(scheme)s %(year)s",
    "Sak %(case)s – side": "Sak %(case)s – side",
    "FORHÅNDSVISNING – dette brevet er ikke sendt": "FØREHANDSVISING – dette brevet er ikkje sendt",
    "Org.nr.": "Org.nr.",
    "Saksnummer:": "Saksnummer:",
    "Dato:": "Dato:",
    "Versjon:": "Versjon:",
    "Tilskuddsår:": "Tilskotsår:",
    "Rettet tilskuddsbrev": "Retta tilskotsbrev",
    "Tilskuddsbrev": "Tilskotsbrev",
    "Dette brevet er versjon %(version)s og erstatter tilskuddsbrevet (versjon %(old)s) sendt %(sent)s.": (
        "Dette brevet er versjon %(version)s og erstattar tilskotsbrevet (versjon %(old)s) sendt %(sent)s."
    ),
    "Dette er rettet:": "Dette er retta:",
    "Vi viser til søknaden «%(title)s»": "Vi viser til søknaden «%(title)s»",
    "sendt inn %(day)s": "send inn %(day)s",
    "Vi viser til avtalen mellom %(name)s og IMDi om integreringsmottak.": (
        "Vi viser til avtalen mellom %(name)s og IMDi om integreringsmottak."
    ),
    "IMDi gir %(name)s et tilskudd på <strong>%(amount)s</strong> for %(year)s over statsbudsjettets kapittel "
    "%(chapter)s post %(post)s, jf.": "IMDi gir %(name)s eit tilskot på <strong>%(amount)s</strong> for %(year)s "
    "over kapittel %(chapter)s post %(post)s i statsbudsjettet, jf.",
    "rundskriv %(number)s": "rundskriv %(number)s",
    "utlysningen": "utlysinga",
    "Formålet med tilskuddet og hva det skal brukes til": "Formålet med tilskotet og kva det skal brukast til",
    "Tilskuddet skal brukes til": "Tilskotet skal brukast til",
    "Tilskuddet gjelder satsingsområde %(number)s: %(title)s.": "Tilskotet gjeld satsingsområde %(number)s: %(title)s.",
    "Prosjekt:": "Prosjekt:",
    "Mål for prosjektet:": "Mål for prosjektet:",
    "Tilskuddsbeløp": "Tilskotsbeløp",
    "År": "År",
    "Beløp": "Beløp",
    "Merknad": "Merknad",
    "Med forbehold om Stortingets bevilgning": "Med atterhald om løyving frå Stortinget",
    "Tildelt i dette brevet": "Tildelt i dette brevet",
    "Prosjektet er flerårig. Tilskuddet gis for ett år av gangen. Tilskudd for senere år er gitt med forbehold "
    "om Stortingets årlige bevilgning og om at prosjektet gjennomføres som forutsatt; IMDi sender eget "
    "tilskuddsbrev for hvert år.": "Prosjektet er fleirårig. Tilskotet blir gitt for eitt år om gongen. Tilskot "
    "for seinare år er gitt med atterhald om den årlege løyvinga frå Stortinget og om at prosjektet blir "
    "gjennomført som føresett; IMDi sender eige tilskotsbrev for kvart år.",
    "Beregning": "Utrekning",
    "Tilskuddet er beregnet etter antall plasser i integreringsmottaket: %(places)s plasser × %(rate)s per "
    "plass per måned × %(months)s måneder.": "Tilskotet er rekna ut etter talet på plassar i "
    "integreringsmottaket: %(places)s plassar × %(rate)s per plass per månad × %(months)s månader.",
    "Måned": "Månad",
    "Plasser": "Plassar",
    "Sats per plass": "Sats per plass",
    "Utbetaling": "Utbetaling",
    "Tilskuddet blir ikke utbetalt før IMDi har mottatt aksept av vilkårene i dette brevet. Etter aksept "
    "utbetales tilskuddet til kontonummeret som oppgis i akseptbrevet": "Tilskotet blir ikkje utbetalt før IMDi "
    "har fått aksept av vilkåra i dette brevet. Etter aksept blir tilskotet utbetalt til kontonummeret som er "
    "oppgitt i akseptbrevet",
    "i %(terms)s terminer": "i %(terms)s terminar",
    "Termin": "Termin",
    "Utbetalingsdato": "Utbetalingsdato",
    "Faller en utbetalingsdato på en helgedag eller helligdag, utbetales tilskuddet første virkedag etter. "
    "Utbetaling kan holdes tilbake hvis rapporter ikke er levert innen fristen.": "Fell ein utbetalingsdato på "
    "ein helgedag eller heilagdag, blir tilskotet utbetalt første verkedag etter. Utbetaling kan haldast "
    "tilbake dersom rapportar ikkje er leverte innan fristen.",
    "Vilkår for tilskuddet": "Vilkår for tilskotet",
    "For satsingsområde %(number)s gjelder også:": "For satsingsområde %(number)s gjeld òg:",
    "Tilskuddsmottakeren kan bare endre grunnlaget for tilskuddet etter å ha henvendt seg skriftlig til IMDi "
    "og fått samtykke.": "Tilskotsmottakaren kan berre endre grunnlaget for tilskotet etter å ha vendt seg "
    "skriftleg til IMDi og fått samtykke.",
    "Særskilte vilkår": "Særskilde vilkår",
    "Det er ikke satt særskilte vilkår for dette tilskuddet.": "Det er ikkje sett særskilde vilkår for dette tilskotet.",
    "Frist for aksept": "Frist for aksept",
    "Vilkårene må aksepteres i IMDis tilskuddsportal innen <strong>%(deadline)s</strong>. Tilskuddet kan "
    "falle bort hvis IMDi ikke mottar aksept innen fristen.": "Vilkåra må aksepterast i tilskotsportalen til "
    "IMDi innan <strong>%(deadline)s</strong>. Tilskotet kan falle bort dersom IMDi ikkje får aksept innan "
    "fristen.",
    "Akseptbrevet skal godkjennes av kommunedirektør, fylkeskommunedirektør, bydelsdirektør eller en ansatt "
    "med fullmakt, og skal inneholde: navn, adresse, telefonnummer og e-postadresse, organisasjonsnummer, "
    "kontonummer for utbetaling av tilskuddet, kontaktperson(er), forutsetninger og kompetanse for å "
    "gjennomføre prosjektet eller tiltaket, og tidligere tilskudd fra IMDi med dato og saksnummer.": (
        "Akseptbrevet skal godkjennast av kommunedirektør, fylkeskommunedirektør, bydelsdirektør eller ein "
        "tilsett med fullmakt, og skal innehalde: namn, adresse, telefonnummer og e-postadresse, "
        "organisasjonsnummer, kontonummer for utbetaling av tilskotet, kontaktperson(ar), føresetnader og "
        "kompetanse for å gjennomføre prosjektet eller tiltaket, og tidlegare tilskot frå IMDi med dato og "
        "saksnummer."
    ),
    "Krav til rapportering": "Krav til rapportering",
    "Rapport": "Rapport",
    "Periode": "Periode",
    "Frist": "Frist",
    "Tilskuddsmottakeren skal rapportere i IMDis tilskuddsportal på hvordan tilskuddet er brukt og hvordan "
    "arbeidet har bidratt til å nå målene for ordningen. Regnskapet skal være godkjent av prosjektansvarlig og "
    "overordnet leder.": "Tilskotsmottakaren skal rapportere i tilskotsportalen til IMDi om korleis tilskotet er "
    "brukt og korleis arbeidet har bidrege til å nå måla for ordninga. Rekneskapen skal vere godkjend av "
    "prosjektansvarleg og overordna leiar.",
    "Kontroll": "Kontroll",
    "IMDi og Riksrevisjonen kan iverksette kontroll med at midlene brukes etter forutsetningene, jf. "
    "Stortingets bevilgningsreglement § 10 annet ledd og riksrevisjonsloven § 12 tredje ledd. "
    "Tilskuddsmottakeren skal legge fram dokumentasjon og gi de opplysningene som trengs for kontrollen.": (
        "IMDi og Riksrevisjonen kan setje i verk kontroll med at midlane blir brukte etter føresetnadene, jf. "
        "løyvingsreglementet til Stortinget § 10 andre ledd og riksrevisjonslova § 12 tredje ledd. "
        "Tilskotsmottakaren skal leggje fram dokumentasjon og gi dei opplysningane som trengst for kontrollen."
    ),
    "Tilbakebetaling og reaksjoner ved brudd på vilkårene": "Tilbakebetaling og reaksjonar ved brot på vilkåra",
    "Hvis tilskuddet ikke kan brukes til formålet, ikke brukes innen rimelig tid, eller brukes i strid med "
    "vilkårene i dette brevet, skal det betales tilbake.": "Dersom tilskotet ikkje kan brukast til formålet, "
    "ikkje blir brukt innan rimeleg tid, eller blir brukt i strid med vilkåra i dette brevet, skal det betalast "
    "tilbake.",
    "Et vedtak om reaksjon ved brudd på vilkårene er et enkeltvedtak etter forvaltningsloven § 2 bokstav b og "
    "kan påklages.": "Eit vedtak om reaksjon ved brot på vilkåra er eit enkeltvedtak etter forvaltningslova § 2 "
    "bokstav b og kan påklagast.",
    "Klageadgang": "Klagerett",
    "Tildeling av tilskudd er ikke et enkeltvedtak, og det er ikke klagerett på tildelingen "
    "(forvaltningsloven §§ 3 første ledd og 28).": "Tildeling av tilskot er ikkje eit enkeltvedtak, og det er "
    "ikkje klagerett på tildelinga (forvaltningslova §§ 3 første ledd og 28).",
    "Spørsmål om tilskuddet: %(contact)s. Oppgi saksnummer %(case)s.": (
        "Spørsmål om tilskotet: %(contact)s. Oppgi saksnummer %(case)s."
    ),
    "Med hilsen": "Med helsing",
    "Budsjettdisponent": "Budsjettdisponent",
    "Elektronisk godkjent %(day)s": "Elektronisk godkjend %(day)s",
    "Dokumentet er elektronisk godkjent av en person med budsjettdisponeringsmyndighet og har derfor ingen "
    "håndskrevet signatur.": "Dokumentet er elektronisk godkjent av ein person med "
    "budsjettdisponeringsmynde og har difor inga handskriven underskrift.",
    "Signeres av budsjettdisponent ved utsending": "Blir signert av budsjettdisponent ved utsending",
    # --- messages and notices (casework)
    "Meldinger i saker": "Meldingar i saker",
    "Melding": "Melding",
    "Vedlegg (valgfritt)": "Vedlegg (valfritt)",
    "PDF, DOCX, XLSX, ODT, ODS, PNG eller JPEG, høyst 20 MB.": "PDF, DOCX, XLSX, ODT, ODS, PNG eller JPEG, høgst 20 MB.",
    "Internt notat (vises bare for IMDi)": "Internt notat (blir berre vist for IMDi)",
    "Sak": "Sak",
    "Emne": "Emne",
    "Velg sak": "Vel sak",
    "Søknad": "Søknad",
    "Skriv en melding.": "Skriv ei melding.",
    "Meldingen er for lang (høyst %(max)s tegn).": "Meldinga er for lang (høgst %(max)s teikn).",
    "Skriv et emne.": "Skriv eit emne.",
    "Emnet er for langt (høyst 200 tegn).": "Emnet er for langt (høgst 200 teikn).",
    "Saken har ikke saksnummer ennå; meldinger kan sendes når den er sendt inn.": (
        "Saka har ikkje saksnummer enno; meldingar kan sendast når ho er send inn."
    ),
    "Bare IMDi kan skrive interne notater.": "Berre IMDi kan skrive interne notat.",
    "Meldingen er sendt.": "Meldinga er send.",
    "Meldinger mellom IMDi og organisasjonen om en søknad, et tilskudd eller en rapport.": (
        "Meldingar mellom IMDi og organisasjonen om ein søknad, eit tilskot eller ein rapport."
    ),
    "Skriv ny melding": "Skriv ny melding",
    "Meldingstråder": "Meldingstrådar",
    "Organisasjon": "Organisasjon",
    "Siste melding": "Siste melding",
    "Uleste": "Ulesne",
    "Ingen meldinger ennå.": "Ingen meldingar enno.",
    "Ny melding": "Ny melding",
    "Send melding": "Send melding",
    "Avbryt": "Avbryt",
    "Du har ingen innsendte saker å skrive om ennå.": "Du har ingen innsende saker å skrive om enno.",
    "Internt notat": "Internt notat",
    "Svar": "Svar",
    "Send": "Send",
    "Varsler og påminnelser portalen har sendt deg på e-post.": "Varsel og påminningar portalen har sendt deg på e-post.",
    "Varsler sendt til deg": "Varsel sende til deg",
    "Tidspunkt": "Tidspunkt",
    "Type": "Type",
    "Sider": "Sider",
    "Forrige": "Førre",
    "Neste": "Neste",
    "Du har ikke fått noen varsler ennå.": "Du har ikkje fått nokon varsel enno.",
    "Ny melding i sak %(case)s: %(subject)s": "Ny melding i sak %(case)s: %(subject)s",
    "Du har fått en ny melding i sak %(case)s (%(subject)s).": "Du har fått ei ny melding i sak %(case)s (%(subject)s).",
    "Les meldingen i tilskuddsportalen (av personvernhensyn står innholdet ikke i e-posten):": (
        "Les meldinga i tilskotsportalen (av omsyn til personvernet står ikkje innhaldet i e-posten):"
    ),
    "Søknad til godkjenning: %(title)s": "Søknad til godkjenning: %(title)s",
    "Søknaden er sendt tilbake til deg: %(title)s": "Søknaden er send tilbake til deg: %(title)s",
    "%(actor)s har sendt søknaden «%(title)s» til godkjenning.": "%(actor)s har sendt søknaden «%(title)s» til godkjenning.",
    "Søknaden venter på din godkjenning før den kan sendes inn til IMDi:": (
        "Søknaden ventar på godkjenninga di før han kan sendast inn til IMDi:"
    ),
    "Søknaden «%(title)s» er sendt tilbake til deg for retting.": "Søknaden «%(title)s» er send tilbake til deg for retting.",
    "Kommentar:": "Kommentar:",
    "Kvittering: %(kind)s for %(case)s er sendt inn": "Kvittering: %(kind)s for %(case)s er send inn",
    "IMDi har godkjent %(kind)s for %(case)s": "IMDi har godkjent %(kind)s for %(case)s",
    "%(kind)s for sak %(case)s er sendt inn til IMDi.": "%(kind)s for sak %(case)s er send inn til IMDi.",
    "IMDi har godkjent %(kind)s for sak %(case)s.": "IMDi har godkjent %(kind)s for sak %(case)s.",
    "Norsk bokmål": "Norsk bokmål",
    "Norsk nynorsk": "Norsk nynorsk",
    "Bokmål": "Bokmål",
    "Nynorsk": "Nynorsk",
    "målform": "målform",
    "Brev, vedtak og e-post til organisasjonen skrives på denne målformen.": (
        "Brev, vedtak og e-post til organisasjonen blir skrivne på denne målforma."
    ),
    # --- second pass (i18n2): entries makemessages marked fuzzy, and new strings in the same areas
    "Signer og send tilskuddsbrev for sak %(case)s": "Signer og send tilskotsbrev for sak %(case)s",
    "Sorter": "Sorter",
    "sendt inn av": "send inn av",
    "tildeling": "tildeling",
    "tildelinger": "tildelingar",
    "Tilskuddet er avsluttet": "Tilskotet er avslutta",
    "id i saken": "id i saka",
    "utbetalinger forfalt": "utbetalingar som har forfalle",
    "utbetalinger frigitt": "utbetalingar frigjevne",
    "melding fra søkeren": "melding frå søkjaren",
    "Rollen er endret.": "Rolla er endra.",
    "Tilskuddsbrev (innvilgelse)": "Tilskotsbrev (innvilging)",
    "Velg": "Vel",
    "Velg sak %(case)s": "Vel sak %(case)s",
    "Forrige side": "Førre side",
    "Neste side": "Neste side",
    "Siste feil": "Siste feil",
    "ingen": "ingen",
    "Søk": "Søk",
    "Tildelte tilskudd": "Tildelte tilskot",
    "Tilskudd per år": "Tilskot per år",
    "Alle ordninger": "Alle ordningar",
    "Vis tilskudd": "Vis tilskot",
    "Nedlastinger": "Nedlastingar",
    "Oppgi «Integrerings- og mangfoldsdirektoratet (IMDi)» som kilde.": "Oppgi «Integrerings- og mangfaldsdirektoratet (IMDi)» som kjelde.",
    "Brukere i organisasjonen": "Brukarar i organisasjonen",
    "Ingenting ennå.": "Ingenting enno.",
    "Tilskudd til prosjektet": "Tilskot til prosjektet",
    "Send lenke": "Send lenkje",
    "Svar i portalen": "Svar i portalen",
    "Åpne tråden": "Opne tråden",
    "organisasjon": "organisasjon",
    "emne": "emne",
    "meldingstråd": "meldingstråd",
    "meldingstråder": "meldingstrådar",
    "melding": "melding",
    "internt notat": "internt notat",
    "meldinger": "meldingar",
    "vedlegg til melding": "vedlegg til melding",
    "vedlegg til meldinger": "vedlegg til meldingar",
    "Budsjettdisponenten har returnert vedtaksforslaget i sak %(case)s.": "Budsjettdisponenten har returnert vedtaksframlegget i sak %(case)s.",
    "Del": "Del",
    "Deltakerstønad": "Deltakarstønad",
    "Deltakerstønaden er høyst 1 G per deltaker per år og skal bare brukes til stønad til deltakerne. Tilskudd til prosjektet og deltakerstønad utbetales sammen i terminene nedenfor.": (
        "Deltakarstønaden er høgst 1 G per deltakar per år og skal berre brukast til stønad til deltakarane. "
        "Tilskot til prosjektet og deltakarstønad blir utbetalte saman i terminane nedanfor."
    ),
}
CONTEXT = {("side x av y", "av"): "av"}
PLURAL = {"%(n)s ulest": ["%(n)s ulesen", "%(n)s ulesne"]}


def _unquote(lines):
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', "\n".join(lines))).replace('\\"', '"')


def _quote(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _unfuzzy(line):
    """A flag line without "fuzzy" ("#, fuzzy, python-format" keeps python-format), None if empty."""
    if not line.startswith("#,"):
        return line
    flags = [flag.strip() for flag in line[2:].split(",") if flag.strip() != "fuzzy"]
    return "#, " + ", ".join(flags) if flags else None


def fill(path: Path) -> int:
    entries = path.read_text(encoding="utf-8").split("\n\n")
    filled = 0
    for index, entry in enumerate(entries):
        lines = entry.split("\n")
        ctx = next((_unquote([ln[8:]]) for ln in lines if ln.startswith("msgctxt ")), None)
        try:
            start = next(i for i, ln in enumerate(lines) if ln.startswith("msgid "))
        except StopIteration:
            continue
        end = next(i for i, ln in enumerate(lines) if ln.startswith(("msgstr", "msgid_plural")))
        msgid = _unquote([lines[start][6:]] + lines[start + 1 : end])
        if not msgid:
            continue
        head = lines[:end]
        if msgid in PLURAL:
            plural_at = end
            stop = next(i for i, ln in enumerate(lines) if ln.startswith("msgstr[0]"))
            forms = [f"msgstr[{n}] {_quote(text)}" for n, text in enumerate(PLURAL[msgid])]
            entries[index] = "\n".join(lines[:stop] + forms)
            del plural_at
            filled += 1
            continue
        text = CONTEXT.get((ctx, msgid)) if ctx else NN.get(msgid)
        if text is None:
            continue
        head = [_unfuzzy(ln) for ln in head if not ln.startswith("#|")]
        head = [ln for ln in head if ln is not None]
        entries[index] = "\n".join(head + [f"msgstr {_quote(text)}"])
        filled += 1
    path.write_text("\n\n".join(entries), encoding="utf-8")
    return filled


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parent / "LC_MESSAGES" / "django.po")
    print(fill(target), "entries translated")
