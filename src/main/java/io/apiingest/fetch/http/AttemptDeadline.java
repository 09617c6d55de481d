package io.apiingest.fetch.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Holds a whole HTTP attempt to {@code ingest.timeout-ms}: getting a connection, connecting, waiting for the
 * headers, following redirects and reading the body. HttpClient's own timeouts bound each wait for the next packet
 * only, so a server dripping a byte a second would hold a request, its thread and its connection for as long as it
 * liked.
 *
 * <p>The outermost link of HttpClient's exec chain, so it sees the response after redirects and decompression. It
 * arms a watchdog that cancels the request when the deadline passes, which closes the connection and so unblocks
 * any read, and hands the body out in a stream that disarms the watchdog once read to its end or closed. Closing
 * that stream before the end drops the connection instead of draining the rest of a body nobody wants.
 */
public final class AttemptDeadline implements ExecChainHandler {

    /** Name of this link in HttpClient's exec chain. */
    static final String NAME = "ingest-attempt-deadline";
    private static final String WATCH = "ingest.attempt-deadline";

    /** A wait inside the HTTP client that is not the attempt's time. */
    interface Wait {
        void run() throws IOException;
    }

    /**
     * Runs {@code wait} with the attempt's clock stopped: a redirect hop's place in the rate's line is, like the
     * first hop's, not time the server takes. The deadline then runs on for what was left of it.
     */
    static void paused(HttpContext context, Wait wait) throws IOException {
        Watch watch = (Watch) context.getAttribute(WATCH);
        if (watch == null) {
            wait.run();
            return;
        }
        watch.pause();
        try {
            wait.run();
        } finally {
            watch.resume();
        }
    }

    /**
     * From now on, holds the body {@code in} (as handed out by this deadline) to {@code ingest.timeout-ms} of
     * silence rather than to the attempt's deadline: a long export streams as long as its bytes keep coming. Any
     * other stream is left as it is.
     */
    public static void untilSilence(InputStream in) {
        if (in instanceof WatchedBody body) {
            body.watch.untilSilence();
        }
    }

    private final ScheduledExecutorService watchdog;
    private final long timeoutMs;

    AttemptDeadline(ScheduledExecutorService watchdog, long timeoutMs) {
        this.watchdog = watchdog;
        this.timeoutMs = timeoutMs;
    }

    @Override
    public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        // the chain works on a copy: the request camel-http passed in (an HttpGet, cancellable like all its
        // requests) is the one whose cancelling aborts the exchange, whatever stage it is at
        Watch watch = new Watch((Cancellable) scope.originalRequest);
        scope.clientContext.setAttribute(WATCH, watch);
        watch.arm();
        ClassicHttpResponse response;
        try {
            response = chain.proceed(request, scope);
        } catch (IOException | HttpException | RuntimeException e) {
            watch.disarm();
            if (watch.expired) {
                throw new AttemptTimeoutException(timeoutMs, e);
            }
            throw e;
        }
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            watch.disarm();
        } else {
            response.setEntity(new WatchedEntity(entity, watch));
        }
        return response;
    }

    /** One attempt's alarm. Firing cancels the request: HttpClient then closes its connection. */
    private final class Watch implements Runnable {

        private final Cancellable request;
        private ScheduledFuture<?> alarm;
        private volatile boolean expired;
        /** Bound by silence: the alarm only fires when no byte came for the whole timeout. */
        private volatile boolean silence;
        private volatile long lastReadNanos;
        private long deadlineNanos;
        private long leftNanos;

        Watch(Cancellable request) {
            this.request = request;
        }

        void arm() {
            deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            alarm = watchdog.schedule(this, timeoutMs, TimeUnit.MILLISECONDS);
        }

        /** Stops the clock; an alarm that already went off has cancelled the request, and stays so. */
        void pause() {
            alarm.cancel(false);
            leftNanos = deadlineNanos - System.nanoTime();
        }

        void resume() {
            if (expired) {
                return;
            }
            deadlineNanos = System.nanoTime() + leftNanos;
            alarm = watchdog.schedule(this, Math.max(0, leftNanos), TimeUnit.NANOSECONDS);
        }

        synchronized void untilSilence() {
            lastReadNanos = System.nanoTime();
            silence = true;
        }

        /** Bytes came: with the silence bound, the clock starts again (read by the alarm, no rescheduling). */
        void progressed() {
            if (silence) {
                lastReadNanos = System.nanoTime();
            }
        }

        @Override
        public synchronized void run() {
            if (silence) {
                long quietNanos = System.nanoTime() - lastReadNanos;
                long timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
                if (quietNanos < timeoutNanos) {
                    alarm = watchdog.schedule(this, timeoutNanos - quietNanos, TimeUnit.NANOSECONDS);
                    return;
                }
            }
            expired = true;
            request.cancel();
        }

        synchronized void disarm() {
            silence = false;
            alarm.cancel(false);
        }

        /** Drops the connection at once: what is left of the response is not wanted. */
        void abort() {
            request.cancel();
        }

        IOException failure(IOException e) {
            disarm();
            return expired ? new AttemptTimeoutException(timeoutMs, e) : e;
        }
    }

    private static final class WatchedEntity extends HttpEntityWrapper {

        private final Watch watch;
        private WatchedBody body;

        WatchedEntity(HttpEntity entity, Watch watch) {
            super(entity);
            this.watch = watch;
        }

        /** The same stream every time: camel-http asks again when the exchange completes, to close it. */
        @Override
        public InputStream getContent() throws IOException {
            if (body == null) {
                body = new WatchedBody(super.getContent(), watch);
            }
            return body;
        }
    }

    private static final class WatchedBody extends FilterInputStream {

        private final Watch watch;
        private boolean ended;
        private boolean closed;

        WatchedBody(InputStream in, Watch watch) {
            super(in);
            this.watch = watch;
        }

        @Override
        public int read() throws IOException {
            try {
                return atEnd(in.read());
            } catch (IOException e) {
                throw watch.failure(e);
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                return atEnd(in.read(buffer, offset, length));
            } catch (IOException e) {
                throw watch.failure(e);
            }
        }

        private int atEnd(int read) {
            watch.progressed();
            if (read < 0) {
                ended = true;
                watch.disarm();
            }
            return read;
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                if (!ended) {
                    watch.abort();
                }
                in.close();
            } finally {
                watch.disarm();
            }
        }
    }
}
