package io.apiingest.fetch;

import java.net.URI;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A next link resolved against its page's URL as RFC 3986, 5.2 says, and never with its fragment. */
class NextLinkTest {

    private static final URI PAGE = URI.create("http://127.0.0.1:9/items/lh?page=1#top");

    @Test
    void should_keep_the_path_for_a_query_only_link() throws Exception {
        assertThat(Paginator.resolve(PAGE, "?page=2")).hasToString("http://127.0.0.1:9/items/lh?page=2");
    }

    @Test
    void should_resolve_relative_and_absolute_links_and_drop_the_fragment() throws Exception {
        assertThat(Paginator.resolve(PAGE, "next?page=2#top")).hasToString("http://127.0.0.1:9/items/next?page=2");
        assertThat(Paginator.resolve(PAGE, "/other?p=3")).hasToString("http://127.0.0.1:9/other?p=3");
        assertThat(Paginator.resolve(PAGE, "http://127.0.0.1:8/x#y")).hasToString("http://127.0.0.1:8/x");
        assertThat(Paginator.resolve(PAGE, "?page=2#frag")).hasToString("http://127.0.0.1:9/items/lh?page=2");
    }
}
