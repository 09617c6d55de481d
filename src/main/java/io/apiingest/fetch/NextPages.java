package io.apiingest.fetch;

import java.util.concurrent.ExecutorService;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a chain's next page back to the pipeline as a new request on the hand-off endpoint, from a thread of its
 * own: the fetch thread that fetched the page has written its record and given back its slot by then, and never
 * waits for a slot for its own next page (with every slot held, that would deadlock). The next page takes its own
 * slot and place in the rate's line, as any request does.
 */
final class NextPages extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(NextPages.class);

    private final CamelContext context;
    private final String handoff;
    private final int threads;
    private ProducerTemplate template;
    private ExecutorService executor;

    /** @param threads the concurrency: more threads would only wait for a slot */
    NextPages(CamelContext context, String handoff, int threads) {
        this.context = context;
        this.handoff = handoff;
        this.threads = threads;
    }

    /** @param place the line's place among the pending requests, which the next page holds on; or null */
    void submit(Paginator.Page page, PendingRequests.Place place) {
        executor.execute(() -> {
            Exchange sent = template.send(handoff, exchange -> {
                exchange.getMessage().setBody(page.request());
                exchange.setProperty(FetchRoutes.CHAIN, page.chain());
                if (place != null) {
                    place.heldBy(exchange);
                }
            });
            if (sent.getException() != null) {
                LOG.warn("{} line {}: page {} could not be handed on: {}", page.request().job(),
                        page.request().line(), page.chain().page(), sent.getException().toString());
            }
        });
    }

    @Override
    protected void doStart() throws Exception {
        template = context.createProducerTemplate();
        ServiceHelper.startService(template);
        executor = context.getExecutorServiceManager().newFixedThreadPool(this, "next-page", threads);
    }

    @Override
    protected void doStop() {
        context.getExecutorServiceManager().shutdownNow(executor);
        ServiceHelper.stopService(template);
    }
}
