"""Local HTTP servers for tests: one whose answers the test sets, one that never answers."""

from __future__ import annotations

import socket
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Route:
    """What the test server answers for one path."""

    body: bytes = b""
    status: int = 200
    content_type: str = "application/octet-stream"
    truncate: int | None = None
    """Send only this many bytes of the body, then close the connection."""


@dataclass
class Server:
    """A local HTTP server whose answers and request counts the test controls."""

    url: str
    routes: dict[str, Route] = field(default_factory=dict)
    hits: Counter[str] = field(default_factory=Counter)


@contextmanager
def serve_routes() -> Iterator[Server]:
    """Serve the routes of a `Server` on a random port of 127.0.0.1."""
    state = Server(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = self.path.split("?")[0]
            state.hits[path] += 1
            route = state.routes.get(path, Route(b"not found", 404, "text/plain"))
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            self.wfile.write(route.body[: route.truncate])
            if route.truncate is not None:
                self.close_connection = True

        def log_message(self, format: str, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()


@contextmanager
def silent_server() -> Iterator[str]:
    """Yield the URL of a server that takes connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    # Connections complete in the kernel's backlog; nothing ever reads or answers them.
    listener.listen(16)
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        listener.close()
