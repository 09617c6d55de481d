package io.apiingest.fetch.http;

import java.nio.charset.StandardCharsets;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Producer;
import org.apache.camel.component.http.HttpMethods;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.hc.client5.http.classic.methods.HttpUriRequest;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The request and the host camel-http's producer hands HttpClient, for a host name java.net.URI takes for no host
 * at all (a Docker Compose service, {@code my_api}) and for an ordinary one. A test cannot make my_api resolve;
 * ComposeServiceNameIT fetches it for real, in a JVM of its own with a hosts file.
 */
class IngestHttpProducerTest {

    private CamelContext context;
    private IngestHttpProducer producer;

    @BeforeEach
    void startProducer() throws Exception {
        context = new DefaultCamelContext();
        context.addComponent("http", new IngestHttpComponent());
        context.start();
        Producer made = context.getEndpoint("http://api-ingest?throwExceptionOnFailure=false").createProducer();
        assertThat(made).isInstanceOf(IngestHttpProducer.class);
        producer = (IngestHttpProducer) made;
        producer.start();
    }

    @AfterEach
    void stop() {
        producer.stop();
        context.stop();
    }

    @Test
    void should_send_to_a_host_name_with_an_underscore_on_its_port() throws Exception {
        HttpUriRequest request = producer.createMethod(exchange("http://my_api:8080/orders?page=2", HttpMethods.GET));
        HttpHost target = producer.createHost(request);

        assertThat(target.getSchemeName()).isEqualTo("http");
        assertThat(target.getHostName()).isEqualTo("my_api");
        assertThat(target.getPort()).isEqualTo(8080);
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getAuthority().toString()).as("the Host header").isEqualTo("my_api:8080");
        assertThat(request.getPath()).isEqualTo("/orders?page=2");
        assertThat(request.getEntity()).isNull();
    }

    @Test
    void should_leave_the_port_to_the_scheme_when_the_url_names_none() throws Exception {
        HttpUriRequest request = producer.createMethod(exchange("https://billing_api/invoices", HttpMethods.GET));
        HttpHost target = producer.createHost(request);

        assertThat(target.getSchemeName()).isEqualTo("https");
        assertThat(target.getHostName()).isEqualTo("billing_api");
        assertThat(target.getPort()).as("443, HttpClient's default for https").isEqualTo(-1);
        assertThat(request.getAuthority().toString()).isEqualTo("billing_api");
    }

    @Test
    void should_send_the_body_of_a_post_to_such_a_host() throws Exception {
        Exchange post = exchange("http://my_api:8080/orders", HttpMethods.POST);
        post.getIn().setBody("{\"id\": 1}");
        post.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json");

        HttpUriRequest request = producer.createMethod(post);

        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(EntityUtils.toString(request.getEntity(), StandardCharsets.UTF_8)).isEqualTo("{\"id\": 1}");
        assertThat(request.getEntity().getContentType()).startsWith("application/json");
    }

    @Test
    void should_build_an_ordinary_request_as_camel_http_does() throws Exception {
        HttpUriRequest request = producer.createMethod(exchange("http://127.0.0.1:8080/orders?page=2&q=a%20b",
                HttpMethods.GET));
        HttpHost target = producer.createHost(request);

        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getUri()).hasToString("http://127.0.0.1:8080/orders?page=2&q=a%20b");
        assertThat(request.getPath()).isEqualTo("/orders?page=2&q=a%20b");
        assertThat(request.getAuthority().toString()).isEqualTo("127.0.0.1:8080");
        assertThat(request.getEntity()).isNull();
        assertThat(target).isEqualTo(new HttpHost("http", "127.0.0.1", 8080));
    }

    @Test
    void should_send_the_body_of_an_ordinary_post() throws Exception {
        Exchange post = exchange("http://127.0.0.1:8080/orders", HttpMethods.POST);
        post.getIn().setBody("{\"id\": 2}".getBytes(StandardCharsets.UTF_8));
        post.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json");

        HttpUriRequest request = producer.createMethod(post);

        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(EntityUtils.toString(request.getEntity(), StandardCharsets.UTF_8)).isEqualTo("{\"id\": 2}");
        assertThat(request.getEntity().getContentType()).startsWith("application/json");
        assertThat(producer.createHost(request)).isEqualTo(new HttpHost("http", "127.0.0.1", 8080));
    }

    @Test
    void should_leave_a_url_with_characters_to_encode_to_camel_http() throws Exception {
        HttpUriRequest request = producer.createMethod(exchange("http://127.0.0.1:8080/a b", HttpMethods.GET));

        assertThat(request.getPath()).isEqualTo("/a%20b");
        assertThat(producer.createHost(request)).isEqualTo(new HttpHost("http", "127.0.0.1", 8080));
    }

    @Test
    void should_still_refuse_a_url_without_a_host() {
        assertThatThrownBy(() -> producer.createMethod(exchange("http:///orders", HttpMethods.GET)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Invalid url");
    }

    private Exchange exchange(String url, HttpMethods method) {
        Exchange exchange = new DefaultExchange(context);
        exchange.getIn().setHeader(Exchange.HTTP_URI, url);
        exchange.getIn().setHeader(Exchange.HTTP_METHOD, method);
        return exchange;
    }
}
