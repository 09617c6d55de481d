package io.apiingest.intake;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;

import io.apiingest.flow.FetchRequest;
import io.apiingest.settings.RequestSettings;

/**
 * A {@code .csv} file (RFC 4180, UTF-8, a header row): a request per row, read one row at a time by Jackson's
 * streaming CSV parser. The URL is the {@code url} column, or {@code ingest.request.url-template} filled from
 * the columns it names; {@code method}, {@code id} and {@code body} columns say what they name, and every other
 * column goes into the record's meta as a string.
 *
 * <p>A row's line is the physical line it starts on (a quoted field may span lines). A row that is not a
 * request (a field too many, a bad method, a body that is not JSON, a CSV syntax error) comes out with its
 * defect, and the file goes on; a header that cannot make requests refuses the whole file.
 */
final class CsvRequests implements RequestSource {

    static final String URL = "url";
    static final String METHOD = "method";
    static final String ID = "id";
    static final String BODY = "body";

    /** Each row as an array of strings, empty (or blank) lines skipped; made once, a factory is shared safely. */
    private static final CsvFactory CSV = CsvFactory.builder()
            .enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
            .build();
    private static final JsonFactory JSON = new JsonFactory();
    /** What the decoder puts in place of bytes that are not UTF-8. */
    private static final char REPLACEMENT = '\uFFFD';

    private final CsvParser csv;
    private final String job;
    private final String method;
    private final UrlTemplate template;
    private final RequestParts parts;
    private final List<String> header;
    private final Map<String, Integer> columnOf;
    private final int urlColumn;
    private final int methodColumn;
    private final int idColumn;
    private final int bodyColumn;
    /** The columns that go into meta, in header order. */
    private final int[] metaColumns;
    /** The fields of the row being read, reused from row to row. */
    private final String[] row;
    private long rowLine;
    private String rowDefect;
    private boolean ended;

    private CsvRequests(CsvParser csv, String job, String method, UrlTemplate template, RequestParts parts,
            List<String> header) {
        this.csv = csv;
        this.job = job;
        this.method = method;
        this.template = template;
        this.parts = parts;
        this.header = header;
        this.columnOf = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            columnOf.put(header.get(i), i);
        }
        this.urlColumn = template == null ? columnOf.getOrDefault(URL, -1) : -1;
        this.methodColumn = columnOf.getOrDefault(METHOD, -1);
        this.idColumn = columnOf.getOrDefault(ID, -1);
        this.bodyColumn = columnOf.getOrDefault(BODY, -1);
        List<Integer> meta = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            if (i != urlColumn && i != methodColumn && i != idColumn && i != bodyColumn) {
                meta.add(i);
            }
        }
        this.metaColumns = meta.stream().mapToInt(Integer::intValue).toArray();
        this.row = new String[header.size()];
    }

    /**
     * Reads the header row.
     *
     * @param template {@code ingest.request.url-template}, whose placeholders name columns, or null
     * @throws UnreadableInputException when the header cannot make requests: no url column and no template, a
     *                                  placeholder that is no column, a column without a name or named twice
     */
    static CsvRequests open(InputStream in, String job, String method, UrlTemplate template, RequestParts parts) {
        CsvParser csv;
        try {
            // decoded by the JDK, which puts U+FFFD for bytes that are not UTF-8: Jackson's own decoder would
            // throw, and leave the rest of the file unread, where a .txt file reports the one line
            csv = CSV.createParser(new InputStreamReader(withoutBom(in), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the input file: " + e.getMessage(), e);
        }
        try {
            CsvRequests requests = new CsvRequests(csv, job, method, template, parts, header(csv));
            if (!requests.header.isEmpty()) {
                requests.checkHeader();
            }
            return requests;
        } catch (RuntimeException e) {
            close(csv);
            throw e;
        }
    }

    @Override
    public FetchRequest next() {
        if (ended) {
            return null;
        }
        int fields = readRow();
        if (fields < 0) {
            ended = true;
            return null;
        }
        if (rowDefect != null) {
            return FetchRequest.unusable(job, rowLine, null, rowDefect);
        }
        if (fields != row.length) {
            return FetchRequest.unusable(job, rowLine, null, "the row has " + fields + (fields == 1 ? " field" :
                    " fields") + ", the header has " + row.length + (row.length == 1 ? " column" : " columns"));
        }
        for (String field : row) {
            if (field.indexOf(REPLACEMENT) >= 0) {
                return FetchRequest.unusable(job, rowLine, null, "the row is not valid UTF-8 text");
            }
        }
        return request();
    }

    @Override
    public void close() {
        ended = true;
        close(csv);
    }

    private FetchRequest request() {
        TextNode id = idColumn < 0 || row[idColumn].isEmpty() ? null : TextNode.valueOf(row[idColumn]);
        ObjectNode meta = null;
        if (metaColumns.length > 0) {
            meta = JsonNodeFactory.instance.objectNode();
            for (int column : metaColumns) {
                meta.put(header.get(column), row[column]);
            }
        }
        String url;
        String defect = null;
        if (template != null) {
            url = template.fill(name -> row[columnOf.get(name)]);
            for (String name : template.names()) {
                if (defect == null && row[columnOf.get(name)].isBlank()) {
                    defect = "column " + name + " is empty: ingest.request.url-template " + template + " needs it";
                }
            }
        } else {
            url = row[urlColumn].strip();
            if (url.isEmpty()) {
                defect = "the url column is empty";
            }
        }
        String chosen = method;
        if (methodColumn >= 0 && !row[methodColumn].isBlank()) {
            chosen = RequestSettings.method(row[methodColumn].strip());
            if (chosen == null) {
                chosen = method;
                defect = defect != null ? defect : "method must be one of " + RequestParts.METHODS + ", got '"
                        + row[methodColumn] + "'";
            }
        }
        RequestBody body = null;
        if (bodyColumn >= 0 && !row[bodyColumn].isBlank()) {
            String invalid = jsonDefect(row[bodyColumn]);
            if (invalid == null) {
                body = RequestBody.json(row[bodyColumn]);
            } else if (defect == null) {
                defect = "body is not valid JSON: " + invalid;
            }
        }
        if (defect != null) {
            return new FetchRequest(job, rowLine, chosen, null, url.isEmpty() ? null : RequestUrl.masked(url),
                    Map.of(), null, id, meta, defect);
        }
        return parts.request(job, rowLine, chosen, url, null, Map.of(), body, id, meta);
    }

    /**
     * Reads the next row into {@link #row}, its first line into {@link #rowLine}, and a CSV syntax error in it
     * into {@link #rowDefect}.
     *
     * @return the number of fields the row has (maybe more than {@link #row} holds), or -1 at the end of input
     */
    private int readRow() {
        rowLine = -1;
        rowDefect = null;
        if (token() != JsonToken.START_ARRAY) {
            return -1;
        }
        // the parser has read past the end of the last row and the empty lines after it: it is where this row
        // starts, even when the row's first field is a quoted one that spans lines, or is not valid CSV
        rowLine = csv.currentLocation().getLineNr();
        int fields = 0;
        JsonToken token;
        while ((token = token()) != JsonToken.END_ARRAY && token != null) {
            if (token == JsonToken.VALUE_STRING) {
                if (fields < row.length) {
                    row[fields] = text();
                }
                fields++;
            }
        }
        return fields;
    }

    /**
     * The next token; a syntax error becomes the row's defect, and the parser goes on after it, in the same row
     * (a quote left open at the end of the file ends the file).
     */
    private JsonToken token() {
        while (true) {
            try {
                return csv.nextToken();
            } catch (JsonProcessingException e) {
                if (rowDefect == null) {
                    rowDefect = "not valid CSV: " + SpecLineParser.message(e);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not read the input file: " + e.getMessage(), e);
            }
        }
    }

    private String text() {
        try {
            return csv.getText();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the input file: " + e.getMessage(), e);
        }
    }

    /** The header row's names, trimmed; empty for a file without rows. */
    private static List<String> header(CsvParser csv) {
        List<String> names = new ArrayList<>();
        try {
            if (csv.nextToken() != JsonToken.START_ARRAY || csv.nextToken() != JsonToken.START_ARRAY) {
                return names;
            }
            while (csv.nextToken() == JsonToken.VALUE_STRING) {
                names.add(csv.getText().strip());
            }
        } catch (JsonProcessingException e) {
            throw new UnreadableInputException("the header row is not valid CSV: " + SpecLineParser.message(e));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the input file: " + e.getMessage(), e);
        }
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).isEmpty()) {
                throw new UnreadableInputException("the header row has no name for column " + (i + 1)
                        + "; every column needs one");
            }
            if (names.indexOf(names.get(i)) < i) {
                throw new UnreadableInputException("the header row names column '" + names.get(i) + "' twice (columns "
                        + (names.indexOf(names.get(i)) + 1) + " and " + (i + 1) + ")");
            }
        }
        return names;
    }

    private void checkHeader() {
        if (template != null) {
            List<String> missing = new ArrayList<>();
            for (String name : template.names()) {
                if (!columnOf.containsKey(name)) {
                    missing.add("{" + name + "}");
                }
            }
            if (!missing.isEmpty()) {
                throw new UnreadableInputException("ingest.request.url-template " + template + " names "
                        + String.join(", ", missing) + (missing.size() == 1 ? ", which is not a column" :
                        ", which are not columns") + " of the header row (" + String.join(", ", header) + ")");
            }
        } else if (urlColumn < 0) {
            throw new UnreadableInputException("the header row (" + String.join(", ", header) + ") has no url "
                    + "column, and no ingest.request.url-template makes the URL from other columns");
        }
    }

    /** Why {@code text} is not one JSON value, or null when it is one. */
    private static String jsonDefect(String text) {
        try (JsonParser json = JSON.createParser(text)) {
            if (json.nextToken().isStructStart()) {
                json.skipChildren();
            }
            return json.nextToken() == null ? null : "more after the JSON value (column "
                    + json.currentTokenLocation().getColumnNr() + ")";
        } catch (JsonProcessingException e) {
            return SpecLineParser.message(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a String is read without I/O: not expected
        }
    }

    /** The input without a UTF-8 byte order mark at its start, which would otherwise be part of the first name. */
    private static InputStream withoutBom(InputStream in) throws IOException {
        PushbackInputStream pushback = new PushbackInputStream(in, 3);
        byte[] start = pushback.readNBytes(3);
        if (start.length < 3 || (start[0] & 0xFF) != 0xEF || (start[1] & 0xFF) != 0xBB || (start[2] & 0xFF) != 0xBF) {
            pushback.unread(start);
        }
        return pushback;
    }

    private static void close(CsvParser csv) {
        try {
            csv.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
