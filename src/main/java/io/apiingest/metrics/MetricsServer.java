package io.apiingest.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.apiingest.settings.IngestSettings;
import io.apiingest.settings.InvalidSettingException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the Prometheus scrape ({@code /observe/metrics}) and health ({@code /observe/health}, {@code /live},
 * {@code /ready}, from camel-health's checks) on {@code ingest.metrics.host:port}, with the JDK's HTTP server on
 * one thread of its own. A Camel Main listener: the port is bound before Camel starts, so a port in use stops
 * start-up with a message; everything else (the JVM's meter binders, the first scrape) happens off the path to
 * the first request. Camel's Vert.x management server did the same job for 0.1 s of every start.
 */
public final class MetricsServer extends MainListenerSupport {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private HttpServer server;
    private ExecutorService thread;

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        // read and checked once, by InboxGuard, the listener before this one
        IngestSettings settings = IngestSettings.of(main.getCamelContext());
        if (settings.metricsPort() <= 0) {
            return;
        }
        server = bind(settings);
        if (server == null) {
            return;
        }
        thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread serving = new Thread(runnable, "metrics-server");
            serving.setDaemon(true);
            return serving;
        });
        server.setExecutor(thread);
        CamelContext context = main.getCamelContext();
        server.createContext("/observe/metrics", exchange -> scrape(exchange, context));
        server.createContext("/observe/health", exchange -> health(exchange, context));
        server.start();
    }

    @Override
    public void afterStart(BaseMainSupport main) {
        if (server != null) {
            thread.execute(() -> bindJvmMeters(main.getCamelContext()));
        }
    }

    @Override
    public void afterStop(BaseMainSupport main) {
        if (server != null) {
            // its selector thread must not be in a system call at the exit, which then waits for it 0.3 s
            server.stop(0);
            thread.shutdownNow();
        }
    }

    private static void bindJvmMeters(CamelContext context) {
        MeterRegistry registry = ObservabilityConfiguration.registry(context);
        if (registry == null) {
            return;
        }
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    private static void scrape(HttpExchange exchange, CamelContext context) throws IOException {
        MeterRegistry registry = ObservabilityConfiguration.registry(context);
        String text = registry instanceof PrometheusMeterRegistry prometheus ? prometheus.scrape() : "";
        respond(exchange, 200, PROMETHEUS_TEXT, text);
    }

    /** {@code {"status":"UP","checks":[...]}} with 200, or DOWN with 503, as Camel's management server wrote it. */
    private static void health(HttpExchange exchange, CamelContext context) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Function<CamelContext, Collection<HealthCheck.Result>> checks = switch (path) {
            case "/observe/health", "/observe/health/" -> HealthCheckHelper::invoke;
            case "/observe/health/live" -> HealthCheckHelper::invokeLiveness;
            case "/observe/health/ready" -> HealthCheckHelper::invokeReadiness;
            default -> null;
        };
        if (checks == null) {
            respond(exchange, 404, "text/plain; charset=utf-8", "no such path: " + path);
            return;
        }
        Collection<HealthCheck.Result> results = checks.apply(context);
        boolean up = context.isStarted() && results.stream().allMatch(r -> r.getState() == HealthCheck.State.UP);
        StringBuilder json = new StringBuilder("{\"status\":\"").append(up ? "UP" : "DOWN").append("\",\"checks\":[");
        String separator = "";
        for (HealthCheck.Result result : results) {
            json.append(separator).append("{\"name\":\"").append(result.getCheck().getId())
                    .append("\",\"status\":\"").append(result.getState()).append("\"}");
            separator = ",";
        }
        respond(exchange, up ? 200 : 503, "application/json", json.append("]}").toString());
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /**
     * Binds here, before Camel starts, so that a port in use stops start-up with a message. The demo is the
     * exception: a newcomer's first run must not fail on a port it does not care about.
     */
    private static HttpServer bind(IngestSettings settings) {
        InetAddress host;
        try {
            host = InetAddress.getByName(settings.metricsHost());
        } catch (UnknownHostException e) {
            throw new InvalidSettingException("ingest.metrics.host: no such address '" + settings.metricsHost()
                    + "'; use an address of this machine, 127.0.0.1 or 0.0.0.0");
        }
        try {
            return HttpServer.create(new InetSocketAddress(host, settings.metricsPort()), 64);
        } catch (IOException e) {
            String problem = "ingest.metrics.port: cannot listen on " + settings.metricsHost() + ":"
                    + settings.metricsPort() + " (" + e.getMessage() + ")";
            if (settings.demo()) {
                LOG.warn("{}; the demo runs without the metrics server", problem);
                return null;
            }
            throw new InvalidSettingException(problem + "; choose another port, or 0 to turn the metrics server off");
        }
    }
}
