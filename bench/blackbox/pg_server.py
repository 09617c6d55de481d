#!/usr/bin/env python3
"""Scriptable misbehaving HTTP server for the g*.sh pagination/items reproductions (127.0.0.1 only, stdlib only).

usage: pg_server.py PORTFILE LOGFILE SCENARIO.py
  binds 127.0.0.1 on a free port, writes the port to PORTFILE, logs every request as one JSON line to LOGFILE
  ({"t","method","path","headers"}), then calls handle(h, path, query, n) from SCENARIO.py, where h is the
  BaseHTTPRequestHandler, query a dict of first values, n the 1-based count of requests with that path+query.
  Helpers available to the scenario: send(h, code, body, headers=None, ctype="application/json", chunked=False),
  PORT (the port), raw(h, bytes) (write raw bytes and flush).
"""
import json, sys, threading, time, gzip, os
from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler
from urllib.parse import urlsplit, parse_qs

PORTFILE, LOG, SCEN = sys.argv[1], sys.argv[2], sys.argv[3]
lock = threading.Lock()
counts = {}

def raw(h, b):
    h.wfile.write(b); h.wfile.flush()

def send(h, code, body, headers=None, ctype="application/json", chunked=False, chunk=4096):
    if isinstance(body, str): body = body.encode()
    if not isinstance(body, (bytes, bytearray)): body = json.dumps(body).encode()
    h.send_response(code)
    if ctype is not None: h.send_header("Content-Type", ctype)
    for k, v in (headers or {}).items():
        if isinstance(v, list):
            for x in v: h.send_header(k, x)
        else: h.send_header(k, v)
    if chunked:
        h.send_header("Transfer-Encoding", "chunked"); h.end_headers()
        for i in range(0, len(body), chunk):
            c = body[i:i+chunk]; h.wfile.write(b"%x\r\n" % len(c) + c + b"\r\n")
        h.wfile.write(b"0\r\n\r\n"); h.wfile.flush()
    else:
        if code not in (204, 304): h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        if code not in (204, 304): h.wfile.write(body)
        h.wfile.flush()

G = {"send": send, "raw": raw, "json": json, "time": time, "gzip": gzip, "os": os}
exec(compile(open(SCEN).read(), SCEN, "exec"), G)

class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a): pass
    def handle(self):
        try: super().handle()
        except (ConnectionResetError, BrokenPipeError, TimeoutError): pass
    def handle_any(self):
        n = int(self.headers.get("Content-Length") or 0)
        if n: self.rfile.read(n)
        u = urlsplit(self.path); q = {k: v[0] for k, v in parse_qs(u.query, keep_blank_values=True).items()}
        with lock:
            counts[self.path] = counts.get(self.path, 0) + 1; c = counts[self.path]
            with open(LOG, "a") as f:
                f.write(json.dumps({"t": time.time(), "method": self.command, "path": self.path,
                                    "headers": dict(self.headers.items())}) + "\n")
        try:
            G["handle"](self, u.path, q, c)
        except (BrokenPipeError, ConnectionResetError):
            pass
    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = handle_any

ThreadingHTTPServer.daemon_threads = True
s = ThreadingHTTPServer(("127.0.0.1", 0), H)
G["PORT"] = s.server_address[1]
with open(PORTFILE + ".tmp", "w") as f: f.write(str(s.server_address[1]))
os.replace(PORTFILE + ".tmp", PORTFILE)
s.serve_forever()
