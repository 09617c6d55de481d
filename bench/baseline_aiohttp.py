#!/usr/bin/python3
"""Python baseline for bench/run.sh: aiohttp (Debian python3-aiohttp), asyncio, same outputs as api-ingest.

    /usr/bin/python3 bench/baseline_aiohttp.py URLFILE OUTDIR --concurrency N

One shared ClientSession over TCPConnector(limit=N, limit_per_host=N): keep-alive connections are reused, at most N
in flight. Event loop: uvloop if python3-uvloop is installed, else the default asyncio loop (see baseline_common.py
for the queue, retries and output format).
"""
import asyncio
import time

import aiohttp

import baseline_common as common


async def run(url_file, outdir, concurrency):
    connector = aiohttp.TCPConnector(limit=concurrency, limit_per_host=concurrency)
    timeout = aiohttp.ClientTimeout(total=common.TIMEOUT_S)
    # DummyCookieJar: a million unrelated URLs must not share (and grow) one cookie jar
    async with aiohttp.ClientSession(connector=connector, timeout=timeout,
                                     cookie_jar=aiohttp.DummyCookieJar(),
                                     headers={"User-Agent": "baseline-aiohttp"}) as session:

        async def attempt(url):
            started = time.monotonic()
            try:
                async with session.get(url) as resp:
                    raw = await resp.read()
                    status = resp.status
                    if 200 <= status < 300:
                        body = common.parse_body(raw, resp.headers.get("Content-Type"))
                        return status, int((time.monotonic() - started) * 1000), body
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
            except aiohttp.ClientError as e:  # e.g. too many redirects: not worth retrying
                raise common.Final(None, f"{type(e).__name__}: {e}")

        return await common.process(url_file, outdir, concurrency, attempt)


if __name__ == "__main__":
    raise SystemExit(common.main("baseline_aiohttp", run))
