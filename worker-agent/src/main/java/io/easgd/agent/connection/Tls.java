package io.easgd.agent.connection;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * How the agent verifies the server over {@code wss://} and {@code https://}: against the
 * certificates of a PEM file ({@code --ca-file}) or, without one, the JVM's default trust store.
 * One {@link SSLContext} serves the WebSocket and the dataset downloads (one JDK HttpClient). And
 * what to tell the user when the handshake fails: one line naming the server and the cause.
 */
public final class Tls {
    private Tls() {
    }

    /**
     * An SSL context that trusts exactly the certificates in {@code pemFile} (a CA, or the server's
     * own self-signed certificate; several may follow each other).
     *
     * @throws IllegalArgumentException naming the file when it cannot be read or holds no certificate
     */
    public static SSLContext trusting(Path pemFile) {
        List<Certificate> certificates = new ArrayList<>();
        try (InputStream in = Files.newInputStream(pemFile)) {
            Collection<? extends Certificate> read = CertificateFactory.getInstance("X.509").generateCertificates(in);
            certificates.addAll(read);
        } catch (IOException e) {
            throw new IllegalArgumentException("--ca-file (EASGD_CA_FILE): cannot read " + pemFile + ": " + e.getMessage(), e);
        } catch (CertificateException e) {
            throw new IllegalArgumentException("--ca-file (EASGD_CA_FILE): " + pemFile + " is not a PEM certificate file: "
                    + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("--ca-file (EASGD_CA_FILE): " + pemFile + " holds no certificate "
                    + "(expected -----BEGIN CERTIFICATE----- blocks)");
        }
        try {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            for (int i = 0; i < certificates.size(); i++) {
                trust.setCertificateEntry("ca-" + i, certificates.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("building a trust store from " + pemFile + ": " + e, e);
        }
    }

    /**
     * One line for a failure to reach {@code server} that TLS caused, saying what to do; null when
     * {@code failure} was not about TLS.
     *
     * @param caFile the agent's {@code --ca-file}, or null when it uses the JVM's trust store
     */
    public static String explain(Throwable failure, URI server, Path caFile) {
        SSLException ssl = find(failure, SSLException.class);
        if (ssl == null) {
            return null;
        }
        String where = server.getScheme() + "://" + server.getHost() + (server.getPort() >= 0 ? ":" + server.getPort() : "");
        String trusted = caFile != null ? "by --ca-file " + caFile : "by this JVM's default trust store";
        if (find(failure, CertificateExpiredException.class) != null || find(failure, CertificateNotYetValidException.class) != null) {
            return "TLS: the certificate of " + where + " is expired or not yet valid: " + rootMessage(failure);
        }
        CertificateException cert = find(failure, CertificateException.class);
        if (cert != null && cert.getMessage() != null && cert.getMessage().startsWith("No ")) {
            // "No subject alternative names matching IP address …", "No name matching … found"
            return "TLS: the certificate of " + where + " is not for " + server.getHost() + " (" + cert.getMessage()
                    + "): connect with a name it lists, or give the server a certificate that lists this one";
        }
        if (find(failure, CertPathBuilderException.class) != null || find(failure, CertPathValidatorException.class) != null
                || cert != null) {
            return "TLS: the certificate of " + where + " is not trusted " + trusted + ": pass --ca-file <the PEM "
                    + "of the server's CA> (or EASGD_CA_FILE)" + (caFile != null ? ", the one that signed this server's certificate" : "");
        }
        // JDK 17: "Unrecognized SSL message, plaintext connection?"; later ones: "Unsupported or unrecognized SSL message"
        if (String.valueOf(ssl.getMessage()).contains("nrecognized SSL message")) {
            return "TLS: " + where + " does not speak TLS on this port: use " + (server.getScheme().equals("wss") ? "ws://"
                    : "http://") + " for it, or enable TLS on the server";
        }
        return "TLS: the handshake with " + where + " failed: " + rootMessage(failure);
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (int depth = 0; t != null && depth < 20; t = t.getCause(), depth++) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        for (int depth = 0; root.getCause() != null && depth < 20; depth++) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
