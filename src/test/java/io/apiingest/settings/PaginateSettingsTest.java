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
}
