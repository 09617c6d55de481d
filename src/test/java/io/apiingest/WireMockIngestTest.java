package io.apiingest;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/** The real application against a WireMock server on a random loopback port (HTTP and HTTPS). */
abstract class WireMockIngestTest extends IngestTestSupport {

    @RegisterExtension
    static WireMockExtension server = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().dynamicHttpsPort().bindAddress("127.0.0.1")).build();

    protected static String url(String path) {
        return "http://127.0.0.1:" + server.getPort() + path;
    }
}
