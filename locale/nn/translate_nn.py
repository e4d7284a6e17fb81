# ruff: noqa: E501 - translation pairs read best one per line
"""Fill the nynorsk catalogue (locale/nn/LC_MESSAGES/django.po) from the translations below.

Run after `manage.py makemessages -l nn`: it sets msgstr for the msgids listed here (the grant
letter, the portal's navigation and frame, the casework pages and notices) and leaves every
other entry as it is (an empty msgstr falls back to the bokmål source). Then compilemessages."""

import re
import sys
from pathlib import Path

NN = {
    # --- the organisation users page: refusing a join request (confirmation)
    "Begrunnelsen kan være høyst 500 tegn.": "Grunngivinga kan vere høgst 500 teikn.",
    "Avslå forespørselen?": "Avslå førespurnaden?",
    "Begrunnelse (valgfritt, høyst 500 tegn)": "Grunngiving (valfritt, høgst 500 teikn)",
    "Avslå forespørselen": "Avslå førespurnaden",
    "Personen får beskjed om at forespørselen er avslått, og må sende en ny forespørsel for å få tilgang.": "Personen får melding om at førespurnaden er avslått, og må sende ein ny førespurnad for å få tilgang.",
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
    # --- organisations' users, login and password reset, submitting and withdrawing, open data
    "Rolle": "Rolle",
    "Fullmakt (for godkjennere)": "Fullmakt (for godkjennarar)",
    "brukeradministrator": "brukaradministrator",
    "Avslå": "Avslå",
    "Enhetsregisteret svarer ikke akkurat nå. Prøv igjen om litt.": "Einingsregisteret svarar ikkje akkurat no. Prøv igjen om litt.",
    "Fant ikke organisasjonsnummeret i Enhetsregisteret.": "Fann ikkje organisasjonsnummeret i Einingsregisteret.",
    "%(name)s er ikke en kommune eller fylkeskommune i portalen.": "%(name)s er ikkje ein kommune eller fylkeskommune i portalen.",
    "Du er allerede bruker i %(org)s.": "Du er allereie brukar i %(org)s.",
    "Du har allerede bedt om tilgang til %(org)s.": "Du har allereie bede om tilgang til %(org)s.",
    "En godkjenner må ha en fullmakt. Skriv hvilken fullmakt hen har.": "Ein godkjennar må ha ei fullmakt. Skriv kva fullmakt hen har.",
    "Du administrerer ikke brukerne i denne organisasjonen.": "Du administrerer ikkje brukarane i denne organisasjonen.",
    "Brukeren er allerede deaktivert.": "Brukaren er allereie deaktivert.",
    "Forespørselen om tilgang til %(org)s er sendt. Du får beskjed når den er avgjort.": (
        "Førespurnaden om tilgang til %(org)s er send. Du får melding når han er avgjord."
    ),
    "Forespørselen er avslått.": "Førespurnaden er avslått.",
    "%(user)s er godkjent.": "%(user)s er godkjend.",
    "%(user)s er deaktivert.": "%(user)s er deaktivert.",
    "Du kan ikke endre din egen tilgang.": "Du kan ikkje endre din eigen tilgang.",
    "Deretter sperres innloggingen i %(minutes)s minutter.": "Deretter blir innlogginga sperra i %(minutes)s minutt.",
    "Du ble logget ut fordi du ikke hadde vært aktiv på %(minutes)s minutter. Logg inn igjen.": (
        "Du vart logga ut fordi du ikkje hadde vore aktiv på %(minutes)s minutt. Logg inn igjen."
    ),
    "Ingen forespørsler venter.": "Ingen førespurnader ventar.",
    "Til forsiden": "Til framsida",
    "Godkjenn og send inn søknaden?": "Godkjenne og sende inn søknaden?",
    "Du godkjenner søknaden på vegne av organisasjonen, og den sendes til IMDi med et saksnummer.": (
        "Du godkjenner søknaden på vegner av organisasjonen, og han blir send til IMDi med eit saksnummer."
    ),
    "Etter innsending kan ingen i organisasjonen endre søknaden. Den kan bare trekkes.": (
        "Etter innsending kan ingen i organisasjonen endre søknaden. Han kan berre trekkjast."
    ),
    "Alle brukerne i organisasjonen får en kvittering på e-post.": "Alle brukarane i organisasjonen får ei kvittering på e-post.",
    "Trekke søknaden?": "Trekkje søknaden?",
    "Søknaden blir ikke behandlet, og den kan ikke sendes inn igjen.": "Søknaden blir ikkje handsama, og han kan ikkje sendast inn igjen.",
    "Vil dere søke likevel, må dere lage en ny søknad før fristen.": "Vil de søkje likevel, må de lage ein ny søknad før fristen.",
    "Søknaden står som trukket i saksforløpet.": "Søknaden står som trekt i saksgangen.",
    "Samarbeidspartnere": "Samarbeidspartnarar",
    "Tilskuddsår": "Tilskotsår",
    "Tilskudd IMDi har tildelt kommuner og fylkeskommuner. Listen viser tilskudd der tilskuddsbrevet er sendt, ett tilskuddsår per linje.": (
        "Tilskot IMDi har tildelt kommunar og fylkeskommunar. Lista viser tilskot der tilskotsbrevet er send, "
        "eitt tilskotsår per linje."
    ),
    "Last ned dataene (360Giving JSON og CSV) eller bruk API-et": "Last ned dataa (360Giving JSON og CSV) eller bruk API-et",
    "Søk i tildelte tilskudd": "Søk i tildelte tilskot",
    "Søk etter mottaker eller prosjekttittel": "Søk etter mottakar eller prosjekttittel",
    "Alle år": "Alle år",
    "Alle områder": "Alle område",
    "Fylke": "Fylke",
    "Alle fylker": "Alle fylke",
    "Side %(number)s av %(pages)s": "Side %(number)s av %(pages)s",
    "Ingen tildelte tilskudd passer søket.": "Ingen tildelte tilskot passar til søket.",
    "Åpne data om tilskudd": "Opne data om tilskot",
    "De tildelte tilskuddene som åpne data etter 360Giving-standarden (versjon 1.4), lisensiert under Creative Commons Navngivelse 4.0 (CC BY 4.0). Filene lages på nytt hver natt.": (
        "Dei tildelte tilskota som opne data etter 360Giving-standarden (versjon 1.4), lisensierte under "
        "Creative Commons Namngjeving 4.0 (CC BY 4.0). Filene blir laga på nytt kvar natt."
    ),
    "360Giving JSON": "360Giving JSON",
    "360Giving JSON (ikke laget ennå)": "360Giving JSON (ikkje laga enno)",
    "360Giving CSV": "360Giving CSV",
    "360Giving CSV (ikke laget ennå)": "360Giving CSV (ikkje laga enno)",
    "Lisens:": "Lisens:",
    "API": "API",
    "Et åpent API med utlysninger og tildelte tilskudd, bare for lesing. Beskrivelsen i OpenAPI 3-format:": (
        "Eit ope API med utlysingar og tildelte tilskot, berre for lesing. Skildringa i OpenAPI 3-format:"
    ),
    "Hva dataene inneholder": "Kva dataa inneheld",
    "Én post per tilskuddsår for tilskudd der tilskuddsbrevet er sendt (sendt, akseptert eller avsluttet). Tilskudd mottakeren har takket nei til eller som har falt bort, er ikke med. Dataene inneholder ingen personopplysninger: ingen kontaktpersoner og ingen saksbehandlere.": (
        "Éin post per tilskotsår for tilskot der tilskotsbrevet er send (send, akseptert eller avslutta). "
        "Tilskot som mottakaren har takka nei til eller som har falle bort, er ikkje med. Dataa inneheld ingen "
        "personopplysningar: ingen kontaktpersonar og ingen saksbehandlarar."
    ),
    "Be om tilgang til en organisasjon": "Be om tilgang til ein organisasjon",
    "Skriv organisasjonsnummeret til kommunen eller fylkeskommunen du jobber for. Vi slår det opp i Enhetsregisteret. Organisasjonens brukeradministrator godkjenner forespørselen; er du den første brukeren, godkjenner IMDi den, og du blir brukeradministrator.": (
        "Skriv organisasjonsnummeret til kommunen eller fylkeskommunen du jobbar for. Vi slår det opp i "
        "Einingsregisteret. Brukaradministratoren i organisasjonen godkjenner førespurnaden; er du den første "
        "brukaren, godkjenner IMDi han, og du blir brukaradministrator."
    ),
    "Send forespørsel": "Send førespurnad",
    "Dine forespørsler": "Førespurnadene dine",
    "Brukere": "Brukarar",
    "Forespørsler som venter": "Førespurnader som ventar",
    "Navn": "Namn",
    "Endre": "Endre",
    "Aktiv": "Aktiv",
    "Deaktivert": "Deaktivert",
    "Fullmakt": "Fullmakt",
    "Lagre rolle": "Lagre rolle",
    "Deaktiver": "Deaktiver",
    "Hvem gjorde hva": "Kven gjorde kva",
    "For mange mislykkede innlogginger": "For mange mislukka innloggingar",
    "Sperren oppheves kl. %(time)s (%(day)s).": "Sperra blir oppheva kl. %(time)s (%(day)s).",
    "Prøv igjen senere.": "Prøv igjen seinare.",
    "Haster det, kontakt organisasjonens brukeradministrator, eller IMDi på tuki@imdi.no.": (
        "Hastar det, kontakt brukaradministratoren i organisasjonen, eller IMDi på tuki@imdi.no."
    ),
    "For saksbehandlere og godkjennere i kommuner og fylkeskommuner, og for ansatte i IMDi.": (
        "For saksbehandlarar og godkjennarar i kommunar og fylkeskommunar, og for tilsette i IMDi."
    ),
    "Glemt passordet?": "Gløymt passordet?",
    "Mangler du bruker? Kontakt organisasjonens brukeradministrator, eller IMDi på tuki@imdi.no.": (
        "Manglar du brukar? Kontakt brukaradministratoren i organisasjonen, eller IMDi på tuki@imdi.no."
    ),
    "Passordet er endret": "Passordet er endra",
    "Du kan nå logge inn med det nye passordet.": "Du kan no logge inn med det nye passordet.",
    "Lag nytt passord": "Lag nytt passord",
    "Lagre nytt passord": "Lagre nytt passord",
    "Lenken virker ikke lenger: den er brukt eller utløpt.": "Lenkja verkar ikkje lenger: ho er brukt eller har gått ut.",
    "Be om en ny lenke": "Be om ei ny lenkje",
    "Sjekk e-posten din": "Sjekk e-posten din",
    "Finnes det en aktiv bruker med denne e-postadressen, har vi sendt en lenke for å lage nytt passord. Lenken virker i tre timer og kan brukes én gang.": (
        "Finst det ein aktiv brukar med denne e-postadressa, har vi sendt ei lenkje for å lage nytt passord. "
        "Lenkja verkar i tre timar og kan brukast éin gong."
    ),
    "Får du ingen e-post, sjekk søppelposten, eller kontakt organisasjonens brukeradministrator.": (
        "Får du ingen e-post, sjekk søppelposten, eller kontakt brukaradministratoren i organisasjonen."
    ),
    "Til innlogging": "Til innlogging",
    "Hei,": "Hei,",
    "Noen har bedt om å lage nytt passord for brukeren %(username)s i IMDi tilskuddsportal.": (
        "Nokon har bede om å lage nytt passord for brukaren %(username)s i IMDi tilskotsportal."
    ),
    "Åpne lenken for å lage et nytt passord (den virker i tre timer og kan brukes én gang):": (
        "Opne lenkja for å lage eit nytt passord (ho verkar i tre timar og kan brukast éin gong):"
    ),
    "Har du ikke bedt om dette, kan du se bort fra e-posten. Passordet ditt er ikke endret.": (
        "Har du ikkje bede om dette, kan du sjå bort frå e-posten. Passordet ditt er ikkje endra."
    ),
    "Hilsen IMDi": "Helsing IMDi",
    "Glemt passord": "Gløymt passord",
    "Skriv inn e-postadressen som er registrert på brukeren din. Vi sender en lenke du kan bruke til å lage et nytt passord.": (
        "Skriv inn e-postadressa som er registrert på brukaren din. Vi sender ei lenkje du kan bruke til å lage "
        "eit nytt passord."
    ),
    "Tilbake til innlogging": "Tilbake til innlogging",
    "Nytt passord til IMDi tilskuddsportal": "Nytt passord til IMDi tilskotsportal",
    # --- sign-in through ID-porten and the join notices (issue 14)
    "Logg inn med ID-porten": "Logg inn med ID-porten",
    "Eller logg inn med brukernavn og passord": "Eller logg inn med brukarnamn og passord",
    "Fornavn": "Førenamn",
    "Etternavn": "Etternamn",
    "E-postadresse": "E-postadresse",
    "Hit sender vi beskjed når forespørselen er avgjort.": "Hit sender vi melding når førespurnaden er avgjord.",
    "Skriv fornavnet ditt.": "Skriv førenamnet ditt.",
    "Skriv etternavnet ditt.": "Skriv etternamnet ditt.",
    "Innloggingen hadde for lavt sikkerhetsnivå. Logg inn med MinID, BankID, Buypass eller Commfides på nivå betydelig eller høyt.": "Innlogginga hadde for lågt tryggleiksnivå. Logg inn med MinID, BankID, Buypass eller Commfides på nivå betydeleg eller høgt.",
    "Innloggingen kunne ikke fullføres. Start innloggingen på nytt.": "Innlogginga kunne ikkje fullførast. Start innlogginga på nytt.",
    "Forespørsel om tilgang til %(org)s": "Førespurnad om tilgang til %(org)s",
    "Du har fått tilgang til %(org)s": "Du har fått tilgang til %(org)s",
    "Forespørselen om tilgang til %(org)s er avslått": "Førespurnaden om tilgang til %(org)s er avslått",
    "Du har fått tilgang til %(org)s i tilskuddsportalen.": "Du har fått tilgang til %(org)s i tilskotsportalen.",
    "Du er den første brukeren og er nå brukeradministrator: du godkjenner forespørsler fra kollegaene dine.": "Du er den første brukaren og er no brukaradministrator: du godkjenner førespurnader frå kollegaene dine.",
    "Forespørselen din om tilgang til %(org)s i tilskuddsportalen er avslått.": "Førespurnaden din om tilgang til %(org)s i tilskotsportalen er avslått.",
    "Begrunnelse:": "Grunngiving:",
    "Spørsmål? Kontakt organisasjonens brukeradministrator, eller IMDi på tuki@imdi.no.": "Spørsmål? Kontakt brukaradministratoren i organisasjonen, eller IMDi på tuki@imdi.no.",
    # --- requests for more information (applications/views/information.py, its e-mails)
    "Mer informasjon bedt om": "Meir informasjon bedd om",
    "Svar til godkjenning": "Svar til godkjenning",
    "Mer informasjon til IMDi": "Meir informasjon til IMDi",
    "Tilbake til søknaden": "Tilbake til søknaden",
    "IMDi ber om mer informasjon:": "IMDi ber om meir informasjon:",
    "Deler av søknaden:": "Delar av søknaden:",
    "Svarfrist:": "Svarfrist:",
    "Svar fra kommunen:": "Svar frå kommunen:",
    "Svaret ble sendt til IMDi %(date)s. Saken er tilbake til vurdering.": "Svaret vart sendt til IMDi %(date)s. Saka er tilbake til vurdering.",
    "Endre disse delene av søknaden": "Endre desse delane av søknaden",
    "Hva som er endret": "Kva som er endra",
    "Endringer så langt": "Endringar så langt",
    "ingen endringer": "ingen endringar",
    "Felt": "Felt",
    "Før": "Før",
    "Nå": "No",
    "(endret)": "(endra)",
    "Send svaret til godkjenning": "Send svaret til godkjenning",
    "Godkjenn og send svaret til IMDi": "Godkjenn og send svaret til IMDi",
    "Send svaret tilbake til saksbehandler": "Send svaret tilbake til sakshandsamar",
    "Godkjenne og sende svaret til IMDi?": "Godkjenne og sende svaret til IMDi?",
    "Du godkjenner endringene og svaret på vegne av organisasjonen, og IMDi får dem.": "Du godkjenner endringane og svaret på vegner av organisasjonen, og IMDi får dei.",
    "Søknaden stenges igjen for endringer, og saken går tilbake til vurdering.": "Søknaden vert stengd for endringar igjen, og saka går tilbake til vurdering.",
    "Svar til IMDi": "Svar til IMDi",
    "Forklar hva dere har endret. Svaret går til godkjenner før det sendes til IMDi.": "Forklar kva de har endra. Svaret går til godkjennaren før det vert sendt til IMDi.",
    "Skriv et svar til IMDi.": "Skriv eit svar til IMDi.",
    "Svaret er for langt (høyst %(max)s tegn).": "Svaret er for langt (høgst %(max)s teikn).",
    "Svaret er sendt til godkjenner.": "Svaret er sendt til godkjennaren.",
    "Svaret er sendt tilbake til saksbehandler.": "Svaret er sendt tilbake til sakshandsamaren.",
    "Svaret er godkjent og sendt til IMDi. Saken er tilbake til vurdering.": "Svaret er godkjent og sendt til IMDi. Saka er tilbake til vurdering.",
    "Det er ikke noe svar du kan godkjenne i denne saken.": "Det er ikkje noko svar du kan godkjenne i denne saka.",
    "Endringen er lagret.": "Endringa er lagra.",
    "Lagre": "Lagre",
    "IMDi ba om mer informasjon": "IMDi bad om meir informasjon",
    "Svar til IMDi sendt til godkjenning": "Svar til IMDi sendt til godkjenning",
    "Svar til IMDi sendt tilbake til saksbehandler": "Svar til IMDi sendt tilbake til sakshandsamar",
    "Svar godkjent og søknaden sendt inn på nytt": "Svar godkjent og søknaden sendt inn på nytt",
    "Påminnelse om svar til IMDi sendt": "Påminning om svar til IMDi sendt",
    "IMDi ber om mer informasjon i sak %(case)s": "IMDi ber om meir informasjon i sak %(case)s",
    "IMDi ber om mer informasjon i sak %(case)s («%(title)s»).": "IMDi ber om meir informasjon i sak %(case)s («%(title)s»).",
    "Disse delene av søknaden er åpnet for endring:": "Desse delane av søknaden er opna for endring:",
    "Svarfrist: %(date)s.": "Svarfrist: %(date)s.",
    "Svar til IMDi til godkjenning i sak %(case)s": "Svar til IMDi til godkjenning i sak %(case)s",
    "Svaret til IMDi i sak %(case)s («%(title)s») venter på din godkjenning.": "Svaret til IMDi i sak %(case)s («%(title)s») ventar på godkjenninga di.",
    "Svaret til IMDi er sendt tilbake til deg (sak %(case)s)": "Svaret til IMDi er sendt tilbake til deg (sak %(case)s)",
    "Godkjenner har sendt svaret til IMDi i sak %(case)s tilbake til deg.": "Godkjennaren har sendt svaret til IMDi i sak %(case)s tilbake til deg.",
    "Påminnelse: IMDi venter på svar i sak %(case)s": "Påminning: IMDi ventar på svar i sak %(case)s",
    "Påminnelse: IMDi venter på svar i sak %(case)s innen %(date)s.": "Påminning: IMDi ventar på svar i sak %(case)s innan %(date)s.",
    # --- requests about an awarded grant (casework/views_grant_requests.py, the letter, e-mails)
    "Svar på ønske om endring – sak %(case)s": "Svar på ynske om endring – sak %(case)s",
    "Svar på ønske om endring: %(kind)s": "Svar på ynske om endring: %(kind)s",
    "Vi viser til ønsket dere sendte %(date)s om endring i tilskuddet for %(year)s.": "Vi viser til ynsket de sende %(date)s om endring i tilskotet for %(year)s.",
    "Begrunnelse fra dere:": "Grunngiving frå dykk:",
    "IMDis avgjørelse": "Avgjerda til IMDi",
    "IMDi godkjenner endringen. Den gjelder fra datoen for dette brevet.": "IMDi godkjenner endringa. Ho gjeld frå datoen for dette brevet.",
    "IMDi godkjenner ikke endringen. Vilkårene i tilskuddsbrevet gjelder uendret.": "IMDi godkjenner ikkje endringa. Vilkåra i tilskotsbrevet gjeld uendra.",
    "Vår referanse:": "Vår referanse:",
    "Gjelder": "Gjeld",
    "Ønsket": "Ynskt",
    "Endringer og fristforlengelser": "Endringar og fristforlengingar",
    "Endringer i budsjett, periode, prosjektleder eller samarbeidskommuner krever skriftlig samtykke fra IMDi. Her ber dere om endringer og lengre frister, og ser IMDis svar.": "Endringar i budsjett, periode, prosjektleiar eller samarbeidskommunar krev skriftleg samtykke frå IMDi. Her ber de om endringar og lengre fristar, og ser svaret frå IMDi.",
    "Be om endring": "Be om endring",
    "Be om endring: %(kind)s": "Be om endring: %(kind)s",
    "Be om endring eller lengre frist": "Be om endring eller lengre frist",
    "Ønsker": "Ynske",
    "Ingen ønsker ennå.": "Ingen ynske enno.",
    "Send til IMDi": "Send til IMDi",
    "Begrunnelse": "Grunngiving",
    "Last ned brevet (PDF)": "Last ned brevet (PDF)",
    "Ønsket er sendt til IMDi.": "Ynsket er sendt til IMDi.",
    "Budsjettlinjer": "Budsjettliner",
    "Prosjektperiode": "Prosjektperiode",
    "Prosjektleder": "Prosjektleiar",
    "Samarbeidskommuner": "Samarbeidskommunar",
    "Frist for rapport": "Frist for rapport",
    "Til behandling": "Til handsaming",
    "Ny frist": "Ny frist",
    "Ny prosjektleder": "Ny prosjektleiar",
    "IMDi har svart på ønsket om endring i sak %(case)s: %(kind)s": "IMDi har svart på ynsket om endring i sak %(case)s: %(kind)s",
    "IMDi har behandlet ønsket om endring i sak %(case)s (%(kind)s): %(status)s.": "IMDi har handsama ynsket om endring i sak %(case)s (%(kind)s): %(status)s.",
    "Brevet er vedlagt og ligger i portalen.": "Brevet er vedlagt og ligg i portalen.",
    # --- the daily digest (casework Varsler page, core/email/digest.txt)
    "Hvordan vil du få varsler?": "Korleis vil du få varsel?",
    "Velg hvordan du vil få varsler.": "Vel korleis du vil få varsel.",
    "Valget ditt for varsler er lagret.": "Valet ditt for varsel er lagra.",
    "Straks, ett varsel per e-post": "Med ein gong, eitt varsel per e-post",
    "Samlet i ett daglig varsel": "Samla i eitt dagleg varsel",
    "Daglig samlevarsel": "Dagleg samlevarsel",
    "Lagre valget": "Lagre valet",
    "i samlevarsel": "i samlevarsel",
    "Venter på dagens samlevarsel": "Ventar på dagens samlevarsel",
    # --- a reaction's due process: the notices and pages the municipality sees (issue 12 item 5)
    "Forhåndsvarsel om %(kind)s i sak %(case)s": "Førehandsvarsel om %(kind)s i sak %(case)s",
    "Vedtak om %(kind)s i sak %(case)s": "Vedtak om %(kind)s i sak %(case)s",
    "Klagen på vedtak om %(kind)s i sak %(case)s er oversendt klageinstansen": "Klaga på vedtak om %(kind)s i sak %(case)s er send over til klageinstansen",
    "IMDi varsler at vi vurderer %(kind)s i sak %(case)s (forhåndsvarsel etter forvaltningsloven § 16).": "IMDi varslar at vi vurderer %(kind)s i sak %(case)s (førehandsvarsel etter forvaltningslova § 16).",
    "Beløp:": "Beløp:",
    "Grunnlag:": "Grunnlag:",
    "Dere kan uttale dere innen %(deadline)s. Svar i tilskuddsportalen på siden for tilskuddet:": "De kan uttale dykk innan %(deadline)s. Svar i tilskotsportalen på sida for tilskotet:",
    "IMDi har fattet vedtak om %(kind)s i sak %(case)s. Vedtaksbrevet er vedlagt.": "IMDi har gjort vedtak om %(kind)s i sak %(case)s. Vedtaksbrevet ligg ved.",
    "Dere kan klage på vedtaket innen %(deadline)s. Klagen registreres i tilskuddsportalen:": "De kan klage på vedtaket innan %(deadline)s. Klaga blir registrert i tilskotsportalen:",
    "IMDi har vurdert klagen på vedtaket i sak %(case)s, opprettholder vedtaket og har sendt klagen til Arbeids- og inkluderingsdepartementet, som er klageinstans.": "IMDi har vurdert klaga på vedtaket i sak %(case)s, held fast på vedtaket og har sendt klaga til Arbeids- og inkluderingsdepartementet, som er klageinstans.",
    "Tilbakeholdelse": "Tilbakehalding",
    "Tilbakebetalingskrav": "Krav om tilbakebetaling",
    "Stans av senere prosjektår": "Stans av seinare prosjektår",
    "Merknader til forhåndsvarselet": "Merknader til førehandsvarselet",
    "Send merknadene": "Send merknadene",
    "Send klagen": "Send klaga",
    "Klag på vedtaket": "Klag på vedtaket",
    "Send merknader til varselet": "Send merknader til varselet",
    "Merknadene er sendt til IMDi.": "Merknadene er sende til IMDi.",
    "Klagen er registrert og sendt til IMDi.": "Klaga er registrert og send til IMDi.",
    "Frist for merknader": "Frist for merknader",
    "Forhåndsvarsel sendt": "Førehandsvarsel sendt",
    "Klagefrist": "Klagefrist",
    "Tilbake til saken": "Tilbake til saka",
    # --- fuzzy entries fixed and the appeal against a dismissal (issue 15 items 4 and 6)
    "Forespørsel om tilgang mottatt": "Førespurnad om tilgang motteken",
    "ID-porten": "ID-porten",
    "første innlogging": "første innlogging",
    "siste innlogging": "siste innlogging",
    "%(provider)s svarer ikke akkurat nå. Prøv igjen om litt.": "%(provider)s svarar ikkje akkurat no. Prøv igjen om litt.",
    "%(person)s ber om tilgang til %(org)s.": "%(person)s ber om tilgang til %(org)s.",
    "Melding fra søkeren:": "Melding frå søkjaren:",
    "Mer informasjon i sak %(case)s": "Meir informasjon i sak %(case)s",
    "Ukjent del av søknaden.": "Ukjend del av søknaden.",
    "Svarfrist": "Svarfrist",
    "Skriv en svarfrist.": "Skriv ein svarfrist.",
    "Skriv en gyldig dato.": "Skriv ein gyldig dato.",
    "sendt inn på nytt": "send inn på nytt",
    "forespørsel om mer informasjon": "førespurnad om meir informasjon",
    "forespørsler om mer informasjon": "førespurnader om meir informasjon",
    "Teksten er for lang (høyst %(max)s tegn).": "Teksten er for lang (høgst %(max)s teikn).",
    "Skriv en gyldig svarfrist.": "Skriv ein gyldig svarfrist.",
    "Kommentaren er for lang (høyst %(max)s tegn).": "Kommentaren er for lang (høgst %(max)s teikn).",
    "Søknaden er ikke fullstendig: %(problems)s": "Søknaden er ikkje fullstendig: %(problems)s",
    "endringsønsker": "endringsønske",
    "%(org)s ber om endring i sak %(case)s: %(kind)s": "%(org)s ber om endring i sak %(case)s: %(kind)s",
    "Skriv en gyldig ny frist.": "Skriv ein gyldig ny frist.",
    "Fristen kan forlenges med høyst %(days)s dager.": "Fristen kan forlengjast med høgst %(days)s dagar.",
    "Begrunnelsen er for lang (høyst %(max)s tegn).": "Grunngivinga er for lang (høgst %(max)s teikn).",
    "Dette tilskuddet kan ikke endres i portalen.": "Dette tilskotet kan ikkje endrast i portalen.",
    "Tilskuddet venter ikke på aksept.": "Tilskotet ventar ikkje på aksept.",
    "Prosjektstart": "Prosjektstart",
    "Prosjektslutt": "Prosjektslutt",
    "Ønske om endring sendt til IMDi": "Ønske om endring sendt til IMDi",
    "Ønske om endring i tilskudd": "Ønske om endring i tilskot",
    "samlevarsler sendt": "samlevarsel sende",
    "Sendt inn på nytt %(date)s.": "Send inn på nytt %(date)s.",
    "%(org)s ber om endring i sak %(case)s: %(kind)s.": "%(org)s ber om endring i sak %(case)s: %(kind)s.",
    "sak": "sak",
    "Ingen rapporter ennå.": "Ingen rapportar enno.",
    "tilskudd for året": "tilskot for året",
    "Send forslaget tilbake til rådgiver": "Send forslaget tilbake til rådgivaren",
    "Ny deltakerstønad (kr)": "Ny deltakarstønad (kr)",
    "foreslått deltakerstønad": "føreslått deltakarstønad",
    "Utbetalinger gjenstår": "Utbetalingar står att",
    "Tilskuddet kan ikke avsluttes ennå: %(stage)s.": "Tilskotet kan ikkje avsluttast enno: %(stage)s.",
    "Tilskuddet er avsluttet.": "Tilskotet er avslutta.",
    "bundet i utlysningen": "bunde i utlysinga",
    "Alle år i prosjektet": "Alle år i prosjektet",
    "Tilskudd og bundne beløp per år": "Tilskot og bundne beløp per år",
    "denne siden": "denne sida",
    "Utbetalinger som gjenstår": "Utbetalingar som står att",
    "Ubrukt av tilskuddet": "Ubrukt av tilskotet",
    "Avslutt tilskudd %(case)s": "Avslutt tilskot %(case)s",
    "Avslutt tilskudd – sak %(case)s": "Avslutt tilskot – sak %(case)s",
    "Tilskudd med godkjent sluttregnskap": "Tilskot med godkjent sluttrekneskap",
    "Brukt": "Brukt",
    "Del av utbetaling skilt ut": "Del av utbetaling skild ut",
    "frist for merknader": "frist for merknader",
    "utbetaling som holdes": "utbetaling som blir halden att",
    "Henlegg saken": "Legg bort saka",
    "Merknader til forhåndsvarsel om %(kind)s i sak %(case)s": "Merknader til førehandsvarsel om %(kind)s i sak %(case)s",
    "Klage på vedtak om %(kind)s i sak %(case)s": "Klage på vedtak om %(kind)s i sak %(case)s",
    "Teksten er for lang (høyst %(n)s tegn).": "Teksten er for lang (høgst %(n)s teikn).",
    "Du kan ikke svare på dette varselet.": "Du kan ikkje svare på dette varselet.",
    "Tilbakeholdelsen er allerede avsluttet.": "Tilbakehaldinga er allereie avslutta.",
    "Tilbakeholdelsen er avsluttet.": "Tilbakehaldinga er avslutta.",
    "Periode fra": "Periode frå",
    "Periode til": "Periode til",
    "Rapporteringsplikter": "Rapporteringsplikter",
    "%(kind)s i sak %(case)s": "%(kind)s i sak %(case)s",
    "Utbetalinger og reaksjoner": "Utbetalingar og reaksjonar",
    "Vedtak sendt": "Vedtak sendt",
    "etter fristen": "etter fristen",
    "Avslutt": "Avslutt",
    "Send forhåndsvarsel": "Send førehandsvarsel",
    "Vurderingen av %(case)s er lagret.": "Vurderinga av %(case)s er lagra.",
    "Vurder søknad %(case)s": "Vurder søknad %(case)s",
    "Søkeren (kommunen eller fylkeskommunen) du er inhabil overfor.": "Søkjaren (kommunen eller fylkeskommunen) du er inhabil overfor.",
    "saksbehandler": "sakshandsamar",
    "Spredning": "Spreiing",
    "Antall vurderinger": "Tal på vurderingar",
    "Senere år 1: tilskudd": "Seinare år 1: tilskot",
    "Senere år 1: deltakerstønad": "Seinare år 1: deltakarstønad",
    "Senere år 2: tilskudd": "Seinare år 2: tilskot",
    "Senere år 2: deltakerstønad": "Seinare år 2: deltakarstønad",
    "Endre og send på nytt": "Endre og send på nytt",
    "Søknaden hører ikke til denne utlysningen.": "Søknaden høyrer ikkje til denne utlysinga.",
    "Bare budsjettdisponenter i IMDi kan returnere forslag.": "Berre budsjettdisponentar i IMDi kan returnere forslag.",
    "Flerårige": "Fleirårige",
    "Deltakere planlagt": "Deltakarar planlagde",
    "Per tilskuddsordning": "Per tilskotsordning",
    "Per utlysning": "Per utlysing",
    "Per fylke": "Per fylke",
    "Uten fylke": "Utan fylke",
    "bankens meldingsid": "meldings-ID-en til banken",
    "registrert feilet": "registrert som feila",
    "Bunten venter ikke på godkjenning.": "Bunten ventar ikkje på godkjenning.",
    "Rapport skal leveres": "Rapport skal leverast",
    "Rapport er forfalt": "Rapporten har forfalle",
    "Rapport sendt tilbake til dere": "Rapport send tilbake til dykk",
    "Tilskuddsbrev venter på aksept": "Tilskotsbrev ventar på aksept",
    "Søknad sendt tilbake av godkjenner": "Søknad send tilbake av godkjennar",
    "veiledning": "rettleiing",
    "Søknaden": "Søknaden",
    "Du kan ikke vurdere denne søknaden.": "Du kan ikkje vurdere denne søknaden.",
    "Lagre vurderingen": "Lagre vurderinga",
    "Budsjettdisponentens kommentar": "Kommentaren frå budsjettdisponenten",
    "Send forslaget på nytt": "Send forslaget på nytt",
    "Last ned rangeringen (XLSX)": "Last ned rangeringa (XLSX)",
    "Foreslått tilskudd for %(case)s": "Føreslått tilskot for %(case)s",
    "Søk i søknadene": "Søk i søknadene",
    "Ingen søknader passer med søket.": "Ingen søknader passar med søket.",
    "Antall utbetalinger": "Tal på utbetalingar",
    "Ikke godkjent ennå": "Ikkje godkjent enno",
    "Bunten venter på godkjenning.": "Bunten ventar på godkjenning.",
    "Bankens melding": "Meldinga frå banken",
    "Søkt og tildelt beløp": "Søkt og tildelt beløp",
    "Grunnlag: tilskuddsår.": "Grunnlag: tilskotsår.",
    "Grunnlag: utbetalingsdato.": "Grunnlag: utbetalingsdato.",
    "fristen gikk ut %(day)s": "fristen gjekk ut %(day)s",
    "frist %(day)s": "frist %(day)s",
    "Ingenting haster akkurat nå.": "Ingenting hastar akkurat no.",
    "Tall": "Tal",
    "Klage": "Klage",
    "Klage: hva dere mener er feil, og hvorfor": "Klage: kva de meiner er feil, og kvifor",
    "Klage mottatt": "Klage motteken",
    "Klagefristen gikk ut %(d)s. Ta kontakt med IMDi (forvaltningsloven § 31).": "Klagefristen gjekk ut %(d)s. Ta kontakt med IMDi (forvaltningslova § 31).",
    "Skriv klagen: hva dere mener er feil, og hvorfor.": "Skriv klaga: kva de meiner er feil, og kvifor.",
    "Det er allerede klaget på dette vedtaket.": "Det er allereie klaga på dette vedtaket.",
    "Bare godkjenner (direktør eller ansatt med fullmakt) kan klage på vedtaket.": "Berre godkjennar (direktør eller tilsett med fullmakt) kan klage på vedtaket.",
    "Bare vedtak om avvisning kan påklages (det er ikke klagerett på tildeling eller avslag).": "Berre vedtak om avvising kan påklagast (det er ikkje klagerett på tildeling eller avslag).",
    "Søker": "Søkjar",
    "Vedtaksdato": "Vedtaksdato",
    "Last ned vedtaksbrevet (PDF)": "Last ned vedtaksbrevet (PDF)",
    "Tilbake til vedtak": "Tilbake til vedtak",
    "%(outcome)s i sak %(case)s": "%(outcome)s i sak %(case)s",
    "%(days)s dager fra dere mottok vedtaket": "%(days)s dagar frå de fekk vedtaket",
    "Det er ikke klagerett på avslag på søknad om tilskudd.": "Det er ikkje klagerett på avslag på søknad om tilskot.",
    "Avvisning": "Avvising",
    "Avslag": "Avslag",
    "klageinstans": "klageinstans",
    "omgjøring": "omgjering",
    "Omgjør avvisningen (søknaden vurderes på nytt)": "Gjer om avvisinga (søknaden blir vurdert på nytt)",
    "Avvisningen er omgjort. Søknaden er tilbake til vurdering.": "Avvisinga er gjort om. Søknaden er tilbake til vurdering.",
    "Omgjør avvisningen i sak %(case)s": "Gjer om avvisinga i sak %(case)s",
    "Vedtaket om avvisning blir omgjort, og søknaden går tilbake til vurdering.": "Vedtaket om avvising blir gjort om, og søknaden går tilbake til vurdering.",
    "Søknaden får et nytt vedtak, som en budsjettdisponent godkjenner som vanlig.": "Søknaden får eit nytt vedtak, som ein budsjettdisponent godkjenner som vanleg.",
    "%(org)s får beskjed om omgjøringen og begrunnelsen.": "%(org)s får melding om omgjeringa og grunngivinga.",
    "Høyst %(n)s filer: PDF, DOCX, XLSX, ODT, ODS, PNG eller JPEG.": "Høgst %(n)s filer: PDF, DOCX, XLSX, ODT, ODS, PNG eller JPEG.",
    "Hvorfor avvisningen omgjøres": "Kvifor avvisinga blir gjord om",
    "Omgjort etter klage": "Gjort om etter klage",
    "oversendt klageinstansen": "send over til klageinstansen",
    "sendt i portalen": "sendt i portalen",
    "omgjort": "gjort om",
    "Vedtaket er omgjort": "Vedtaket er gjort om",
    "Til behandling i IMDi": "Til handsaming i IMDi",
    "vedlegg til klage": "vedlegg til klage",
    "vedlegg til klager": "vedlegg til klager",
    "Klage på avvisning i sak %(case)s": "Klage på avvising i sak %(case)s",
    "Klagen i sak %(case)s er oversendt klageinstansen": "Klaga i sak %(case)s er send over til klageinstansen",
    "IMDi har omgjort avvisningen i sak %(case)s": "IMDi har gjort om avvisinga i sak %(case)s",
    "Legg ved høyst %(n)s filer.": "Legg ved høgst %(n)s filer.",
    "Klagen er allerede oversendt klageinstansen.": "Klaga er allereie send over til klageinstansen.",
    "Vedtaket er allerede omgjort.": "Vedtaket er allereie gjort om.",
    "Skriv hvorfor avvisningen omgjøres.": "Skriv kvifor avvisinga blir gjord om.",
    "Klage på avvisning mottatt i portalen": "Klage på avvising motteken i portalen",
    "Avvisningen er omgjort etter klage": "Avvisinga er gjord om etter klage",
    "Søknaden vurderes på nytt etter klage": "Søknaden blir vurdert på nytt etter klage",
    "Klage på vedtak om avvisning": "Klage på vedtak om avvising",
    "Klageinstansen rundskrivet oppgir (forvaltningsloven § 28).": "Klageinstansen rundskrivet oppgjev (forvaltningslova § 28).",
    "Omgjør avvisningen": "Gjer om avvisinga",
    "Tilbake til klagen": "Tilbake til klaga",
    "Klagefristen er %(deadline)s. IMDi vurderer klagen og sender den til %(body)s, som er klageinstans, hvis vedtaket blir stående.": "Klagefristen er %(deadline)s. IMDi vurderer klaga og sender ho til %(body)s, som er klageinstans, dersom vedtaket blir ståande.",
    "Sende klagen til IMDi? Den kan ikke endres etterpå.": "Sende klaga til IMDi? Ho kan ikkje endrast etterpå.",
    "Det kan ikke klages på vedtaket her: klagefristen er ute, eller det er allerede klaget. Ta kontakt med IMDi.": "Det kan ikkje klagast på vedtaket her: klagefristen er ute, eller det er allereie klaga. Ta kontakt med IMDi.",
    "Tilbake til vedtaket": "Tilbake til vedtaket",
    "Klagen sendes til IMDi. %(body)s er klageinstans.": "Klaga blir send til IMDi. %(body)s er klageinstans.",
    "Klage mottatt %(on)s.": "Klage motteken %(on)s.",
    "Klagefristen er ute. Ta kontakt med IMDi hvis dere mener det er grunn til å behandle en klage likevel.": "Klagefristen er ute. Ta kontakt med IMDi dersom de meiner det er grunn til å handsame ei klage likevel.",
    "IMDi har vurdert klagen på avvisningen i sak %(case)s, opprettholder vedtaket og har sendt klagen til %(body)s, som er klageinstans.": "IMDi har vurdert klaga på avvisinga i sak %(case)s, held fast på vedtaket og har sendt klaga til %(body)s, som er klageinstans.",
    "%(org)s har klaget på avvisningen i sak %(case)s.": "%(org)s har klaga på avvisinga i sak %(case)s.",
    "IMDi har tatt klagen på avvisningen i sak %(case)s til følge og omgjort vedtaket. Søknaden blir vurdert på nytt.": "IMDi har teke klaga på avvisinga i sak %(case)s til følgje og gjort om vedtaket. Søknaden blir vurdert på nytt.",
}
CONTEXT = {("side x av y", "av"): "av"}
PLURAL = {
    "%(n)s ulest": ["%(n)s ulesen", "%(n)s ulesne"],
    "Du har %(left)s forsøk igjen.": ["Du har %(left)s forsøk igjen.", "Du har %(left)s forsøk igjen."],
    "%(counter)s tilskudd, til sammen %(total)s.": [
        "%(counter)s tilskot, til saman %(total)s.",
        "%(counter)s tilskot, til saman %(total)s.",
    ],
    "Innlogging er midlertidig sperret for denne brukeren etter %(limit)s forsøk med feil passord.": [
        "Innlogging er mellombels sperra for denne brukaren etter %(limit)s forsøk med feil passord.",
        "Innlogging er mellombels sperra for denne brukaren etter %(limit)s forsøk med feil passord.",
    ],
}


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
