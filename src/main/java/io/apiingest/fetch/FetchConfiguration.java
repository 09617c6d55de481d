package io.apiingest.fetch;

import java.lang.reflect.Method;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.apiingest.fetch.auth.OAuth2Token;
import io.apiingest.fetch.auth.RequestCredentials;
import io.apiingest.fetch.auth.Secrets;
import io.apiingest.fetch.http.HttpClientTuning;
import io.apiingest.fetch.http.IngestHttpComponent;
import io.apiingest.fetch.pace.OriginPace;
import io.apiingest.fetch.pace.Pacing;
import io.apiingest.flow.FileDeadlines;
import io.apiingest.flow.OriginTally;
import io.apiingest.flow.RateLimit;
import io.apiingest.flow.StopSignal;
import io.apiingest.metrics.IngestMetrics;
import io.apiingest.settings.AuthSettings;
import io.apiingest.settings.IngestSettings;
import io.apiingest.settings.InvalidSettingException;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.ThreadPoolBuilder;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.util.concurrent.SizedScheduledExecutorService;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fetch stage's beans: the split's thread pool ({@value #FETCH_POOL}, used by routes/ingest.yaml), the
 * retry scheduler, the limits, the credentials, the HTTP client, and the fetch route with its "retry"
 * configuration.
 */
public final class FetchConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(FetchConfiguration.class);

    /** Bean name of the split's thread pool, used by routes/ingest.yaml. */
    public static final String FETCH_POOL = "fetchPool";

    private FetchConfiguration() {
    }

    /** @return the gate's rate, which the cluster stage may share out ({@code ingest.cluster.rate}) */
    public static RateLimit configure(CamelContext context, IngestSettings settings, StopSignal stop,
            IngestMetrics metrics, ObjectMapper json, FileDeadlines deadlines, OriginTally origins) throws Exception {
        boolean virtual = settings.threads().useVirtual();
        // Sized to the concurrency: each thread carries one attempt at a time. Camel's splitter hands a pool
        // one line at a time, so the queue stays short; CallerRuns is a safety net, not a path we expect. The
        // bounded queue is also what keeps the split from reading the whole file ahead, virtual threads or not.
        ExecutorService fetchPool = new ThreadPoolBuilder(context)
                .poolSize(settings.concurrency()).maxPoolSize(settings.concurrency())
                .maxQueueSize(settings.concurrency()).rejectedPolicy(ThreadPoolRejectedPolicy.CallerRuns)
                .build(FetchConfiguration.class, "fetch");
        if (virtual) {
            ((ThreadPoolExecutor) fetchPool).setThreadFactory(virtualThreads("fetch-"));
        }
        context.getRegistry().bind(FETCH_POOL, fetchPool);

        ScheduledExecutorService retryScheduler = context.getExecutorServiceManager()
                .newScheduledThreadPool(FetchConfiguration.class, "retry", settings.concurrency());
        if (virtual && retryScheduler instanceof SizedScheduledExecutorService sized) {
            // a retry runs its attempt on the scheduler's thread: as cheap as the fetch threads
            sized.getScheduledThreadPoolExecutor().setThreadFactory(virtualThreads("retry-"));
        }
        context.getRegistry().bind(RetryConfiguration.SCHEDULER, retryScheduler);
        // a stop does not wait out backoffs and Retry-After: the waiting retries end now, unrecorded
        stop.onRaise(() -> runWaitingTasksNow(retryScheduler));
        context.getShutdownStrategy().setTimeout(settings.shutdownTimeoutMs());
        context.getShutdownStrategy().setTimeUnit(TimeUnit.MILLISECONDS);

        RetryPolicy retryPolicy = new RetryPolicy(settings.retryMax(), settings.retryDelayMs(),
                settings.retryMaxDelayMs());
        OAuth2Token token = null;
        if (settings.auth().type() == AuthSettings.Type.OAUTH2) {
            token = OAuth2Token.of(settings.auth(), settings.timeoutMs(), settings.retryDelayMs(), json,
                    context.getExecutorServiceManager().newSingleThreadExecutor(OAuth2Token.class, "oauth2-token"));
            context.addService(token, true, true);
        }
        RequestCredentials credentials = RequestCredentials.of(settings.auth(), token);
        if (credentials != RequestCredentials.NONE) {
            LOG.info("Credentials (ingest.auth.type={}): {}", settings.auth().type().name().toLowerCase(
                    Locale.ROOT).replace('_', '-'), credentials);
        }
        Secrets secrets = Secrets.of(settings.auth(), token);
        FetchOutcomes outcomes = new FetchOutcomes(new ResponseBody(json), stop, metrics, secrets);
        RequestGate gate = new RequestGate(settings.concurrency(), settings.rate(), metrics::throttled);
        metrics.gauge("ingest.requests.in.flight", "HTTP attempts holding a concurrency slot", gate,
                RequestGate::inFlight);
        context.getRegistry().bind("requestGate", gate);
        HttpComponent http = new IngestHttpComponent();
        context.addComponent("http", http);
        new HttpClientTuning(settings, () -> gate.awaitPlaceInLine(stop::isSet), () -> {
            gate.awaitStartTurn();
            return true;
        }).applyTo(http);
        context.addRoutes(new RetryConfiguration(retryPolicy, outcomes));
        Pacing pacing = new Pacing(settings.pace(), settings.concurrency(), retryScheduler, System::nanoTime,
                settings.retryMaxDelayMs(), pace -> metrics.origin(pace.origin(), pace,
                        OriginPace::paceOrZero, OriginPace::concurrencyNow, OriginPace::pauses, OriginPace::refusals));
        // a stop does not wait for an origin's pace either: the queued requests end now, unrecorded
        stop.onRaise(pacing::releaseAll);
        origins.paceFrom(pacing::paceOf);
        PendingRequests pending = new PendingRequests(settings.maxPending());
        metrics.gauge("ingest.requests.pending", "Requests held by fetch: in flight, or waiting for a retry or their "
                + "origin's pace (at most ingest.max-pending)", pending, PendingRequests::pending);
        NextPages nextPages = new NextPages(context, settings.fetchInput(), settings.concurrency());
        context.addService(nextPages, true, true);
        context.addRoutes(new FetchRoutes(settings.fetchInput(), gate,
                new HttpAttempt(retryPolicy, settings, Clock.systemUTC(), metrics, credentials,
                        new ResponseItems(json, settings.paginate().itemsPath(), settings.maxBodyBytes()), deadlines),
                outcomes, stop,
                new Paginator(settings.paginate()), nextPages, pacing, retryScheduler, origins, pending));
        return gate;
    }

    private static void runWaitingTasksNow(ScheduledExecutorService scheduler) {
        if (scheduler instanceof SizedScheduledExecutorService sized) {
            ScheduledThreadPoolExecutor pool = sized.getScheduledThreadPoolExecutor();
            for (Runnable waiting : pool.getQueue().toArray(new Runnable[0])) {
                if (pool.remove(waiting)) {
                    pool.execute(waiting);
                }
            }
        }
    }

    /** Virtual threads (Java 21+) through reflection, as the build targets Java 17. */
    private static ThreadFactory virtualThreads(String prefix) {
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            Class<?> type = Class.forName("java.lang.Thread$Builder");
            builder = type.getMethod("name", String.class, long.class).invoke(builder, prefix, 1L);
            Method factory = type.getMethod("factory");
            return (ThreadFactory) factory.invoke(builder);
        } catch (ReflectiveOperationException e) {
            throw new InvalidSettingException("ingest.threads: virtual threads are not available on Java "
                    + Runtime.version().feature() + ": " + e);
        }
    }
}
