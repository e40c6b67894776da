package io.easgd.backend.lab.net;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/lab}: whether the agents run behind shaped links, which, and what each link measured. */
@RestController
@RequestMapping("/api/v1/lab")
class LabController {
    private final BandwidthLab lab;

    LabController(BandwidthLab lab) {
        this.lab = lab;
    }

    @GetMapping
    BandwidthLab.LabStatus status() {
        return lab.status();
    }
}
