import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * The floor for bench/run.sh (TOOLS=jvm-floor): the least a JVM client on the same libraries as api-ingest
 * (Apache HttpClient 5 classic, Jackson) must do per URL, with no Camel, no retries, no failure records, no resume.
 * N platform threads share one pooled client; per URL: GET, read the body, check it is JSON, write a record and
 * flush it; records go into part files of 1,000 like api-ingest's. It measures what the JVM, its start and
 * HttpClient cost on this machine, so the gap between it and api-ingest is what the rest costs.
 *
 * Run: java -cp target/api-ingest.jar:CLASSES JvmFloor URLFILE OUTDIR CONCURRENCY (bench/run.sh compiles it)
 */
public final class JvmFloor {

    private static final int PART_RECORDS = 1000;

    private final JsonFactory json = new JsonFactory();
    private final Path outdir;
    private final AtomicLong written = new AtomicLong();
    private OutputStream part;
    private int partNo;

    private JvmFloor(Path outdir) {
        this.outdir = outdir;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: JvmFloor URLFILE OUTDIR CONCURRENCY");
            System.exit(2);
        }
        int concurrency = Integer.parseInt(args[2]);
        Path outdir = Files.createDirectories(Path.of(args[1]));
        JvmFloor floor = new JvmFloor(outdir);
        try (CloseableHttpClient client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(concurrency).setMaxConnPerRoute(concurrency).build())
                .disableCookieManagement().build()) {
            floor.run(client, Path.of(args[0]), concurrency);
        }
        System.err.println("records " + floor.written.get());
    }

    private void run(CloseableHttpClient client, Path urls, int concurrency) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        Semaphore queued = new Semaphore(2 * concurrency); // a bounded queue, as the baselines have
        try (BufferedReader lines = Files.newBufferedReader(urls)) {
            String line;
            long lineNo = 0;
            while ((line = lines.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String url = line.strip();
                long no = lineNo;
                queued.acquire();
                pool.execute(() -> {
                    try {
                        fetch(client, no, url);
                    } catch (Exception e) {
                        System.err.println(url + ": " + e);
                    } finally {
                        queued.release();
                    }
                });
            }
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.HOURS);
        synchronized (this) {
            if (part != null) {
                part.close();
            }
        }
    }

    private void fetch(CloseableHttpClient client, long line, String url) throws IOException {
        long started = System.nanoTime();
        int[] status = new int[1];
        byte[] body = client.execute(new HttpGet(url), response -> {
            status[0] = response.getCode();
            return EntityUtils.toByteArray(response.getEntity());
        });
        try (JsonParser parser = json.createParser(body)) {
            while (parser.nextToken() != null) {
                // a body that is not JSON throws here
            }
        }
        ByteArrayOutputStream record = new ByteArrayOutputStream(256);
        try (JsonGenerator out = json.createGenerator(record)) {
            out.writeStartObject();
            out.writeNumberField("line", line);
            out.writeStringField("url", url);
            out.writeNumberField("status", status[0]);
            out.writeNumberField("attempts", 1);
            out.writeNumberField("elapsedMs", (System.nanoTime() - started) / 1_000_000);
            out.writeFieldName("body");
            out.writeRawValue(new String(body, StandardCharsets.UTF_8).strip());
            out.writeEndObject();
        }
        record.write('\n');
        write(record);
    }

    private synchronized void write(ByteArrayOutputStream record) throws IOException {
        if (part == null || written.get() % PART_RECORDS == 0) {
            if (part != null) {
                part.close();
            }
            part = new BufferedOutputStream(Files.newOutputStream(outdir.resolve(String.format("part-%05d.jsonl", ++partNo))));
        }
        record.writeTo(part);
        part.flush();
        written.incrementAndGet();
    }
}
