"""HTTP front of the local Cognito: AWS JSON 1.1 on ``POST /``, plus JWKS and the outbox."""

from __future__ import annotations

import json
import logging
import sys
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from . import signing, wire_input
from .backend import LocalCognito
from .errors import ServiceError

logger = logging.getLogger(__name__)

TARGET_PREFIX = "AWSCognitoIdentityProviderService."
JSON_11 = "application/x-amz-json-1.1"
JWKS_SUFFIX = "/.well-known/jwks.json"


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes on a kept-alive connection; with Nagle on, the
    # body waits for the client's delayed ACK (~40 ms per call).
    disable_nagle_algorithm = True

    def do_POST(self) -> None:
        try:
            operation, request = self._parse()
            reply = self.server.cognito.dispatch(operation, request)
        except ServiceError as error:
            self._send(error.status, error.body(), JSON_11)
            return
        self._send(200, reply, JSON_11)

    def _parse(self) -> tuple[str, dict[str, Any]]:
        """The operation named and its request, as checked against the operation's input shape."""
        body = self._body()
        target = self.headers.get("X-Amz-Target", "")
        if not target.startswith(TARGET_PREFIX):
            raise ServiceError("UnknownOperationException", "Missing X-Amz-Target")
        try:
            request = json.loads(body or b"{}")
        except (ValueError, RecursionError):  # RecursionError: "[[[[..." nested past the stack
            request = None
        if not isinstance(request, dict):
            raise ServiceError("SerializationException", "Malformed request body")
        operation = target[len(TARGET_PREFIX):]
        return operation, wire_input.checked(operation, request)

    def _body(self) -> bytes:
        """The whole body, read before anything is refused: an unread body left on a kept-alive
        connection would be taken for the next request."""
        length = self.headers.get("Content-Length") or "0"
        if not (length.isascii() and length.isdigit()):
            self.close_connection = True  # where this body ends is unknown: end the connection
            raise ServiceError("SerializationException", "Malformed Content-Length")
        return self.rfile.read(int(length))

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        cognito = self.server.cognito
        if url.path == "/_local/outbox":
            username = parse_qs(url.query).get("username", [None])[0]
            self._send(200, {"messages": cognito.outbox_json(username)}, "application/json")
            return
        if url.path.endswith(JWKS_SUFFIX):
            pool = cognito.pools.get(url.path[1 : -len(JWKS_SUFFIX)])
            if pool is not None:
                self._send(200, signing.jwks(pool), "application/json")
                return
        self._send(404, {"message": "Not found"}, "application/json")

    def _send(self, status: int, body: dict[str, Any], content_type: str) -> None:
        payload = json.dumps(body, default=_json_default).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("x-amzn-RequestId", str(uuid.uuid4()))
        if self.close_connection:  # the client must not send another request on it
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("local cognito: " + format, *args)


def _json_default(value: Any) -> Any:
    if isinstance(value, (set, tuple)):
        return list(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], cognito: LocalCognito) -> None:
        super().__init__(address, _Handler)
        self.cognito = cognito

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Ignore a client that hung up (a read timeout under ``hang_next``); report the rest."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            logger.debug("local cognito: client %s went away", client_address)
            return
        super().handle_error(request, client_address)


class LocalCognitoServer:
    """Serve a :class:`LocalCognito` on loopback from a background thread."""

    def __init__(self, cognito: LocalCognito | None = None, *, host: str = "127.0.0.1",
                 port: int = 0) -> None:
        self.cognito = cognito or LocalCognito()
        self._httpd = _Server((host, port), self.cognito)
        self.url = f"http://{host}:{self._httpd.server_address[1]}"
        self.cognito.endpoint = self.url
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    def start(self) -> LocalCognitoServer:
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True,
                                        name="local-cognito")
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self._httpd.serve_forever()

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> LocalCognitoServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
