"""A local stand-in for Enhetsregisteret on loopback, answering the recorded JSON in
data/enhetsregisteret, 404 for numbers it does not hold, and slowly for the numbers in `slow`."""

import contextlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "enhetsregisteret"


class EnhetsregisteretStub:
    def __init__(self):
        self.requests: list[str] = []
        self.slow: dict[str, float] = {}
        self.fail: set[str] = set()
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's name
                stub.requests.append(self.path)
                number = self.path.rstrip("/").rsplit("/", 1)[-1]
                if number in stub.slow:
                    time.sleep(stub.slow[number])
                if number in stub.fail:
                    return self._send(500, {"status": 500, "error": "Internal Server Error"})
                path = DATA / f"{number}.json"
                if not self.path.startswith("/enhetsregisteret/api/enheter/") or not path.exists():
                    return self._send(404, {"status": 404, "error": "Not Found", "path": self.path})
                return self._send(200, json.loads(path.read_text(encoding="utf-8")))

            def _send(self, status, body):
                payload = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                # The client may have given up (the timeout test) before the answer comes.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/enhetsregisteret/api"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
