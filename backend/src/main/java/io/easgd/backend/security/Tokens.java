package io.easgd.backend.security;

import io.easgd.backend.EasgdProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The API token and the agent token. A configured token ({@code EASGD_API_TOKEN},
 * {@code EASGD_AGENT_TOKEN}) is used as given. Otherwise a random token is generated at first
 * start, its SHA-256 stored in the database, and the token itself printed once and written to
 * {@code <data dir>/api-token} (resp. {@code agent-token}, mode 600) for the local user — the way
 * Jenkins hands out its initial admin password. Delete the file once you have kept the token.
 */
@Component
public class Tokens {
    private static final Logger log = LoggerFactory.getLogger(Tokens.class);

    private final byte[] apiHash;
    private final byte[] agentHash;
    private final String agentTokenForLocalAgents;

    public Tokens(EasgdProperties props, JdbcTemplate jdbc) throws IOException {
        this.apiHash = resolve(props.apiToken(), "api", props.dataDir(), jdbc).hash;
        Resolved agent = resolve(props.agentToken(), "agent", props.dataDir(), jdbc);
        this.agentHash = agent.hash;
        this.agentTokenForLocalAgents = agent.plain;
    }

    public boolean isApiToken(String presented) {
        return matches(presented, apiHash);
    }

    public boolean isAgentToken(String presented) {
        return matches(presented, agentHash);
    }

    /** The agent token in plain text when this process knows it (configured, or generated here); else null. */
    public String agentToken() {
        return agentTokenForLocalAgents;
    }

    private record Resolved(byte[] hash, String plain) {
    }

    private static Resolved resolve(String configured, String kind, Path dataDir, JdbcTemplate jdbc) throws IOException {
        if (configured != null && !configured.isBlank()) {
            return new Resolved(sha256(configured.strip()), configured.strip());
        }
        String key = kind + "_token_sha256";
        List<String> stored = jdbc.queryForList("select value from settings where key = ?", String.class, key);
        Path file = dataDir.resolve(kind + "-token");
        if (!stored.isEmpty()) {
            String plain = Files.isRegularFile(file) ? Files.readString(file).strip() : null;
            byte[] hash = HexFormat.of().parseHex(stored.get(0));
            return new Resolved(hash, plain != null && MessageDigest.isEqual(sha256(plain), hash) ? plain : null);
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        byte[] hash = sha256(token);
        jdbc.update("insert into settings (key, value) values (?, ?) on conflict (key) do nothing",
                key, HexFormat.of().formatHex(hash));
        List<String> winner = jdbc.queryForList("select value from settings where key = ?", String.class, key);
        if (!winner.get(0).equals(HexFormat.of().formatHex(hash))) {
            return resolve(null, kind, dataDir, jdbc);                 // another replica generated it first
        }
        Files.createDirectories(dataDir);
        Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system
        }
        log.warn("Generated the {} token (shown once, also in {}): {}", kind, file.toAbsolutePath(), token);
        return new Resolved(hash, token);
    }

    /**
     * Whether {@code presented} is the secret whose SHA-256 is {@code hash}. The comparison is over
     * the two hashes with {@link MessageDigest#isEqual}, which takes the same time wherever they
     * differ, and hashing first makes the time independent of the secret's length too: a caller
     * timing answers learns nothing about how much of a guess was right.
     */
    public static boolean matches(String presented, byte[] hash) {
        return presented != null && !presented.isBlank() && MessageDigest.isEqual(sha256(presented.strip()), hash);
    }

    /** SHA-256 of the UTF-8 bytes of {@code s}. */
    public static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
