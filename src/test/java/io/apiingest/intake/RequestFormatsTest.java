package io.apiingest.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.apiingest.flow.FetchRequest;
import io.apiingest.settings.PaginateSettings;
import io.apiingest.settings.RequestSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestFormatsTest {

    private static final String SPEC = "{\"url\": \"http://h/spec\", \"id\": 1}\n";

    @ParameterizedTest
    @ValueSource(strings = {"orders.jsonl", "orders.ndjson", "ORDERS.JSONL", "a.b.NdJson"})
    void should_read_jsonl_and_ndjson_files_as_request_specs(String name) {
        FetchRequest request = first(formats(null), name, SPEC);

        assertThat(request.defect()).isNull();
        assertThat(request.uri()).hasToString("http://h/spec");
        assertThat(request.id().asInt()).isEqualTo(1);
    }

    @Test
    void should_not_apply_the_url_template_to_a_spec() {
        assertThat(first(formats("http://t/{user}"), "orders.jsonl", SPEC).uri()).hasToString("http://h/spec");
    }

    @ParameterizedTest
    @ValueSource(strings = {"orders.csv", "ORDERS.CSV"})
    void should_read_csv_files_as_rows(String name) {
        FetchRequest request = first(formats(null), name, "id,url\n7,http://h/row\n");

        assertThat(request.uri()).hasToString("http://h/row");
        assertThat(request.line()).isEqualTo(2);
    }

    @Test
    void should_fill_a_template_from_csv_columns() {
        assertThat(first(formats("http://t/{user}"), "users.csv", "user\nbob\n").uri()).hasToString("http://t/bob");
    }

    @ParameterizedTest
    @ValueSource(strings = {"orders.txt", "orders", "orders.json", "orders.urls"})
    void should_read_any_other_file_as_url_lines(String name) {
        FetchRequest request = first(formats(null), name, SPEC);

        assertThat(request.defect()).as("a spec in a .txt file is not a URL").startsWith("not a valid URL");
        assertThat(request.url()).isEqualTo(SPEC.strip());
    }

    @Test
    void should_refuse_a_url_file_when_the_template_names_more_than_value() {
        assertThatThrownBy(() -> first(formats("http://t/{user}"), "users.txt", "bob\n"))
                .isInstanceOf(UnreadableInputException.class)
                .hasMessage("ingest.request.url-template http://t/{user} names [user]; in a URL file the only "
                        + "placeholder is {value}");
        assertThat(first(formats("http://t/{value}"), "users.txt", "bob\n").uri()).hasToString("http://t/bob");
    }

    private static RequestFormats formats(String template) {
        return new RequestFormats(new RequestSettings("GET", Map.of(), template), PaginateSettings.NONE);
    }

    private static FetchRequest first(RequestFormats formats, String name, String content) {
        try (RequestSource source = formats.open(name,
                new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), "job")) {
            return source.next();
        }
    }
}
