package io.apiingest.cluster;

import java.util.Map;

import io.apiingest.flow.FetchOutcome;
import io.apiingest.flow.OriginTally;
import io.apiingest.flow.PageEnd;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;

/**
 * A worker's collect step: each record and page end goes to the results topic, keyed by its line, and returns
 * only once the broker has it (acks=all). Then, when it was the line's last, the line's request may be committed.
 * Each result carries the requests this worker sent for its file since its last result ({@link OriginTally#drain}):
 * a line's requests are counted before its last result goes, so the intake has them all once the file is complete.
 */
final class ResultPublisher implements Processor {

    private final Messages messages;
    private final ProducerTemplate template;
    private final Endpoint results;
    private final LineEnds lineEnds;
    private final OriginTally origins;

    /** @param origins what fetch counts per file and origin */
    ResultPublisher(Messages messages, ProducerTemplate template, Endpoint results, LineEnds lineEnds,
            OriginTally origins) {
        this.messages = messages;
        this.template = template;
        this.results = results;
        this.lineEnds = lineEnds;
        this.origins = origins;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Object result = exchange.getMessage().getBody();
        if (!(result instanceof FetchOutcome || result instanceof PageEnd)) {
            return;
        }
        String job = Messages.job(result);
        Map<String, OriginTally.Figures> figures = origins.drain(job);
        byte[] message = messages.result(result, figures);
        String key = Messages.key(result);
        Exchange sent = template.send(results, out -> {
            out.getMessage().setBody(message);
            out.getMessage().setHeader(KafkaConstants.KEY, key);
        });
        if (sent.getException() != null) {
            origins.add(job, figures); // not sent: they go with the file's next result
            throw sent.getException();
        }
        if (LineEnds.endsLine(result)) {
            lineEnds.ended(key);
        }
    }
}
