package io.apiingest.cluster;

import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;

/**
 * A worker's collect step: each record and page end goes to the results topic, keyed by its line, and returns
 * only once the broker has it (acks=all). Then, when it was the line's last, the line's request may be committed.
 */
final class ResultPublisher implements Processor {

    private final Messages messages;
    private final ProducerTemplate template;
    private final Endpoint results;
    private final LineEnds lineEnds;

    ResultPublisher(Messages messages, ProducerTemplate template, Endpoint results, LineEnds lineEnds) {
        this.messages = messages;
        this.template = template;
        this.results = results;
        this.lineEnds = lineEnds;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Object result = exchange.getMessage().getBody();
        String job;
        long line;
        if (result instanceof io.apiingest.flow.PageEnd end) {
            job = end.job();
            line = end.line();
        } else if (result instanceof io.apiingest.flow.FetchOutcome outcome) {
            job = outcome.job();
            line = outcome.line();
        } else {
            return;
        }
        byte[] message = messages.result(result);
        Exchange sent = template.send(results, out -> {
            out.getMessage().setBody(message);
            out.getMessage().setHeader(KafkaConstants.KEY, Messages.key(job, line));
        });
        if (sent.getException() != null) {
            throw sent.getException();
        }
        if (LineEnds.endsLine(result)) {
            lineEnds.ended(job, line);
        }
    }
}
