package io.apiingest.fetch;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apiingest.fetch.http.CredentialsStayHome;
import io.apiingest.flow.ChainResume;
import io.apiingest.flow.FetchRequest;
import io.apiingest.settings.Origins;
import io.apiingest.settings.PaginateSettings;
import io.apiingest.settings.PaginateSettings.Type;

/**
 * How a line's response leads to its next page ({@code ingest.paginate.*}, or the line's own {@code paginate}):
 * the first page's request, and after each page either the next page's request or the chain's end, by the stop
 * rules in README "Pagination".
 */
final class Paginator {

    /** A request body as written, numbers and all, for a cursor to be set in it (cursor-in=body). */
    private static final JsonMapper BODY = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private final PaginateSettings settings;

    /** @param settings {@code ingest.paginate.*}: the pagination of every line that has none of its own */
    Paginator(PaginateSettings settings) {
        this.settings = settings;
    }

    /** The line's pagination: its own (a spec's {@code paginate}, over the settings), or the settings'. */
    PaginateSettings settingsOf(FetchRequest request) {
        return request.paginate() != null ? request.paginate() : settings;
    }

    /** Whether a line is a chain of pages ({@link PaginateSettings#chains}). */
    boolean chains(FetchRequest request) {
        return settingsOf(request).chains();
    }

    /** Whether a stop rule or the next page needs the body: link-header alone reads only the headers. */
    boolean readsBody(FetchRequest request) {
        PaginateSettings s = settingsOf(request);
        return s.type() == Type.NEXT_URL || s.type() == Type.CURSOR || s.hasMorePath() != null
                || s.totalPath() != null;
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

    /**
     * The first page: the line's request, with the offset or page number of the first page where they apply; with
     * cursor-in=body as it is (no cursor yet), once its body is found to be one a cursor can go into.
     */
    Page first(FetchRequest request) {
        PaginateSettings s = settingsOf(request);
        long position = switch (s.type()) {
            case OFFSET -> 0;
            case PAGE -> s.pageStart();
            default -> 0;
        };
        FetchRequest first = request.defect() != null ? request
                : s.cursorInBody() ? withCursorInBody(s, request, null)
                : withPosition(s, request, position);
        Set<String> requested = new HashSet<>();
        if (first.uri() != null) {
            requested.add(requestedKey(s, first.uri(), null));
        }
        return new Page(first, new PageChain(1, position, 0, null, requested, homeOf(request)));
    }

    /** The page an earlier run's chain goes on at, as journaled when the page before it was done. */
    Page resumed(FetchRequest request) {
        PaginateSettings s = settingsOf(request);
        ChainResume at = request.resume();
        FetchRequest next;
        boolean byPosition = s.type() == Type.OFFSET || s.type() == Type.PAGE;
        if (!byPosition && at.uri() == null && at.cursor() == null) {
            // not journaled (it carried a secret): the chain starts again, and skips the pages already done
            return first(request);
        }
        if (byPosition) {
            next = withPosition(s, request, at.position());
        } else if (s.cursorInBody()) {
            // the URL is the line's own; the journaled cursor goes into the line's body again
            next = withCursorInBody(s, request, at.cursor());
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
            requested.add(requestedKey(s, next.uri(), at.cursor()));
        }
        return new Page(next, new PageChain(at.page(), at.position(), at.itemsSeen(), at.cursor(), requested,
                homeOf(request)));
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
        PaginateSettings s = settingsOf(request);
        if (items != null && items == 0) {
            return new End(false); // an empty page
        }
        if (items != null && (s.type() == Type.OFFSET || s.type() == Type.PAGE && s.limitSet())
                && items < s.limit()) {
            return new End(false); // a short page: the last
        }
        JsonNode hasMore = at(body, s.hasMorePath());
        if (hasMore != null && hasMore.isBoolean() && !hasMore.booleanValue()) {
            return new End(false);
        }
        long itemsSeen = chain.itemsSeen() + (items != null ? items
                : s.type() == Type.OFFSET || s.type() == Type.PAGE ? s.limit() : 0);
        JsonNode total = at(body, s.totalPath());
        if (total != null && total.isNumber() && itemsSeen >= total.longValue()) {
            return new End(false);
        }
        String next;
        String cursor = null;
        long position = chain.position();
        switch (s.type()) {
            case LINK_HEADER -> next = present(LinkHeader.next(List.copyOf(links)));
            case NEXT_URL -> {
                // a URL is a string: a number or a flag there (a page count, "next": true) is no link to follow
                JsonNode link = at(body, s.nextPath());
                next = link != null && link.isTextual() ? present(link.textValue()) : null;
            }
            case CURSOR -> {
                cursor = text(at(body, s.cursorPath()));
                next = cursor == null ? null : s.cursorInBody() ? ""
                        : withParam(request.uri().toString(), s.cursorParam(), cursor);
            }
            case OFFSET -> {
                position += s.limit();
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
        if (chain.page() >= s.maxPages()) {
            return new End(true);
        }
        int page = chain.page() + 1;
        PageChain after = new PageChain(page, position, itemsSeen, cursor, chain.requested(), chain.home());
        FetchRequest nextRequest;
        if (s.type() == Type.OFFSET || s.type() == Type.PAGE) {
            nextRequest = withPosition(s, request, position);
        } else if (s.cursorInBody()) {
            nextRequest = withCursorInBody(s, request, cursor);
            if (nextRequest.defect() != null) {
                return new Page(nextRequest, after);
            }
        } else {
            URI uri;
            try {
                uri = resolve(request.uri(), next.strip());
            } catch (Exception bad) {
                return new Page(unusable(request, next, "the next page's URL is not a URL: '" + next + "'"), after);
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                return new Page(unusable(request, uri.toString(), "the next page's URL is not an http(s) URL: '"
                        + uri + "'"), after);
            }
            nextRequest = nextAt(request, uri, uri.toString());
            if (chain.leavesHome(uri)) {
                // a link to another origin: the line's own credential headers stay home, as on a redirect
                nextRequest = withoutCredentialHeaders(nextRequest);
            }
        }
        if (!chain.requested().add(requestedKey(s, nextRequest.uri(), cursor))) {
            return new Page(unusable(request, nextRequest.url(), "pagination loop: page " + page + "'s URL was "
                    + "already requested earlier in this chain"), after);
        }
        return new Page(nextRequest, after);
    }

    private static FetchRequest withPosition(PaginateSettings s, FetchRequest request, long position) {
        return switch (s.type()) {
            case OFFSET -> {
                String uri = withParam(withParam(request.uri().toString(), s.offsetParam(),
                        Long.toString(position)), s.limitParam(), Integer.toString(s.limit()));
                String url = withParam(withParam(request.url(), s.offsetParam(), Long.toString(position)),
                        s.limitParam(), Integer.toString(s.limit()));
                yield nextAt(request, URI.create(uri), url);
            }
            case PAGE -> nextAt(request,
                    URI.create(withParam(request.uri().toString(), s.pageParam(), Long.toString(position))),
                    withParam(request.url(), s.pageParam(), Long.toString(position)));
            default -> request;
        };
    }

    /**
     * The request with the cursor in its JSON object body, at the top-level field cursor-param (replacing one
     * there); with no cursor (page 1), the request as it is. Unusable, saying why, unless it is a POST, PUT or
     * PATCH whose body is a JSON object.
     */
    private static FetchRequest withCursorInBody(PaginateSettings s, FetchRequest request, String cursor) {
        String method = request.method();
        if (!(method.equals("POST") || method.equals("PUT") || method.equals("PATCH"))) {
            return unusable(request, request.url(), "cursor-in=body sends the cursor in the body of a POST, PUT "
                    + "or PATCH, not of a " + method);
        }
        ObjectNode body = bodyObject(request);
        if (body == null) {
            return unusable(request, request.url(), "the request body is not a JSON object: with cursor-in=body "
                    + "the cursor goes into its field '" + s.cursorParam() + "'");
        }
        if (cursor == null) {
            return request;
        }
        body.put(s.cursorParam(), cursor);
        byte[] bytes;
        try {
            bytes = BODY.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree that was just read cannot be written", e);
        }
        return new FetchRequest(request.job(), request.line(), request.method(), request.uri(), request.url(),
                request.headers(), bytes, request.id(), request.meta(), null, null, request.paginate());
    }

    /** The request body as a JSON object, or null when it has none or it is no object. */
    private static ObjectNode bodyObject(FetchRequest request) {
        if (request.body() == null || request.body().length == 0) {
            return null;
        }
        try {
            return BODY.readTree(request.body()) instanceof ObjectNode object ? object : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    /**
     * What the loop guard remembers of a request: its URI, and with cursor-in=body its cursor, as every page of
     * such a chain requests the same URI (a URI holds no space, so the pair is unambiguous).
     */
    private static String requestedKey(PaginateSettings s, URI uri, String cursor) {
        return s.cursorInBody() && cursor != null ? uri + " " + cursor : uri.toString();
    }

    /**
     * A next link resolved against the page's URL (RFC 3986, 5.2): a query alone ({@code ?page=2}) keeps the path,
     * which {@link URI#resolve} does not; the fragment is not sent.
     */
    static URI resolve(URI base, String link) throws URISyntaxException {
        String target;
        if (link.startsWith("?")) {
            String raw = base.toString();
            int cut = raw.length();
            for (char stop : new char[] {'?', '#'}) {
                int at = raw.indexOf(stop);
                if (at >= 0) {
                    cut = Math.min(cut, at);
                }
            }
            target = raw.substring(0, cut) + link;
        } else {
            target = base.resolve(new URI(link)).toString();
        }
        int hash = target.indexOf('#');
        return new URI(hash < 0 ? target : target.substring(0, hash));
    }

    private static String homeOf(FetchRequest request) {
        return request.uri() == null ? null : Origins.of(request.uri());
    }

    private static FetchRequest withoutCredentialHeaders(FetchRequest request) {
        Map<String, String> kept = new LinkedHashMap<>();
        request.headers().forEach((name, value) -> {
            if (!CredentialsStayHome.namedLikeACredential(name)) {
                kept.put(name, value);
            }
        });
        return new FetchRequest(request.job(), request.line(), request.method(), request.uri(), request.url(), kept,
                request.body(), request.id(), request.meta(), null, null, request.paginate());
    }

    private static FetchRequest nextAt(FetchRequest request, URI uri, String url) {
        return new FetchRequest(request.job(), request.line(), request.method(), uri, url, request.headers(),
                request.body(), request.id(), request.meta(), null, null, request.paginate());
    }

    private static FetchRequest unusable(FetchRequest request, String url, String why) {
        return new FetchRequest(request.job(), request.line(), request.method(), null, url, request.headers(),
                request.body(), request.id(), request.meta(), why, null, request.paginate());
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
