package io.easgd.backend.agents;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/agents}: the connected agents, their capabilities and current job, and for an
 * agent the backend runs itself, its process ({@code local}); {@code GET /api/v1/agents/local}: the
 * local agent processes, including those that are down, restarting or crash-looping.
 */
@Tag(name = "agents", description = "the connected agents and the backend's local agent processes")
@RestController
public class AgentController {
    private final AgentRegistry registry;
    private final ObjectProvider<LocalProcesses> localProcesses;

    public AgentController(AgentRegistry registry, ObjectProvider<LocalProcesses> localProcesses) {
        this.registry = registry;
        this.localProcesses = localProcesses;
    }

    /** An agent as the API shows it; {@code local} is null unless the backend runs it (by its name, {@code local-<i>}). */
    public record AgentView(String id, String name, AgentState state, Long jobId, Integer rank,
                            io.easgd.core.protocol.ToServer.Capabilities capabilities,
                            Instant connectedAt, Instant lastHeartbeatAt, LocalProcessView local) {
    }

    /**
     * A local agent process the backend supervises.
     *
     * @param slot its slot, also the agent's name ({@code local-1}, …)
     * @param state {@code RUNNING}, {@code RESTARTING}, {@code CRASH_LOOP} (not restarted any more) or {@code STOPPED}
     * @param pid the running process's id; null while none runs
     * @param restarts how many times it was restarted since the backend started
     * @param lastExitCode how its last process ended (137: killed); null before any exit or when it could not start
     * @param lastExitAt when
     * @param nextRestartAt when it is restarted, while {@code RESTARTING}
     * @param logFile its output
     */
    public record LocalProcessView(String slot, String state, Long pid, int restarts, Integer lastExitCode,
                                   Instant lastExitAt, Instant nextRestartAt, String logFile) {
    }

    /** The local agent processes, implemented downstream by the lab (none when it runs no agents). */
    public interface LocalProcesses {
        List<LocalProcessView> localProcesses();
    }

    @Operation(operationId = "listAgents", summary = "The connected agents, their capabilities and current job")
    @GetMapping("/api/v1/agents")
    public List<AgentView> list() {
        Map<String, LocalProcessView> local = local().stream()
                .collect(Collectors.toMap(LocalProcessView::slot, Function.identity(), (a, b) -> a));
        return registry.all().stream().map(a -> new AgentView(a.id(), a.name(), a.state(), a.jobId(), a.rank(),
                a.capabilities(), a.connectedAt(), a.lastHeartbeatAt(), local.get(a.name()))).toList();
    }

    @Operation(operationId = "listLocalAgents", summary = "The local agent processes, including those down or restarting")
    @GetMapping("/api/v1/agents/local")
    public List<LocalProcessView> local() {
        LocalProcesses p = localProcesses.getIfAvailable();
        return p == null ? List.of() : p.localProcesses();
    }
}
