package io.easgd.backend.stability;

import io.easgd.backend.web.BadParameterException;
import io.easgd.backend.web.QueryParams;
import io.easgd.core.rules.StabilityGrid;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code GET /api/v1/stability}: the spectral radius of the round-robin cycle map of EASGD over (η, α) and of
 * ADMM over (η, ρ) for p workers on f = x²/2 ({@link StabilityGrid}, docs/algorithms.md "Stability"). Every
 * grid is computed on request (a 40 × 40 grid of p = 3 takes milliseconds; the limits keep the largest
 * request to a few seconds) off the event loop, on Reactor's bounded elastic scheduler.
 */
@Tag(name = "stability", description = "the paper's round-robin stability comparison of EASGD and ADMM, for your p")
@RestController
public class StabilityController {
    /** Largest p served (ADMM's cycle is then a 33 × 33 eigenproblem per cell). */
    static final int MAX_P = 16;

    @Operation(operationId = "getStability", summary = "Spectral radius of EASGD's and ADMM's round-robin maps on x^2/2 "
            + "over a grid, for p workers; where ADMM diverges and EASGD (alpha = eta*rho) does not")
    @GetMapping(value = "/api/v1/stability", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<StabilityMaps> stability(
            @Parameter(description = "p, the workers taking turns (named as the job spec's field)",
                    schema = @Schema(type = "integer", format = "int32", minimum = "1", maximum = "" + MAX_P, defaultValue = "3"))
            @RequestParam(defaultValue = "3") String workers,
            @Parameter(description = "cells per axis of each grid",
                    schema = @Schema(type = "integer", format = "int32", minimum = "2", maximum = "" + StabilityGrid.MAX_CELLS,
                            defaultValue = "40"))
            @RequestParam(defaultValue = "40") String cells,
            @Parameter(description = "EASGD grid: smallest eta", schema = @Schema(type = "number", minimum = "0", maximum = "4", defaultValue = "0"))
            @RequestParam(defaultValue = "0") String easgdEtaMin,
            @Parameter(description = "EASGD grid: largest eta", schema = @Schema(type = "number", minimum = "0", maximum = "4", defaultValue = "2"))
            @RequestParam(defaultValue = "2") String easgdEtaMax,
            @Parameter(description = "EASGD grid: smallest alpha", schema = @Schema(type = "number", minimum = "0", maximum = "2", defaultValue = "0"))
            @RequestParam(defaultValue = "0") String alphaMin,
            @Parameter(description = "EASGD grid: largest alpha", schema = @Schema(type = "number", minimum = "0", maximum = "2", defaultValue = "1"))
            @RequestParam(defaultValue = "1") String alphaMax,
            @Parameter(description = "ADMM grid: smallest eta", schema = @Schema(type = "number", minimum = "0", maximum = "4", defaultValue = "0"))
            @RequestParam(defaultValue = "0") String admmEtaMin,
            @Parameter(description = "ADMM grid: largest eta", schema = @Schema(type = "number", minimum = "0", maximum = "4", defaultValue = "0.01"))
            @RequestParam(defaultValue = "0.01") String admmEtaMax,
            @Parameter(description = "ADMM grid: smallest rho", schema = @Schema(type = "number", minimum = "0", maximum = "1000", defaultValue = "0"))
            @RequestParam(defaultValue = "0") String rhoMin,
            @Parameter(description = "ADMM grid: largest rho", schema = @Schema(type = "number", minimum = "0", maximum = "1000", defaultValue = "10"))
            @RequestParam(defaultValue = "10") String rhoMax) {
        int p = (int) QueryParams.longIn("workers", workers, 1, MAX_P);
        int n = (int) QueryParams.longIn("cells", cells, 2, StabilityGrid.MAX_CELLS);
        StabilityGrid.Axis easgdEta = axis("eta", "easgdEtaMin", easgdEtaMin, "easgdEtaMax", easgdEtaMax, 4, n);
        StabilityGrid.Axis alpha = axis("alpha", "alphaMin", alphaMin, "alphaMax", alphaMax, 2, n);
        StabilityGrid.Axis admmEta = axis("eta", "admmEtaMin", admmEtaMin, "admmEtaMax", admmEtaMax, 4, n);
        StabilityGrid.Axis rho = axis("rho", "rhoMin", rhoMin, "rhoMax", rhoMax, 1000, n);
        return Mono.fromCallable(() -> body(StabilityGrid.compute(p, easgdEta, alpha, admmEta, rho)))
                .subscribeOn(Schedulers.boundedElastic());
    }

    /** One axis of a grid: cells of equal width over (min, max), sampled at their centres {@code values}. */
    public record StabilityAxis(double min, double max, int cells, double[] values) {
        static StabilityAxis of(StabilityGrid.Axis a) {
            return new StabilityAxis(a.min(), a.max(), a.cells(), a.values());
        }
    }

    /** EASGD's grid: radius[i][j] at (eta_i, alpha_j). */
    public record EasgdStabilityGrid(StabilityAxis eta, StabilityAxis alpha, double[][] radius, int divergingCells) {
    }

    /**
     * ADMM's grid: radius[i][j] at (eta_i, rho_j); easgdRadius[i][j] is EASGD's at (eta_i, alpha = eta_i rho_j);
     * admmOnly[i][j] marks ADMM diverging where that EASGD does not.
     */
    public record AdmmStabilityGrid(StabilityAxis eta, StabilityAxis rho, double[][] radius, double[][] easgdRadius, boolean[][] admmOnly,
                           int divergingCells, int admmOnlyCells) {
    }

    /**
     * The figure's numbers for p workers.
     *
     * @param radius what every radius is: the cycle's (the paper's figure), not per step
     * @param divergesAbove a radius above this counts as divergent
     */
    public record StabilityMaps(int p, String radius, double divergesAbove, EasgdStabilityGrid easgd, AdmmStabilityGrid admm) {
    }

    private static StabilityMaps body(StabilityGrid.Result r) {
        return new StabilityMaps(r.p(), "the spectral radius of one cycle of p turns (the paper's figure); per step: its p-th root",
                StabilityGrid.DIVERGES_ABOVE,
                new EasgdStabilityGrid(StabilityAxis.of(r.easgdEta()), StabilityAxis.of(r.alpha()), r.easgd(), r.easgdDiverging()),
                new AdmmStabilityGrid(StabilityAxis.of(r.admmEta()), StabilityAxis.of(r.rho()), r.admm(), r.easgdAtRho(), r.admmOnly(),
                        r.admmDiverging(), r.admmOnlyCount()));
    }

    private static StabilityGrid.Axis axis(String name, String minField, String min, String maxField, String max,
                                           double limit, int cells) {
        double lo = number(minField, min, limit);
        double hi = number(maxField, max, limit);
        if (!(hi > lo)) {
            throw new BadParameterException(maxField, "must be > " + minField + " (" + lo + "), found " + hi);
        }
        return new StabilityGrid.Axis(name, lo, hi, cells);
    }

    private static double number(String field, String value, double limit) {
        double v;
        try {
            v = Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            throw new BadParameterException(field, "must be a number, found " + value);
        }
        if (!(v >= 0 && v <= limit)) {
            throw new BadParameterException(field, "must be in [0, " + (long) limit + "], found " + value);
        }
        return v;
    }
}
