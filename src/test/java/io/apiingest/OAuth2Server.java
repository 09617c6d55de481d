package io.apiingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An OAuth2 authorization server and the API it guards, on one loopback port. {@code POST /token} is a client
 * credentials token endpoint (RFC 6749, 4.4) that checks the grant, the scope and the client's id and secret
 * (HTTP Basic, or in the form when {@link #acceptsBasic} is false) and issues {@code tok-1}, {@code tok-2}, ...
 * with {@link #expiresInS}; {@code /api/*} answers 200 to a Bearer token it issued that has not expired and is not
 * in {@link #rejected}, 401 otherwise. The test sets the fields before the run; {@link #reset} restores them.
 */
final class OAuth2Server implements AutoCloseable, AfterAllCallback {

    static final String CLIENT_ID = "ingest-client";
    static final String CLIENT_SECRET = "cl1ent-S3cret/+=";
    static final String SCOPE = "orders:read reports";

    /** What one API request came with. */
    record ApiCall(String path, String authorization, boolean expired, long atNanos) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private final Map<String, Long> expiryNanosByToken = new ConcurrentHashMap<>();
    private final List<ApiCall> apiCalls = new CopyOnWriteArrayList<>();
    private final List<String> tokenRequestProblems = new CopyOnWriteArrayList<>();

    /** expires_in of the tokens issued, in seconds; null for none. */
    volatile Integer expiresInS;
    /** How long the token endpoint takes to answer. */
    volatile long tokenDelayMs;
    /** When set, the token endpoint answers this status with {@link #failureBody} instead of a token. */
    volatile Integer failureStatus;
    volatile String failureBody;
    /** false: client authentication by HTTP Basic is refused with 401 invalid_client, the form is taken. */
    volatile boolean acceptsBasic;
    /** Tokens the API refuses (401) although they are valid. */
    final Set<String> rejected = ConcurrentHashMap.newKeySet();

    static OAuth2Server start() {
        try {
            return new OAuth2Server();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the OAuth2 server", e);
        }
    }

    private OAuth2Server() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        server.setExecutor(threads);
        server.createContext("/token", this::token);
        server.createContext("/api/", this::api);
        server.start();
        reset();
    }

    void reset() {
        tokenRequests.set(0);
        expiryNanosByToken.clear();
        apiCalls.clear();
        tokenRequestProblems.clear();
        rejected.clear();
        expiresInS = 3600;
        tokenDelayMs = 0;
        failureStatus = null;
        failureBody = null;
        acceptsBasic = true;
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    int tokenRequests() {
        return tokenRequests.get();
    }

    List<ApiCall> apiCalls() {
        return List.copyOf(apiCalls);
    }

    /** What was wrong with the token requests (a bad grant, scope or client authentication); none, normally. */
    List<String> tokenRequestProblems() {
        return List.copyOf(tokenRequestProblems);
    }

    private void token(HttpExchange exchange) throws IOException {
        try (exchange) {
            int number = tokenRequests.incrementAndGet();
            Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(),
                    StandardCharsets.UTF_8));
            String problem = problem(exchange, form);
            if (tokenDelayMs > 0) {
                Thread.sleep(tokenDelayMs);
            }
            if (failureStatus != null) {
                CountingServer.respond(exchange, failureStatus, failureBody == null ? "" : failureBody);
                return;
            }
            if (problem != null) {
                tokenRequestProblems.add(problem);
                CountingServer.respond(exchange, 401, "{\"error\":\"invalid_client\",\"error_description\":\""
                        + problem + "\"}");
                return;
            }
            String token = "tok-" + number;
            Integer expiresIn = expiresInS;
            expiryNanosByToken.put(token, expiresIn == null ? Long.MAX_VALUE
                    : System.nanoTime() + expiresIn * 1_000_000_000L);
            CountingServer.respond(exchange, 200, "{\"access_token\":\"" + token + "\",\"token_type\":\"bearer\""
                    + (expiresIn == null ? "" : ",\"expires_in\":" + expiresIn) + "}");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What is wrong with a token request, or null. */
    private String problem(HttpExchange exchange, Map<String, String> form) {
        if (!exchange.getRequestMethod().equals("POST")) {
            return "not a POST";
        }
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.startsWith("application/x-www-form-urlencoded")) {
            return "not a form: " + type;
        }
        if (!"client_credentials".equals(form.get("grant_type"))) {
            return "grant_type " + form.get("grant_type");
        }
        if (!SCOPE.equals(form.get("scope"))) {
            return "scope " + form.get("scope");
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization != null) {
            // RFC 6749, 2.3.1: id and secret form-encoded before Base64
            String expected = "Basic " + Base64.getEncoder().encodeToString((URLEncoder.encode(CLIENT_ID,
                    StandardCharsets.UTF_8) + ":" + URLEncoder.encode(CLIENT_SECRET, StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.UTF_8));
            if (!acceptsBasic) {
                return "client authentication in the Authorization header is not accepted";
            }
            return authorization.equals(expected) ? null : "bad client authentication in the header";
        }
        return CLIENT_ID.equals(form.get("client_id")) && CLIENT_SECRET.equals(form.get("client_secret")) ? null
                : "bad client authentication in the form";
    }

    private void api(HttpExchange exchange) throws IOException {
        try (exchange) {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            String token = authorization != null && authorization.startsWith("Bearer ")
                    ? authorization.substring(7) : null;
            Long expiry = token == null ? null : expiryNanosByToken.get(token);
            long now = System.nanoTime();
            boolean expired = expiry != null && now - expiry > 0;
            apiCalls.add(new ApiCall(exchange.getRequestURI().getPath(), authorization, expired, now));
            if (expiry == null || expired || rejected.contains(token)) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer error=\"invalid_token\"");
                CountingServer.respond(exchange, 401, "{\"error\":\"invalid_token\"}");
            } else {
                CountingServer.respond(exchange, 200, "{\"path\":\"" + exchange.getRequestURI().getPath() + "\"}");
            }
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }

    /** The API's paths seen with each token, in order. */
    Map<String, List<String>> pathsByAuthorization() {
        Map<String, List<String>> paths = new LinkedHashMap<>();
        for (ApiCall call : apiCalls) {
            paths.computeIfAbsent(String.valueOf(call.authorization()), a -> new ArrayList<>()).add(call.path());
        }
        return paths;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
