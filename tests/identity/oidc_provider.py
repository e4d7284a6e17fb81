"""A small OpenID Connect provider on loopback, standing in for ID-porten or Entra ID: discovery,
JWKS, authorize, token, userinfo and end_session, with RS256 id tokens signed by a key made for
the run. It is the real other side of the flow: the portal's library talks to it over HTTP.

It signs in whoever `identity` says (no login form), and checks what a real provider checks:
client id and secret, the redirect URI, PKCE S256 (the verifier must match the challenge), and
each code once. Knobs make it misbehave for the tests: `acr`, `nonce_override`, `id_token_ttl`,
`issuer_override`."""

import base64
import contextlib
import hashlib
import json
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


class OidcProvider:
    def __init__(self, *, client_id="imdi-portal", client_secret="provider-test-secret", identity=None):  # noqa: S107
        self.client_id = client_id
        self.client_secret = client_secret
        self.identity: dict = dict(identity or {"sub": "pairwise-1", "pid": "12345678901"})
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
                if urlparse(self.path).path != "/token":
                    return self._send(404, {"error": "not_found"})
                length = int(self.headers.get("Content-Length") or 0)
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                return self._send(*provider._token(form, self.headers))

            def _send(self, status, body, headers=None):
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

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.issuer = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
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
            "acr_values_supported": ["idporten-loa-substantial", "idporten-loa-high"],
        }

    def _jwks(self, query, headers):
        jwk = jwt.algorithms.RSAAlgorithm.to_jwk(_KEY.public_key(), as_dict=True)
        return 200, {"keys": [{**jwk, "kid": self.kid, "alg": "RS256", "use": "sig"}]}

    def _authorize(self, query, headers):
        self.authorize_requests.append(query)
        redirect_uri = query.get("redirect_uri", "")
        if query.get("client_id") != self.client_id or not redirect_uri:
            return 400, {"error": "invalid_request"}
        answer = {"state": query.get("state", "")}
        if query.get("response_type") != "code" or query.get("code_challenge_method") != "S256":
            answer["error"] = "invalid_request"
        else:
            code = secrets.token_urlsafe(24)
            self.codes[code] = {
                "redirect_uri": redirect_uri,
                "challenge": query.get("code_challenge", ""),
                "nonce": query.get("nonce"),
                "claims": dict(self.identity),
                "used": False,
            }
            answer["code"] = code
        return 302, None, {"Location": f"{redirect_uri}?{urlencode(answer)}"}

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
            "acr": self.acr,
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
