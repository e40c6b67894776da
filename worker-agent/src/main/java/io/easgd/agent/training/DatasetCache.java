package io.easgd.agent.training;

import io.easgd.core.data.Dataset;
import io.easgd.core.protocol.ToAgent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's copy of the datasets it was assigned: {@code <cache>/datasets/<name>/<file>}. A file
 * whose size and SHA-256 match the assignment is used as it is; any other is downloaded again
 * from the server ({@code GET <server base><path>} with the agent token as a bearer token) into a
 * temporary file, checked, and moved into place, so that a half-written or foreign file is never
 * used and concurrent agents sharing the cache never see one.
 */
public final class DatasetCache {
    private static final Logger log = LoggerFactory.getLogger(DatasetCache.class);
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(30);

    private final Path root;
    private final HttpClient http;
    private final URI base;
    private final String token;

    /**
     * @param base the server's HTTP base ({@code http://host:port}, plus a path prefix if any);
     *     each file's {@code path} is appended to it
     */
    public DatasetCache(Path root, HttpClient http, URI base, String token) {
        this.root = root;
        this.http = http;
        this.base = base;
        this.token = token;
    }

    /** The dataset's folder, every file in it checked; downloads what is missing or different. */
    public Path fetch(ToAgent.DatasetRef dataset) throws InterruptedException {
        Path dir = root.resolve("datasets").resolve(dataset.name());
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new DatasetException("creating " + dir + ": " + e.getMessage(), e);
        }
        for (ToAgent.FileRef file : dataset.files()) {
            Path target = dir.resolve(file.name());
            if (matches(target, file)) {
                log.info("dataset={} file={} cached", dataset.name(), file.name());
                continue;
            }
            download(file, target);
        }
        return dir;
    }

    /** Whether {@code target} exists with the announced size and SHA-256. */
    static boolean matches(Path target, ToAgent.FileRef file) {
        try {
            return Files.isRegularFile(target) && Files.size(target) == file.size()
                    && Dataset.sha256(target).equals(file.sha256());
        } catch (IOException e) {
            return false;
        }
    }

    private void download(ToAgent.FileRef file, Path target) throws InterruptedException {
        URI uri = URI.create(stripSlash(base.toString()) + file.path());
        long start = System.nanoTime();
        Path part = null;
        try {
            part = Files.createTempFile(target.getParent(), "." + file.name() + ".", ".part");
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .header("Authorization", "Bearer " + token)
                    .timeout(REQUEST_TIMEOUT)
                    .GET().build();
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            String sha;
            try (InputStream in = response.body()) {
                if (response.statusCode() != 200) {
                    throw new DatasetException("GET " + uri + " answered HTTP " + response.statusCode());
                }
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                try (OutputStream out = new DigestOutputStream(Files.newOutputStream(part), digest)) {
                    in.transferTo(out);
                }
                sha = HexFormat.of().formatHex(digest.digest());
            }
            long size = Files.size(part);
            if (size != file.size() || !sha.equals(file.sha256())) {
                throw new DatasetException("GET " + uri + " gave " + size + " bytes with SHA-256 " + sha
                        + " but the assignment says " + file.size() + " bytes with SHA-256 " + file.sha256()
                        + "; the file is not used");
            }
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            log.info("dataset file={} downloaded bytes={} seconds={}", file.name(), size,
                    String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9));
        } catch (IOException e) {
            throw new DatasetException("downloading " + uri + " into " + target + ": " + e, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            if (part != null) {
                try {
                    Files.deleteIfExists(part);
                } catch (IOException e) {
                    log.debug("could not delete {}: {}", part, e.toString());
                }
            }
        }
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** A dataset file could not be fetched or did not match its checksum. */
    public static final class DatasetException extends RuntimeException {
        public DatasetException(String message) {
            super(message);
        }

        public DatasetException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
