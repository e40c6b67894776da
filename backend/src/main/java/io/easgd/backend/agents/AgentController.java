package io.easgd.backend.agents;

import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/agents}: the connected agents, their capabilities and current job. */
@RestController
public class AgentController {
    private final AgentRegistry registry;

    public AgentController(AgentRegistry registry) {
        this.registry = registry;
    }

    /** An agent as the API shows it. */
    public record AgentView(String id, String name, AgentState state, Long jobId, Integer rank,
                            io.easgd.core.protocol.ToServer.Capabilities capabilities,
                            Instant connectedAt, Instant lastHeartbeatAt) {
    }

    @GetMapping("/api/v1/agents")
    public List<AgentView> list() {
        return registry.all().stream().map(a -> new AgentView(a.id(), a.name(), a.state(), a.jobId(), a.rank(),
                a.capabilities(), a.connectedAt(), a.lastHeartbeatAt())).toList();
    }
}
