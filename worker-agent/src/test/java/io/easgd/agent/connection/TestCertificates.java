package io.easgd.agent.connection;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A CA and a server certificate signed by it, made with the JDK's keytool exactly as
 * docs/security.md tells an operator to: {@code ca.pem} for the agent, {@code server.p12} for the server.
 */
record TestCertificates(Path caPem, Path keyStore, String password) {

    static TestCertificates generate(Path dir, String subjectAltNames) throws IOException, InterruptedException {
        String pass = "test-secret";
        Path caStore = dir.resolve("ca.p12");
        Path caPem = dir.resolve("ca.pem");
        Path server = dir.resolve("server.p12");
        Path csr = dir.resolve("server.csr");
        Path cert = dir.resolve("server.pem");
        Path chain = dir.resolve("chain.pem");
        keytool("-genkeypair", "-alias", "easgd-ca", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=test CA", "-ext", "bc:c", "-keystore", caStore.toString(), "-storetype", "PKCS12",
                "-storepass", pass);
        keytool("-exportcert", "-rfc", "-alias", "easgd-ca", "-keystore", caStore.toString(), "-storepass", pass,
                "-file", caPem.toString());
        keytool("-genkeypair", "-alias", "easgd", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=easgd-backend", "-keystore", server.toString(), "-storetype", "PKCS12", "-storepass", pass);
        keytool("-certreq", "-alias", "easgd", "-keystore", server.toString(), "-storepass", pass, "-file", csr.toString());
        keytool("-gencert", "-alias", "easgd-ca", "-keystore", caStore.toString(), "-storepass", pass, "-validity", "2",
                "-rfc", "-ext", "SAN=" + subjectAltNames, "-infile", csr.toString(), "-outfile", cert.toString());
        Files.writeString(chain, Files.readString(cert) + Files.readString(caPem));
        keytool("-importcert", "-alias", "easgd", "-file", chain.toString(), "-keystore", server.toString(),
                "-storepass", pass, "-noprompt");
        return new TestCertificates(caPem, server, pass);
    }

    /** The server side: an SSL context presenting the server certificate. */
    SSLContext serverContext() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            ks.load(in, password.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password.toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + out);
        }
    }
}
