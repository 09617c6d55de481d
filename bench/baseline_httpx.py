#!/usr/bin/python3
"""Python baseline for bench/run.sh: httpx (Debian python3-httpx), asyncio, same outputs as api-ingest.

    /usr/bin/python3 bench/baseline_httpx.py URLFILE OUTDIR --concurrency N

One shared httpx.AsyncClient, HTTP/1.1, Limits(max_connections=N, max_keepalive_connections=N): keep-alive
connections are reused, at most N in flight. Event loop: uvloop if python3-uvloop is installed, else the default
asyncio loop (see baseline_common.py for the queue, retries and output format).
"""
import time

import httpx

import baseline_common as common


async def run(url_file, outdir, concurrency):
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(http1=True, http2=False, limits=limits, timeout=httpx.Timeout(common.TIMEOUT_S),
                                 follow_redirects=True, headers={"User-Agent": "baseline-httpx"}) as client:

        async def attempt(url):
            started = time.monotonic()
            try:
                resp = await client.get(url)
            except httpx.TimeoutException:
                raise common.Retryable(None, f"timed out: no complete response within {int(common.TIMEOUT_S * 1000)} ms")
            except (httpx.NetworkError, httpx.RemoteProtocolError) as e:  # refused, reset, closed early
                raise common.Retryable(None, f"{type(e).__name__}: {e}")
            except (httpx.InvalidURL, httpx.UnsupportedProtocol) as e:
                raise common.Final(None, f"invalid URL: {e}")
            except httpx.HTTPError as e:  # e.g. too many redirects: not worth retrying
                raise common.Final(None, f"{type(e).__name__}: {e}")
            status = resp.status_code
            if 200 <= status < 300:
                body = common.parse_body(resp.content, resp.headers.get("Content-Type"))
                return status, int((time.monotonic() - started) * 1000), body
            if status in common.RETRY_STATUSES:
                raise common.Retryable(status, common.http_reason(status),
                                       common.parse_retry_after(resp.headers.get("Retry-After")))
            raise common.Final(status, common.http_reason(status))

        return await common.process(url_file, outdir, concurrency, attempt)


if __name__ == "__main__":
    raise SystemExit(common.main("baseline_httpx", run))
