"""A real HTTPS server on loopback, with a certificate authority the test makes (trustme).

`Authority` writes the CA (for SSL_CERT_FILE) and a server certificate for 127.0.0.1 and
localhost; `CalendarServer` serves one iCalendar body whose answer the test switches between
200 with an ETag (and 304 for a matching If-None-Match), an HTTP error and a body that is not
iCalendar, and records each request's headers; `silent_port` is a port that accepts a
connection and never answers (a TLS handshake that never ends), `silent_listener` its socket.
"""

from __future__ import annotations

import hashlib
import http.server
import socket
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import trustme


@dataclass
class Authority:
    ca_file: Path
    cert_file: Path  # the server's certificate chain
    key_file: Path

    def server_context(self) -> ssl.SSLContext:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.cert_file, self.key_file)
        return context


def make_authority(folder: Path) -> Authority:
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost")
    authority = Authority(folder / "ca.pem", folder / "server.pem", folder / "server.key")
    ca.cert_pem.write_to_path(str(authority.ca_file))
    cert.private_key_pem.write_to_path(str(authority.key_file))
    with authority.cert_file.open("wb") as out:
        for blob in cert.cert_chain_pems:
            out.write(blob.bytes())
    return authority


@dataclass
class CalendarServer:
    port: int
    body: bytes = b""
    status: int = 200  # 200: the body (or 304); anything else: that error
    requests: list[dict[str, str]] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}/secret/basic.ics"

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha256(self.body).hexdigest()[:16] + '"'


@contextmanager
def calendar_server(authority: Authority) -> Iterator[CalendarServer]:
    state = CalendarServer(0)

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.requests.append(dict(self.headers.items()))
            if state.status != 200:
                self.send_error(state.status)
                return
            if self.headers.get("If-None-Match") == state.etag:
                self.send_response(304)
                self.send_header("ETag", state.etag)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/calendar")
            self.send_header("ETag", state.etag)
            self.send_header("Last-Modified", "Thu, 05 Mar 2026 08:00:00 GMT")
            self.send_header("Content-Length", str(len(state.body)))
            self.end_headers()
            self.wfile.write(state.body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.socket = authority.server_context().wrap_socket(server.socket, server_side=True)
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, name="test-https", daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def silent_port() -> Iterator[int]:
    """A port that takes connections (the kernel's backlog) and never says a word."""
    with silent_listener() as listener:
        yield listener.getsockname()[1]


@contextmanager
def silent_listener() -> Iterator[socket.socket]:
    """`silent_port`'s listening socket itself, so a test can `accept` a connection (and
    know a client is waiting on it) and still never answer."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield listener
