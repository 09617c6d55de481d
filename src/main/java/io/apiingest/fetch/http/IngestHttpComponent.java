package io.apiingest.fetch.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.util.Map;
import javax.net.ssl.HostnameVerifier;

import org.apache.camel.Endpoint;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.component.http.HttpEndpoint;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.io.HttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.socket.ConnectionSocketFactory;
import org.apache.hc.client5.http.socket.LayeredConnectionSocketFactory;
import org.apache.hc.client5.http.socket.PlainConnectionSocketFactory;
import org.apache.hc.client5.http.ssl.SSLConnectionSocketFactory;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.config.Registry;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.ssl.SSLContexts;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * camel-http with two changes to its connections, and one to its producer.
 *
 * <ul>
 * <li>TLS is set up on the first https connection instead of at start-up: the default SSL context (loading and
 * checking the JDK's trust store) took about 110 ms of a start-up of under a second, paid even by a run of http
 * URLs only.</li>
 * <li>A pooled connection idle for {@link #CHECK_IF_IDLE_FOR} or more is checked before it is used again.
 * HttpClient's default, 2 s, is longer than many servers keep an idle connection open (1 s is not rare): under
 * {@code ingest.rate}, or with slow URLs between, a request went out on a connection the server had already
 * closed, and failed with "the server closed the connection without responding" without reaching it.</li>
 * <li>A URL whose host has a '_' in it (a Docker Compose service name) is sent, not refused
 * ({@link IngestHttpProducer}).</li>
 * </ul>
 *
 * <p>The pool keeps camel-http's strict policy: its total cap is what closes idle connections to hosts a run has
 * moved on from; the lax one would keep one open per host ever seen.
 */
public class IngestHttpComponent extends HttpComponent {

    /**
     * Checking costs a one-byte read with a 1 ms timeout, paid only by a connection idle this long: under full load
     * a connection is taken again within microseconds, and under a rate the millisecond is nothing beside the wait.
     * 300 ms missed servers that close idle connections after 100 ms (a POST that fails so is not retried).
     */
    static final TimeValue CHECK_IF_IDLE_FOR = TimeValue.ofMilliseconds(50);

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters)
            throws Exception {
        return new IngestHttpEndpoint((HttpEndpoint) super.createEndpoint(uri, remaining, parameters));
    }

    @Override
    protected HttpClientConnectionManager createConnectionManager(Registry<ConnectionSocketFactory> registry,
            int maxTotalConnections, int connectionsPerRoute, SocketConfig defaultSocketConfig) {
        HttpClientConnectionManager made = super.createConnectionManager(registry, maxTotalConnections,
                connectionsPerRoute, defaultSocketConfig);
        if (made instanceof PoolingHttpClientConnectionManager pool) {
            pool.setDefaultConnectionConfig(ConnectionConfig.custom()
                    .setValidateAfterInactivity(CHECK_IF_IDLE_FOR).build());
        }
        return made;
    }

    @Override
    protected Registry<ConnectionSocketFactory> createConnectionRegistry(HostnameVerifier hostnameVerifier,
            SSLContextParameters sslContextParams, boolean useSystemProperties)
            throws GeneralSecurityException, IOException {
        if (sslContextParams != null) {
            return super.createConnectionRegistry(hostnameVerifier, sslContextParams, useSystemProperties);
        }
        return RegistryBuilder.<ConnectionSocketFactory>create()
                .register("http", PlainConnectionSocketFactory.getSocketFactory())
                .register("https", new LazyTls(hostnameVerifier, useSystemProperties))
                .build();
    }

    /** The same socket factory camel-http would make, made when first asked for a socket. */
    static final class LazyTls implements LayeredConnectionSocketFactory {

        private final HostnameVerifier hostnameVerifier;
        private final boolean useSystemProperties;
        private volatile SSLConnectionSocketFactory tls;

        LazyTls(HostnameVerifier hostnameVerifier, boolean useSystemProperties) {
            this.hostnameVerifier = hostnameVerifier;
            this.useSystemProperties = useSystemProperties;
        }

        SSLConnectionSocketFactory tls() {
            SSLConnectionSocketFactory made = tls;
            if (made == null) {
                synchronized (this) {
                    made = tls;
                    if (made == null) {
                        made = new SSLConnectionSocketFactory(useSystemProperties
                                ? SSLContexts.createSystemDefault() : SSLContexts.createDefault(), hostnameVerifier);
                        tls = made;
                    }
                }
            }
            return made;
        }

        @Override
        public Socket createSocket(HttpContext context) throws IOException {
            return tls().createSocket(context);
        }

        @Override
        public Socket createSocket(Proxy proxy, HttpContext context) throws IOException {
            return tls().createSocket(proxy, context);
        }

        @Override
        public Socket connectSocket(TimeValue connectTimeout, Socket socket, HttpHost host,
                InetSocketAddress remoteAddress, InetSocketAddress localAddress, HttpContext context)
                throws IOException {
            return tls().connectSocket(connectTimeout, socket, host, remoteAddress, localAddress, context);
        }

        @Override
        public Socket connectSocket(Socket socket, HttpHost host, InetSocketAddress remoteAddress,
                InetSocketAddress localAddress, Timeout connectTimeout, Object attachment, HttpContext context)
                throws IOException {
            return tls().connectSocket(socket, host, remoteAddress, localAddress, connectTimeout, attachment,
                    context);
        }

        @Override
        public Socket createLayeredSocket(Socket socket, String target, int port, HttpContext context)
                throws IOException {
            return tls().createLayeredSocket(socket, target, port, context);
        }

        @Override
        public Socket createLayeredSocket(Socket socket, String target, int port, Object attachment,
                HttpContext context) throws IOException {
            return tls().createLayeredSocket(socket, target, port, attachment, context);
        }
    }
}
