"""A development stand-in for ID-porten (and Entra ID in the tests): a small OpenID Connect
provider on loopback with discovery, JWKS, authorize, token, userinfo and end_session, and RS256
id tokens signed by a key made for the run. It is the real other side of the flow: the portal's
library talks to it over HTTP. `manage.py run_portal` starts it for the offline demo when no
IDPORTEN_ISSUER is set (settings.DEV_IDPORTEN, never on in production); the tests start it too.

With `choose=True` (the demo) /authorize shows a small Norwegian page where the person picks a
demo identity or types a synthetic national identity number, and the security level (so a low
level can be shown to be refused). Without it, it signs in whoever `identity` says (no page).
It checks what a real provider checks:
client id and secret, the redirect URI, PKCE S256 (the verifier must match the challenge), and
each code once. Knobs make it misbehave for the tests: `acr`, `nonce_override`, `id_token_ttl`,
`issuer_override`."""

import base64
import contextlib
import hashlib
import html
import json
import re
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _s256(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode("ascii")).digest()).rstrip(b"=").decode()


# A synthetic number: day 99 is never a real fødselsnummer's.
DEFAULT_PID = "99000000001"
SYNTHETIC_PID = re.compile(r"99\d{9}")
LEVELS = [
    ("idporten-loa-low", "Lav (MinID uten ekstra sikkerhet)"),
    ("idporten-loa-substantial", "Betydelig (MinID, BankID)"),
    ("idporten-loa-high", "Høy (BankID, Buypass)"),
]
FLOW_FIELDS = (
    "client_id",
    "redirect_uri",
    "response_type",
    "state",
    "nonce",
    "code_challenge",
    "code_challenge_method",
)


class OidcProvider:
    def __init__(
        self,
        *,
        client_id="imdi-portal",
        client_secret="provider-test-secret",  # noqa: S107 - a stand-in's secret, made up
        identity=None,
        choose=False,
        identities=(),
        port=0,
    ):
        self.client_id = client_id
        self.client_secret = client_secret
        self.identity: dict = dict(identity or {"sub": "pairwise-1", "pid": DEFAULT_PID})
        self.choose = choose
        # (pid, label) pairs offered on the page; each pid must be synthetic.
        self.identities: list[tuple[str, str]] = [
            (pid, label) for pid, label in identities if SYNTHETIC_PID.fullmatch(pid)
        ]
        self.acr = "idporten-loa-substantial"
        self.nonce_override: str | None = None
        self.id_token_ttl = 120
        self.issuer_override: str | None = None
        self.kid = "test-key-1"
        self.codes: dict[str, dict] = {}
        self.authorize_requests: list[dict] = []
        self.token_requests: list[dict] = []
        self.token_refusals: list[str] = []
        self.logouts: list[dict] = []
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's name
                url = urlparse(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                routes = {
                    "/.well-known/openid-configuration": provider._discovery,
                    "/jwks": provider._jwks,
                    "/authorize": provider._authorize,
                    "/userinfo": provider._userinfo,
                    "/logout": provider._logout,
                }
                route = routes.get(url.path)
                if route is None:
                    return self._send(404, {"error": "not_found"})
                return self._send(*route(query, self.headers))

            def do_POST(self):  # noqa: N802
                path = urlparse(self.path).path
                if path not in ("/token", "/authorize"):
                    return self._send(404, {"error": "not_found"})
                try:
                    length = min(int(self.headers.get("Content-Length") or 0), 64 * 1024)
                except ValueError:
                    length = 0
                raw = self.rfile.read(length).decode("utf-8", errors="replace")
                form = {k: v[0] for k, v in parse_qs(raw).items()}
                if path == "/authorize":
                    return self._send(*provider._authorize_chosen(form))
                return self._send(*provider._token(form, self.headers))

            def _send(self, status, body, headers=None):
                if isinstance(body, str):  # the page
                    payload = body.encode()
                    headers = {**(headers or {}), "Content-Type": "text/html; charset=utf-8"}
                    body = None
                else:
                    payload = json.dumps(body).encode() if body is not None else b""
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                if body is not None:
                    self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.issuer = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.start()
        return self

    def start(self):
        self.thread.start()

    def __exit__(self, *exc):
        self.stop()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    # --- endpoints -----------------------------------------------------------------------

    def _discovery(self, query, headers):
        return 200, {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks",
            "end_session_endpoint": f"{self.issuer}/logout",
            "response_types_supported": ["code"],
            "code_challenge_methods_supported": ["S256"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "acr_values_supported": [level for level, _text in LEVELS],
        }

    def _jwks(self, query, headers):
        jwk = jwt.algorithms.RSAAlgorithm.to_jwk(_KEY.public_key(), as_dict=True)
        return 200, {"keys": [{**jwk, "kid": self.kid, "alg": "RS256", "use": "sig"}]}

    def _authorize(self, query, headers):
        self.authorize_requests.append(query)
        redirect_uri = query.get("redirect_uri", "")
        if query.get("client_id") != self.client_id or not redirect_uri:
            return 400, {"error": "invalid_request"}
        if self.choose and query.get("response_type") == "code" and query.get("code_challenge_method") == "S256":
            return 200, self._page(query)
        return self._answer(query, claims=dict(self.identity), acr=None)

    def _answer(self, query, *, claims, acr):
        redirect_uri = query["redirect_uri"]
        answer = {"state": query.get("state", "")}
        if query.get("response_type") != "code" or query.get("code_challenge_method") != "S256":
            answer["error"] = "invalid_request"
        else:
            code = secrets.token_urlsafe(24)
            self.codes[code] = {
                "redirect_uri": redirect_uri,
                "challenge": query.get("code_challenge", ""),
                "nonce": query.get("nonce"),
                "claims": claims,
                "acr": acr,
                "used": False,
            }
            answer["code"] = code
        return 302, None, {"Location": f"{redirect_uri}?{urlencode(answer)}"}

    def _authorize_chosen(self, form):
        """The page's answer: the chosen or typed identity and level, checked; errors show on the
        page again next to their field."""
        flow = {name: form.get(name, "") for name in FLOW_FIELDS}
        if not self.choose or flow["client_id"] != self.client_id or not flow["redirect_uri"]:
            return 400, {"error": "invalid_request"}
        errors = {}
        chosen, typed = form.get("identity", "").strip(), form.get("pid", "").strip().replace(" ", "")
        known = {pid for pid, _label in self.identities}
        if chosen == "ny" or (not chosen and typed):
            if not typed:
                errors["pid"] = "Skriv inn et testfødselsnummer på 11 siffer."
            elif not SYNTHETIC_PID.fullmatch(typed):
                errors["pid"] = "Testfødselsnummeret må ha 11 siffer og begynne med 99 (aldri et ekte fødselsnummer)."
            pid = typed
        elif chosen in known:
            pid = chosen
        else:
            errors["identity"] = "Velg hvem du vil logge inn som."
            pid = ""
        acr = form.get("acr", "")
        if acr not in dict(LEVELS):
            errors["acr"] = "Velg et sikkerhetsnivå."
        if errors:
            return 400, self._page(flow, errors=errors, values=form)
        return self._answer(flow, claims={"sub": f"pairwise-{pid}", "pid": pid}, acr=acr)

    def _page(self, flow, *, errors=None, values=None):
        """The sign-in page: accessible (labels, fieldsets, errors tied to their fields)."""
        errors, values, e = errors or {}, values or {}, html.escape

        def error(name):
            if name not in errors:
                return ""
            return f'<p class="feil" id="{name}-feil"><strong>Feil:</strong> {e(errors[name])}</p>'

        def described(name):
            return f' aria-describedby="{name}-feil" aria-invalid="true"' if name in errors else ""

        hidden = "".join(f'<input type="hidden" name="{n}" value="{e(flow.get(n, ""))}">' for n in FLOW_FIELDS)
        picked = values.get("identity", self.identities[0][0] if self.identities else "ny")
        people = "".join(
            f'<div><input type="radio" name="identity" id="id-{i}" value="{e(pid)}"'
            f"{' checked' if picked == pid else ''}{described('identity')}>"
            f' <label for="id-{i}">{e(label)} ({e(pid)})</label></div>'
            for i, (pid, label) in enumerate(self.identities)
        )
        new_checked = " checked" if picked == "ny" else ""
        level = values.get("acr", "idporten-loa-substantial")
        levels = "".join(
            f'<div><input type="radio" name="acr" id="acr-{i}" value="{v}"{" checked" if level == v else ""}'
            f'{described("acr")}> <label for="acr-{i}">{e(text)}</label></div>'
            for i, (v, text) in enumerate(LEVELS)
        )
        summary = (
            '<div role="alert"><h2>Noe må rettes</h2><ul>'
            + "".join(f'<li><a href="#{n}-feil">{e(m)}</a></li>' for n, m in errors.items())
            + "</ul></div>"
            if errors
            else ""
        )
        return f"""<!doctype html>
<html lang="nb"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>ID-porten (utviklingsutgave) – logg inn</title>
<style>body{{font-family:sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}}
.feil{{color:#a00000}} fieldset{{margin-bottom:1rem}} button{{font-size:1rem;padding:.5rem 1rem}}
:focus{{outline:3px solid #005fcc;outline-offset:2px}}</style></head>
<body><main>
<h1>ID-porten (utviklingsutgave)</h1>
<p>Dette er en lokal erstatning for ID-porten i demoen. Ingen ekte fødselsnumre brukes:
testnumrene begynner med 99.</p>
{summary}
<form method="post" action="/authorize" novalidate>{hidden}
<fieldset><legend>Hvem vil du logge inn som?</legend>{error("identity")}{people}
<div><input type="radio" name="identity" id="id-ny" value="ny"{new_checked}{described("identity")}>
 <label for="id-ny">En ny person</label></div>
{error("pid")}<label for="pid">Testfødselsnummer (11 siffer, begynner med 99)</label>
<input type="text" name="pid" id="pid" inputmode="numeric" autocomplete="off" maxlength="20"
 value="{e(values.get("pid", ""))}"{described("pid")}>
</fieldset>
<fieldset><legend>Sikkerhetsnivå</legend>{error("acr")}{levels}</fieldset>
<button type="submit">Logg inn</button>
</form></main></body></html>"""

    def _client_ok(self, form, headers) -> bool:
        client_id, secret = form.get("client_id"), form.get("client_secret")
        auth = headers.get("Authorization", "")
        if auth.startswith("Basic "):
            client_id, _sep, secret = base64.b64decode(auth[6:]).decode().partition(":")
        return client_id == self.client_id and secret == self.client_secret

    def _refuse(self, reason):
        self.token_refusals.append(reason)
        return 400, {"error": "invalid_grant", "error_description": reason}

    def _token(self, form, headers):
        self.token_requests.append(form)
        if not self._client_ok(form, headers):
            return 401, {"error": "invalid_client"}
        grant = self.codes.get(form.get("code", ""))
        if form.get("grant_type") != "authorization_code" or grant is None:
            return self._refuse("unknown code")
        if grant["used"]:
            return self._refuse("code already used")
        grant["used"] = True
        if form.get("redirect_uri") != grant["redirect_uri"]:
            return self._refuse("redirect_uri mismatch")
        if _s256(form.get("code_verifier", "")) != grant["challenge"]:
            return self._refuse("PKCE verifier mismatch")
        now = int(time.time())
        claims = grant["claims"]
        id_claims = {
            **claims,
            "iss": self.issuer_override or self.issuer,
            "aud": self.client_id,
            "iat": now - 5,
            "exp": now + self.id_token_ttl,
            "nonce": self.nonce_override if self.nonce_override is not None else grant["nonce"],
            "acr": grant.get("acr") or self.acr,
            "amr": ["TestID"],
        }
        id_token = jwt.encode(id_claims, _KEY, algorithm="RS256", headers={"kid": self.kid})
        access_token = secrets.token_urlsafe(24)
        self.codes[form["code"]]["access_token"] = access_token
        return 200, {"access_token": access_token, "id_token": id_token, "token_type": "Bearer", "expires_in": 120}

    def _userinfo(self, query, headers):
        token = headers.get("Authorization", "").removeprefix("Bearer ")
        for grant in self.codes.values():
            if token and grant.get("access_token") == token:
                return 200, {"sub": grant["claims"].get("sub"), "pid": grant["claims"].get("pid")}
        return 401, {"error": "invalid_token"}

    def _logout(self, query, headers):
        self.logouts.append(query)
        target = query.get("post_logout_redirect_uri") or "/"
        suffix = f"?{urlencode({'state': query['state']})}" if query.get("state") else ""
        return 302, None, {"Location": target + suffix}
