package org.msgstore.transport.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.XAConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msgstore.FolderKind;
import org.msgstore.InternetHeaders;
import org.msgstore.Message;
import org.msgstore.OneOffRecipient;
import org.msgstore.PropTag;
import org.msgstore.Recipient;
import org.msgstore.Row;
import org.msgstore.spooler.Spooler;
import org.msgstore.spooler.SpoolerSettings;
import org.msgstore.store.MailboxSession;
import org.msgstore.store.MessageStore;
import org.msgstore.store.SettableClock;
import org.msgstore.testing.DkimKeys;
import org.msgstore.testing.Dkimpy;
import org.msgstore.testing.PlainConnection;
import org.msgstore.testing.Slow;
import org.msgstore.testing.TestMessage;
import org.msgstore.testing.TestStores;
import org.msgstore.testing.TestTransportContext;

/**
 * Issue 16 part 2 end to end: messages submitted to the store, sent by the spooler's SMTP transport
 * to an SMTP server on loopback, and the bytes it received checked by an independent verifier
 * (dkimpy, {@link Dkimpy}) against the public keys as DNS would publish them.
 */
class DkimOverSmtpTest {
  static KeyPair exampleKey;
  static KeyPair shopKey;
  static KeyPair newExampleKey;

  @TempDir Path dir;
  SettableClock clock = new SettableClock(Instant.parse("2026-11-24T12:00:00Z"));
  ScriptedSmtpServer server;
  MessageStore store;
  XAConnection physical;
  MailboxSession shop;
  SmtpTransport smtp;
  Spooler spooler;
  Path exampleKeyFile;
  Path shopKeyFile;

  @BeforeAll
  static void keys() {
    exampleKey = DkimKeys.rsa(2048);
    shopKey = DkimKeys.rsa(2048);
    newExampleKey = DkimKeys.rsa(2048);
  }

  @BeforeEach
  void open() throws Exception {
    Dkimpy.assumeInstalled();
    server = new ScriptedSmtpServer();
    store = MessageStore.open(TestStores.h2(dir.resolve("store")), clock);
    physical = store.openXAConnection();
    shop = store.session(new PlainConnection(physical.getConnection()), "shop");
    exampleKeyFile = DkimKeys.replace(dir.resolve("example.com.pem"), exampleKey.getPrivate());
    shopKeyFile = DkimKeys.replace(dir.resolve("shop.example.pem"), shopKey.getPrivate());
  }

  /** Starts the transport and spooler with the DKIM settings given, on top of the loopback ones. */
  private void start(Map<String, String> dkim) {
    Map<String, String> settings = TestTransportContext.smtpLoopback(server.port());
    settings.putAll(dkim);
    smtp = TestTransportContext.startedSmtp(settings);
    spooler =
        new Spooler(
            store,
            SpoolerSettings.builder("node-1").lease(Duration.ofMinutes(2)).batchSize(10).build(),
            List.of(smtp));
  }

  private void startWithBothDomains() {
    start(
        Map.of(
            "dkimKeys",
            "example.com=s2026:" + exampleKeyFile + ", shop.example=mail:" + shopKeyFile));
  }

  @AfterEach
  void close() throws Exception {
    if (spooler != null) {
      spooler.close();
    }
    if (physical != null) {
      physical.close();
      store.close();
      server.close();
    }
  }

  private static Map<String, String> published(String name, KeyPair key) {
    Map<String, String> records = new LinkedHashMap<>();
    records.put(name, Dkimpy.txtRecord(key.getPublic()));
    return records;
  }

  private Dkimpy.Verdict verify(byte[] received, Map<String, String> records) throws Exception {
    return Dkimpy.verify(received, records, dir);
  }

  private byte[] deliverOne(TestMessage message) {
    message.submitIn(shop.openFolder(FolderKind.OUTBOX));
    assertEquals(1, spooler.runOnce(), "one message handled");
    assertEquals(1, server.received.size(), "one message received");
    return server.received.poll().data().getBytes(StandardCharsets.ISO_8859_1);
  }

  /** The tags of the received message's only DKIM-Signature, its folding undone. */
  static Map<String, String> signatureTags(byte[] received) {
    String text = new String(received, StandardCharsets.ISO_8859_1);
    Matcher m =
        Pattern.compile("(?mi)^DKIM-Signature:((?:[^\r\n]*\r\n[ \t])*[^\r\n]*)\r\n").matcher(text);
    assertTrue(m.find(), "a DKIM-Signature in\n" + text);
    assertFalse(m.find(), "only one DKIM-Signature");
    m.reset().find();
    Map<String, String> tags = new LinkedHashMap<>();
    for (String tag : m.group(1).split(";")) {
      String t = tag.replaceAll("\\s+", "");
      if (!t.isEmpty()) {
        tags.put(t.substring(0, t.indexOf('=')), t.substring(t.indexOf('=') + 1));
      }
    }
    return tags;
  }

  private static TestMessage order(String from) {
    return TestMessage.subject("Order 42 confirmed — Grüße")
        .from(from)
        .to("alice@example.net")
        .cc("bob@example.org")
        .set(PropTag.PR_BODY, "Thank you.\nYour order ships tomorrow.\n")
        .set(
            PropTag.PR_REPLY_RECIPIENT_ENTRIES,
            OneOffRecipient.flatEntryList(List.of(OneOffRecipient.smtp("", "service@example.com"))))
        .set(PropTag.PR_IN_REPLY_TO_ID, "<a1@shop.example.com>")
        .set(PropTag.PR_INTERNET_REFERENCES, "<a0@shop.example.com> <a1@shop.example.com>")
        .set(
            PropTag.PR_MSGSTORE_INTERNET_HEADERS,
            InternetHeaders.none()
                .with("List-Unsubscribe", "<https://shop.example.com/u/42>")
                .with("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
                .toPropertyValue());
  }

  @Test
  void a_sent_message_is_signed_rsa_sha256_relaxed_over_its_headers_and_dkimpy_verifies_it()
      throws Exception {
    startWithBothDomains();
    byte[] received =
        deliverOne(
            order("shop@example.com").attachment("invoice.pdf", "application/pdf", new byte[3000]));

    Map<String, String> tags = signatureTags(received);
    assertEquals("rsa-sha256", tags.get("a"));
    assertEquals("relaxed/relaxed", tags.get("c"));
    assertEquals("example.com", tags.get("d"));
    assertEquals("s2026", tags.get("s"));
    assertEquals(
        List.of(
            "from",
            "reply-to",
            "subject",
            "date",
            "message-id",
            "to",
            "cc",
            "in-reply-to",
            "references",
            "mime-version",
            "content-type",
            "list-unsubscribe",
            "list-unsubscribe-post"),
        List.of(tags.get("h").split(":")));
    assertEquals(
        Long.toString(TestTransportContext.NOW.getEpochSecond()), tags.get("t"), "t= the clock");
    Dkimpy.Verdict v = verify(received, published("s2026._domainkey.example.com", exampleKey));
    assertTrue(v.pass(), v.output());
  }

  @Test
  void a_byte_changed_in_the_body_or_in_a_signed_header_fails_verification() throws Exception {
    startWithBothDomains();
    byte[] received = deliverOne(order("shop@example.com"));
    Map<String, String> records = published("s2026._domainkey.example.com", exampleKey);
    assertTrue(verify(received, records).pass(), "unchanged, it verifies");

    String text = new String(received, StandardCharsets.ISO_8859_1);
    int body = text.indexOf("\r\n\r\n") + 4;
    int t = text.indexOf("Thank", body);
    byte[] bodyChanged = received.clone();
    bodyChanged[t] = 't';
    Dkimpy.Verdict v = verify(bodyChanged, records);
    assertFalse(v.pass(), "a changed body must fail: " + v.output());
    assertTrue(v.output().contains("body hash mismatch"), v.output());

    byte[] toChanged =
        text.replaceFirst("(?m)^To: alice@", "To: mallory@").getBytes(StandardCharsets.ISO_8859_1);
    assertFalse(verify(toChanged, records).pass(), "a changed To must fail");
  }

  @Test
  void two_from_domains_are_signed_each_with_its_own_key_and_a_subdomain_with_its_parents()
      throws Exception {
    startWithBothDomains();
    Map<String, String> records = published("s2026._domainkey.example.com", exampleKey);
    records.putAll(published("mail._domainkey.shop.example", shopKey));

    byte[] fromShop = deliverOne(order("orders@shop.example"));
    assertEquals("shop.example", signatureTags(fromShop).get("d"));
    assertEquals("mail", signatureTags(fromShop).get("s"));
    assertTrue(verify(fromShop, records).pass());

    byte[] fromNews = deliverOne(order("news@letters.example.com"));
    assertEquals("example.com", signatureTags(fromNews).get("d"), "the parent domain's key");
    assertTrue(verify(fromNews, records).pass());

    // Each signature is by its own domain's key: the other domain's key does not verify it.
    Map<String, String> swapped = published("mail._domainkey.shop.example", exampleKey);
    assertFalse(verify(fromShop, swapped).pass());
  }

  @Test
  void a_message_queued_before_its_key_file_was_replaced_goes_out_signed_with_the_new_key()
      throws Exception {
    startWithBothDomains();
    server.rcptReply = address -> "451 4.3.0 try again later";
    order("shop@example.com").submitIn(shop.openFolder(FolderKind.OUTBOX));
    assertEquals(1, spooler.runOnce());
    assertTrue(server.received.isEmpty(), "deferred: still queued");

    DkimKeys.replace(exampleKeyFile, newExampleKey.getPrivate());
    server.rcptReply = address -> "250 2.1.5 OK";
    clock.advance(Duration.ofMinutes(5));
    assertEquals(1, spooler.runOnce());
    byte[] received = server.received.poll().data().getBytes(StandardCharsets.ISO_8859_1);

    Dkimpy.Verdict withNew =
        verify(received, published("s2026._domainkey.example.com", newExampleKey));
    assertTrue(withNew.pass(), withNew.output());
    assertFalse(
        verify(received, published("s2026._domainkey.example.com", exampleKey)).pass(),
        "not signed with the key replaced");
  }

  @Test
  void a_key_file_gone_at_delivery_defers_the_message_which_leaves_signed_once_it_is_back()
      throws Exception {
    startWithBothDomains();
    Path aside = Files.move(exampleKeyFile, dir.resolve("aside.pem"));
    order("shop@example.com").submitIn(shop.openFolder(FolderKind.OUTBOX));
    assertEquals(1, spooler.runOnce());
    assertTrue(server.received.isEmpty(), "never sent unsigned");
    assertTrue(shop.openFolder(FolderKind.INBOX).getContentsTable().isEmpty(), "and no NDR");

    Files.move(aside, exampleKeyFile);
    clock.advance(Duration.ofMinutes(5));
    assertEquals(1, spooler.runOnce());
    byte[] received = server.received.poll().data().getBytes(StandardCharsets.ISO_8859_1);
    assertTrue(verify(received, published("s2026._domainkey.example.com", exampleKey)).pass());
  }

  @Test
  @Slow // keytool is a JVM of its own, making a key: 7 s on the loaded 2-core machine
  void a_key_in_a_keystore_signs_as_a_key_file_does() throws Exception {
    Path keystore = dir.resolve("dkim.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-alias",
                "example-2026",
                "-dname",
                "CN=example.com",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                "changeit-too")
            .redirectErrorStream(true)
            .start();
    assertTrue(keytool.waitFor(60, TimeUnit.SECONDS), "keytool ended");
    assertEquals(0, keytool.exitValue(), new String(keytool.getInputStream().readAllBytes()));
    KeyStore ks = KeyStore.getInstance(keystore.toFile(), "changeit-too".toCharArray());
    java.security.PublicKey publicKey = ks.getCertificate("example-2026").getPublicKey();

    start(
        Map.of(
            "dkimKeys", "example.com=ks1:keystore:example-2026",
            "dkimKeyStore", keystore.toString(),
            "dkimKeyStorePassword", "changeit-too"));
    byte[] received = deliverOne(order("shop@example.com"));
    Map<String, String> records = new HashMap<>();
    records.put("ks1._domainkey.example.com", Dkimpy.txtRecord(publicKey));
    Dkimpy.Verdict v = verify(received, records);
    assertTrue(v.pass(), v.output());
  }

  @Test
  void a_key_made_with_the_readmes_openssl_commands_signs_what_dkimpy_verifies() throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/openssl"))
            || "true".equalsIgnoreCase(System.getenv("CI")),
        "skipped: no /usr/bin/openssl (apt-get install openssl)");
    Path pem = dir.resolve("example.com-s2026.pem");
    run(
        "/usr/bin/openssl",
        "genpkey",
        "-algorithm",
        "RSA",
        "-pkeyopt",
        "rsa_keygen_bits:2048",
        "-out",
        pem);
    String p =
        run(
            "sh",
            "-c",
            "/usr/bin/openssl pkey -in '" + pem + "' -pubout -outform DER | base64 -w0");

    start(Map.of("dkimKeys", "example.com=s2026:" + pem));
    byte[] received = deliverOne(order("shop@example.com"));
    Map<String, String> records = new HashMap<>();
    records.put("s2026._domainkey.example.com", "v=DKIM1; k=rsa; p=" + p.strip());
    Dkimpy.Verdict v = verify(received, records);
    assertTrue(v.pass(), v.output());
  }

  /** Runs a command of the README; its output. */
  private static String run(Object... command) throws Exception {
    List<String> args = java.util.Arrays.stream(command).map(Object::toString).toList();
    Process process =
        new ProcessBuilder(args).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), args + " ended");
    assertEquals(0, process.exitValue(), args + " succeeded");
    return out;
  }

  @Test
  void a_from_domain_without_a_key_goes_out_unsigned() throws Exception {
    startWithBothDomains();
    byte[] received = deliverOne(order("someone@other.example"));
    assertFalse(
        new String(received, StandardCharsets.ISO_8859_1).contains("DKIM-Signature"),
        "no signature");
  }

  @Test
  void under_dkimRequired_a_from_domain_without_a_key_is_refused_with_an_NDR_naming_it() {
    start(Map.of("dkimKeys", "example.com=s2026:" + exampleKeyFile, "dkimRequired", "true"));
    order("someone@other.example").submitIn(shop.openFolder(FolderKind.OUTBOX));
    assertEquals(1, spooler.runOnce());
    assertTrue(server.received.isEmpty(), "not sent");
    assertEquals(0, server.connections.get(), "not even a session opened");

    List<Row> inbox = shop.openFolder(FolderKind.INBOX).getContentsTable();
    assertEquals(1, inbox.size(), "an NDR");
    try (Message ndr = shop.openEntry(inbox.get(0).entryId())) {
      assertEquals("Report.IPM.Note.NDR", ndr.get(PropTag.PR_MESSAGE_CLASS));
      for (Recipient r : ndr.getRecipients()) {
        String text = r.get(PropTag.PR_REPORT_TEXT);
        assertNotNull(text);
        assertTrue(text.contains("other.example") && text.contains("dkimRequired"), text);
      }
    }
  }

  @Test
  void without_dkimKeys_nothing_is_signed() throws Exception {
    start(Map.of());
    byte[] received = deliverOne(order("shop@example.com"));
    assertNull(signatureOrNull(received), "no DKIM-Signature when signing is not configured");
  }

  private static String signatureOrNull(byte[] received) {
    String text = new String(received, StandardCharsets.ISO_8859_1);
    int i = text.toLowerCase(java.util.Locale.ROOT).indexOf("dkim-signature:");
    return i < 0 ? null : text.substring(i);
  }
}
