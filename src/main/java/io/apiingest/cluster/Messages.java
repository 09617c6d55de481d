package io.apiingest.cluster;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.databind.util.RawValue;
import io.apiingest.flow.FetchOutcome;
import io.apiingest.flow.FetchRequest;
import io.apiingest.flow.OriginTally;
import io.apiingest.flow.PageEnd;
import io.apiingest.flow.RecordKey;

/**
 * What crosses the Kafka topics, as JSON: a {@link FetchRequest} on the requests topic (with, under
 * {@code deadlineAt}, the wall-clock instant its file's ingest.file-deadline-s passes at the intake, when it has
 * one), and on the results topic a
 * {@link FetchOutcome} or a {@link PageEnd}. Numbers in ids, metas and bodies are kept exactly (BigDecimal), and a
 * response body travels as the text the API sent, so the intake writes the record the worker would have written.
 * A result carries the request's record head only (job, line, method, url, id, meta): never its headers or body.
 * It may carry, under {@code origins}, the requests its worker sent for the file since its last result, per origin
 * ({@link OriginTally#drain}): counts and a pace, nothing of the requests themselves. A result without them (an
 * older worker's) reads as one with none.
 */
final class Messages {

    private static final String KIND = "kind";
    private static final String FETCHED = "fetched";
    private static final String FAILED = "failed";
    private static final String PAGE_END = "pageEnd";
    private static final String ORIGINS = "origins";
    private static final String DEADLINE_AT = "deadlineAt";
    private static final TypeReference<Map<String, OriginTally.Figures>> FIGURES = new TypeReference<>() {
    };

    private final ObjectMapper json;

    Messages() {
        SimpleModule pointers = new SimpleModule("json-pointers");
        pointers.addSerializer(JsonPointer.class, ToStringSerializer.instance);
        pointers.addDeserializer(JsonPointer.class, new StdScalarDeserializer<>(JsonPointer.class) {
            @Override
            public JsonPointer deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                return JsonPointer.compile(parser.getValueAsString());
            }
        });
        json = new ObjectMapper().registerModule(pointers)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // an absent id or meta is no "id": null in the record the intake writes
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }

    /** The topics' key of a line: every page of its chain goes to the same partition, in order. */
    static String key(String job, long line) {
        return job + ":" + line;
    }

    /** The file (outbox job) a {@link FetchOutcome} or {@link PageEnd} is of. */
    static String job(Object result) {
        return result instanceof PageEnd end ? end.job() : ((FetchOutcome) result).job();
    }

    /** The line a {@link FetchOutcome} or {@link PageEnd} is of. */
    static long line(Object result) {
        return result instanceof PageEnd end ? end.line() : ((FetchOutcome) result).line();
    }

    /** The key of the line a {@link FetchOutcome} or {@link PageEnd} is of. */
    static String key(Object result) {
        return key(job(result), line(result));
    }

    /** A request read back, and the instant its file's deadline passes (epoch milliseconds), or null for none. */
    record Request(FetchRequest request, Long deadlineAt) {
    }

    byte[] request(FetchRequest request) throws IOException {
        return request(request, null);
    }

    /** @param deadlineAt the instant the request's file's deadline passes (epoch milliseconds), or null for none */
    byte[] request(FetchRequest request, Long deadlineAt) throws IOException {
        if (deadlineAt == null) {
            return json.writeValueAsBytes(request);
        }
        ObjectNode message = json.valueToTree(request);
        message.put(DEADLINE_AT, deadlineAt);
        return json.writeValueAsBytes(message);
    }

    /** A request and its file's deadline (none from an older intake, or from one without a deadline). */
    Request request(byte[] message) throws IOException {
        JsonNode tree = json.readTree(message);
        JsonNode deadlineAt = tree.get(DEADLINE_AT);
        return new Request(withoutNullNodes(json.treeToValue(tree, FetchRequest.class)),
                deadlineAt == null || deadlineAt.isNull() ? null : deadlineAt.asLong());
    }

    /** Jackson gives a JsonNode field that the JSON has as null a NullNode: the request had none. */
    private static FetchRequest withoutNullNodes(FetchRequest request) {
        if ((request.id() == null || !request.id().isNull()) && (request.meta() == null || !request.meta().isNull())) {
            return request;
        }
        return new FetchRequest(request.job(), request.line(), request.method(), request.uri(), request.url(),
                request.headers(), request.body(), request.id() == null || request.id().isNull() ? null : request.id(),
                request.meta() == null || request.meta().isNull() ? null : request.meta(), request.defect(),
                request.resume(), request.paginate());
    }

    /** A result read back: a {@link FetchOutcome} or a {@link PageEnd}, and the origins' figures it carried. */
    record Result(Object body, Map<String, OriginTally.Figures> origins) {

        String job() {
            return Messages.job(body);
        }
    }

    /** @param origins the worker's requests for the result's file since its last result, per origin; may be empty */
    byte[] result(Object result, Map<String, OriginTally.Figures> origins) throws IOException {
        ObjectNode message = json.createObjectNode();
        if (!origins.isEmpty()) {
            message.set(ORIGINS, json.valueToTree(origins));
        }
        if (result instanceof PageEnd end) {
            message.put(KIND, PAGE_END);
            message.set("end", json.valueToTree(end));
            return json.writeValueAsBytes(message);
        }
        FetchOutcome outcome = (FetchOutcome) result;
        message.set("key", json.valueToTree(outcome.key()));
        message.set("request", json.valueToTree(head(outcome.request())));
        if (outcome instanceof FetchOutcome.Fetched fetched) {
            message.put(KIND, FETCHED);
            message.put("status", fetched.status());
            message.put("attempts", fetched.attempts());
            message.put("elapsedMs", fetched.elapsedMs());
            message.put("body", bodyText(fetched));
        } else if (outcome instanceof FetchOutcome.Failed failed) {
            message.put(KIND, FAILED);
            message.put("status", failed.status());
            message.put("attempts", failed.attempts());
            message.put("error", failed.error());
        }
        return json.writeValueAsBytes(message);
    }

    /** A result and the origins' figures it carries (none from an older worker). */
    Result result(byte[] bytes) throws IOException {
        JsonNode message = json.readTree(bytes);
        JsonNode figures = message.get(ORIGINS);
        Map<String, OriginTally.Figures> origins = figures == null || figures.isNull() ? Map.of()
                : json.readerFor(FIGURES).readValue(figures);
        return new Result(body(message), origins);
    }

    private Object body(JsonNode message) throws IOException {
        String kind = message.path(KIND).asText();
        if (PAGE_END.equals(kind)) {
            return json.treeToValue(message.get("end"), PageEnd.class);
        }
        RecordKey key = json.treeToValue(message.get("key"), RecordKey.class);
        FetchRequest request = withoutNullNodes(json.treeToValue(message.get("request"), FetchRequest.class));
        Integer status = message.get("status").isNull() ? null : message.get("status").asInt();
        int attempts = message.get("attempts").asInt();
        return switch (kind) {
            case FETCHED -> new FetchOutcome.Fetched(key, request, status, attempts,
                    message.get("elapsedMs").asLong(), new RawValue(message.get("body").asText()));
            case FAILED -> new FetchOutcome.Failed(key, request, status, attempts, message.get("error").asText());
            default -> throw new IOException("not a result of api-ingest: kind '" + kind + "'");
        };
    }

    /** What a record says of its request; headers and body stay with the worker. */
    private static FetchRequest head(FetchRequest request) {
        return new FetchRequest(request.job(), request.line(), request.method(), null, request.url(), null, null,
                request.id(), request.meta(), null);
    }

    private String bodyText(FetchOutcome.Fetched fetched) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator generator = json.getFactory().createGenerator(out)) {
            if (fetched.body() instanceof JsonNode tree) {
                generator.writeTree(tree);
            } else {
                fetched.body().serialize(generator, null);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
