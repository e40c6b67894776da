package io.easgd.backend.paramserver;

import io.easgd.backend.agents.AgentListener;
import io.easgd.backend.agents.AgentSession;
import io.easgd.core.protocol.ParamFrame;
import io.easgd.core.protocol.ToServer;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import org.springframework.stereotype.Component;

/**
 * Where what agents send goes: parameter frames to the {@link ExchangeService}, a simulated job's results to
 * {@link SimResults}, the rest to the {@link WorkerSupervisor}.
 */
@Component
class AgentRouting implements AgentListener {
    private final ExchangeService exchanges;
    private final WorkerSupervisor supervisor;
    private final Runs runs;
    private final SimResults sims;

    AgentRouting(ExchangeService exchanges, WorkerSupervisor supervisor, Runs runs, SimResults sims) {
        this.sims = sims;
        this.exchanges = exchanges;
        this.supervisor = supervisor;
        this.runs = runs;
    }

    @Override
    public CompletableFuture<Boolean> resume(AgentSession agent, ToServer.Resume resume) {
        return supervisor.resume(agent, resume);
    }

    @Override
    public void onMessage(AgentSession agent, ToServer message) {
        if (SimResults.handles(message)) {
            sims.onMessage(agent, message);
            return;
        }
        supervisor.onMessage(agent, message);
    }

    @Override
    public void onFrame(AgentSession agent, ParamFrame header, ByteBuffer frame, long wireBytes) {
        exchanges.onFrame(agent, header, frame, wireBytes);
    }

    @Override
    public void onDisconnected(AgentSession agent, String reason) {
        if (!runs.isStopping()) {
            supervisor.onDisconnected(agent, reason);
        }
    }

    @Override
    public void onStartedAfresh(AgentSession agent) {
        supervisor.onStartedAfresh(agent);
    }

    @Override
    public void onProtocolError(AgentSession agent, String reason) {
        supervisor.onProtocolError(agent, reason);
    }
}
