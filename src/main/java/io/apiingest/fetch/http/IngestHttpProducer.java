package io.apiingest.fetch.http;

import java.net.URI;
import java.net.URISyntaxException;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.http.HttpEndpoint;
import org.apache.camel.component.http.HttpMethods;
import org.apache.camel.component.http.HttpProducer;
import org.apache.camel.component.http.helper.HttpMethodHelper;
import org.apache.camel.http.common.HttpHelper;
import org.apache.hc.client5.http.classic.methods.HttpUriRequest;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.HttpHost;

/**
 * camel-http's producer, which also sends to a host name with '_' in it, such as a Docker Compose service
 * ({@code http://my_api:8080/}), as curl and browsers do. java.net.URI takes such an authority for a
 * "registry-based" one, with no host at all, and camel-http then refuses the URL ("there must be a host");
 * HttpClient itself reads the host and port from the authority, and needs only to be handed the request.
 *
 * <p>Only a URL camel-http refused takes the other way: an ordinary one costs nothing more than before.
 *
 * <p>And the request is built from the URL fetch gives it (absolute and percent-encoded already) in one parse:
 * camel-http's own way parsed it three times, and the target host from it once more, 4 % of the CPU per URL.
 */
final class IngestHttpProducer extends HttpProducer {

    IngestHttpProducer(HttpEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    protected HttpUriRequest createMethod(Exchange exchange) throws Exception {
        HttpUriRequest direct = toTarget(exchange);
        if (direct != null) {
            return direct;
        }
        try {
            HttpUriRequest request = super.createMethod(exchange);
            if (request.getEntity() == null && hasBody(exchange)) {
                // a GET or DELETE with a body (Elasticsearch's _search, some bulk deletes): sent as the input wrote
                // it. camel-http's getWithBody and deleteWithBody would give every one an empty entity instead
                request.setEntity(createRequestEntity(exchange));
            }
            return request;
        } catch (IllegalArgumentException noHost) {
            HttpUriRequest request = toNamedHost(exchange);
            if (request == null) {
                throw noHost;
            }
            return request;
        }
    }

    @Override
    protected HttpHost createHost(HttpUriRequest request) {
        if (request instanceof TargetRequest direct) {
            return direct.target;
        }
        return request instanceof NamedHostRequest named ? named.target : super.createHost(request);
    }

    /**
     * The request for the message's {@code CamelHttpUri} and method as fetch sets them, or null when the message
     * asks for anything camel-http's own way would do more with (a path or query header, a bridge endpoint, a URL
     * without scheme or host, or with characters to encode): that way builds it then.
     */
    private HttpUriRequest toTarget(Exchange exchange) throws Exception {
        Message in = exchange.getIn();
        if (getEndpoint().isBridgeEndpoint() || !(in.getHeader(Exchange.HTTP_URI) instanceof String url)
                || !(in.getHeader(Exchange.HTTP_METHOD) instanceof HttpMethods method)
                || in.getHeader(Exchange.HTTP_PATH) != null || in.getHeader(Exchange.HTTP_QUERY) != null) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException notEncoded) {
            return null;
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            return null;
        }
        TargetRequest request = new TargetRequest(method.name(), uri);
        if (method.isEntityEnclosing() || hasBody(exchange)) {
            request.setEntity(createRequestEntity(exchange));
        }
        return request;
    }

    /**
     * The request camel-http would have made, built from the same URL, method and body; null when the URL has no
     * host[:port] authority either.
     */
    private HttpUriRequest toNamedHost(Exchange exchange) throws Exception {
        HttpEndpoint endpoint = getEndpoint();
        URI uri;
        try {
            uri = HttpHelper.createURI(exchange, HttpHelper.createURL(exchange, endpoint), endpoint);
        } catch (URISyntaxException notAUri) {
            return null;
        }
        if (uri.getScheme() == null || uri.getHost() != null || uri.getRawAuthority() == null) {
            return null;
        }
        HttpMethods method = HttpMethodHelper.createMethod(exchange, endpoint);
        NamedHostRequest request = new NamedHostRequest(method.name(), uri);
        if (request.target == null) {
            return null;
        }
        if (method.isEntityEnclosing() || hasBody(exchange)
                || method == HttpMethods.DELETE && endpoint.isDeleteWithBody()) {
            request.setEntity(createRequestEntity(exchange));
        }
        return request;
    }

    /**
     * Whether the message carries a body to send. Fetch gives every request a byte array (empty for none): a null
     * body is never asked for, as a message copied from the file's exchange would answer it with the input file.
     */
    private static boolean hasBody(Exchange exchange) {
        return exchange.getIn().getBody() instanceof byte[] bytes && bytes.length > 0;
    }

    /** A request that knows its target host: HttpUriRequestBase.getUri() builds a new URI on every call. */
    private static final class TargetRequest extends HttpUriRequestBase {

        private final HttpHost target;

        TargetRequest(String method, URI uri) {
            super(method, uri);
            this.target = HttpHost.create(uri);
        }
    }

    /** A request whose target HttpClient is to connect to was read from its authority, not by java.net.URI. */
    private static final class NamedHostRequest extends HttpUriRequestBase {

        private final HttpHost target;

        NamedHostRequest(String method, URI uri) {
            // HttpClient's request parses a registry-based authority as host[:port] itself
            super(method, uri);
            this.target = getAuthority() == null ? null : new HttpHost(uri.getScheme(), getAuthority());
        }
    }
}
