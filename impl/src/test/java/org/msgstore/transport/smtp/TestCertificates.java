package org.msgstore.transport.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Self-signed relay certificates made for a test with the JDK's keytool (so no private key is
 * checked in): key stores for the loopback relay, which double as the client's trust store.
 */
final class TestCertificates {
  static final String PASSWORD = "changeit";

  private TestCertificates() {}

  /**
   * PKCS12 key stores, one per {@code name -> san} (e.g. {@code ip:127.0.0.1}), each with a
   * self-signed certificate, made in parallel (keytool starts a JVM, seconds on a loaded machine).
   * Each also serves as the trust store for its relay: a trust manager trusts the certificate of a
   * key entry as it trusts a CA certificate entry.
   */
  static Map<String, Path> relayKeyStores(Path dir, Map<String, String> sanByName)
      throws Exception {
    Map<String, Path> stores = new LinkedHashMap<>();
    Map<String, Process> running = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : sanByName.entrySet()) {
      Path store = dir.resolve(e.getKey() + ".p12");
      stores.put(e.getKey(), store);
      running.put(
          e.getKey(),
          keytool(
              "-genkeypair",
              "-alias",
              "relay",
              "-keyalg",
              "EC",
              "-groupname",
              "secp256r1",
              "-dname",
              "CN=" + e.getKey(),
              "-ext",
              "SAN=" + e.getValue(),
              "-validity",
              "2",
              "-storetype",
              "PKCS12",
              "-keystore",
              store.toString(),
              "-storepass",
              PASSWORD,
              "-keypass",
              PASSWORD));
    }
    for (Process p : running.values()) {
      finished(p);
    }
    return stores;
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

  private static Process keytool(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  private static void finished(Process p) throws Exception {
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("keytool did not finish within 60 s");
    }
    String output = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.exitValue(), "keytool: " + output);
  }
}
