package io.easgd.backend.sweeps;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.easgd.backend.datasets.DatasetCatalog;
import io.easgd.core.data.DatasetInfo;
import io.easgd.core.spec.Json;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The built-in sweeps. {@code paper}: the paper's τ study (Zhang, Choromanska, LeCun 2015, §5) on
 * the MNIST sample with the CNN preset, on the virtual cluster; {@code paper-real}: the same on real
 * agents; {@code paper-asha}: {@code paper} with ASHA early stopping; {@code random-asha}: a random search over
 * η, τ, β and compression with ASHA; {@code paper-cifar10}: the same on a CIFAR-10 dataset with
 * the paper's CIFAR convnet, listed only while such a dataset is in the data directory. Every
 * choice is explained in docs/api.md, "The paper preset".
 */
@Component
public class SweepPresets {
    public static final String PAPER = "paper";
    public static final String PAPER_CIFAR = "paper-cifar10";
    /** The paper's experiment on real agents (p = 4 agents), as {@code paper} was before the virtual cluster. */
    public static final String PAPER_REAL = "paper-real";
    /** {@code paper} with ASHA: rungs at 120 and 360 of its 1000 steps, η = 3. */
    public static final String PAPER_ASHA = "paper-asha";
    /** A random search over η, τ, β and compression with ASHA, on the virtual cluster. */
    public static final String RANDOM_ASHA = "random-asha";
    /** The link the simulated presets model: 10 Gbit/s, 0.05 ms one way per worker. */
    static final String PAPER_LINK = "10gbit,0.05ms";

    /** A preset: its name, what it runs, and the full request it stands for. */
    @Schema(name = "SweepPreset")
    public record Preset(String name, String description, Map<String, Object> sweep) {
    }

    private final DatasetCatalog catalog;

    public SweepPresets(DatasetCatalog catalog) {
        this.catalog = catalog;
    }

    public List<Preset> list() {
        List<Preset> out = new ArrayList<>();
        out.add(new Preset(PAPER, "The paper's experiment on MNIST (mnist-10k, CNN preset) on the virtual cluster "
                + "(each run simulates its p workers on one agent, link " + PAPER_LINK + ", step time measured): "
                + "p = 4 workers, τ ∈ {1, 4, 16, 64}, EASGD, EAMSGD, DOWNPOUR and ADMM (ρ = 1) at η = 0.05, plus single-worker MSGD, "
                + "seeds 1–3, 1000 local steps per worker, target test error 0.03; 51 runs, with a verdict on the "
                + "paper's claims; times are virtual.", asMap(paper())));
        out.add(new Preset(PAPER_REAL, "The same 51 runs on real agents: p = 4 agents per run (start the backend "
                + "with EASGD_AGENTS_LOCAL=4 or connect 4 agents); times are wall-clock.", asMap(paperReal())));
        out.add(new Preset(PAPER_ASHA, "The paper preset's 51 runs with ASHA early stopping (η = 3, rungs at 120 "
                + "and 360 of the 1000 local steps per worker): a run not among the best third of those at a rung "
                + "stops there (STOPPED_EARLY), so clearly lost settings (DOWNPOUR at large τ) cost a fraction of a "
                + "full run.", asMap(paperAsha())));
        out.add(new Preset(RANDOM_ASHA, "A random search (27 runs, seed 1) of EAMSGD with p = 4 on the virtual cluster "
                + "over η (log-uniform 0.003–0.3), τ (log-integer 1–64), β (uniform 0.3–0.95) and compression "
                + "(none, fp16, int8), MLP on mnist-10k, 1800 steps per worker, with ASHA (η = 3, rungs at 200 "
                + "and 600 steps); target test error 0.05.", asMap(randomAsha())));
        cifar().ifPresent(name -> out.add(new Preset(PAPER_CIFAR, "The same experiment on the CIFAR-10 dataset '"
                + name + "' with the paper's 7-layer convnet (cifar-convnet), 2000 local steps per worker, "
                + "target test error 0.35; 51 runs.", asMap(paperCifar(name)))));
        return out;
    }

    /** The preset's full request, or null when there is no such preset (here and now). */
    public ObjectNode request(String name) {
        if (PAPER.equals(name)) {
            return paper();
        }
        if (PAPER_REAL.equals(name)) {
            return paperReal();
        }
        if (PAPER_ASHA.equals(name)) {
            return paperAsha();
        }
        if (RANDOM_ASHA.equals(name)) {
            return randomAsha();
        }
        if (PAPER_CIFAR.equals(name)) {
            return cifar().map(SweepPresets::paperCifar).orElse(null);
        }
        return null;
    }

    /** The paper's experiment on the virtual cluster: {@link #paperReal} with {@code simulate} in its base. */
    static ObjectNode paper() {
        ObjectNode p = paperReal();
        ((ObjectNode) p.get("base")).set("simulate", read("{ \"workers\": 4, \"link\": \"" + PAPER_LINK + "\" }"));
        return p;
    }

    static ObjectNode paperAsha() {
        ObjectNode p = paper();
        p.put("name", PAPER_ASHA);
        p.set("search", read("{ \"method\": \"asha\", \"reductionFactor\": 3, \"resource\": \"steps\", "
                + "\"minSteps\": 120, \"maxSteps\": 1000 }"));
        return p;
    }

    static ObjectNode randomAsha() {
        return read("""
                { "name": "random-asha", "priority": 0,
                  "base": { "algorithm": "EAMSGD", "workers": 4, "model": "mlp", "dataset": "mnist-10k", "delta": 0.9,
                            "batchSize": 32, "weightDecay": 0.0001,
                            "simulate": { "workers": 4, "link": "%s" } },
                  "grid": { "eta": { "logUniform": [0.003, 0.3] }, "tau": { "logInt": [1, 64] },
                            "beta": { "uniform": [0.3, 0.95] }, "compression": ["none", "fp16", "int8"] },
                  "sample": { "method": "random", "runs": 27, "seed": 1 },
                  "search": { "method": "asha", "reductionFactor": 3, "resource": "steps", "minSteps": 200, "maxSteps": 1800 },
                  "target": { "testError": 0.05 } }""".formatted(PAPER_LINK));
    }

    static ObjectNode paperReal() {
        return read("""
                { "name": "paper", "priority": 0,
                  "base": { "model": "cnn", "dataset": "mnist-10k", "eta": 0.05, "delta": 0.9, "beta": 0.9, "batchSize": 128,
                            "weightDecay": 0.0001, "stop": { "maxSteps": 1000 } },
                  "grid": { "algorithm": ["EASGD", "EAMSGD", "DOWNPOUR", "ADMM"], "tau": [1, 4, 16, 64], "eta": [0.05],
                            "workers": [4], "seed": [1, 2, 3] },
                  "extra": [ { "algorithm": "MSGD", "workers": 1, "tau": 1 } ],
                  "target": { "testError": 0.03 } }""");
    }

    static ObjectNode paperCifar(String dataset) {
        ObjectNode p = paperReal();
        p.put("name", PAPER_CIFAR);
        ((ObjectNode) p.get("base")).put("model", "cifar-convnet").put("dataset", dataset);
        ((ObjectNode) p.get("base").get("stop")).put("maxSteps", 2000);
        ((ObjectNode) p.get("target")).put("testError", 0.35);
        return p;
    }

    /** The first CIFAR-10 dataset in the catalog, if any. */
    private Optional<String> cifar() {
        return catalog.list().stream().filter(d -> d.format() == DatasetInfo.Format.CIFAR10_BINARY)
                .map(DatasetInfo::name).findFirst();
    }

    private static ObjectNode read(String json) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a built-in preset is not valid JSON", e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(ObjectNode node) {
        return Json.MAPPER.convertValue(node, Map.class);
    }
}
