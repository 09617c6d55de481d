package io.apiingest.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClusterSettingsTest {

    private static IngestSettings settings(Map<String, String> given) {
        return IngestSettings.from(key -> Optional.ofNullable(given.get(key)));
    }

    @Test
    void should_run_locally_without_kafka_by_default() {
        IngestSettings settings = settings(Map.of());
        ClusterSettings cluster = settings.cluster();
        assertThat(cluster.mode()).isEqualTo(ClusterSettings.Mode.LOCAL);
        assertThat(cluster.brokers()).isEqualTo("127.0.0.1:9092");
        assertThat(cluster.requestsTopic()).isEqualTo("api-ingest.requests");
        assertThat(cluster.resultsTopic()).isEqualTo("api-ingest.results");
        assertThat(cluster.groupId()).isEqualTo("api-ingest-workers");
        assertThat(cluster.maxInFlightLines()).isEqualTo(10_000);
        assertThat(cluster.rate()).as("no rate for the whole cluster").isZero();
        assertThat(settings.fetchInput()).as("fetch consumes the hand-off itself").isEqualTo("direct:fetch");
    }

    @Test
    void should_give_each_mode_its_stages() {
        assertThat(settings(Map.of("ingest.mode", "worker")).cluster().mode().takesFiles()).isFalse();
        assertThat(settings(Map.of("ingest.mode", "intake")).cluster().mode().fetches()).isFalse();
        ClusterSettings.Mode all = settings(Map.of("ingest.mode", "all")).cluster().mode();
        assertThat(all.takesFiles() && all.fetches() && all.overKafka()).isTrue();
        assertThat(settings(Map.of("ingest.mode", "all")).fetchInput()).isNotEqualTo("direct:fetch");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ingest.mode|cluster|ingest.mode must be one of local, intake, worker, all, got 'cluster'",
        "ingest.kafka.brokers|kafka1|ingest.kafka.brokers: 'kafka1' is not host:port",
        "ingest.kafka.brokers|127.0.0.1:9092,:9093|ingest.kafka.brokers: ':9093' is not host:port",
        "ingest.kafka.requests-topic|my topic|ingest.kafka.requests-topic: 'my topic' is not a Kafka topic name",
        "ingest.kafka.results-topic|api-ingest.requests|ingest.kafka.results-topic must differ",
        "ingest.kafka.max-in-flight-lines|0|ingest.kafka.max-in-flight-lines",
        "ingest.cluster.rate|-1|ingest.cluster.rate",
        "ingest.cluster.rate|fast|ingest.cluster.rate"})
    void should_stop_start_up_naming_a_bad_cluster_setting(String key, String value, String message) {
        assertThatThrownBy(() -> settings(Map.of(key, value))).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining(message);
    }
}
