package io.apiingest.metrics;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import io.apiingest.IngestSettings;
import io.apiingest.InvalidSettingException;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.HttpManagementServerConfigurationProperties;
import org.apache.camel.main.MainListenerSupport;

/**
 * Puts Camel's management server (camel-platform-http-main) on {@code ingest.metrics.host:port}, serving the
 * Prometheus scrape ({@code /observe/metrics}, camel-micrometer-prometheus) and health ({@code /observe/health},
 * camel-health). A Camel Main listener: it must run before Camel sets its servers up from the configuration.
 */
public final class MetricsServer extends MainListenerSupport {

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        IngestSettings settings = IngestSettings.from(main.getCamelContext().getPropertiesComponent()::resolveProperty);
        HttpManagementServerConfigurationProperties server = main.configure().httpManagementServer();
        server.setEnabled(settings.metricsPort() > 0);
        server.setHost(settings.metricsHost());
        server.setPort(settings.metricsPort());
        server.setMetricsEnabled(true);
        server.setHealthCheckEnabled(true);
        if (settings.metricsPort() == 0) {
            // nobody scrapes: spare the start-up Camel's metrics service and the JVM meter binders
            main.getCamelContext().getPropertiesComponent().addOverrideProperty("camel.metrics.enabled", "false");
        } else {
            checkFree(settings);
        }
    }

    /**
     * The server binds on a Vert.x thread, which only logs a failure: try the address here first, so that a port in
     * use stops start-up with a message instead of leaving the app running unobserved.
     */
    private static void checkFree(IngestSettings settings) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getByName(settings.metricsHost()), settings.metricsPort()));
        } catch (IOException e) {
            throw new InvalidSettingException("ingest.metrics.port: cannot listen on " + settings.metricsHost() + ":"
                    + settings.metricsPort() + " (" + e.getMessage()
                    + "); choose another port, or 0 to turn the metrics server off");
        }
    }
}
