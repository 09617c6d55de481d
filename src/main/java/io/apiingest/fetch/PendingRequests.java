package io.apiingest.fetch;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * {@code ingest.max-pending}: how many of the input's requests (lines, each with its whole chain of pages) fetch
 * holds at once, in flight or waiting (for a retry, for their origin's pace). A request that waits holds no
 * thread, so without this bound a file of a million lines to one slow origin would be read ahead into memory
 * whole; with it, the intake's split waits once that many are pending, and reads on as they end. A line's place
 * passes from page to page of its chain, so a chain never waits here for a place of its own (it would wait for
 * itself), and ends when its last page does.
 */
final class PendingRequests {

    /** Exchange property: the line's place, shared by the exchanges of its pages. */
    static final String PLACE = "ingestPendingPlace";

    /** One line's place: released when the last exchange holding it is done. */
    final class Place {
        private final AtomicInteger holders = new AtomicInteger();

        /** The exchange holds the place until it is done. */
        void heldBy(Exchange exchange) {
            exchange.setProperty(PLACE, this);
            exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                @Override
                public void onDone(Exchange done) {
                    letGo();
                }
            });
        }

        /**
         * Another exchange will hold the place (the chain's next page): counted now, before the exchange handing it
         * on is done, so the place is not let go in between.
         */
        void handOn() {
            holders.incrementAndGet();
        }

        private void letGo() {
            if (holders.decrementAndGet() == 0) {
                permits.release();
            }
        }
    }

    private final Semaphore permits;
    private final int max;

    PendingRequests(int max) {
        this.max = max;
        this.permits = new Semaphore(max);
    }

    /**
     * Holds a place for a new line until the last exchange of its chain is done, waiting for one while
     * {@code giveUp} says no.
     *
     * @return false when it gave up (the application is stopping): no place is held
     */
    boolean hold(Exchange exchange, BooleanSupplier giveUp) throws InterruptedException {
        while (!permits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
            if (giveUp.getAsBoolean()) {
                return false;
            }
        }
        Place place = new Place();
        place.handOn();
        place.heldBy(exchange);
        return true;
    }

    /** Requests pending now: the gauge. */
    int pending() {
        return max - permits.availablePermits();
    }
}
