package io.apiingest.settings;

import java.util.Map;

import com.fasterxml.jackson.core.JsonPointer;

/**
 * How a line's response leads to its next page: {@code ingest.paginate.*} and {@code ingest.items-path}. With
 * {@link Type#NONE} a line is one request and one record, as it always was.
 *
 * @param type        which paginator
 * @param nextPath    next-url: where the next URL is in the body
 * @param cursorPath  cursor: where the cursor is in the body
 * @param cursorParam cursor: the query parameter the cursor goes into, or with {@code cursorIn} body the field
 * @param cursorIn    cursor: whether the cursor goes into the query or into the JSON request body's top level
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
        CursorIn cursorIn, String offsetParam, String limitParam, int limit, boolean limitSet, String pageParam, long pageStart,
        JsonPointer hasMorePath, JsonPointer totalPath, int maxPages, JsonPointer itemsPath) {

    public enum Type {
        NONE, LINK_HEADER, NEXT_URL, CURSOR, OFFSET, PAGE
    }

    /** Where a cursor goes: a query parameter of the line's URL, or a field of its JSON request body. */
    public enum CursorIn {
        QUERY, BODY
    }

    /** No pagination, and the documented defaults of every key: what a line's own pagination falls back to. */
    public static final PaginateSettings NONE = new PaginateSettings(Type.NONE, null, null, null, CursorIn.QUERY,
            "offset", "limit", 100, false, "page", 1, null, null, 1000, null);

    public boolean paginates() {
        return type != Type.NONE;
    }

    /**
     * Whether a line is a chain of pages: with a paginator, or with an items path (then a line without a
     * paginator is a chain of one page, whose items are the records).
     */
    public boolean chains() {
        return paginates() || itemsPath() != null;
    }

    /**
     * A request's own pagination (a {@code .jsonl} spec's {@code paginate}) over these settings, read and checked
     * as {@code ingest.paginate.*} is: the same keys without that prefix, and {@code items-path}. A key not given
     * keeps its value here.
     *
     * @param given the keys given, with their values as text
     * @param named what a message calls a key: this before its name, e.g. {@code paginate.}
     * @throws InvalidSettingException naming the first key that is unknown (with a guess at the key meant) or bad
     */
    public PaginateSettings overriddenBy(Map<String, String> given, String named) {
        return IngestSettings.paginate(this, given, named);
    }

    /** Whether each page after the first sends its cursor in the request body rather than the query. */
    public boolean cursorInBody() {
        return type == Type.CURSOR && cursorIn == CursorIn.BODY;
    }
}
