"""The closed network every test runs in: loopback answers, other hosts are refused."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.request import urlopen

import pytest
from network import ClosedNetwork

# 192.0.2.0/24 is reserved for documentation: no machine anywhere has these addresses.
NOWHERE = ("192.0.2.1", 80)


def test_a_connection_to_another_host_is_refused_and_recorded(no_network: ClosedNetwork) -> None:
    with pytest.raises(OSError, match="closed to tests"):
        socket.create_connection(NOWHERE, timeout=1)
    with pytest.raises(socket.gaierror):
        socket.getaddrinfo("example.org", 443)
    assert no_network.attempts() == ["192.0.2.1", "example.org"]
    no_network.forget()


def test_python_processes_the_tests_start_are_guarded_too(no_network: ClosedNetwork) -> None:
    code = "import socket; socket.create_connection(('example.org', 80), timeout=1)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 1
    assert "closed to tests" in result.stderr
    assert no_network.attempts() == ["example.org"]
    no_network.forget()


def test_this_machine_answers() -> None:
    class Hello(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"hello")

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Hello)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        port = server.server_address[1]
        for host in ("127.0.0.1", "localhost"):
            with urlopen(f"http://{host}:{port}/", timeout=5) as response:
                assert response.read() == b"hello"
    finally:
        server.shutdown()
        server.server_close()
