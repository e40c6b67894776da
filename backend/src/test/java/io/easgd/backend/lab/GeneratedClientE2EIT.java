package io.easgd.backend.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.easgd.client.ApiClient;
import io.easgd.client.ApiException;
import io.easgd.client.api.AgentTokensApi;
import io.easgd.client.api.AgentsApi;
import io.easgd.client.api.DatasetsApi;
import io.easgd.client.api.JobsApi;
import io.easgd.client.api.SweepsApi;
import io.easgd.client.model.Algorithm;
import io.easgd.client.model.CreatedAgentToken;
import io.easgd.client.model.Job;
import io.easgd.client.model.JobEvent;
import io.easgd.client.model.JobPage;
import io.easgd.client.model.JobSpec;
import io.easgd.client.model.JobSubmission;
import io.easgd.client.model.NewAgentToken;
import io.easgd.client.model.StopCriteria;
import io.easgd.client.model.Sweep;
import io.easgd.client.model.SweepGrid;
import io.easgd.client.model.SweepRequest;
import io.easgd.client.model.SweepTarget;
import io.easgd.client.model.Tau;
import io.easgd.client.model.TauAuto;
import io.easgd.client.model.WorkerCount;
import io.easgd.client.model.WorkerRange;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README walkthrough through the Java client that openapi-generator 7.14 makes of the committed
 * contract ({@code frontend/openapi.json}, which {@code OpenApiContractIT} keeps equal to what the
 * backend serves; the client is generated at generate-test-sources, backend/pom.xml), against a real
 * lab: the backend on embedded PostgreSQL and two worker-agent JVMs. Nothing but the generated client
 * talks to the backend here. The SSE endpoints are described as text streams, which that client can
 * only read to the end: the job is watched through {@code getJob} and {@code getJobHistory}. The model
 * zip is fetched with the client's HTTP client and settings, as its {@code getJobModel} cannot read a
 * binary body (see {@link #model}).
 */
@org.junit.jupiter.api.extension.ExtendWith(SharedLab.Extension.class)
class GeneratedClientE2EIT {
    /** MLP 784-256-256-10. */
    private static final long MLP_PARAMS = 784 * 256 + 256 + 256 * 256 + 256 + 256 * 10 + 10;
    private static final long STEPS = 200;
    private static Lab lab;
    private static JobsApi jobs;
    private static SweepsApi sweeps;
    private static ApiClient client;

    @BeforeAll
    static void start() throws Exception {
        lab = SharedLab.get();                     // the standard lab, shared with the other end-to-end classes
        client = new ApiClient();
        client.updateBaseUri("http://127.0.0.1:" + lab.port());
        client.setReadTimeout(Duration.ofSeconds(30));
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + Lab.API_TOKEN));
        jobs = new JobsApi(client);
        sweeps = new SweepsApi(client);
    }

    @Test
    void theReadmeWalkthroughRunsThroughTheGeneratedClient() throws Exception {
        // submit: the README's first job, shorter
        Job submitted = jobs.submitJob(new JobSubmission().name("eamsgd-tau10").algorithm(Algorithm.EAMSGD)
                .workers(new WorkerCount(2)).tau(new Tau(10)).eta(0.1).delta(0.9)
                .stop(new StopCriteria().maxSteps(STEPS)));
        long id = submitted.getId();
        assertThat(submitted.getName()).isEqualTo("eamsgd-tau10");
        assertThat(submitted.getState()).isIn(Job.StateEnum.QUEUED, Job.StateEnum.ASSIGNING, Job.StateEnum.RUNNING);
        // the spec comes back with its defaults, and the client reads tau and workers (the oneOfs) back
        assertThat(submitted.getSpec().getTau().getInteger()).isEqualTo(10);
        assertThat(submitted.getSpec().getWorkers().getInteger()).isEqualTo(2);
        assertThat(submitted.getSpec().getBatchSize()).isEqualTo(128);
        assertThat(submitted.getSpec().getStop().getMaxSteps()).isEqualTo(STEPS);

        // list: by state, typed query parameters
        JobPage active = jobs.listJobs(List.of("QUEUED", "ASSIGNING", "RUNNING"), null, 0, 20);
        assertThat(active.getItems()).extracting(Job::getId).contains(id);
        assertThat(active.getSize()).isEqualTo(20);
        assertThat(jobs.listJobs(List.of("FAILED"), List.of("EAMSGD"), 0, 5).getItems()).extracting(Job::getId)
                .doesNotContain(id);

        // watch: until it ends
        Job done = awaitEnd(id, Duration.ofMinutes(5));
        assertThat(done.getState()).as(done.toString()).isEqualTo(Job.StateEnum.COMPLETED);
        assertThat(done.getProgress().getStep()).isEqualTo(STEPS);
        assertThat(done.getProgress().getTau()).isEqualTo(10);
        assertThat(done.getResult().getTestError()).isBetween(0.0, 0.5);
        assertThat(done.getResult().getBytesUp()).isPositive();
        assertThat(jobs.getJobHistory(id)).extracting(JobEvent::getTo).containsSubsequence(
                JobEvent.ToEnum.QUEUED, JobEvent.ToEnum.ASSIGNING, JobEvent.ToEnum.RUNNING, JobEvent.ToEnum.COMPLETED);

        // the center's test error, downsampled
        Map<String, Object> metrics = jobs.getJobMetrics(id, List.of("test_error"), null, null, 50);
        assertThat(((Number) metrics.get("jobId")).longValue()).isEqualTo(id);
        assertThat((List<?>) metrics.get("series")).isNotEmpty();

        // the agents and the datasets
        assertThat(new AgentsApi(client).listAgents()).hasSize(SharedLab.agentNames().size());
        assertThat(new DatasetsApi(client).listDatasets()).extracting("name").contains("mnist-10k");

        // its model, a DL4J ModelSerializer zip (application/zip, format binary)
        MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(model(id)), false);
        assertThat(net.numParams()).isEqualTo(MLP_PARAMS);

        // a second job, then cancel it: "auto" and a worker range, written and read back by the client
        Job second = jobs.submitJob(new JobSubmission().algorithm(Algorithm.DOWNPOUR)
                .workers(new WorkerCount(new WorkerRange().min(1).max(2))).tau(new Tau(TauAuto.AUTO)));
        assertThat(second.getSpec().getTau().getTauAuto()).isEqualTo(TauAuto.AUTO);
        assertThat(second.getSpec().getWorkers().getWorkerRange().getMin()).isEqualTo(1);
        assertThat(second.getSpec().getWorkers().getWorkerRange().getMax()).isEqualTo(2);
        Job cancelled = jobs.cancelJob(second.getId());
        assertThat(cancelled.getState()).isEqualTo(Job.StateEnum.CANCELLED);
        ApiException again = catchApi(() -> jobs.cancelJob(second.getId()));
        assertThat(again.getCode()).isEqualTo(409);

        // a bad value: 400 problem+json naming the field
        ApiException bad = catchApi(() -> jobs.submitJob(new JobSubmission().tau(new Tau(0))));
        assertThat(bad.getCode()).isEqualTo(400);
        JsonNode problem = new ObjectMapper().readTree(bad.getResponseBody());
        assertThat(problem.at("/errors/0/field").asText()).isEqualTo("tau");
        assertThat(problem.at("/errors/0/message").asText()).isEqualTo("must be >= 1, found 0");

        // a sweep: 2 algorithms x 2 taus = 4 jobs, queued together; cancelled here (the CI budget)
        Sweep sweep = sweeps.createSweep(new SweepRequest().name("tau-study")
                .base(new JobSpec().workers(new WorkerCount(2)).eta(0.1).stop(new StopCriteria().maxSteps(STEPS)))
                .grid(new SweepGrid().algorithm(List.of(Algorithm.EASGD, Algorithm.EAMSGD))
                        .tau(List.of(new Tau(1), new Tau(10))))
                .target(new SweepTarget().testError(0.08)));
        assertThat(sweep.getName()).isEqualTo("tau-study");
        assertThat(sweep.getRuns()).hasSize(4);
        assertThat(sweep.getTarget().getTestError()).isEqualTo(0.08);
        assertThat(sweeps.getSweep(sweep.getId()).getRuns()).hasSize(4);
        assertThat(sweeps.listSweeps(0, 20).getItems()).extracting("id").contains(sweep.getId());
        Sweep stopped = sweeps.cancelSweep(sweep.getId());
        assertThat(stopped.getState()).isEqualTo(Sweep.StateEnum.CANCELLED);

        // an agent token: the request body by schema, the token in the answer once
        AgentTokensApi tokens = new AgentTokensApi(client);
        CreatedAgentToken token = tokens.createAgentToken(new NewAgentToken().name("rack-3"));
        assertThat(token.getName()).isEqualTo("rack-3");
        assertThat(token.getToken()).hasSizeGreaterThan(20);
        assertThat(tokens.revokeAgentToken(token.getId()).getRevokedAt()).isNotNull();
    }

    /**
     * {@code GET /jobs/{id}/model} with the generated client's HTTP client, base URI and token. Not
     * {@code JobsApi.getJobModel}: the native library of 7.14 reads every response body into a String and
     * gives it to Jackson, binary ones too ("Unrecognized token 'PK'": openapi-generator issues #20634
     * and #21345), so its {@code File} method cannot return a zip.
     */
    private static byte[] model(long id) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(client.getBaseUri() + "/api/v1/jobs/" + id + "/model"))
                .header("Accept", "application/zip").GET();
        client.getRequestInterceptor().accept(request);
        HttpResponse<byte[]> r = client.getHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/zip");
        return r.body();
    }

    private static Job awaitEnd(long id, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Job job = jobs.getJob(id);
        while (System.nanoTime() < deadline && List.of(Job.StateEnum.QUEUED, Job.StateEnum.ASSIGNING,
                Job.StateEnum.RUNNING).contains(job.getState())) {
            Thread.sleep(250);
            job = jobs.getJob(id);
        }
        return job;
    }

    private interface Call {
        void run() throws Exception;
    }

    private static ApiException catchApi(Call call) {
        try {
            call.run();
        } catch (ApiException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError("expected an ApiException, got " + e, e);
        }
        throw new AssertionError("expected an ApiException, the call succeeded");
    }
}
