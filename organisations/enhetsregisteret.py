"""A client for Enhetsregisteret's open API (Brønnøysundregistrene): an organisation's name,
organisation form and municipality number by organisation number.

    GET {ENHETSREGISTERET_URL}/enheter/{orgnr}  → 200 JSON, 404 unknown, 410 deleted

Every call has a timeout (ENHETSREGISTERET_TIMEOUT seconds) and answers are cached (found for a
day, unknown for ten minutes); a timeout or a server error is not cached and raises
EnhetsregisteretUnavailable, so the page can say "try again later" instead of "not found"."""

import json
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass

from django.conf import settings
from django.core.cache import cache
from stdnum.no import orgnr as orgnr_check

FOUND_TTL = 24 * 60 * 60
UNKNOWN_TTL = 10 * 60
_UNKNOWN = "unknown"


class EnhetsregisteretUnavailable(Exception):
    """The register did not answer in time or answered with an error."""


@dataclass(frozen=True)
class Entity:
    org_number: str
    name: str
    organisation_form: str  # the code: KOMM, FYLK, ORGL …
    organisation_form_text: str
    municipality_number: str
    deleted: bool = False


def _base_url() -> str:
    return getattr(settings, "ENHETSREGISTERET_URL", "https://data.brreg.no/enhetsregisteret/api").rstrip("/")


def _timeout() -> float:
    return float(getattr(settings, "ENHETSREGISTERET_TIMEOUT", 3.0))


def _entity_from(data: dict) -> Entity:
    form = data.get("organisasjonsform") or {}
    address = data.get("forretningsadresse") or data.get("postadresse") or {}
    return Entity(
        org_number=str(data.get("organisasjonsnummer", "")),
        name=str(data.get("navn", "")),
        organisation_form=str(form.get("kode", "")),
        organisation_form_text=str(form.get("beskrivelse", "")),
        municipality_number=str(address.get("kommunenummer", "")),
        deleted=bool(data.get("slettedato")),
    )


def _fetch(org_number: str) -> Entity | None:
    request = urllib.request.Request(  # noqa: S310 - the URL is ENHETSREGISTERET_URL from settings
        f"{_base_url()}/enheter/{org_number}", headers={"Accept": "application/json"}, method="GET"
    )
    try:
        with urllib.request.urlopen(request, timeout=_timeout()) as response:  # noqa: S310 - URL from settings
            data = json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as exc:
        if exc.code in (404, 410):
            return None
        raise EnhetsregisteretUnavailable(f"HTTP {exc.code}") from exc
    except (TimeoutError, urllib.error.URLError, ValueError) as exc:
        raise EnhetsregisteretUnavailable(repr(exc)) from exc
    return _entity_from(data)


def entity_lookup(org_number: str) -> Entity | None:
    """The entity with this organisation number, or None when the register does not know it
    (or the number is not a valid one: the register is then not asked)."""
    org_number = "".join(str(org_number or "").split())
    if not orgnr_check.is_valid(org_number):
        return None
    key = f"enhetsregisteret:{org_number}"
    cached = cache.get(key)
    if cached == _UNKNOWN:
        return None
    if cached is not None:
        return Entity(**cached)
    entity = _fetch(org_number)
    if entity is None or entity.deleted:
        cache.set(key, _UNKNOWN, UNKNOWN_TTL)
        return None
    cache.set(key, asdict(entity), FOUND_TTL)
    return entity
