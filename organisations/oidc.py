"""Sign-in through OpenID Connect with mozilla-django-oidc: ID-porten for municipal users, Entra ID
for IMDi staff. Each provider is configured from the environment by its issuer, client id and
secret; its endpoints come from the issuer's discovery document (cached), so pointing the portal
at ID-porten's test environment is one variable (IDPORTEN_ISSUER=https://test.idporten.no).

The library does the authorization-code flow with PKCE (S256), state and nonce; here we add what
it leaves out: the id token's issuer, audience and expiry are checked, ID-porten's `acr` must be
substantial or high, and the person is found by ID-porten's `pid` (Entra: `oid`) on an
ExternalIdentity, never by e-mail. A refusal is an IdentityRefused with a Norwegian message the
login page shows."""

import logging
from dataclasses import dataclass, field

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.urls import reverse
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from organisations.models import ExternalIdentity

logger = logging.getLogger(__name__)

# The session key that says which provider signed the user in (None: a password).
PROVIDER_SESSION_KEY = "identity_provider"
ID_TOKEN_SESSION_KEY = "oidc_id_token"  # noqa: S105 - a session key, not a secret
# Entra ID enforces IMDi's multi-factor policy: a staff login through it counts as the second factor.
MFA_PROVIDERS = frozenset({ExternalIdentity.Provider.ENTRA})
METADATA_CACHE_SECONDS = 60 * 60


class IdentityRefused(Exception):
    """The provider's answer cannot sign anyone in; `message` is for the person."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Provider:
    name: str
    label: str
    issuer: str
    client_id: str
    client_secret: str
    scopes: str
    button_label: str = ""
    extra_params: dict = field(default_factory=dict)
    accepted_acr: tuple[str, ...] = ()

    @property
    def login_url_name(self) -> str:
        return f"{self.name}_login"

    @property
    def callback_url_name(self) -> str:
        return f"{self.name}_callback"

    @property
    def discovery_url(self) -> str:
        return self.issuer.rstrip("/") + "/.well-known/openid-configuration"


def provider_get(name: str) -> Provider | None:
    """The provider's configuration, or None when it is not configured (no issuer or client)."""
    if name == ExternalIdentity.Provider.IDPORTEN:
        issuer, client_id = settings.IDPORTEN_ISSUER, settings.IDPORTEN_CLIENT_ID
        if not (issuer and client_id):
            return None
        return Provider(
            name=name,
            label="ID-porten",
            issuer=issuer,
            client_id=client_id,
            client_secret=settings.IDPORTEN_CLIENT_SECRET,
            scopes="openid profile",
            button_label=_("Logg inn med ID-porten"),
            extra_params={"acr_values": settings.IDPORTEN_ACR_REQUESTED, "ui_locales": "nb"},
            accepted_acr=tuple(settings.IDPORTEN_ACR_ACCEPTED),
        )
    if name == ExternalIdentity.Provider.ENTRA:
        issuer, client_id = settings.ENTRA_ISSUER, settings.ENTRA_CLIENT_ID
        if not (issuer and client_id):
            return None
        return Provider(
            name=name,
            label="Entra ID",
            issuer=issuer,
            client_id=client_id,
            client_secret=settings.ENTRA_CLIENT_SECRET,
            scopes="openid profile email",
            button_label=_("Logg inn som IMDi-ansatt (Entra ID)"),
        )
    return None


def providers_configured() -> list[Provider]:
    return [p for p in (provider_get(n) for n in ExternalIdentity.Provider.values) if p is not None]


def provider_metadata(provider: Provider) -> dict:
    """The issuer's discovery document, cached an hour. Refused (not a 500) when unreachable."""
    key = f"oidc-metadata:{provider.discovery_url}"
    metadata = cache.get(key)
    if metadata is None:
        try:
            response = requests.get(provider.discovery_url, timeout=settings.OIDC_TIMEOUT)
            response.raise_for_status()
            metadata = response.json()
        except (requests.RequestException, ValueError) as exc:
            logger.warning("OpenID Connect discovery failed for %s: %r", provider.name, exc)
            raise IdentityRefused(
                _("%(provider)s svarer ikke akkurat nå. Prøv igjen om litt.") % {"provider": provider.label}
            ) from exc
        missing = {"issuer", "authorization_endpoint", "token_endpoint", "jwks_uri"} - set(metadata)
        if missing:
            raise IdentityRefused(_("%(provider)s er feil satt opp. Kontakt IMDi.") % {"provider": provider.label})
        cache.set(key, metadata, METADATA_CACHE_SECONDS)
    return metadata


def provider_settings(provider: Provider, metadata: dict) -> dict:
    """mozilla-django-oidc's settings for one provider (the library reads one provider from
    Django settings; each of our views and backends answers its get_settings from here)."""
    return {
        "OIDC_OP_AUTHORIZATION_ENDPOINT": metadata["authorization_endpoint"],
        "OIDC_OP_TOKEN_ENDPOINT": metadata["token_endpoint"],
        "OIDC_OP_USER_ENDPOINT": metadata.get("userinfo_endpoint"),
        "OIDC_OP_JWKS_ENDPOINT": metadata["jwks_uri"],
        "OIDC_RP_CLIENT_ID": provider.client_id,
        "OIDC_RP_CLIENT_SECRET": provider.client_secret,
        "OIDC_RP_SIGN_ALGO": "RS256",
        "OIDC_RP_IDP_SIGN_KEY": None,
        "OIDC_RP_SCOPES": provider.scopes,
        "OIDC_USE_NONCE": True,
        "OIDC_USE_PKCE": True,
        "OIDC_PKCE_CODE_CHALLENGE_METHOD": "S256",
        "OIDC_AUTH_REQUEST_EXTRA_PARAMS": dict(provider.extra_params),
        "OIDC_AUTHENTICATION_CALLBACK_URL": provider.callback_url_name,
        "OIDC_STORE_ID_TOKEN": True,
        "OIDC_STORE_ACCESS_TOKEN": False,
        "OIDC_CREATE_USER": True,
        "OIDC_TIMEOUT": settings.OIDC_TIMEOUT,
        "OIDC_ALLOW_UNSECURED_JWT": False,
    }


def end_session_url(request, *, post_logout_redirect_uri: str) -> str | None:
    """Where to send the browser to sign out at the provider too (None: signed in locally, or
    the provider has no end_session_endpoint or cannot be reached). Read before the logout."""
    from urllib.parse import urlencode

    provider = provider_get(request.session.get(PROVIDER_SESSION_KEY) or "")
    id_token = request.session.get(ID_TOKEN_SESSION_KEY)
    if provider is None or not id_token:
        return None
    try:
        endpoint = provider_metadata(provider).get("end_session_endpoint")
    except IdentityRefused:
        return None
    if not endpoint:
        return None
    query = urlencode({"id_token_hint": id_token, "post_logout_redirect_uri": post_logout_redirect_uri})
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


def end_session_origin(request) -> str | None:
    """The origin of the provider's end_session_endpoint for a session a provider signed in: the
    logout form posts to us and we redirect there, which CSP's form-action must allow."""
    from urllib.parse import urlsplit

    provider = provider_get(request.session.get(PROVIDER_SESSION_KEY) or "")
    if provider is None:
        return None
    try:
        endpoint = provider_metadata(provider).get("end_session_endpoint") or ""
    except IdentityRefused:
        return None
    parts = urlsplit(endpoint)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("https", "http") and parts.netloc else None


class ProviderBackend(OIDCAuthenticationBackend):
    """One provider's backend. It answers only on its own callback URL and never grants a
    permission (rules and the groups do that)."""

    provider_name = ""

    def __init__(self, *args, **kwargs):
        # Django instantiates every backend for every authenticate and permission check: no
        # settings lookups that could fail and no network here (the library's __init__ has both).
        self.UserModel = get_user_model()
        self._settings = {}

    def get_settings(self, attr, *args):  # the library's staticmethod, answered per provider
        if attr in self._settings:
            return self._settings[attr]
        return getattr(settings, attr, *args) if args else getattr(settings, attr)

    def authenticate(self, request, **kwargs):
        provider = provider_get(self.provider_name)
        if request is None or provider is None or request.path != reverse(provider.callback_url_name):
            return None
        self.provider = provider
        self.metadata = provider_metadata(provider)
        self._settings = provider_settings(provider, self.metadata)
        for name in (
            "OIDC_OP_TOKEN_ENDPOINT",
            "OIDC_OP_USER_ENDPOINT",
            "OIDC_OP_JWKS_ENDPOINT",
            "OIDC_RP_CLIENT_ID",
            "OIDC_RP_CLIENT_SECRET",
            "OIDC_RP_SIGN_ALGO",
            "OIDC_RP_IDP_SIGN_KEY",
        ):
            setattr(self, name, self._settings[name])
        try:
            user = super().authenticate(request, **kwargs)
        except requests.HTTPError as exc:
            # The token endpoint refused the code: used before, expired, or the PKCE verifier
            # does not match the challenge.
            logger.warning("%s refused the token request: %s", provider.name, exc)
            raise IdentityRefused(
                _("%(provider)s godtok ikke innloggingen. Start innloggingen på nytt.") % {"provider": provider.label}
            ) from exc
        except requests.RequestException as exc:
            logger.warning("%s could not be reached: %r", provider.name, exc)
            raise IdentityRefused(
                _("%(provider)s svarer ikke akkurat nå. Prøv igjen om litt.") % {"provider": provider.label}
            ) from exc
        if user is not None:
            request.session[PROVIDER_SESSION_KEY] = provider.name
        return user

    def verify_token(self, token, **kwargs):
        try:
            payload = super().verify_token(token, **kwargs)
        except jwt.ExpiredSignatureError as exc:
            raise IdentityRefused(
                _("Innloggingen fra %(provider)s var utløpt. Logg inn på nytt.") % {"provider": self.provider.label}
            ) from exc
        except (jwt.InvalidTokenError, SuspiciousOperation) as exc:
            logger.warning("%s id token refused: %s", self.provider.name, exc)
            raise IdentityRefused(self._unverified_message()) from exc
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if payload.get("iss") != self.metadata["issuer"] or self.provider.client_id not in audiences:
            logger.warning("%s id token for another issuer or audience", self.provider.name)
            raise IdentityRefused(self._unverified_message())
        if "exp" not in payload:
            raise IdentityRefused(self._unverified_message())
        if self.provider.accepted_acr and payload.get("acr") not in self.provider.accepted_acr:
            raise IdentityRefused(
                _(
                    "Innloggingen hadde for lavt sikkerhetsnivå. Logg inn med MinID, BankID, Buypass eller "
                    "Commfides på nivå betydelig eller høyt."
                )
            )
        return payload

    def _unverified_message(self) -> str:
        return _("Innloggingen fra %(provider)s kunne ikke bekreftes. Start innloggingen på nytt.") % {
            "provider": self.provider.label
        }

    def get_userinfo(self, access_token, id_token, payload):
        """The userinfo answer (when the provider has the endpoint) under the verified id
        token's claims: the id token wins, and the two must name the same subject."""
        claims = {}
        if self.OIDC_OP_USER_ENDPOINT:
            claims = super().get_userinfo(access_token, id_token, payload)
            if claims.get("sub") != payload.get("sub"):
                raise IdentityRefused(self._unverified_message())
        return {**claims, **payload}

    def subject_of(self, claims) -> str:
        raise NotImplementedError

    def verify_claims(self, claims):
        if not self.subject_of(claims):
            raise IdentityRefused(self._unverified_message())
        return True

    def filter_users_by_claims(self, claims):
        return self.UserModel.objects.filter(
            external_identities__provider=self.provider_name, external_identities__subject=self.subject_of(claims)
        )

    def create_user(self, claims):
        from organisations.services_identity import identity_user_create

        return identity_user_create(provider=self.provider_name, subject=self.subject_of(claims), claims=claims)

    def update_user(self, user, claims):
        from organisations.services_identity import identity_login_record

        return identity_login_record(user=user, provider=self.provider_name, claims=claims)

    # Authentication only: permissions come from rules and ModelBackend.
    def has_perm(self, user_obj, perm, obj=None):
        return False

    def has_module_perms(self, user_obj, app_label):
        return False

    def get_all_permissions(self, user_obj, obj=None):
        return set()

    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        return set()


class IdPortenBackend(ProviderBackend):
    provider_name = ExternalIdentity.Provider.IDPORTEN

    def subject_of(self, claims) -> str:
        return str(claims.get("pid") or "").strip()


class EntraBackend(ProviderBackend):
    provider_name = ExternalIdentity.Provider.ENTRA

    def subject_of(self, claims) -> str:
        return str(claims.get("oid") or claims.get("sub") or "").strip()

    def verify_claims(self, claims):
        # Group overage: with too many groups Entra leaves `groups` out and points elsewhere.
        # The roles cannot be read then, and signing in without them would silently drop them.
        if "groups" in (claims.get("_claim_names") or {}):
            raise IdentityRefused(
                _("Entra ID sendte ikke gruppene dine, så rollene dine kan ikke settes. Kontakt IMDis brukerstøtte.")
            )
        return super().verify_claims(claims)
