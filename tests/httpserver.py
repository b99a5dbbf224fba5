"""A real HTTP server on 127.0.0.1 for fetching tests: pages, feeds, errors, loops, slow and large answers."""
from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Routes(dict):
    """path -> (status, headers dict, body bytes | callable(handler))"""


class _Handler(BaseHTTPRequestHandler):
    routes: Routes

    def log_message(self, *args):  # keep test output clean
        pass

    def do_GET(self):
        route = self.routes.get(self.path.split("?")[0])
        if route is None:
            self.send_response(404)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(b"not here")
            return
        status, headers, body = route
        if callable(body):
            body(self)
            return
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class LocalServer:
    def __init__(self, routes: Routes, host: str = "127.0.0.1", port: int = 0):
        handler = type("Handler", (_Handler,), {"routes": routes})
        self.httpd = ThreadingHTTPServer((host, port), handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return "http://%s:%d" % self.httpd.server_address[:2]

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def slow(seconds: float):
    def answer(handler):
        time.sleep(seconds)
        try:
            handler.send_response(200)
            handler.send_header("Content-Type", "text/html")
            handler.end_headers()
            handler.wfile.write(b"<p>late</p>")
        except OSError:
            pass
    return answer


def endless_body(handler):
    """Streams bytes without a Content-Length until the client hangs up (a too-large answer)."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.end_headers()
    chunk = b"<p>" + b"x" * 65536 + b"</p>"
    try:
        for _ in range(2000):
            handler.wfile.write(chunk)
    except OSError:
        pass
