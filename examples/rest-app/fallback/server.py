"""The example app with nothing but the Python 3 standard library.

Used when neither Debian's falcon/gunicorn (to build app.pyz) nor the committed
prebuilt bundle can run. Same answers as api.py: `GET /` -> {"foo": "bar"},
`GET /load?ms=N` burns N ms of CPU (default 100, at most 2000).

usage: python3 server.py -b HOST:PORT   (port 0 picks a free port; the chosen one is
printed as gunicorn prints it: "Listening at: http://HOST:PORT")
"""

import argparse
import json
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

MAX_WORK_MS = 2000
MAX_WALL_S = 10.0


def burn(ms):
    """Spins until this thread used `ms` of CPU time (or MAX_WALL_S passed, if throttled)."""
    cpu_deadline = time.thread_time() + ms / 1000
    wall_deadline = time.monotonic() + MAX_WALL_S
    spins = 0
    while time.thread_time() < cpu_deadline and time.monotonic() < wall_deadline:
        spins += 1
    return spins


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as gunicorn offers

    def do_GET(self):
        url = urlsplit(self.path)
        if url.path == "/":
            self.reply(200, {"foo": "bar"})
        elif url.path == "/load":
            raw = parse_qs(url.query).get("ms", ["100"])[0]
            try:
                ms = int(raw)
            except ValueError:
                ms = -1
            if not 0 <= ms <= MAX_WORK_MS:
                self.reply(400, {"title": "Invalid parameter", "description": "ms must be 0..%d" % MAX_WORK_MS})
                return
            self.reply(200, {"burnedMs": ms, "spins": burn(ms)})
        else:
            self.reply(404, {"title": "404 Not Found"})

    def reply(self, status, media):
        body = json.dumps(media).encode("utf-8")  # same bytes as Falcon's resp.media
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        sys.stderr.write("%s - %s\n" % (self.address_string(), format % args))


def main(argv):
    parser = argparse.ArgumentParser(description="example app, Python standard library only")
    parser.add_argument("-b", "--bind", default="127.0.0.1:8000", help="HOST:PORT (default 127.0.0.1:8000)")
    parser.add_argument("--workers", type=int, default=1, help="accepted for gunicorn parity; ignored")
    args = parser.parse_args(argv)
    host, _, port = args.bind.rpartition(":")
    server = ThreadingHTTPServer((host or "127.0.0.1", int(port)), Handler)
    server.daemon_threads = True

    def stop(signum, frame):
        # shutdown() waits for serve_forever, so call it from another thread
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    bound_host, bound_port = server.server_address[:2]
    sys.stderr.write("Listening at: http://%s:%d (python stdlib fallback)\n" % (bound_host, bound_port))
    sys.stderr.flush()
    server.serve_forever()
    server.server_close()


if __name__ == "__main__":
    main(sys.argv[1:])
