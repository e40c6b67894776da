package io.easgd.backend.security;

import io.easgd.backend.audit.Actor;
import io.easgd.backend.audit.AuditLog;
import io.easgd.backend.db.Db;
import io.easgd.core.spec.FieldError;
import io.easgd.core.spec.Json;
import io.easgd.core.spec.SpecValidationException;
import io.easgd.core.spec.Text;
import io.swagger.v3.oas.annotations.media.Schema;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Per-agent enrollment tokens: created with a name, shown once, stored only as their SHA-256,
 * listed, revoked. An agent presents one in its {@code hello} (or as the Bearer token of a dataset
 * download) instead of the shared {@code easgd.agent-token}, which keeps working.
 *
 * <p>Agents are authenticated on the WebSocket's event loop, so the tokens' hashes are kept in
 * memory: updated at once by this backend's create and revoke, and read again from the database
 * every {@link #REFRESH_MILLIS} ms, which is how a revocation made on another replica reaches the
 * agents connected here. A newly revoked token is announced as {@link AgentTokenRevoked}.
 */
@Component
public class AgentTokens {
    private static final Logger log = LoggerFactory.getLogger(AgentTokens.class);
    /** How often the tokens are read again from the database (revocations made by other replicas). */
    public static final long REFRESH_MILLIS = 5_000;
    /** Random bytes in a token: 256 bits. */
    static final int TOKEN_BYTES = 32;

    /** How an agent's token was recognised. */
    public enum Kind { SHARED, ENROLLED, UNKNOWN, REVOKED }

    /**
     * The credential an agent presented.
     *
     * @param kind the shared agent token, an enrollment token, or a refused one
     * @param tokenId the enrollment token's id (ENROLLED, REVOKED), else null
     * @param tokenName its name, else null
     */
    public record Credential(Kind kind, Long tokenId, String tokenName) {
        public boolean accepted() {
            return kind == Kind.SHARED || kind == Kind.ENROLLED;
        }

        /** How the audit trail names it: {@code agent-token}, {@code agent-token:<id>} or {@code agent-token:unknown}. */
        public String actor() {
            return switch (kind) {
                case SHARED -> "agent-token";
                case ENROLLED, REVOKED -> "agent-token:" + tokenId;
                case UNKNOWN -> "agent-token:unknown";
            };
        }

        /** Why it is refused (the close reason an agent gets); null when accepted. */
        public String refusal() {
            return switch (kind) {
                case SHARED, ENROLLED -> null;
                case UNKNOWN -> "wrong agent token";
                case REVOKED -> "agent token revoked";
            };
        }
    }

    /**
     * An enrollment token as the API shows it: never the token or its hash.
     *
     * @param id its id
     * @param name its name
     * @param createdAt when it was created
     * @param createdBy the credential that created it
     * @param lastUsedAt when an agent last connected with it; null if never
     * @param connectedAgents the agents connected with it to this backend now
     * @param revokedAt when it was revoked; null while it is valid
     * @param revokedBy the credential that revoked it
     */
    @Schema(name = "AgentToken")
    public record View(long id, String name, Instant createdAt, String createdBy, Instant lastUsedAt,
                       List<AgentTokenConnections.ConnectedAgent> connectedAgents, Instant revokedAt, String revokedBy) {
    }

    /**
     * A token just created: the only time {@code token} is shown.
     *
     * @param id its id
     * @param name its name
     * @param createdAt when
     * @param createdBy the credential that created it
     * @param token the token, for the agent's {@code --token} (or {@code EASGD_AGENT_TOKEN}); not shown again
     */
    @Schema(name = "CreatedAgentToken")
    public record Created(long id, String name, Instant createdAt, String createdBy, String token) {
    }

    private record Cached(long id, String name, boolean revoked) {
    }

    private final AgentTokenRepository repository;
    private final Tokens tokens;
    private final AuditLog audit;
    private final Db db;
    private final ApplicationEventPublisher events;
    private final ObjectProvider<AgentTokenConnections> connections;
    private final SecureRandom random = new SecureRandom();
    /** Token hash (hex) → token; replaced as a whole, under {@code this}. */
    private volatile Map<String, Cached> byHash = Map.of();

    public AgentTokens(AgentTokenRepository repository, Tokens tokens, AuditLog audit, Db db,
                       ApplicationEventPublisher events, ObjectProvider<AgentTokenConnections> connections) {
        this.repository = repository;
        this.tokens = tokens;
        this.audit = audit;
        this.db = db;
        this.events = events;
        this.connections = connections;
        refresh();
    }

    /**
     * Who presents {@code token}: the shared agent token, a valid or revoked enrollment token, or
     * nobody. No database call: safe on an event loop. The shared token is compared in constant
     * time; an enrollment token is found by the SHA-256 of what was presented, so a lookup's time
     * says nothing about the stored tokens.
     */
    public Credential authenticate(String token) {
        if (tokens.isAgentToken(token)) {
            return new Credential(Kind.SHARED, null, null);
        }
        if (token == null || token.isBlank()) {
            return new Credential(Kind.UNKNOWN, null, null);
        }
        Cached c = byHash.get(HexFormat.of().formatHex(Tokens.sha256(token.strip())));
        if (c == null) {
            return new Credential(Kind.UNKNOWN, null, null);
        }
        return new Credential(c.revoked() ? Kind.REVOKED : Kind.ENROLLED, c.id(), c.name());
    }

    /** An agent connected with enrollment token {@code id}: its last use is written in the background. */
    public void used(long id) {
        db.call(() -> {
            repository.touch(id);
            return true;
        }).subscribe(ok -> { }, e -> log.warn("recording the use of agent token {}: {}", id, e.toString()));
    }

    /**
     * Creates a token from a request body {@code {"name": "gpu-box-1"}}.
     *
     * @throws SpecValidationException (400) naming the field when the body is not that
     */
    public Mono<Created> create(String body, Actor by) {
        return Mono.fromCallable(() -> parseName(body)).flatMap(name -> {
            byte[] secret = new byte[TOKEN_BYTES];
            random.nextBytes(secret);
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
            String hash = HexFormat.of().formatHex(Tokens.sha256(token));
            return db.inTransaction(() -> {
                AgentTokenRepository.Row row = repository.insert(name, hash, by.credential());
                audit.record(by, "agent-token.created", "agent-token", row.id(), name);
                return row;
            }).map(row -> {
                put(hash, new Cached(row.id(), row.name(), false));
                log.info("agent token {} ({}) created by {}", row.id(), row.name(), by.credential());
                return new Created(row.id(), row.name(), row.createdAt(), row.createdBy(), token);
            });
        });
    }

    /** Every token, newest first, with the agents connected with it now. */
    public Mono<List<View>> list() {
        return db.call(repository::all).map(rows -> {
            AgentTokenConnections c = connections.getIfAvailable();
            Map<Long, List<AgentTokenConnections.ConnectedAgent>> connected = c == null ? Map.of() : c.byToken();
            return rows.stream().map(r -> view(r, connected.getOrDefault(r.id(), List.of()))).toList();
        });
    }

    /**
     * Revokes token {@code id}: agents can no longer connect with it, and those connected with it
     * are disconnected at once. Idempotent: revoking a revoked token changes nothing and answers it
     * as it is.
     *
     * @throws io.easgd.backend.web.NotFoundException (404) for an unknown id
     */
    public Mono<View> revoke(long id, Actor by) {
        return db.inTransaction(() -> {
            AgentTokenRepository.Row row = repository.get(id);
            if (row.revokedAt() != null) {
                return new Revocation(row, false);
            }
            AgentTokenRepository.Row revoked = repository.revoke(id, by.credential());
            audit.record(by, "agent-token.revoked", "agent-token", id, row.name());
            return new Revocation(revoked, true);
        }).map(r -> {
            if (r.now()) {
                put(r.row().sha256(), new Cached(r.row().id(), r.row().name(), true));
                log.info("agent token {} ({}) revoked by {}", r.row().id(), r.row().name(), by.credential());
                events.publishEvent(new AgentTokenRevoked(r.row().id(), r.row().name()));
            }
            return view(r.row(), List.of());
        });
    }

    /** The token after a revoke, and whether this call revoked it. */
    private record Revocation(AgentTokenRepository.Row row, boolean now) {
    }

    /** Reads the tokens again (at start, then every {@link #REFRESH_MILLIS} ms); announces those revoked elsewhere. */
    @Scheduled(fixedDelay = REFRESH_MILLIS, initialDelay = REFRESH_MILLIS)
    public void refresh() {
        List<AgentTokenRevoked> newlyRevoked = new ArrayList<>();
        synchronized (this) {
            List<AgentTokenRepository.Row> rows;
            try {
                rows = repository.all();
            } catch (RuntimeException e) {
                log.warn("reading the agent tokens: {}", e.toString());
                return;
            }
            Map<String, Cached> old = byHash;
            Map<String, Cached> fresh = new HashMap<>();
            for (AgentTokenRepository.Row r : rows) {
                Cached before = old.get(r.sha256());
                boolean revoked = r.revokedAt() != null || (before != null && before.revoked());
                fresh.put(r.sha256(), new Cached(r.id(), r.name(), revoked));
                if (revoked && before != null && !before.revoked()) {
                    newlyRevoked.add(new AgentTokenRevoked(r.id(), r.name()));
                }
            }
            byHash = Map.copyOf(fresh);
        }
        newlyRevoked.forEach(events::publishEvent);
    }

    private synchronized void put(String hash, Cached c) {
        Map<String, Cached> m = new HashMap<>(byHash);
        Cached before = m.get(hash);
        m.put(hash, before != null && before.revoked() ? before : c);
        byHash = Map.copyOf(m);
    }

    private static View view(AgentTokenRepository.Row r, List<AgentTokenConnections.ConnectedAgent> connected) {
        return new View(r.id(), r.name(), r.createdAt(), r.createdBy(), r.lastUsedAt(),
                r.revokedAt() == null ? connected : List.of(), r.revokedAt(), r.revokedBy());
    }

    /** The {@code name} of a create request; every problem named by its field. */
    static String parseName(String body) {
        var node = Json.readObject(body);
        List<FieldError> errors = new ArrayList<>();
        node.fieldNames().forEachRemaining(f -> {
            if (!f.equals("name")) {
                errors.add(new FieldError(Text.clean(f, 64), "is not a field of an agent token (only name)"));
            }
        });
        var name = node.get("name");
        if (name == null || name.isNull()) {
            errors.add(new FieldError("name", "is required"));
        } else if (!name.isTextual()) {
            errors.add(new FieldError("name", "must be a string"));
        } else if (name.asText().isBlank()) {
            errors.add(new FieldError("name", "must not be blank"));
        } else {
            Text.check(errors, "name", name.asText(), Text.NAME_MAX);
        }
        if (!errors.isEmpty()) {
            throw new SpecValidationException(errors);
        }
        return name.asText().strip();
    }
}
