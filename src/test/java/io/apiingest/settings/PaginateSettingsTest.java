package io.apiingest.settings;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ingest.paginate.* and ingest.items-path: defaults, and a bad or missing one stops start-up naming it. */
class PaginateSettingsTest {

    private static PaginateSettings read(String... keysAndValues) {
        Map<String, String> given = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            given.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return IngestSettings.from(key -> Optional.ofNullable(given.get(key))).paginate();
    }

    @Test
    void should_default_to_no_pagination_with_the_documented_defaults() {
        PaginateSettings paginate = read();

        assertThat(paginate.paginates()).isFalse();
        assertThat(paginate.offsetParam()).isEqualTo("offset");
        assertThat(paginate.limitParam()).isEqualTo("limit");
        assertThat(paginate.limit()).isEqualTo(100);
        assertThat(paginate.limitSet()).isFalse();
        assertThat(paginate.pageParam()).isEqualTo("page");
        assertThat(paginate.pageStart()).isEqualTo(1);
        assertThat(paginate.maxPages()).isEqualTo(1000);
        assertThat(paginate.itemsPath()).isNull();
    }

    @Test
    void should_take_an_empty_limit_as_unset() {
        assertThat(read("ingest.paginate.limit", "").limitSet()).isFalse();
        assertThat(read("ingest.paginate.limit", "25").limit()).isEqualTo(25);
        assertThat(read("ingest.paginate.limit", "25").limitSet()).isTrue();
    }

    @Test
    void should_refuse_an_unknown_type_naming_the_choices() {
        assertThatThrownBy(() -> read("ingest.paginate.type", "pages"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("ingest.paginate.type must be one of none, link-header, next-url, cursor, offset, page, "
                        + "got 'pages'");
    }

    @Test
    void should_refuse_a_path_that_is_no_json_pointer() {
        assertThatThrownBy(() -> read("ingest.items-path", "data"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("ingest.items-path must be a JSON Pointer");
        assertThatThrownBy(() -> read("ingest.paginate.total-path", "meta.total"))
                .hasMessageStartingWith("ingest.paginate.total-path must be a JSON Pointer");
    }

    @Test
    void should_refuse_numbers_out_of_range() {
        assertThatThrownBy(() -> read("ingest.paginate.max-pages", "0"))
                .hasMessage("ingest.paginate.max-pages must be between 1 and 1000000, got 0");
        assertThatThrownBy(() -> read("ingest.paginate.limit", "many"))
                .hasMessageStartingWith("ingest.paginate.limit must be a whole number");
    }

    @Test
    void should_require_what_each_paginator_needs() {
        assertThatThrownBy(() -> read("ingest.paginate.type", "next-url"))
                .hasMessage("ingest.paginate.next-path must be set for ingest.paginate.type=next-url");
        assertThatThrownBy(() -> read("ingest.paginate.type", "cursor", "ingest.paginate.cursor-param", "c"))
                .hasMessage("ingest.paginate.cursor-path must be set for ingest.paginate.type=cursor");
        assertThatThrownBy(() -> read("ingest.paginate.type", "cursor", "ingest.paginate.cursor-path", "/c"))
                .hasMessage("ingest.paginate.cursor-param must be set for ingest.paginate.type=cursor");
        assertThat(read("ingest.paginate.type", "link-header").paginates()).isTrue();
    }

    @Test
    void should_send_the_cursor_in_the_query_unless_told_body() {
        assertThat(read().cursorIn()).isEqualTo(PaginateSettings.CursorIn.QUERY);
        PaginateSettings body = read("ingest.paginate.type", "cursor", "ingest.paginate.cursor-path", "/next",
                "ingest.paginate.cursor-param", "after", "ingest.paginate.cursor-in", "BODY");

        assertThat(body.cursorIn()).isEqualTo(PaginateSettings.CursorIn.BODY);
        assertThat(body.cursorInBody()).isTrue();
        assertThat(read("ingest.paginate.cursor-in", "body").cursorInBody()).as("only the cursor type has one")
                .isFalse();
    }

    @Test
    void should_refuse_a_cursor_in_that_is_neither_query_nor_body() {
        assertThatThrownBy(() -> read("ingest.paginate.cursor-in", "header"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("ingest.paginate.cursor-in must be one of query, body, got 'header'");
    }

    @Test
    void should_take_a_request_s_own_keys_over_the_settings_and_keep_the_others() {
        PaginateSettings global = read("ingest.paginate.type", "offset", "ingest.paginate.limit", "50",
                "ingest.paginate.max-pages", "7", "ingest.items-path", "/data");

        PaginateSettings own = global.overriddenBy(Map.of("limit", "20", "items-path", "/results"), "paginate.");

        assertThat(own.type()).isEqualTo(PaginateSettings.Type.OFFSET);
        assertThat(own.limit()).isEqualTo(20);
        assertThat(own.maxPages()).isEqualTo(7);
        assertThat(own.itemsPath().toString()).isEqualTo("/results");
        assertThat(global.overriddenBy(Map.of(), "paginate.")).isEqualTo(global);
    }

    @Test
    void should_turn_pagination_on_for_a_request_when_the_settings_have_none() {
        PaginateSettings own = read().overriddenBy(Map.of("type", "cursor", "cursor-path", "/next",
                "cursor-param", "after", "cursor-in", "body"), "paginate.");

        assertThat(own.paginates()).isTrue();
        assertThat(own.cursorInBody()).isTrue();
        assertThat(own.offsetParam()).as("a default stays a default").isEqualTo("offset");
    }

    @Test
    void should_name_a_request_s_bad_key_as_the_request_calls_it() {
        PaginateSettings global = read();

        assertThatThrownBy(() -> global.overriddenBy(Map.of("limt", "5"), "paginate."))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("unknown key 'paginate.limt': did you mean 'paginate.limit'?");
        assertThatThrownBy(() -> global.overriddenBy(Map.of("colour", "red"), "paginate."))
                .hasMessage("unknown key 'paginate.colour': the keys are type, next-path, cursor-path, cursor-param, "
                        + "cursor-in, offset-param, limit-param, limit, page-param, page-start, has-more-path, "
                        + "total-path, max-pages, items-path");
        assertThatThrownBy(() -> global.overriddenBy(Map.of("limit", "0"), "paginate."))
                .hasMessage("paginate.limit must be between 1 and 1000000, got 0");
        assertThatThrownBy(() -> global.overriddenBy(Map.of("type", "pages"), "paginate."))
                .hasMessageStartingWith("paginate.type must be one of none, link-header");
        assertThatThrownBy(() -> global.overriddenBy(Map.of("items-path", "data"), "paginate."))
                .hasMessageStartingWith("paginate.items-path must be a JSON Pointer");
        assertThatThrownBy(() -> global.overriddenBy(Map.of("type", "next-url"), "paginate."))
                .hasMessage("paginate.next-path must be set for paginate.type=next-url");
    }
}
