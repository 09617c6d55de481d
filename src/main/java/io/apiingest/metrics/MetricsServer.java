package io.apiingest.metrics;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;

import io.apiingest.settings.IngestSettings;
import io.apiingest.settings.InvalidSettingException;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.HttpManagementServerConfigurationProperties;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts Camel's management server (camel-platform-http-main) on {@code ingest.metrics.host:port}, serving the
 * Prometheus scrape ({@code /observe/metrics}, camel-micrometer-prometheus) and health ({@code /observe/health},
 * camel-health). A Camel Main listener: it must run before Camel sets its servers up from the configuration.
 */
public final class MetricsServer extends MainListenerSupport {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        // read and checked once, by InboxGuard, the listener before this one
        IngestSettings settings = IngestSettings.of(main.getCamelContext());
        boolean serve = settings.metricsPort() > 0 && canListen(settings);
        HttpManagementServerConfigurationProperties server = main.configure().httpManagementServer();
        server.setEnabled(serve);
        server.setHost(settings.metricsHost());
        server.setPort(settings.metricsPort());
        server.setMetricsEnabled(true);
        server.setHealthCheckEnabled(true);
        if (!serve) {
            // nobody scrapes: spare the start-up Camel's metrics service and the JVM meter binders
            main.getCamelContext().getPropertiesComponent().addOverrideProperty("camel.metrics.enabled", "false");
        }
    }

    /**
     * The server binds on a Vert.x thread, which only logs a failure: try the address here first, so that a port in
     * use stops start-up with a message instead of leaving the app running unobserved. The demo is the exception:
     * a newcomer's first run must not fail on a port it does not care about.
     */
    private static boolean canListen(IngestSettings settings) {
        InetAddress host;
        try {
            host = InetAddress.getByName(settings.metricsHost());
        } catch (UnknownHostException e) {
            throw new InvalidSettingException("ingest.metrics.host: no such address '" + settings.metricsHost()
                    + "'; use an address of this machine, 127.0.0.1 or 0.0.0.0");
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(host, settings.metricsPort()));
            return true;
        } catch (IOException e) {
            String problem = "ingest.metrics.port: cannot listen on " + settings.metricsHost() + ":"
                    + settings.metricsPort() + " (" + e.getMessage() + ")";
            if (settings.demo()) {
                LOG.warn("{}; the demo runs without the metrics server", problem);
                return false;
            }
            throw new InvalidSettingException(problem + "; choose another port, or 0 to turn the metrics server off");
        }
    }
}
