package io.easgd.backend.agents;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** The agents connected to this backend replica. */
@Component
public class AgentRegistry {
    private final Map<String, AgentSession> agents = new ConcurrentHashMap<>();

    void add(AgentSession agent) {
        agents.put(agent.id(), agent);
    }

    /** Removes the agent if this very session is the registered one (a reconnect may have replaced it). */
    boolean remove(AgentSession agent) {
        return agents.remove(agent.id(), agent);
    }

    public Optional<AgentSession> get(String id) {
        return Optional.ofNullable(agents.get(id));
    }

    /** Every connected agent, oldest connection first. */
    public List<AgentSession> all() {
        return agents.values().stream().sorted(Comparator.comparing(AgentSession::connectedAt)).toList();
    }

    /** Agents that were welcomed and are still connected, idle or busy: what this replica can staff a job with. */
    public int connectedCount() {
        return (int) agents.values().stream().filter(a -> a.isWelcomed() && a.isOpen()).count();
    }

    /** Idle agents that were welcomed (an assign never overtakes the welcome), oldest connection first. */
    public List<AgentSession> idle() {
        return all().stream().filter(a -> a.state() == AgentState.IDLE && a.isWelcomed() && a.isOpen()).toList();
    }
}
