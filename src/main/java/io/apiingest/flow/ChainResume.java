package io.apiingest.flow;

/**
 * Where a line's chain of pages goes on: the next page to fetch, as journaled when the page before it was done.
 * A restart hands it to fetch with the line's request, so the chain continues there rather than from page 1.
 *
 * @param page      1-based number of the next page
 * @param position  offset: the offset the next page asks for; page: its page number; else unused (0)
 * @param itemsSeen items on the chain's pages so far (for ingest.paginate.total-path)
 * @param uri       what the next page requests: absolute and percent-encoded, as sent
 * @param cursor    the cursor the next page sends (cursor paginator), or null
 */
public record ChainResume(int page, long position, long itemsSeen, String uri, String cursor) {

    public ChainResume {
        if (page < 2) {
            throw new IllegalArgumentException("a chain resumes at page 2 or later, not " + page);
        }
    }
}
