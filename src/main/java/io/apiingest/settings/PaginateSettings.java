package io.apiingest.settings;

import com.fasterxml.jackson.core.JsonPointer;

/**
 * How a line's response leads to its next page: {@code ingest.paginate.*} and {@code ingest.items-path}. With
 * {@link Type#NONE} a line is one request and one record, as it always was.
 *
 * @param type        which paginator
 * @param nextPath    next-url: where the next URL is in the body
 * @param cursorPath  cursor: where the cursor is in the body
 * @param cursorParam cursor: the query parameter the cursor goes into
 * @param offsetParam offset: the query parameter of the offset, from 0
 * @param limitParam  offset: the query parameter of the page size, sent on every page
 * @param limit       offset: the page size sent; page: the page size that a shorter page stops at
 * @param limitSet    whether the user set {@code ingest.paginate.limit} (page type: the API's size is unknown else)
 * @param pageParam   page: the query parameter of the page number
 * @param pageStart   page: the number of the first page
 * @param hasMorePath where a boolean "more pages" flag is in the body (false ends the chain), or null
 * @param totalPath   where the total item count is in the body (offset + items reaching it ends the chain), or null
 * @param maxPages    pages a chain may have; the chain ends there
 * @param itemsPath   where the page's items array is (an empty one ends the chain), or null
 */
public record PaginateSettings(Type type, JsonPointer nextPath, JsonPointer cursorPath, String cursorParam,
        String offsetParam, String limitParam, int limit, boolean limitSet, String pageParam, long pageStart,
        JsonPointer hasMorePath, JsonPointer totalPath, int maxPages, JsonPointer itemsPath) {

    public enum Type {
        NONE, LINK_HEADER, NEXT_URL, CURSOR, OFFSET, PAGE
    }

    public static final PaginateSettings NONE = new PaginateSettings(Type.NONE, null, null, null, "offset", "limit",
            100, false, "page", 1, null, null, 1000, null);

    public boolean paginates() {
        return type != Type.NONE;
    }
}
