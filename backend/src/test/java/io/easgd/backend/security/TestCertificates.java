package io.easgd.backend.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A CA and a server keystore signed by it, made with the JDK's keytool by the commands of
 * docs/security.md: {@code easgd-ca.pem} for the agents ({@code --ca-file}), {@code easgd-tls.p12}
 * for the backend ({@code server.ssl.key-store}).
 */
record TestCertificates(Path caPem, Path keyStore, String password) {

    static TestCertificates generate(Path dir, String subjectAltNames) throws IOException, InterruptedException {
        String pass = "test-secret";
        Path caStore = dir.resolve("easgd-ca.p12");
        Path caPem = dir.resolve("easgd-ca.pem");
        Path tls = dir.resolve("easgd-tls.p12");
        Path csr = dir.resolve("easgd-tls.csr");
        Path cert = dir.resolve("easgd-tls.pem");
        Path chain = dir.resolve("easgd-chain.pem");
        keytool("-genkeypair", "-alias", "easgd-ca", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=EASGD test CA", "-ext", "bc:c", "-keystore", caStore.toString(), "-storetype", "PKCS12",
                "-storepass", pass);
        keytool("-exportcert", "-rfc", "-alias", "easgd-ca", "-keystore", caStore.toString(), "-storepass", pass,
                "-file", caPem.toString());
        keytool("-genkeypair", "-alias", "easgd", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=easgd-backend", "-keystore", tls.toString(), "-storetype", "PKCS12", "-storepass", pass);
        keytool("-certreq", "-alias", "easgd", "-keystore", tls.toString(), "-storepass", pass, "-file", csr.toString());
        keytool("-gencert", "-alias", "easgd-ca", "-keystore", caStore.toString(), "-storepass", pass, "-validity", "2",
                "-rfc", "-ext", "SAN=" + subjectAltNames, "-infile", csr.toString(), "-outfile", cert.toString());
        Files.writeString(chain, Files.readString(cert) + Files.readString(caPem));
        keytool("-importcert", "-alias", "easgd", "-file", chain.toString(), "-keystore", tls.toString(),
                "-storepass", pass, "-noprompt");
        return new TestCertificates(caPem, tls, pass);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + out);
        }
    }
}
