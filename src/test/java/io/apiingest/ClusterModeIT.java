package io.apiingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import io.apiingest.kafka.LocalKafka;
import org.junit.jupiter.api.Test;

/**
 * ingest.mode=intake and N ingest.mode=worker processes (the packaged jar) over a real Kafka broker that the test
 * starts (LocalKafka): every line of a file is recorded exactly once, also when a worker is killed mid-file or
 * workers join while chains of pages are mid-way, and the server sees only the requests in flight at the kill twice.
 */
class ClusterModeIT extends ClusterTestSupport {

    /** The pagination of the chain test's processes: the next page's path is at /next in each page's body. */
    private static final List<String> CHAINS =
            List.of("--ingest.paginate.type=next-url", "--ingest.paginate.next-path=/next");

    private LocalApi api;

    @Test
    void should_record_every_line_once_with_an_intake_and_three_workers() throws Exception {
        List<String> input = start("three", "/ok/", 300);
        input.add("not a url");
        // a line that fails for good ends in its worker's batch like any other: the rest of the batch goes on
        for (int n = 1; n <= 30; n++) {
            input.add(api.url("/missing/" + n));
        }
        List<JarProcess> workers = new ArrayList<>();
        for (int n = 0; n < 3; n++) {
            workers.add(worker("worker-" + n, 8));
        }
        // a worker joining later takes partitions from one mid-batch, whose requests are then fetched again:
        // this test counts requests exactly, so the group is settled first (the kill tests allow the repeats)
        awaitAssigned(workers);
        Path inbox = Files.createDirectories(workDir.resolve("intake/inbox"));
        Files.write(inbox.resolve("orders.txt"), input);
        JarProcess intake = intake();

        assertThat(intake.awaitExit(LIMIT)).as(intake.output()).isZero();

        Map<Long, JsonNode> records = records(workDir.resolve("intake/outbox/orders"));
        assertThat(records).as("one record per line").hasSize(331);
        for (int n = 1; n <= 300; n++) {
            assertThat(records.get((long) n).path("body").path("n").asInt()).as("line %d", n).isEqualTo(n);
            assertThat(api.requestsTo("/ok/" + n)).as("requests to /ok/%d", n).isEqualTo(1);
        }
        assertThat(records.get(301L).path("error").asText()).contains("not an absolute URL");
        for (int n = 1; n <= 30; n++) {
            assertThat(records.get(301L + n).path("status").asInt()).as("line %d", 301 + n).isEqualTo(404);
            assertThat(api.requestsTo("/missing/" + n)).as("requests to /missing/%d", n).isEqualTo(1);
        }
        JsonNode summary = JSON.readTree(workDir.resolve("intake/outbox/orders/_SUMMARY.json").toFile());
        assertThat(summary.path("total").asLong()).isEqualTo(331);
        assertThat(summary.path("succeeded").asLong()).isEqualTo(300);
        assertThat(summary.path("failed").asLong()).isEqualTo(31);
    }

    @Test
    void should_record_every_line_once_when_a_worker_is_killed_mid_file() throws Exception {
        List<String> input = start("killed", "/slow/", 400);
        JarProcess doomed = worker("doomed", 10);
        worker("survivor", 10);
        Path inbox = Files.createDirectories(workDir.resolve("intake/inbox"));
        Files.write(inbox.resolve("orders.txt"), input);
        JarProcess intake = intake();
        Path results = workDir.resolve("intake/outbox/orders");
        await().atMost(LIMIT).pollInterval(Duration.ofMillis(50)).until(() -> records(results).size() >= 60);
        doomed.killOutright();
        assertThat(records(results).size()).as("killed mid-file").isLessThan(400);

        assertThat(intake.awaitExit(LIMIT)).as(intake.output()).isZero();

        Map<Long, JsonNode> records = records(results);
        assertThat(records).as("one record per line").hasSize(400);
        int repeated = 0;
        for (int n = 1; n <= 400; n++) {
            assertThat(records.get((long) n).path("status").asInt()).as("line %d", n).isEqualTo(200);
            int requested = api.requestsTo("/slow/" + n);
            assertThat(requested).as("requests to /slow/%d", n).isBetween(1, 2);
            repeated += requested - 1;
        }
        // the killed worker's batch in flight (at most its concurrency, 10, per poll) is fetched again, no more
        assertThat(repeated).as("requests repeated after the kill").isLessThanOrEqualTo(20);
    }

    @Test
    void should_record_every_line_once_when_the_intake_is_killed_and_restarted() throws Exception {
        List<String> input = start("restarted", "/slow/", 400);
        // 2 x 5 in flight at 200 ms: 50 lines a second, so the kill comes well before the end
        awaitAssigned(List.of(worker("worker-a", 5), worker("worker-b", 5)));
        Path inbox = Files.createDirectories(workDir.resolve("intake/inbox"));
        Files.write(inbox.resolve("orders.txt"), input);
        Path results = workDir.resolve("intake/outbox/orders");
        JarProcess first = intake("first");
        await().atMost(LIMIT).pollInterval(Duration.ofMillis(50)).until(() -> records(results).size() >= 40);
        first.killOutright();
        int recordedAtKill = records(results).size();
        assertThat(recordedAtKill).as("killed mid-file; %s", first.output()).isLessThan(400);

        JarProcess second = intake("second");
        assertThat(second.awaitExit(LIMIT)).as(second.output()).isZero();

        Map<Long, JsonNode> records = records(results);
        assertThat(records).as("one record per line, across the kill").hasSize(400);
        int repeated = 0;
        for (int n = 1; n <= 400; n++) {
            assertThat(records.get((long) n).path("status").asInt()).as("line %d", n).isEqualTo(200);
            repeated += api.requestsTo("/slow/" + n) - 1;
        }
        // the lines published and not yet recorded at the kill (at most ingest.kafka.max-in-flight-lines) are
        // published again by the restarted intake: each costs one more request at most
        assertThat(repeated).as("requests repeated after the intake's restart").isLessThanOrEqualTo(400 - recordedAtKill);
        JsonNode summary = JSON.readTree(results.resolve("_SUMMARY.json").toFile());
        assertThat(summary.path("total").asLong()).isEqualTo(400);
        assertThat(summary.path("succeeded").asLong()).isEqualTo(400);
    }

    @Test
    void should_record_every_page_once_when_workers_join_and_one_is_killed_while_chains_are_mid_pagination()
            throws Exception {
        int lines = 48;
        int pages = 20;
        int concurrency = 3;
        api = serving(LocalApi.start());
        topics("rebalance");
        List<String> input = new ArrayList<>();
        for (int line = 1; line <= lines; line++) {
            input.add(api.url(chainPage(pages, line, 1)));
        }
        // a page takes 30-50 ms, a chain about a second. A worker drains its partitions one after the other, so the
        // first one, a chain at a time, leaves lines in every pair of partitions (repos.txt's lines go 7 to 9 to
        // each of the 6) for the late workers, whichever pair each is given once they are up: 5-7 s after they
        // start, on 2 busy cores, the first has done about 8 lines. The intake publishes the whole file at once
        // (48 lines, under ingest.kafka.max-in-flight-lines), so each poll of a worker is one whole batch.
        awaitAssigned(List.of(worker("first", 1, CHAINS)));
        Path inbox = Files.createDirectories(workDir.resolve("intake/inbox"));
        Files.write(inbox.resolve("repos.txt"), input);
        JarProcess intake = intake("intake", CHAINS);
        Path results = workDir.resolve("intake/outbox/repos");

        await("pages of several lines recorded, a chain under way").atMost(LIMIT).pollInterval(Duration.ofMillis(20))
                .until(() -> pageRecords(results).size() >= 40 && !chainsUnderWay(api.requests(), pages, 2).isEmpty());
        assertThat(linesOf(pageRecords(results))).as("lines with pages recorded before the join").hasSizeGreaterThan(1);
        JarProcess doomed = worker("second", concurrency, CHAINS);
        worker("third", concurrency, CHAINS);
        await("both late workers fetching, the second mid-chain").atMost(LIMIT).pollInterval(Duration.ofMillis(20))
                .until(() -> api.requests().stream().anyMatch(request -> request.worker().equals("third"))
                        && chainsUnderWay(api.requests(), pages, 5).containsValue("second"));
        doomed.killOutright();

        Map<String, List<String>> upToTheKill = workersByTarget(api.requests());
        upToTheKill.values().removeIf(workers -> workers.size() == 1);
        assertThat(upToTheKill).as("pages requested more than once up to the kill: the join repeated none").isEmpty();
        assertThat(results.resolve("_SUMMARY.json")).as("killed mid-file").doesNotExist();

        assertThat(intake.awaitExit(LIMIT)).as(intake.output()).isZero();

        Map<List<Long>, JsonNode> records = pageRecords(results);
        Set<List<Long>> expected = new HashSet<>();
        for (long line = 1; line <= lines; line++) {
            for (long page = 1; page <= pages; page++) {
                expected.add(List.of(line, page));
            }
        }
        Set<List<Long>> missing = new HashSet<>(expected);
        missing.removeAll(records.keySet());
        assertThat(missing).as("line and page of the records missing").isEmpty();
        Set<List<Long>> unexpected = new HashSet<>(records.keySet());
        unexpected.removeAll(expected);
        assertThat(unexpected).as("line and page of the records not asked for").isEmpty();
        for (long line = 1; line <= lines; line++) {
            for (int page = 1; page <= pages; page++) {
                JsonNode record = records.get(List.of(line, (long) page));
                assertThat(record.path("status").asInt()).as("status of line %d page %d", line, page).isEqualTo(200);
                assertThat(record.path("url").asText()).isEqualTo(api.url(chainPage(pages, line, page)));
                assertThat(record.path("body").path("line").asLong()).isEqualTo(line);
                assertThat(record.path("body").path("page").asInt()).isEqualTo(page);
            }
        }
        JsonNode summary = JSON.readTree(results.resolve("_SUMMARY.json").toFile());
        assertThat(summary.path("total").asLong()).as("total").isEqualTo(lines);
        assertThat(summary.path("succeeded").asLong()).as("succeeded").isEqualTo(lines);
        assertThat(summary.path("failed").asLong()).as("failed").isZero();
        assertThat(summary.path("records").asLong()).as("records").isEqualTo(lines * pages);
        assertThat(summary.path("errors").asLong()).as("errors").isZero();
        assertThat(summary.path("pages").asLong()).as("pages").isEqualTo(lines * pages);

        // At the server. On a join, a busy worker finishes its batch's chains before its partitions move (the group
        // waits for it), so a join repeats nothing and no chain is split between workers. A kill -9 repeats the
        // doomed worker's batch in flight, not committed: at most its concurrency of lines, each fetched again whole
        // by a survivor from page 1, so the pages the doomed worker had requested of it are requested twice. A
        // chain of that batch it had finished is repeated whole; one of a batch it had committed, not at all.
        Map<String, List<String>> byTarget = workersByTarget(api.requests());
        List<Integer> wholeChain = IntStream.rangeClosed(1, pages).boxed().toList();
        Map<String, Integer> chainsByWorker = new HashMap<>();
        List<Long> repeatedLines = new ArrayList<>();
        for (long line = 1; line <= lines; line++) {
            List<Integer> doomedPages = new ArrayList<>();
            Map<String, List<Integer>> otherPages = new HashMap<>();
            for (int page = 1; page <= pages; page++) {
                for (String worker : byTarget.getOrDefault(chainPage(pages, line, page), List.of())) {
                    (worker.equals("second") ? doomedPages : otherPages.computeIfAbsent(worker, w -> new ArrayList<>()))
                            .add(page);
                }
            }
            assertThat(doomedPages).as("line %d: the doomed worker's pages, each once from page 1", line)
                    .isEqualTo(wholeChain.subList(0, doomedPages.size()));
            assertThat(otherPages.keySet()).as("line %d: the other workers that fetched it", line)
                    .hasSizeLessThanOrEqualTo(1);
            for (Map.Entry<String, List<Integer>> other : otherPages.entrySet()) {
                assertThat(other.getValue()).as("line %d: the pages %s requested", line, other.getKey())
                        .isEqualTo(wholeChain);
            }
            if (otherPages.isEmpty()) {
                assertThat(doomedPages).as("line %d, by the doomed worker alone", line).isEqualTo(wholeChain);
                chainsByWorker.merge("second", 1, Integer::sum);
            } else {
                chainsByWorker.merge(otherPages.keySet().iterator().next(), 1, Integer::sum);
                if (!doomedPages.isEmpty()) {
                    repeatedLines.add(line);
                }
            }
        }
        assertThat(repeatedLines).as("lines fetched again after the kill: the doomed worker's batch")
                .isNotEmpty().hasSizeLessThanOrEqualTo(concurrency);
        assertThat(chainsByWorker).as("chains fetched whole, by worker").containsKeys("first", "third");
    }

    private static String chainPage(int pages, long line, int page) {
        return "/chain/" + pages + "/" + line + "?page=" + page;
    }

    /** Each page's requesters, in the order the server saw them. */
    private static Map<String, List<String>> workersByTarget(List<LocalApi.Request> requests) {
        Map<String, List<String>> byTarget = new HashMap<>();
        for (LocalApi.Request request : requests) {
            byTarget.computeIfAbsent(request.target(), t -> new ArrayList<>()).add(request.worker());
        }
        return byTarget;
    }

    /** Lines at page {@code from} or later and short of their last, at the server, with the worker that asked last. */
    private static Map<Long, String> chainsUnderWay(List<LocalApi.Request> requests, int pages, int from) {
        Map<Long, String> underWay = new HashMap<>();
        Set<Long> ended = new HashSet<>();
        for (LocalApi.Request request : requests) {
            Matcher page = LocalApi.CHAIN_PAGE.matcher(request.target());
            if (page.matches()) {
                long line = Long.parseLong(page.group(2));
                int number = Integer.parseInt(page.group(3));
                if (number == pages) {
                    ended.add(line);
                } else if (number >= from) {
                    underWay.put(line, request.worker());
                }
            }
        }
        underWay.keySet().removeAll(ended);
        return underWay;
    }

    /** The API, the test's own topics, and an input of {@code count} URLs {@code path}N. */
    private List<String> start(String name, String path, int count) throws Exception {
        api = serving(LocalApi.start());
        topics(name);
        List<String> input = new ArrayList<>();
        for (int n = 1; n <= count; n++) {
            input.add(api.url(path + n));
        }
        return input;
    }

    private JarProcess worker(String name, int concurrency) throws IOException {
        return worker(name, concurrency, List.of());
    }

    /** A worker whose every request carries {@code X-Worker: NAME}, so that the server can tell who sent it. */
    private JarProcess worker(String name, int concurrency, List<String> settings) throws IOException {
        List<String> arguments = new ArrayList<>(List.of("--ingest.concurrency=" + concurrency,
                "--ingest.request.headers.X-Worker=" + name));
        arguments.addAll(settings);
        return start(workDir.resolve(name), name, "worker", arguments);
    }

    private JarProcess intake() throws IOException {
        return intake("intake");
    }

    private JarProcess intake(String name) throws IOException {
        return intake(name, List.of());
    }

    private JarProcess intake(String name, List<String> settings) throws IOException {
        List<String> arguments = new ArrayList<>(settings);
        arguments.add("--ingest.once=true");
        // small parts: a part file shows under its name once complete, so the test sees the records mid-file
        arguments.add("--ingest.batch-size=20");
        return start(workDir.resolve("intake"), name, "intake", arguments);
    }

    private static Set<Long> linesOf(Map<List<Long>, JsonNode> pageRecords) {
        return pageRecords.keySet().stream().map(page -> page.get(0)).collect(Collectors.toSet());
    }
}
