#!/usr/bin/python3
"""Python peer for bench/run.sh pacing: aiohttp (Debian python3-aiohttp) with a fixed rate on one host.

    /usr/bin/python3 bench/baseline_aiohttp_pacing.py URLFILE OUTDIR --concurrency N --rate HOST:PORT=R [--rate ...]

Written the way a careful user would who knows the API's published quota: one ClientSession over
TCPConnector(limit=N, limit_per_host=N), a semaphore of N requests in flight, and for each --rate origin a fixed
rate of R request starts per second, spaced evenly (one start every 1/R s, in arrival order; no burst), for
first attempts and retries alike; other origins are unlimited. A request first waits for its origin's turn and
only then takes a slot of the semaphore, so waiting for a slow origin holds no slot and the other origins keep
flowing. Retries, backoff with jitter and Retry-After are baseline_common.py's (429/5xx, 3 retries from 0.5 s,
Retry-After in seconds honoured); a backoff sleeps outside the semaphore too.

The file is read whole into one task per line (1,510 here): a bounded queue of workers, as baseline_aiohttp.py
has, would let the workers all end up waiting on the slow origin, stalling the others behind it. Output as
api-ingest's: part-NNNNN.jsonl, errors.jsonl, _SUMMARY.json (baseline_common.Outbox).
"""
import argparse
import asyncio
import os
import sys
import time
import json
from urllib.parse import urlsplit

import aiohttp

import baseline_common as common


class Spacing:
    """Fixed rate: each start one 1/rate after the one before (or now, when the origin was idle)."""

    def __init__(self, rate):
        self.interval = 1.0 / rate
        self.next = 0.0
        self.lock = asyncio.Lock()

    async def turn(self):
        async with self.lock:
            now = time.monotonic()
            at = max(now, self.next)
            self.next = at + self.interval
        if at > now:
            await asyncio.sleep(at - now)


def origin_of(url):
    parts = urlsplit(url)
    return f"{parts.hostname}:{parts.port or (443 if parts.scheme == 'https' else 80)}"


async def run(url_file, outdir, concurrency, rates):
    started = time.monotonic()
    connector = aiohttp.TCPConnector(limit=concurrency, limit_per_host=concurrency)
    timeout = aiohttp.ClientTimeout(total=common.TIMEOUT_S)
    spacing = {origin: Spacing(rate) for origin, rate in rates.items()}
    slots = asyncio.Semaphore(concurrency)
    outbox = common.Outbox(outdir)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout, cookie_jar=aiohttp.DummyCookieJar(),
                                     headers={"User-Agent": "baseline-aiohttp-pacing"}) as session:

        async def attempt(url):
            pace = spacing.get(origin_of(url))
            if pace is not None:
                await pace.turn()
            async with slots:
                started_at = time.monotonic()
                try:
                    async with session.get(url) as resp:
                        raw = await resp.read()
                        status = resp.status
                        if 200 <= status < 300:
                            body = common.parse_body(raw, resp.headers.get("Content-Type"))
                            return status, int((time.monotonic() - started_at) * 1000), body
                        if status in common.RETRY_STATUSES:
                            raise common.Retryable(status, common.http_reason(status),
                                                   common.parse_retry_after(resp.headers.get("Retry-After")))
                        raise common.Final(status, common.http_reason(status))
                except asyncio.TimeoutError:
                    raise common.Retryable(None, f"timed out: no complete response within {int(common.TIMEOUT_S * 1000)} ms")
                except aiohttp.InvalidURL as e:
                    raise common.Final(None, f"invalid URL: {e}")
                except (aiohttp.ClientConnectionError, aiohttp.ClientPayloadError) as e:
                    raise common.Retryable(None, f"{type(e).__name__}: {e}")
                except aiohttp.ClientError as e:
                    raise common.Final(None, f"{type(e).__name__}: {e}")

        async def one(line, url):
            if url is None or not (url.startswith("http://") or url.startswith("https://")):
                outbox.failure(line, url, None, 0, "not an absolute http(s) URL, or not UTF-8")
                return
            result = await common.fetch_with_retries(attempt, url)
            if result[0] == "ok":
                _, status, n, elapsed_ms, body = result
                outbox.success(line, url, status, n, elapsed_ms, body)
            else:
                _, status, n, message = result
                outbox.failure(line, url, status, n, message)

        await asyncio.gather(*(one(line, url) for line, url in common.read_lines(url_file)))
    return outbox.finish(os.path.basename(url_file), int((time.monotonic() - started) * 1000))


def main():
    parser = argparse.ArgumentParser(prog="baseline_aiohttp_pacing",
                                     description="fetch every URL of URLFILE into OUTDIR, with fixed per-host rates")
    parser.add_argument("urlfile")
    parser.add_argument("outdir")
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--rate", action="append", default=[], metavar="HOST:PORT=R",
                        help="request starts per second to that origin, evenly spaced")
    args = parser.parse_args()
    if args.concurrency < 1:
        parser.error("--concurrency must be at least 1")
    rates = {}
    for item in args.rate:
        origin, _, value = item.rpartition("=")
        if not origin or float(value) <= 0:
            parser.error(f"--rate {item}: expected HOST:PORT=R with R > 0")
        rates[origin] = float(value)
    if common.uvloop is not None:
        common.uvloop.install()
    summary = asyncio.run(run(args.urlfile, args.outdir, args.concurrency, rates))
    print(json.dumps(summary), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
