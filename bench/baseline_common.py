"""Shared part of the Python baselines (bench/baseline_aiohttp.py, bench/baseline_httpx.py).

The baselines do what api-ingest does, the way a careful data engineer would write it in asyncio:
  * a producer reads the URL file line by line into a bounded asyncio.Queue (maxsize 2N), N worker tasks take
    from it, so memory stays flat however long the file is;
  * one shared client with a pool of N keep-alive connections, 30 s timeout per attempt;
  * retries on 408/429/500/502/503/504 and on connection errors/timeouts: 3 retries, exponential backoff from 0.5 s
    with jitter (half to all of the delay, as api-ingest), Retry-After in seconds honoured (capped at 60 s);
  * the same output files as api-ingest: part-00001.jsonl ... (1000 records each), errors.jsonl, _SUMMARY.json.

Event loop: uvloop when it is importable (Debian: python3-uvloop), else the standard asyncio loop. It is not required.
Run with Debian's /usr/bin/python3, which has python3-aiohttp and python3-httpx.
"""

import argparse
import asyncio
import json
import os
import random
import sys
import time

RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
MAX_RETRIES = 3
BASE_DELAY_S = 0.5
MAX_DELAY_S = 60.0
TIMEOUT_S = 30.0
BATCH_SIZE = 1000

try:  # optional: only when the distribution ships it
    import uvloop  # type: ignore
except ImportError:
    uvloop = None

EVENT_LOOP = "uvloop" if uvloop is not None else "asyncio (default loop)"


class Retryable(Exception):
    """A failed attempt that may be retried; carries the status (None without a response) and Retry-After."""

    def __init__(self, status, message, retry_after=None):
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


class Final(Exception):
    """A failed attempt that must not be retried (e.g. 404)."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status


def parse_retry_after(value):
    """Retry-After in seconds (the HTTP-date form is rare for APIs and ignored here); None when absent or bad."""
    if not value:
        return None
    try:
        return min(max(float(value.strip()), 0.0), MAX_DELAY_S)
    except ValueError:
        return None


def parse_body(raw, content_type):
    """Parse the body once: JSON when the type says JSON or nothing (like api-ingest), else keep it as text."""
    text = raw.decode("utf-8", errors="replace")
    if not text:
        return ""
    ct = (content_type or "").lower()
    if not ct or "json" in ct:
        try:
            return json.loads(text)
        except ValueError:
            return text
    return text


def http_reason(status):
    from http import HTTPStatus
    try:
        return f"HTTP {status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"HTTP {status}"


class Outbox:
    """Writes records in completion order: parts of BATCH_SIZE, each written hidden and renamed once complete."""

    def __init__(self, outdir):
        self.outdir = outdir
        os.makedirs(outdir, exist_ok=True)
        self.part_no = 0
        self.part = None
        self.part_count = 0
        self.errors = open(os.path.join(outdir, "errors.jsonl"), "w", encoding="utf-8")
        self.succeeded = 0
        self.failed = 0

    def _tmp(self, n):
        return os.path.join(self.outdir, f".part-{n:05d}.jsonl.tmp")

    def _close_part(self):
        if self.part is not None:
            self.part.close()
            os.replace(self._tmp(self.part_no), os.path.join(self.outdir, f"part-{self.part_no:05d}.jsonl"))
            self.part = None

    def success(self, line, url, status, attempts, elapsed_ms, body):
        if self.part is None:
            self.part_no += 1
            self.part = open(self._tmp(self.part_no), "w", encoding="utf-8")
            self.part_count = 0
        self.part.write(json.dumps({"line": line, "url": url, "status": status, "attempts": attempts,
                                    "elapsedMs": elapsed_ms, "body": body}, ensure_ascii=False, separators=(",", ":")) + "\n")
        self.succeeded += 1
        self.part_count += 1
        if self.part_count >= BATCH_SIZE:
            self._close_part()

    def failure(self, line, url, status, attempts, error):
        self.errors.write(json.dumps({"line": line, "url": url, "status": status, "attempts": attempts,
                                      "error": error}, ensure_ascii=False, separators=(",", ":")) + "\n")
        self.failed += 1

    def finish(self, file_name, duration_ms):
        self._close_part()
        self.errors.close()
        summary = {"file": file_name, "total": self.succeeded + self.failed, "succeeded": self.succeeded,
                   "failed": self.failed, "durationMs": duration_ms}
        tmp = os.path.join(self.outdir, "._SUMMARY.json.tmp")
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(summary, f, separators=(",", ":"))
        os.replace(tmp, os.path.join(self.outdir, "_SUMMARY.json"))  # last: the folder is complete
        return summary


def read_lines(path):
    """(physical 1-based line number, stripped text) of every URL line: blank and '#' lines skipped, BOM and CRLF ok."""
    with open(path, "rb") as f:
        for number, raw in enumerate(f, start=1):
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            try:
                text = raw.decode("utf-8").strip()
            except UnicodeDecodeError:
                yield number, None  # an error record for this line
                continue
            if not text or text.startswith("#"):
                continue
            yield number, text


async def fetch_with_retries(attempt, url):
    """Runs attempt(url) -> (status, elapsed_ms, body) with retries; returns ('ok', status, n, elapsed_ms, body)
    or ('error', status, n, message)."""
    n = 0
    while True:
        n += 1
        try:
            status, elapsed_ms, body = await attempt(url)
            return "ok", status, n, elapsed_ms, body
        except Final as e:
            return "error", e.status, n, str(e)
        except Retryable as e:
            if n > MAX_RETRIES:
                return "error", e.status, n, str(e)
            delay = min(BASE_DELAY_S * (2 ** (n - 1)), MAX_DELAY_S)
            delay = random.uniform(delay / 2, delay)  # jitter: retries do not arrive in lockstep
            if e.retry_after is not None:
                delay = e.retry_after
            await asyncio.sleep(delay)


async def process(url_file, outdir, concurrency, attempt):
    """Producer -> bounded queue -> `concurrency` workers -> Outbox. `attempt` is the client-specific coroutine."""
    started = time.monotonic()
    outbox = Outbox(outdir)
    queue = asyncio.Queue(maxsize=2 * concurrency)
    done = object()

    async def producer():
        for item in read_lines(url_file):
            await queue.put(item)
        for _ in range(concurrency):
            await queue.put(done)

    async def worker():
        while True:
            item = await queue.get()
            if item is done:
                return
            line, url = item
            if url is None:
                outbox.failure(line, None, None, 0, "line is not valid UTF-8")
                continue
            if not (url.startswith("http://") or url.startswith("https://")):
                outbox.failure(line, url, None, 0, "not an absolute URL: expected http:// or https://")
                continue
            result = await fetch_with_retries(attempt, url)
            if result[0] == "ok":
                _, status, n, elapsed_ms, body = result
                outbox.success(line, url, status, n, elapsed_ms, body)
            else:
                _, status, n, message = result
                outbox.failure(line, url, status, n, message)

    await asyncio.gather(producer(), *(worker() for _ in range(concurrency)))
    return outbox.finish(os.path.basename(url_file), int((time.monotonic() - started) * 1000))


def main(name, run):
    """CLI: URLFILE OUTDIR --concurrency N. `run(url_file, outdir, concurrency)` is the client-specific coroutine."""
    parser = argparse.ArgumentParser(prog=name, description=f"{name}: fetch every URL of URLFILE into OUTDIR")
    parser.add_argument("urlfile")
    parser.add_argument("outdir")
    parser.add_argument("--concurrency", type=int, default=50)
    args = parser.parse_args()
    if args.concurrency < 1:
        parser.error("--concurrency must be at least 1")
    if uvloop is not None:
        uvloop.install()
    summary = asyncio.run(run(args.urlfile, args.outdir, args.concurrency))
    print(json.dumps(summary), file=sys.stderr)
    return 0
