package io.easgd.backend.sweeps;

import io.easgd.backend.audit.Actor;
import io.easgd.backend.web.QueryParams;
import java.net.URI;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** The sweeps API (docs/api.md, "Sweeps"). */
@RestController
@RequestMapping("/api/v1/sweeps")
public class SweepController {
    private final SweepService service;
    private final SweepPresets presets;

    public SweepController(SweepService service, SweepPresets presets) {
        this.service = service;
        this.presets = presets;
    }

    @PostMapping(consumes = MediaType.ALL_VALUE)
    public Mono<ResponseEntity<Sweep>> create(@RequestBody(required = false) String body, ServerWebExchange exchange) {
        return service.create(body, Actor.of(exchange))
                .map(s -> ResponseEntity.accepted().location(URI.create("/api/v1/sweeps/" + s.id())).body(s));
    }

    @GetMapping
    public Mono<Sweep.Page> list(@RequestParam(defaultValue = "0") String page,
                                 @RequestParam(defaultValue = "20") String size) {
        int p = (int) QueryParams.longIn("page", page, 0, 1_000_000);
        int s = (int) QueryParams.longIn("size", size, 1, 500);
        return service.list(p, s);
    }

    @GetMapping("/presets")
    public Mono<List<SweepPresets.Preset>> presets() {
        return Mono.fromCallable(presets::list).subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic());
    }

    @GetMapping("/{id}")
    public Mono<Sweep> get(@PathVariable long id) {
        return service.get(id);
    }

    @PostMapping(path = "/{id}/cancel", consumes = MediaType.ALL_VALUE)
    public Mono<Sweep> cancel(@PathVariable long id, ServerWebExchange exchange) {
        return service.cancel(id, Actor.of(exchange));
    }
}
