package io.apiingest.fetch;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 8288 Link headers: several links, quoted and several-valued rel, commas inside quotes and URLs. */
class LinkHeaderTest {

    @Test
    void should_find_next_among_several_links_and_rel_values() {
        assertThat(LinkHeader.next(List.of("<https://a.example/x?page=1>; rel=\"first\", "
                + "<https://a.example/x?page=3>; title=\"p, 3\"; rel=\"last NEXT\""))).isEqualTo(
                        "https://a.example/x?page=3");
        assertThat(LinkHeader.next(List.of("</items?page=2&tags=a,b>; rel=next"))).isEqualTo(
                "/items?page=2&tags=a,b");
        assertThat(LinkHeader.next(List.of("<https://a.example/1>; rel=prev", "<https://a.example/3>; rel=next")))
                .isEqualTo("https://a.example/3");
    }

    @Test
    void should_find_no_next_where_there_is_none() {
        assertThat(LinkHeader.next(List.of())).isNull();
        assertThat(LinkHeader.next(List.of("<https://a.example/1>; rel=\"prev\""))).isNull();
        assertThat(LinkHeader.next(List.of("<https://a.example/1>; rel=\"nextish\""))).isNull();
        assertThat(LinkHeader.next(List.of("garbage"))).isNull();
    }

    @Test
    void should_set_a_query_parameter_replacing_every_earlier_one() {
        assertThat(Paginator.withParam("http://h/p?a=1&cursor=x&cursor=y&b=2", "cursor", "z/1"))
                .isEqualTo("http://h/p?a=1&b=2&cursor=z%2F1");
        assertThat(Paginator.withParam("http://h/p", "page", "2")).isEqualTo("http://h/p?page=2");
        assertThat(Paginator.withParam("http://h/p?#f", "page", "2")).isEqualTo("http://h/p?page=2#f");
    }
}
