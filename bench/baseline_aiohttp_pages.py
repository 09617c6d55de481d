#!/usr/bin/python3
"""Python baseline for bench/run.sh pages: aiohttp (Debian python3-aiohttp), each URL line a chain of pages.

    /usr/bin/python3 bench/baseline_aiohttp_pages.py URLFILE OUTFILE --concurrency N

Written the careful way: one ClientSession over TCPConnector(limit=N, limit_per_host=N), and a semaphore of N
taken per line before its task is made, so at most N chains (and N tasks) exist at once however long the file
is. A line's pages are fetched one after the other, following the Link header's rel="next" (resp.links, resolved
against the page's URL), stopping at a page without one, at a URL already seen in the chain (a loop), or after
MAX_PAGES. Each attempt has the retries of baseline_common.py (429/5xx, connection errors and timeouts; backoff
with jitter, Retry-After). Every page is one JSON line of OUTFILE: {"line", "page", "url", "status", "body"}; a
page that fails for good is a line {"line", "page", "url", "status", "attempts", "error"} and ends its chain.
"""
import argparse
import asyncio
import json
import sys
import time

import aiohttp

import baseline_common as common

MAX_PAGES = 1000  # api-ingest's ingest.paginate.max-pages default


async def run(url_file, out_file, concurrency):
    connector = aiohttp.TCPConnector(limit=concurrency, limit_per_host=concurrency)
    timeout = aiohttp.ClientTimeout(total=common.TIMEOUT_S)
    started = time.monotonic()
    counts = {"lines": 0, "pages": 0, "failed": 0}
    with open(out_file, "w", encoding="utf-8") as out:

        def write(record):
            out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")

        # DummyCookieJar: unrelated URLs must not share (and grow) one cookie jar
        async with aiohttp.ClientSession(connector=connector, timeout=timeout,
                                         cookie_jar=aiohttp.DummyCookieJar(),
                                         headers={"User-Agent": "baseline-aiohttp-pages"}) as session:

            async def attempt(url):
                """One GET: (status, elapsed_ms, (body, next URL or None)), or Retryable / Final."""
                started_at = time.monotonic()
                try:
                    async with session.get(url) as resp:
                        raw = await resp.read()
                        status = resp.status
                        if 200 <= status < 300:
                            body = common.parse_body(raw, resp.headers.get("Content-Type"))
                            link = resp.links.get("next")
                            next_url = str(link["url"]) if link and link.get("url") else None
                            return status, int((time.monotonic() - started_at) * 1000), (body, next_url)
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

            async def chain(line, url):
                seen = {url}
                page = 1
                while True:
                    result = await common.fetch_with_retries(attempt, url)
                    if result[0] != "ok":
                        _, status, n, message = result
                        write({"line": line, "page": page, "url": url, "status": status, "attempts": n,
                               "error": message})
                        counts["failed"] += 1
                        return
                    _, status, _, _, (body, next_url) = result
                    write({"line": line, "page": page, "url": url, "status": status, "body": body})
                    counts["pages"] += 1
                    if next_url is None or page >= MAX_PAGES:
                        return
                    if next_url in seen:
                        write({"line": line, "page": page + 1, "url": next_url, "status": None, "attempts": 0,
                               "error": "pagination loop: the next URL was already requested in this chain"})
                        counts["failed"] += 1
                        return
                    seen.add(next_url)
                    url = next_url
                    page += 1

            slots = asyncio.Semaphore(concurrency)
            tasks = set()

            async def guarded(line, url):
                try:
                    await chain(line, url)
                finally:
                    slots.release()

            for line, url in common.read_lines(url_file):
                counts["lines"] += 1
                if url is None or not (url.startswith("http://") or url.startswith("https://")):
                    write({"line": line, "page": 1, "url": url, "status": None, "attempts": 0,
                           "error": "not an absolute http(s) URL, or not UTF-8"})
                    counts["failed"] += 1
                    continue
                await slots.acquire()
                task = asyncio.create_task(guarded(line, url))
                tasks.add(task)
                task.add_done_callback(tasks.discard)
            if tasks:
                await asyncio.gather(*tasks)
    counts["durationMs"] = int((time.monotonic() - started) * 1000)
    return counts


def main():
    parser = argparse.ArgumentParser(prog="baseline_aiohttp_pages",
                                     description="follow every URL line's Link rel=next chain into OUTFILE")
    parser.add_argument("urlfile")
    parser.add_argument("outfile")
    parser.add_argument("--concurrency", type=int, default=50)
    args = parser.parse_args()
    if args.concurrency < 1:
        parser.error("--concurrency must be at least 1")
    if common.uvloop is not None:
        common.uvloop.install()
    summary = asyncio.run(run(args.urlfile, args.outfile, args.concurrency))
    print(json.dumps(summary), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
