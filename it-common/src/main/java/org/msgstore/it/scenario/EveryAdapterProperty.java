package org.msgstore.it.scenario;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * <em>Every</em> resource-adapter config-property of ra.xml set, as an administrator pointing the
 * adapter at an external database would: an explicit H2 file URL with its own user and password
 * instead of the embedded default, SMTP settings, and so on. The spooler stays off (submitted
 * messages stay queued for the assertions) and the SMTP port points nowhere, so nothing is sent;
 * the other values are valid ones an administrator would choose. Each server's test checks that
 * these cover ra.xml and that each value reaches the adapter.
 */
public final class EveryAdapterProperty {
  public static final String JDBC_USER = "msgstore";
  public static final int LOCK_TIMEOUT_MS = 5000;

  /**
   * The properties left out, each because the adapter refuses it together with one that is set:
   * {@code dataSource} names the application's datasource instead of {@code jdbcUrl} (the
   * shared-datasource ITs set it), {@code smtpOAuth2Token} logs in instead of {@code smtpPassword}
   * (impl's OAuth2LoginTest covers it against a relay).
   */
  public static final Set<String> EXCLUDED = Set.of("dataSource", "smtpOAuth2Token");

  /** The password of the (empty) SMTP trust store the properties name. */
  public static final String TRUST_STORE_PASSWORD = "it-trust-s3cret";

  /** The store's tables go to this schema of the H2 database. */
  public static final String STORE_SCHEMA = "it_store";

  private EveryAdapterProperty() {}

  /**
   * The properties in ra.xml's order, all but the {@link #EXCLUDED} ones.
   *
   * @param storeDirectory the store's directory; the database is {@code store} in it
   * @param who names the SMTP user, password, HELO name and sender ({@code who-smtp}, ...), so a
   *     server's log shows which test's values it got
   * @param jdbcPassword must never appear in the server log (the adapter masks it)
   */
  public static Map<String, String> values(
      String storeDirectory, String who, String jdbcPassword, String nodeName) {
    Map<String, String> p =
        PropertyLines.read(
            """
            jdbcUrl=
            jdbcUser=
            jdbcPassword=
            storeSchema=
            storeDirectory=
            lockTimeoutMs=
            priorityHeadStartMs=1800000
            spoolerEnabled=false
            spoolerThreads=2
            spoolerPollIntervalMs=60000
            spoolerLeaseMs=120000
            spoolerBatchSize=10
            retryMinMs=60000
            retryMaxMs=3600000
            maxQueueLifetimeMs=86400000
            transportOrder=local,smtp
            nodeName=
            smtpHost=127.0.0.1
            smtpPort=3025
            smtpStartTls=false
            smtpImplicitTls=false
            smtpTrustStore=
            smtpTrustStorePassword=
            smtpAllowAuthWithoutTls=true
            smtpUser=
            smtpPassword=
            smtpFallbackRelays=127.0.0.2:3025
            smtpFallbackCredentials=
            smtpConnectTimeoutMs=5000
            smtpReadTimeoutMs=10000
            smtpWriteTimeoutMs=10000
            smtpSendTimeoutMs=60000
            smtpSessions=2
            smtpRate=14/s
            smtpRelayRates=127.0.0.1:3025=10/s
            smtpDomainRates=example.com=20/s,example.net=300/min
            smtpHeloName=
            smtpDefaultFrom=
            dkimKeys=
            dkimKeyStore=
            dkimKeyStorePassword=
            dkimRequired=false
            localDomains=example.org
            bounceAddress=bounces@example.com
            bounceSigningKeys=it-bounce-signing-key-1
            bounceMailbox=imap://bounces@127.0.0.1:3143/INBOX
            bounceMailboxPassword=it-bounce-s3cret
            bounceMailboxPollMs=30000
            bounceProcessed=delete
            suppressionExpiryDays=365
            """);
    p.put("jdbcUrl", "jdbc:h2:file:" + storeDirectory + "/store");
    p.put("jdbcUser", JDBC_USER);
    p.put("jdbcPassword", jdbcPassword);
    p.put("storeSchema", STORE_SCHEMA);
    p.put("storeDirectory", storeDirectory);
    p.put("lockTimeoutMs", Integer.toString(LOCK_TIMEOUT_MS));
    p.put("nodeName", nodeName);
    p.put("smtpUser", who + "-smtp");
    p.put("smtpPassword", who + "-smtp-s3cret");
    p.put("smtpFallbackCredentials", "127.0.0.2:3025=" + who + "-fallback:" + who + "-fb-s3cret");
    p.put("smtpTrustStore", trustStoreFile().toString());
    p.put("smtpTrustStorePassword", TRUST_STORE_PASSWORD);
    p.put("smtpHeloName", who + ".example.com");
    p.put("smtpDefaultFrom", who + "@example.com");
    // The adapter reads the key at start: a real one, in a file the server (same machine) can read.
    p.put("dkimKeys", "example.com=" + who + ":" + dkimKeyFile());
    // Named by no dkimKeys entry, so never opened: set to show it reaches the adapter.
    p.put("dkimKeyStore", dkimKeyFile().resolveSibling("dkim-it.p12").toString());
    p.put("dkimKeyStorePassword", who + "-dkim-s3cret");
    return p;
  }

  /**
   * An empty PKCS#12 trust store under the build's target folder, written once per JVM: the adapter
   * checks at start that it can be read with the password set.
   */
  private static synchronized Path trustStoreFile() {
    Path file = Path.of("target", "smtp-it-truststore.p12").toAbsolutePath();
    if (!Files.exists(file)) {
      try {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
          store.store(out, TRUST_STORE_PASSWORD.toCharArray());
        }
      } catch (IOException | GeneralSecurityException e) {
        throw new IllegalStateException("cannot write the SMTP test trust store " + file, e);
      }
    }
    return file;
  }

  /** An RSA key as a PKCS#8 PEM file under the build's target folder, written once per JVM. */
  private static synchronized Path dkimKeyFile() {
    Path file = Path.of("target", "dkim-it-key.pem").toAbsolutePath();
    if (!Files.exists(file)) {
      try {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        String pem =
            "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'})
                    .encodeToString(rsa.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        Files.createDirectories(file.getParent());
        Files.writeString(file, pem, StandardCharsets.US_ASCII);
      } catch (IOException | GeneralSecurityException e) {
        throw new IllegalStateException("cannot write the DKIM test key " + file, e);
      }
    }
    return file;
  }
}
