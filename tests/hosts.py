"""Stand-ins of video hosts' embeds, served over HTTPS on this machine under the hosts' names.

Each stand-in page is a player without a picture: a clock that runs while it "plays", and the
host's own postMessage protocol, so that the real SDK the site serves (Vimeo's Player SDK,
PeerTube's embed API) talks to it as to the host's embed. Every message it was sent is kept
in the page's `window.received`, for a test to read from inside the frame.
"""

from __future__ import annotations

import http.server
import ssl
import subprocess
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

LENGTH = 900.0
"""Seconds the stand-ins' videos last."""

_CLOCK = """
var params = new URLSearchParams(location.search);
var now = START, rate = 1, playing = params.get("autoplay") === "1";
window.received = [];
function tick(each) {
  setInterval(function () { if (playing) { now = Math.min(now + 0.25 * rate, LENGTH); each(); } }, 250);
}
""".replace("LENGTH", str(LENGTH))

# Vimeo: the SDK sends {method, value}; the embed answers {method, value}, sends
# {event: "ready"} (and answers "ping" in kind), and {event, data} for events listened to.
VIMEO = """<!doctype html><meta charset="utf-8"><title>Vimeo stand-in</title><script>
var START = (function () { var m = /t=(\\d+)s/.exec(location.hash); return m ? +m[1] : 0; })();
CLOCK
var listened = {};
function send(message) { parent.postMessage(JSON.stringify(message), "*"); }
function status() { return {seconds: now, duration: LENGTH, percent: now / LENGTH}; }
function emit(name) { if (listened[name]) send({event: name, data: status()}); }
addEventListener("message", function (event) {
  var data = typeof event.data === "string" ? JSON.parse(event.data) : event.data;
  window.received.push(data);
  var answer = function (value) { send({method: data.method, value: value}); };
  switch (data.method) {
    case "ping": answer(); break;
    case "addEventListener": listened[data.value] = true; answer(); break;
    case "removeEventListener": delete listened[data.value]; answer(); break;
    case "getDuration": answer(LENGTH); break;
    case "getCurrentTime": answer(now); break;
    case "getTextTracks": answer([]); break;
    case "getMuted": answer(false); break;
    case "setCurrentTime": now = data.value; answer(now); emit("seeked"); emit("timeupdate"); break;
    case "setPlaybackRate": rate = data.value; answer(rate); emit("playbackratechange"); break;
    case "play": playing = true; answer(); emit("play"); break;
    case "pause": playing = false; answer(); emit("pause"); break;
    default: answer();
  }
});
tick(function () { emit("timeupdate"); });
send({event: "ready"});
</script><p>Vimeo stand-in</p>
""".replace("CLOCK", _CLOCK).replace("LENGTH", str(LENGTH))

# PeerTube: jschannel's protocol under the scope "peertube": a "__ready" publish-request and
# publish-reply, then
# calls {id, method: "peertube::name", params} answered {id, result}, and notifications
# {method: "peertube::name", params} (the embed's "ready" and its playback status).
PEERTUBE = """<!doctype html><meta charset="utf-8"><title>PeerTube stand-in</title><script>
var START = +((new URLSearchParams(location.search).get("start") || "0s").replace("s", ""));
CLOCK
var linked = false;
function send(message) { parent.postMessage(JSON.stringify(message), "*"); }
function notify(name, params) { send({method: "peertube::" + name, params: params}); }
function status() {
  return {position: now, volume: 1, duration: LENGTH,
          playbackState: playing ? "playing" : "paused"};
}
function link() { if (!linked) { linked = true; notify("ready", true); } }
addEventListener("message", function (event) {
  var data = JSON.parse(event.data);
  window.received.push(data);
  var name = String(data.method || "").split("::")[1];
  if (name === "__ready") {
    var asked = data.params && data.params.type === "publish-request";
    if (asked && !linked) notify("__ready", {type: "publish-reply", publish: []});
    link();
    return;
  }
  if (data.id === undefined) return;
  var result = null;
  switch (name) {
    case "isReady": result = true; break;
    case "play": playing = true; notify("playbackStatusChange", "playing"); break;
    case "pause": playing = false; notify("playbackStatusChange", "paused"); break;
    case "seek": now = data.params; notify("playbackStatusUpdate", status()); break;
    case "setPlaybackRate": rate = data.params; break;
    case "getPlaybackRate": result = rate; break;
  }
  send({id: data.id, result: result});
});
tick(function () { notify("playbackStatusUpdate", status()); });
notify("__ready", {type: "publish-request", publish: []});
</script><p>PeerTube stand-in</p>
""".replace("CLOCK", _CLOCK).replace("LENGTH", str(LENGTH))

EMBEDS = {"/video/": VIMEO, "/videos/embed/": PEERTUBE}
"""The stand-in page for each embed path: Vimeo's player, a PeerTube instance's."""


class _Embed(http.server.BaseHTTPRequestHandler):
    requested: list[str]

    def do_GET(self) -> None:
        self.requested.append(f"https://{self.headers.get('Host')}{self.path}")
        body = self._page()
        if body is not None:
            self.wfile.write(body)

    def do_HEAD(self) -> None:
        self._page()

    def _page(self) -> bytes | None:
        """Send the headers of the stand-in page asked for; return its bytes (None: 404)."""
        path = urlsplit(self.path).path
        page = next((page for prefix, page in EMBEDS.items() if path.startswith(prefix)), None)
        if page is None:
            self.send_error(404)
            return None
        body = page.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return body

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def stand_in(
    scratch: Path, hosts: tuple[str, ...]
) -> Iterator[tuple[Mapping[str, int], list[str]]]:
    """Serve the embeds' stand-ins over HTTPS, with a certificate for `hosts` made here.

    Yield each host's port on 127.0.0.1 (for `start_browser(hosts=...)`) and the list of
    URLs requested from them.
    """
    cert, key = scratch / "cert.pem", scratch / "key.pem"
    names = ",".join(f"DNS:{host}" for host in hosts)
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=video host stand-in", "-addext", f"subjectAltName={names}",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    requested: list[str] = []
    handler = type("Embed", (_Embed,), {"requested": requested})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        port = int(server.server_address[1])
        yield {host: port for host in hosts}, requested
    finally:
        server.shutdown()
        server.server_close()
