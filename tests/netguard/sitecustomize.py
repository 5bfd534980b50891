"""Keep Python off the network: only this machine (loopback) may be reached.

The tests install this guard in their own process, and every Python process they start
finds this folder on PYTHONPATH and installs it at start-up (as `sitecustomize`). A
refused attempt raises OSError, as a closed network would, and is appended to the file
named by NETGUARD_LOG so that the test can tell, even when the code under test swallowed
the error.
"""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Callable
from typing import Any

LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


def is_local(host: object) -> bool:
    """Tell whether `host` (a name or an address) is this machine."""
    if host is None:
        return True  # getaddrinfo(None, port): an address to listen on
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    name = str(host).strip("[]").split("%")[0].lower()
    if name in LOCAL_NAMES or name == "":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def install(record: Callable[[str], None], patch: Callable[[Any, str, Any], None]) -> None:
    """Refuse connections and name lookups for other hosts; `record` each refused host.

    `patch(owner, name, value)` replaces an attribute: setattr, or pytest's monkeypatch.
    """
    connect, connect_ex = socket.socket.connect, socket.socket.connect_ex
    getaddrinfo, gethostbyname = socket.getaddrinfo, socket.gethostbyname

    def refuse(host: object) -> OSError:
        record(str(host))
        return OSError(f"the network is closed to tests: {host} is not this machine")

    def remote(address: object) -> object | None:
        if isinstance(address, tuple) and address and not is_local(address[0]):
            return address[0]
        return None  # Unix sockets and loopback

    def guarded_connect(self: socket.socket, address: Any) -> None:
        if (host := remote(address)) is not None:
            raise refuse(host)
        connect(self, address)

    def guarded_connect_ex(self: socket.socket, address: Any) -> int:
        if (host := remote(address)) is not None:
            raise refuse(host)
        return connect_ex(self, address)

    def guarded_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if not is_local(host):
            record(str(host))
            raise socket.gaierror(socket.EAI_NONAME, f"the network is closed to tests: {host}")
        return getaddrinfo(host, *args, **kwargs)

    def guarded_gethostbyname(host: str) -> str:
        if not is_local(host):
            record(str(host))
            raise socket.gaierror(socket.EAI_NONAME, f"the network is closed to tests: {host}")
        return gethostbyname(host)

    patch(socket.socket, "connect", guarded_connect)
    patch(socket.socket, "connect_ex", guarded_connect_ex)
    patch(socket, "getaddrinfo", guarded_getaddrinfo)
    patch(socket, "gethostbyname", guarded_gethostbyname)


def _append_to_log(host: str) -> None:
    path = os.environ.get("NETGUARD_LOG")
    if path:
        with open(path, "a", encoding="utf-8") as log:
            log.write(f"{os.getpid()} {host}\n")


if __name__ == "sitecustomize" and os.environ.get("NETGUARD") == "1":
    install(_append_to_log, setattr)
