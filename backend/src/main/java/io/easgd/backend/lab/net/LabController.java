package io.easgd.backend.lab.net;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/lab}: whether the agents run behind shaped links, which, and what each link measured. */
@Tag(name = "lab", description = "the bandwidth lab: shaped links between the agents, and what each measured")
@RestController
@RequestMapping("/api/v1/lab")
class LabController {
    private final BandwidthLab lab;

    LabController(BandwidthLab lab) {
        this.lab = lab;
    }

    @Operation(operationId = "getLab", summary = "Whether the agents run behind shaped links, which, and what each link measured")
    @GetMapping
    BandwidthLab.LabStatus status() {
        return lab.status();
    }
}
