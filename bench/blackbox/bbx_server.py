#!/usr/bin/env python3
"""Tiny misbehaving HTTP server for the black-box reproductions (127.0.0.1 only, stdlib only).

usage: bbx_server.py PORTFILE LOGFILE [IDLE_SECONDS]
  binds 127.0.0.1 on a free port, writes the port to PORTFILE, logs every request as one JSON line to LOGFILE.
  IDLE_SECONDS (optional): close a keep-alive connection that stays idle that long (default: never).
paths: /echo        200 JSON {"method","path","headers"}
       /redirect?to=URL   302 to URL
       /badgzip     200 with Content-Encoding: gzip and a body that is not gzip
"""
import json, sys, threading, time
from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler
from urllib.parse import urlsplit, parse_qs

PORTFILE, LOG = sys.argv[1], sys.argv[2]
IDLE = float(sys.argv[3]) if len(sys.argv) > 3 else None
lock = threading.Lock()

class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = IDLE
    def log_message(self, *a): pass
    def handle_any(self):
        n = int(self.headers.get("Content-Length") or 0)
        if n: self.rfile.read(n)
        with lock, open(LOG, "a") as f:
            f.write(json.dumps({"t": time.time(), "method": self.command, "path": self.path,
                                "headers": dict(self.headers.items())}) + "\n")
        u = urlsplit(self.path); q = parse_qs(u.query); extra = {}
        if u.path == "/redirect":
            code, body, extra = 302, b"", {"Location": q["to"][0]}
        elif u.path == "/badgzip":
            code, body, extra = 200, b'{"not":"gzip"}', {"Content-Encoding": "gzip"}
        else:
            code, body = 200, json.dumps({"method": self.command, "path": self.path,
                                          "headers": dict(self.headers.items())}).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        for k, v in extra.items(): self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = handle_any

ThreadingHTTPServer.daemon_threads = True
s = ThreadingHTTPServer(("127.0.0.1", 0), H)
with open(PORTFILE + ".tmp", "w") as f: f.write(str(s.server_address[1]))
import os; os.replace(PORTFILE + ".tmp", PORTFILE)
s.serve_forever()
