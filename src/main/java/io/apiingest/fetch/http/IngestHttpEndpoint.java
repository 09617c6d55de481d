package io.apiingest.fetch.http;

import java.util.Map;

import org.apache.camel.Consumer;
import org.apache.camel.DelegateEndpoint;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.component.http.HttpEndpoint;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.service.ServiceHelper;

/**
 * camel-http's endpoint, whose producers are {@link IngestHttpProducer}s. HttpComponent makes its HttpEndpoint
 * itself, with no hook for a subclass, so this wraps the one it made: options, client and lifecycle stay that
 * endpoint's, and only the producer is ours.
 */
final class IngestHttpEndpoint extends DefaultEndpoint implements DelegateEndpoint {

    private final HttpEndpoint http;

    IngestHttpEndpoint(HttpEndpoint http) {
        super(http.getEndpointUri(), http.getComponent());
        this.http = http;
    }

    @Override
    public HttpEndpoint getEndpoint() {
        return http;
    }

    @Override
    public Producer createProducer() {
        return new IngestHttpProducer(http);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        return http.createConsumer(processor);
    }

    /** camel-http is lenient: what is left of the URI's options is the HttpEndpoint's to take. */
    @Override
    public boolean isLenientProperties() {
        return http.isLenientProperties();
    }

    @Override
    public void configureProperties(Map<String, Object> options) {
        http.configureProperties(options);
    }

    /** Not DefaultEndpoint's: its autowiring reads the options of an HttpEndpoint, which this is not. */
    @Override
    protected void doInit() throws Exception {
        ServiceHelper.initService(http);
    }

    @Override
    protected void doStart() throws Exception {
        ServiceHelper.startService(http);
    }

    @Override
    protected void doStop() throws Exception {
        ServiceHelper.stopService(http);
    }

    @Override
    protected void doShutdown() throws Exception {
        ServiceHelper.stopAndShutdownService(http);
    }
}
