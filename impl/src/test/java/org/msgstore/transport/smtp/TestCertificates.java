package org.msgstore.transport.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Self-signed relay certificates made for a test with the JDK's keytool (so no private key is
 * checked in): a key store for the loopback relay, and a trust store holding only its certificate,
 * as an administrator's private-CA trust store would.
 */
final class TestCertificates {
  static final String PASSWORD = "changeit";

  private TestCertificates() {}

  /** A PKCS12 key store with a self-signed certificate for {@code san} (e.g. ip:127.0.0.1). */
  static Path relayKeyStore(Path dir, String name, String san) throws Exception {
    Path store = dir.resolve(name + ".p12");
    keytool(
        "-genkeypair",
        "-alias",
        "relay",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=" + name,
        "-ext",
        "SAN=" + san,
        "-validity",
        "2",
        "-storetype",
        "PKCS12",
        "-keystore",
        store.toString(),
        "-storepass",
        PASSWORD,
        "-keypass",
        PASSWORD);
    return store;
  }

  /** A PKCS12 trust store holding only the certificate of {@code keyStore}. */
  static Path trustStoreFor(Path keyStore) throws Exception {
    Path cert = Path.of(keyStore + ".crt");
    Path trust = Path.of(keyStore.toString().replace(".p12", "-trust.p12"));
    keytool(
        "-exportcert",
        "-alias",
        "relay",
        "-rfc",
        "-keystore",
        keyStore.toString(),
        "-storepass",
        PASSWORD,
        "-file",
        cert.toString());
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "relay-ca",
        "-file",
        cert.toString(),
        "-storetype",
        "PKCS12",
        "-keystore",
        trust.toString(),
        "-storepass",
        PASSWORD);
    return trust;
  }

  /** The relay's server-side TLS context over {@code keyStore}. */
  static SSLContext serverContext(Path keyStore) throws IOException, GeneralSecurityException {
    KeyStore ks = KeyStore.getInstance(keyStore.toFile(), PASSWORD.toCharArray());
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, PASSWORD.toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), null, null);
    return context;
  }

  private static void keytool(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("keytool did not finish within 60 s: " + command);
    }
    String output = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.exitValue(), "keytool " + String.join(" ", args) + ": " + output);
  }
}
