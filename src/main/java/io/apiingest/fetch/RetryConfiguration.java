package io.apiingest.fetch;

import io.apiingest.flow.BeanNames;
import io.apiingest.flow.IncompleteInputException;
import io.apiingest.flow.OutboxWriteException;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.model.RouteConfigurationDefinition;

/**
 * The "retry" route configuration: the one place the redelivery policy is read. A retryable failure is tried
 * again up to {@code ingest.retry.max} times, waiting without holding a thread; what fails for good becomes an
 * error record, so no line is ever lost.
 */
public class RetryConfiguration extends RouteConfigurationBuilder {

    public static final String ID = "retry";
    /** Scheduler the waits run on: sized to the concurrency, so due retries never queue behind each other. */
    public static final String SCHEDULER = "retryScheduler";

    private final RetryPolicy policy;
    private final FetchOutcomes outcomes;

    public RetryConfiguration(RetryPolicy policy, FetchOutcomes outcomes) {
        this.policy = policy;
        this.outcomes = outcomes;
    }

    @Override
    public void configuration() {
        RouteConfigurationDefinition retry = routeConfiguration(ID);
        retry.errorHandler(defaultErrorHandler().executorServiceRef(SCHEDULER).logExhausted(false));

        // the wait itself comes from the CamelRedeliveryDelay header that HttpAttempt.check sets
        retry.onException(FetchFailure.Retryable.class)
                .maximumRedeliveries(policy.maxRetries())
                .asyncDelayedRedelivery()
                .retryAttemptedLogLevel(LoggingLevel.DEBUG)
                .logExhausted(false)
                .handled(true)
                .process(outcomes::failed)
                .process(BeanNames.COLLECT);

        retry.onException(FetchFailure.Final.class)
                .maximumRedeliveries(0)
                .logExhausted(false)
                .handled(true)
                .process(outcomes::failed)
                .process(BeanNames.COLLECT);

        // the outbox cannot take records: nothing is recorded, the job is marked broken, which stops the reading,
        // and the intake fails the file at its end (Outbox.finish). Handled here, not passed up through the split:
        // Camel counts a failure passed up from a split's part as dealt with, and the intake's own failure
        // handling would never run (the file was then taken again into a new folder, with no word in the log)
        retry.onException(OutboxWriteException.class)
                .maximumRedeliveries(0)
                .logExhausted(false)
                .handled(true);
        retry.onException(IncompleteInputException.class)
                .maximumRedeliveries(0)
                .logExhausted(false)
                .handled(false);

        // a bug of ours must not lose the line either: it is recorded as an error, with the cause in words
        retry.onException(Exception.class)
                .maximumRedeliveries(0)
                .handled(true)
                .process(outcomes::failed)
                .process(BeanNames.COLLECT);
    }
}
