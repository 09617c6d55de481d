package io.apiingest.fetch;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.apiingest.flow.ChainResume;
import io.apiingest.flow.FetchRequest;
import io.apiingest.settings.PaginateSettings;
import io.apiingest.settings.PaginateSettings.Type;

/**
 * How a line's response leads to its next page ({@code ingest.paginate.*}): the first page's request, and after
 * each page either the next page's request or the chain's end, by the stop rules in README "Pagination".
 */
final class Paginator {

    private final PaginateSettings settings;

    Paginator(PaginateSettings settings) {
        this.settings = settings;
    }

    /**
     * Whether a line is a chain of pages: with a paginator, or with ingest.items-path (then a line without a
     * paginator is a chain of one page, whose items are the records).
     */
    boolean chains() {
        return settings.paginates() || settings.itemsPath() != null;
    }

    /** Whether a stop rule or the next page needs the body: link-header alone reads only the headers. */
    boolean readsBody() {
        return settings.type() == Type.NEXT_URL || settings.type() == Type.CURSOR
                || settings.hasMorePath() != null || settings.totalPath() != null;
    }

    /** What follows a page: nothing (the chain ends), or the next request with its place in the chain. */
    sealed interface Next {
    }

    /** The chain ends with this page; {@code truncated} when it had more but reached ingest.paginate.max-pages. */
    record End(boolean truncated) implements Next {
    }

    /** The next page's request; an unusable one (a loop, a bad URL) becomes the chain's closing error record. */
    record Page(FetchRequest request, PageChain chain) implements Next {
    }

    /** The first page: the line's request, with the offset or page number of the first page where they apply. */
    Page first(FetchRequest request) {
        long position = switch (settings.type()) {
            case OFFSET -> 0;
            case PAGE -> settings.pageStart();
            default -> 0;
        };
        FetchRequest first = request.defect() != null ? request : withPosition(request, position);
        Set<String> requested = new HashSet<>();
        if (first.uri() != null) {
            requested.add(first.uri().toString());
        }
        return new Page(first, new PageChain(1, position, 0, null, requested));
    }

    /** The page an earlier run's chain goes on at, as journaled when the page before it was done. */
    Page resumed(FetchRequest request) {
        ChainResume at = request.resume();
        FetchRequest next;
        if (settings.type() == Type.OFFSET || settings.type() == Type.PAGE) {
            next = withPosition(request, at.position());
        } else {
            try {
                next = nextAt(request, new URI(at.uri()), at.uri());
            } catch (Exception bad) {
                next = unusable(request, at.uri(), "the journaled URL of page " + at.page() + " is not a URL: '"
                        + at.uri() + "'");
            }
        }
        Set<String> requested = new HashSet<>();
        if (next.uri() != null) {
            requested.add(next.uri().toString());
        }
        return new Page(next, new PageChain(at.page(), at.position(), at.itemsSeen(), at.cursor(), requested));
    }

    /** Where the chain goes on after a page, to journal with it: {@code next}, the next page's request. */
    static ChainResume resumeAt(Page next) {
        FetchRequest request = next.request();
        PageChain chain = next.chain();
        return new ChainResume(chain.page(), chain.position(), chain.itemsSeen(),
                request.uri() != null ? request.uri().toString() : request.url(), chain.cursor());
    }

    /**
     * The page after this one.
     *
     * @param links the response's Link header values
     * @param body  the response body when it is JSON (without its items when they were streamed), else null
     * @param items the items the page had, or null when it had none to count (no ingest.items-path, not NDJSON)
     */
    Next after(FetchRequest request, PageChain chain, Collection<String> links, JsonNode body, Long items) {
        if (items != null && items == 0) {
            return new End(false); // an empty page
        }
        if (items != null && (settings.type() == Type.OFFSET
                || settings.type() == Type.PAGE && settings.limitSet()) && items < settings.limit()) {
            return new End(false); // a short page: the last
        }
        JsonNode hasMore = at(body, settings.hasMorePath());
        if (hasMore != null && hasMore.isBoolean() && !hasMore.booleanValue()) {
            return new End(false);
        }
        long itemsSeen = chain.itemsSeen() + (items != null ? items
                : settings.type() == Type.OFFSET || settings.type() == Type.PAGE ? settings.limit() : 0);
        JsonNode total = at(body, settings.totalPath());
        if (total != null && total.isNumber() && itemsSeen >= total.longValue()) {
            return new End(false);
        }
        String next;
        String cursor = null;
        long position = chain.position();
        switch (settings.type()) {
            case LINK_HEADER -> next = present(LinkHeader.next(List.copyOf(links)));
            case NEXT_URL -> next = text(at(body, settings.nextPath()));
            case CURSOR -> {
                cursor = text(at(body, settings.cursorPath()));
                next = cursor == null ? null : withParam(request.uri().toString(), settings.cursorParam(), cursor);
            }
            case OFFSET -> {
                position += settings.limit();
                next = "";
            }
            case PAGE -> {
                position += 1;
                next = "";
            }
            default -> next = null;
        }
        if (next == null) {
            return new End(false);
        }
        if (chain.page() >= settings.maxPages()) {
            return new End(true);
        }
        int page = chain.page() + 1;
        PageChain after = new PageChain(page, position, itemsSeen, cursor, chain.requested());
        FetchRequest nextRequest;
        if (settings.type() == Type.OFFSET || settings.type() == Type.PAGE) {
            nextRequest = withPosition(request, position);
        } else {
            URI uri;
            try {
                uri = request.uri().resolve(new URI(next.strip()));
            } catch (Exception bad) {
                return new Page(unusable(request, next, "the next page's URL is not a URL: '" + next + "'"), after);
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                return new Page(unusable(request, uri.toString(), "the next page's URL is not an http(s) URL: '"
                        + uri + "'"), after);
            }
            nextRequest = nextAt(request, uri, uri.toString());
        }
        if (!chain.requested().add(nextRequest.uri().toString())) {
            return new Page(unusable(request, nextRequest.url(), "pagination loop: page " + page + "'s URL was "
                    + "already requested earlier in this chain"), after);
        }
        return new Page(nextRequest, after);
    }

    private FetchRequest withPosition(FetchRequest request, long position) {
        return switch (settings.type()) {
            case OFFSET -> {
                String uri = withParam(withParam(request.uri().toString(), settings.offsetParam(),
                        Long.toString(position)), settings.limitParam(), Integer.toString(settings.limit()));
                String url = withParam(withParam(request.url(), settings.offsetParam(), Long.toString(position)),
                        settings.limitParam(), Integer.toString(settings.limit()));
                yield nextAt(request, URI.create(uri), url);
            }
            case PAGE -> nextAt(request,
                    URI.create(withParam(request.uri().toString(), settings.pageParam(), Long.toString(position))),
                    withParam(request.url(), settings.pageParam(), Long.toString(position)));
            default -> request;
        };
    }

    private static FetchRequest nextAt(FetchRequest request, URI uri, String url) {
        return new FetchRequest(request.job(), request.line(), request.method(), uri, url, request.headers(),
                request.body(), request.id(), request.meta(), null);
    }

    private static FetchRequest unusable(FetchRequest request, String url, String why) {
        return new FetchRequest(request.job(), request.line(), request.method(), null, url, request.headers(),
                request.body(), request.id(), request.meta(), why);
    }

    /**
     * The URL with the query parameter set to the value: every earlier one of that name goes, the new one comes
     * last; a fragment stays at the end.
     */
    static String withParam(String url, String name, String value) {
        String fragment = "";
        int hash = url.indexOf('#');
        if (hash >= 0) {
            fragment = url.substring(hash);
            url = url.substring(0, hash);
        }
        int question = url.indexOf('?');
        String base = question < 0 ? url : url.substring(0, question);
        List<String> kept = new ArrayList<>();
        if (question >= 0) {
            String encodedName = encode(name);
            for (String pair : url.substring(question + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = eq < 0 ? pair : pair.substring(0, eq);
                if (!key.equals(name) && !key.equals(encodedName)) {
                    kept.add(pair);
                }
            }
        }
        kept.add(encode(name) + "=" + encode(value));
        return base + "?" + String.join("&", kept) + fragment;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static JsonNode at(JsonNode body, JsonPointer pointer) {
        if (body == null || pointer == null) {
            return null;
        }
        JsonNode node = body.at(pointer);
        return node.isMissingNode() ? null : node;
    }

    /** A next link or cursor: missing, null and the empty string all mean none. */
    private static String text(JsonNode node) {
        if (node == null || node.isNull() || !node.isValueNode()) {
            return null;
        }
        return present(node.asText());
    }

    private static String present(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
