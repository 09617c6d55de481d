package io.apiingest.fetch;

import java.net.URI;
import java.util.Set;

import io.apiingest.settings.Origins;

/**
 * Where a line's chain of pages stands, carried on the exchange of each page's request (an exchange property):
 * the page about to be fetched, the offset or page number it asks for, the items seen so far, and every URL the
 * chain requested, for the loop guard. Pages of one chain go one after the other, so the URL set is handed on
 * rather than copied: a copy per page would cost a chain of 1000 pages half a million string copies.
 *
 * @param page      1-based page of this request
 * @param position  offset: the offset asked for; page: the page number asked for; else unused
 * @param itemsSeen items on the chain's earlier pages (counted from ingest.items-path, or the limit sent)
 * @param cursor    cursor: the cursor this page sends; else null
 * @param requested the URLs the chain requested so far, this page's included
 * @param home      the origin of the line's own request: a page elsewhere goes without its credentials
 */
record PageChain(int page, long position, long itemsSeen, String cursor, Set<String> requested, String home) {

    /** Whether a page at this URI leaves the line's own origin. */
    boolean leavesHome(URI uri) {
        return home != null && uri != null && !home.equals(Origins.of(uri));
    }
}
