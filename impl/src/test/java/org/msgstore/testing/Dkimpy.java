package org.msgstore.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;

/**
 * The independent DKIM verifier of the tests: dkimpy (Debian's {@code python3-dkim}) run by {@code
 * /usr/bin/python3} on the bytes an SMTP server received, with the public keys handed to it as TXT
 * records (no DNS, no network). Without it the DKIM tests are skipped with the how-to, except under
 * CI ({@code CI=true}, where {@code .ci/run} installs it): there they fail.
 */
public final class Dkimpy {
  private static final Path PYTHON = Path.of("/usr/bin/python3");
  private static final long TIMEOUT_S = 60;
  private static Boolean installed;

  /** The verifier's verdict and everything it said. */
  public record Verdict(boolean pass, String output) {}

  private Dkimpy() {}

  /** Skips the calling test where dkimpy is missing, unless under CI, where it then fails. */
  public static void assumeInstalled() {
    Assumptions.assumeTrue(
        installed() || onCi(),
        "DKIM verification tests skipped: no dkimpy for /usr/bin/python3; install it to run them"
            + " (apt-get install python3-dkim)");
  }

  static boolean onCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  public static synchronized boolean installed() {
    if (installed == null) {
      try {
        installed = Files.isExecutable(PYTHON) && run(PYTHON.toString(), "-c", "import dkim").pass;
      } catch (IOException e) {
        installed = false;
      }
    }
    return installed;
  }

  /**
   * Verifies every DKIM-Signature of {@code message}.
   *
   * @param records TXT records by name ({@code selector._domainkey.domain}), e.g. from {@link
   *     #txtRecord}
   */
  public static Verdict verify(byte[] message, Map<String, String> records, Path dir)
      throws IOException {
    if (!installed()) {
      throw new IllegalStateException(
          "CI=true, so the DKIM tests may not be skipped: no dkimpy for /usr/bin/python3"
              + " (apt-get install python3-dkim)");
    }
    Path script = dir.resolve("verify.py");
    try (InputStream in = Dkimpy.class.getResourceAsStream("/dkim/verify.py")) {
      Files.write(script, in.readAllBytes());
    }
    Path eml = Files.createTempFile(dir, "received", ".eml");
    Files.write(eml, message);
    Path json = Files.createTempFile(dir, "records", ".json");
    Files.writeString(
        json,
        records.entrySet().stream()
            .map(e -> "\"" + e.getKey() + "\": \"" + e.getValue() + "\"")
            .collect(Collectors.joining(", ", "{", "}")),
        StandardCharsets.US_ASCII);
    return run(PYTHON.toString(), script.toString(), eml.toString(), json.toString());
  }

  /** The DNS TXT record publishing {@code publicKey} (X.509 SubjectPublicKeyInfo, RSA). */
  public static String txtRecord(java.security.PublicKey publicKey) {
    return "v=DKIM1; k=rsa; p="
        + java.util.Base64.getEncoder().encodeToString(publicKey.getEncoded());
  }

  private static Verdict run(String... command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", command) + " did not end in " + TIMEOUT_S + " s");
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Verdict(p.exitValue() == 0, out.strip());
  }
}
