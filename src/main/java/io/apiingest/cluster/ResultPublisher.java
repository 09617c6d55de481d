package io.apiingest.cluster;

import io.apiingest.flow.FetchOutcome;
import io.apiingest.flow.PageEnd;
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
        if (!(result instanceof FetchOutcome || result instanceof PageEnd)) {
            return;
        }
        byte[] message = messages.result(result);
        String key = Messages.key(result);
        Exchange sent = template.send(results, out -> {
            out.getMessage().setBody(message);
            out.getMessage().setHeader(KafkaConstants.KEY, key);
        });
        if (sent.getException() != null) {
            throw sent.getException();
        }
        if (LineEnds.endsLine(result)) {
            lineEnds.ended(key);
        }
    }
}
