package io.easgd.backend.agents;

import io.easgd.backend.EasgdProperties;
import io.easgd.backend.audit.Actor;
import io.easgd.backend.audit.AuditLog;
import io.easgd.backend.security.AgentTokens;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.easgd.core.protocol.Messages;
import io.easgd.core.protocol.ParamFrame;
import io.easgd.core.protocol.Protocol;
import io.easgd.core.protocol.ProtocolException;
import io.easgd.core.protocol.ToAgent;
import io.easgd.core.protocol.ToServer;
import io.easgd.core.spec.Text;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * {@code /ws/agents} (docs/protocol.md): hello → welcome, then heartbeats, control messages and
 * parameter frames. A malformed or unexpected message closes this connection only, with a close
 * code and a reason naming the fault; nothing of it reaches a job.
 */
@Component
public class AgentSocketHandler implements WebSocketHandler {
    private static final Logger log = LoggerFactory.getLogger(AgentSocketHandler.class);

    private final AgentRegistry registry;
    private final AgentTokens tokens;
    private final AuditLog audit;
    private final AgentListener listener;
    private final Clock clock;
    private final Liveness liveness;
    private final long outboundLimit;
    private final Counter protocolErrors;
    private final DataChannelServer data;

    public AgentSocketHandler(AgentRegistry registry, AgentTokens tokens, AuditLog audit, AgentListener listener,
                              Clock clock, Liveness liveness, EasgdProperties props, MeterRegistry meters,
                              DataChannelServer data) {
        this.data = data;
        this.registry = registry;
        this.tokens = tokens;
        this.audit = audit;
        this.listener = listener;
        this.clock = clock;
        this.liveness = liveness;
        this.outboundLimit = props.agents().outboundBuffer().toBytes();
        this.protocolErrors = Counter.builder("easgd.agent.protocol.errors")
                .description("agent connections closed for a protocol fault").register(meters);
    }

    @Override
    public Mono<Void> handle(WebSocketSession ws) {
        Sinks.Many<WebSocketMessage> outbound = Sinks.many().unicast().onBackpressureBuffer();
        OutboundBudget budget = new OutboundBudget(outboundLimit);
        AtomicReference<AgentSession> agent = new AtomicReference<>();
        AtomicReference<String> endReason = new AtomicReference<>("connection closed");
        Mono<Void> input = ws.receive()
                .doOnNext(message -> {
                    try {
                        handle(ws, outbound, budget, agent, endReason, message);
                    } catch (ProtocolException e) {
                        refuse(ws, outbound, agent.get(), endReason, e);
                    }
                })
                .then()
                .onErrorResume(e -> {
                    // a message fragmented past the aggregation limit: Netty says so as an error
                    if (causedBy(e, io.netty.handler.codec.TooLongFrameException.class)) {
                        refuse(ws, outbound, agent.get(), endReason, new ProtocolException(Protocol.CLOSE_TOO_BIG,
                                "message of more than " + WebSocketConfig.NETTY_LIMIT + " bytes"));
                        return Mono.empty();
                    }
                    return Mono.error(e);
                })
                .doFinally(signal -> {
                    outbound.tryEmitComplete();
                    AgentSession a = agent.get();
                    if (a != null) {
                        data.forget(a);
                        a.closeData();
                    }
                    if (a != null && registry.remove(a)) {
                        listener.onDisconnected(a, endReason.get());
                        log.info("agent {} disconnected: {}", a.id(), endReason.get());
                    }
                });
        // messages still queued when the connection goes are discarded by the sink: release their
        // payloads (DOWN frames are pooled direct memory)
        Mono<Void> output = ws.send(outbound.asFlux().doOnDiscard(WebSocketMessage.class, WebSocketMessage::release)
                .doOnNext(budget::sent));
        return Mono.when(input, output).onErrorResume(e -> Mono.empty());
    }

    /** Closes this connection only, with the fault's code and reason; recorded for the agent's rank. */
    private void refuse(WebSocketSession ws, Sinks.Many<WebSocketMessage> outbound, AgentSession offender,
                        AtomicReference<String> endReason, ProtocolException e) {
        endReason.set(e.closeReason());
        protocolErrors.increment();
        log.warn("closing agent connection {} ({}): {}", ws.getId(), offender == null ? "before hello" : offender.id(),
                e.reason());
        if (offender != null) {
            listener.onProtocolError(offender, e.closeReason());
        }
        outbound.tryEmitComplete();
        ws.close(new CloseStatus(e.closeCode(), e.closeReason())).subscribe();
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private void handle(WebSocketSession ws, Sinks.Many<WebSocketMessage> outbound, OutboundBudget budget,
                        AtomicReference<AgentSession> agent, AtomicReference<String> endReason,
                        WebSocketMessage message) {
        AgentSession current = agent.get();
        if (message.getType() == WebSocketMessage.Type.BINARY) {
            if (current == null) {
                throw new ProtocolException(Protocol.CLOSE_UNEXPECTED_BINARY, "binary frame before hello");
            }
            ByteBuffer frame = FrameBuffers.received(message.getPayload());
            int length = frame.remaining();
            ParamFrame header = ParamFrame.decode(frame);
            listener.onFrame(current, header, frame, WireBytes.frame(length, true));
            return;
        }
        if (message.getType() != WebSocketMessage.Type.TEXT) {
            return;                                               // ping/pong are handled by the server
        }
        String text = message.getPayloadAsText();
        ToServer decoded = Messages.decodeToServer(text);
        if (current == null) {
            if (!(decoded instanceof ToServer.Hello hello)) {
                throw new ProtocolException(Protocol.CLOSE_BAD_MESSAGE, "expected hello first, got "
                        + decoded.getClass().getSimpleName().toLowerCase());
            }
            agent.set(hello(ws, outbound, budget, endReason, hello));
            return;
        }
        if (decoded instanceof ToServer.Hello) {
            throw new ProtocolException(Protocol.CLOSE_BAD_MESSAGE, "hello sent twice");
        }
        current.heartbeat(clock.instant());
        if (!(decoded instanceof ToServer.Heartbeat)) {
            listener.onMessage(current, decoded);
        }
    }

    private AgentSession hello(WebSocketSession ws, Sinks.Many<WebSocketMessage> outbound, OutboundBudget budget,
                               AtomicReference<String> endReason, ToServer.Hello hello) {
        String from = Actor.address(ws.getHandshakeInfo().getRemoteAddress());
        AgentTokens.Credential credential = tokens.authenticate(hello.token());
        if (!credential.accepted()) {
            // recorded off the event loop; the agent exits on 4001 (docs/protocol.md), so a refusal is not repeated
            audit.recordLater(new Actor(credential.actor(), from), "agent.refused", "agent", hello.agentId(),
                    credential.refusal() + (credential.tokenName() != null ? " (" + credential.tokenName() + ")" : "")
                            + "; agent name " + Text.clean(hello.name(), 128));
            throw new ProtocolException(Protocol.CLOSE_BAD_TOKEN, credential.refusal());
        }
        if (credential.tokenId() != null) {
            tokens.used(credential.tokenId());
        }
        String id = hello.agentId() != null ? hello.agentId() : "agent-" + UUID.randomUUID().toString().substring(0, 8);
        AgentSession session = new AgentSession(id, hello.name() == null ? id : hello.name(), hello.capabilities(),
                ws, outbound, budget, clock.instant(), credential.tokenId(), from);
        session.onDataFault(e -> refuse(ws, outbound, session, endReason, e));
        java.util.Optional<AgentSession> previous = registry.get(id);
        registry.add(session);
        // revoked between the check above and now: the revocation may have missed this session in the registry
        boolean revokedMeanwhile = credential.tokenId() != null && !tokens.authenticate(hello.token()).accepted();
        // resume before the old session is reported gone, so the listener sees that its rank lives on
        // (the listener marks the session as holding the rank while it decides, and frees it on a no);
        // the agent waits for its welcome, so nothing else of it arrives before the answer
        CompletableFuture<Boolean> resumed = hello.resume() != null ? listener.resume(session, hello.resume())
                : CompletableFuture.completedFuture(false);
        resumed.exceptionally(e -> {
            log.warn("resuming agent {}: {}", id, e.toString());
            return false;
        }).thenAccept(ok -> {
            previous.ifPresent(old -> {
                log.info("agent {} reconnected; closing its previous connection", id);
                listener.onDisconnected(old, "replaced by a new connection of the same agent");
                old.close(Protocol.CLOSE_NORMAL, "replaced by a new connection of the same agent");
            });
            // version 2: the data channel, when on; the welcome speaks the hello's version
            ToAgent.DataOffer offer = hello.protocol() >= Protocol.VERSION_2 && !revokedMeanwhile
                    ? data.offer(session) : null;
            session.send(new ToAgent.Welcome(hello.protocol(), id, liveness.heartbeatSeconds(),
                    Protocol.MAX_FRAME_BYTES, ok, offer));
            session.welcomed();
            if (revokedMeanwhile) {
                session.close(Protocol.CLOSE_BAD_TOKEN, EnrolledAgents.REVOKED_REASON);
                return;
            }
            if (!ok) {
                listener.onStartedAfresh(session);
            }
            log.info("agent {} ({}) connected: {} cores, {} backend{}", id, session.name(),
                    hello.capabilities().cores(), hello.capabilities().backend(), ok ? ", resumed job "
                            + hello.resume().jobId() + " rank " + hello.resume().rank() : "");
        });
        return session;
    }
}
