package io.easgd.backend.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.easgd.backend.BackendIT;
import io.easgd.backend.jobs.JobRepository;
import io.easgd.backend.jobs.JobState;
import io.easgd.backend.metrics.MetricPoint;
import io.easgd.backend.metrics.MetricsRepository;
import io.easgd.core.spec.JobSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;

/** A job's SSE stream: live events, and a resume with Last-Event-ID that loses and repeats nothing. */
class JobStreamIT extends BackendIT {
    private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() {
    };

    @Autowired
    JobRepository jobs;
    @Autowired
    MetricsRepository metrics;
    @Autowired
    TransactionTemplate tx;

    private Flux<ServerSentEvent<String>> events(long job, String lastEventId) {
        WebClient.RequestHeadersSpec<?> req = WebClient.create("http://localhost:" + port).get()
                .uri("/api/v1/jobs/{id}/events", job).accept(MediaType.TEXT_EVENT_STREAM);
        if (lastEventId != null) {
            req = req.header("Last-Event-ID", lastEventId);
        }
        return req.retrieve().bodyToFlux(SSE).filter(e -> e.event() != null);
    }

    private void writeMetrics(long job, int from, int to) {
        List<MetricPoint> points = new ArrayList<>();
        for (int i = from; i < to; i++) {
            points.add(new MetricPoint(job, "train_loss", 0, i, i, i));
        }
        tx.executeWithoutResult(s -> metrics.record(job, points));
    }

    @Test
    void resumingWithLastEventIdLosesAndRepeatsNothing() {
        long job = tx.execute(s -> jobs.insert("sse", 0, JobSpec.parse("{}"))).id();
        writeMetrics(job, 0, 10);

        // first connection: the 11 events so far (QUEUED + 10 points), then 5 more while connected
        List<ServerSentEvent<String>> first = new ArrayList<>(events(job, null)
                .doOnNext(e -> {
                    if ("9".equals(valueOf(e))) {
                        new Thread(() -> writeMetrics(job, 10, 15)).start();
                    }
                })
                .take(16).collectList().block(Duration.ofSeconds(30)));
        assertThat(first.get(0).event()).isEqualTo("state");
        assertThat(first.subList(1, 16)).extracting(JobStreamIT::valueOf)
                .containsExactlyElementsOf(IntStream.range(0, 15).mapToObj(Integer::toString).toList());

        // disconnected: more happens
        writeMetrics(job, 15, 40);
        tx.executeWithoutResult(s -> jobs.transition(job, JobState.CANCELLED, "stream test"));

        // resume from the last id seen
        String last = first.get(first.size() - 1).id();
        List<ServerSentEvent<String>> rest = events(job, last).take(26).collectList().block(Duration.ofSeconds(30));
        assertThat(rest.subList(0, 25)).extracting(JobStreamIT::valueOf)
                .containsExactlyElementsOf(IntStream.range(15, 40).mapToObj(Integer::toString).toList());
        assertThat(rest.get(25).event()).isEqualTo("state");
        assertThat(rest.get(25).data()).contains("\"CANCELLED\"");

        List<Long> ids = new ArrayList<>();
        first.forEach(e -> ids.add(Long.parseLong(e.id())));
        rest.forEach(e -> ids.add(Long.parseLong(e.id())));
        assertThat(ids).isSorted().doesNotHaveDuplicates().hasSize(42);
    }

    @Test
    void concurrentWritersOfOneJobNeverLeaveAGapBehindTheCursor() throws Exception {
        long job = tx.execute(s -> jobs.insert("sse-concurrent", 0, JobSpec.parse("{}"))).id();
        int writers = 4;
        int perWriter = 50;
        Flux<ServerSentEvent<String>> live = events(job, null).take(1 + writers * perWriter);
        var collected = live.collectList().toFuture();
        Thread[] threads = new Thread[writers];
        for (int w = 0; w < writers; w++) {
            int base = w * 1000;
            threads[w] = new Thread(() -> {
                for (int i = 0; i < perWriter; i++) {
                    writeMetrics(job, base + i, base + i + 1);
                }
            });
            threads[w].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        List<ServerSentEvent<String>> all = collected.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(all).hasSize(1 + writers * perWriter);
        assertThat(all.stream().map(e -> Long.parseLong(e.id())).toList()).isSorted().doesNotHaveDuplicates();
    }

    static String valueOf(ServerSentEvent<String> e) {
        String data = e.data();
        int i = data.indexOf("\"value\": ");
        if (i < 0) {
            return "";
        }
        String v = data.substring(i + 9).split("[,}]")[0].strip();
        return v.endsWith(".0") ? v.substring(0, v.length() - 2) : v;
    }
}
