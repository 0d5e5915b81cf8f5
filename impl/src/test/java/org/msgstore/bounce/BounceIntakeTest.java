package org.msgstore.bounce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.msgstore.FolderKind;
import org.msgstore.PropTag;
import org.msgstore.Recipient;
import org.msgstore.Row;
import org.msgstore.spooler.Spooler;
import org.msgstore.spooler.SpoolerSettings;
import org.msgstore.store.BackgroundConnection;
import org.msgstore.store.MailboxSession;
import org.msgstore.store.MessageStore;
import org.msgstore.store.StoreRowIds;
import org.msgstore.testing.Slow;
import org.msgstore.testing.TestMessage;
import org.msgstore.testing.TestStores;
import org.msgstore.testing.TestTransportContext;
import org.msgstore.transport.smtp.SmtpTransport;

/**
 * The intake against real mail servers on loopback (GreenMail: SMTP as the relay that says 250,
 * IMAP and POP3 as the bounce mailbox): a message to three recipients is sent through the spooler
 * and the SMTP transport, then a report for one of them is put into the mailbox. Covers the crash
 * between the store's commit and the mailbox's flag, POP3 and IMAP polling, and what stays in the
 * mailbox. Slow: rounds at the shortest poll interval (1 s), a store per test.
 */
@Slow
class BounceIntakeTest {
  static final byte[] KEY = "intake-test-signing-key".getBytes(StandardCharsets.UTF_8);
  static final String PASSWORD = "bounce-s3cret";
  static final Duration WAIT = Duration.ofSeconds(20);

  Path dir;
  MessageStore store;
  GreenMail mail;
  GreenMailUser bounces;
  SmtpTransport smtp;
  Spooler spooler;
  MailboxSession shop;
  final ExecutorService threads = Executors.newCachedThreadPool();
  final List<BounceIntake> intakes = new ArrayList<>();
  int imapPort;
  int pop3Port;

  @BeforeEach
  void start() throws Exception {
    dir = Files.createTempDirectory("bounce-intake");
    store = MessageStore.open(TestStores.h2(dir), Clock.systemUTC());
    int smtpPort = freePort();
    imapPort = freePort();
    pop3Port = freePort();
    mail =
        new GreenMail(
            new ServerSetup[] {
              new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
              new ServerSetup(imapPort, "127.0.0.1", ServerSetup.PROTOCOL_IMAP),
              new ServerSetup(pop3Port, "127.0.0.1", ServerSetup.PROTOCOL_POP3)
            });
    mail.start();
    bounces = mail.setUser("bounces@shop.example", "bounces", PASSWORD);
    smtp = TestTransportContext.startedSmtp(TestTransportContext.smtpLoopback(smtpPort));
    spooler =
        new Spooler(
            store,
            SpoolerSettings.builder("node-1").lease(Duration.ofMinutes(2)).batchSize(10).build(),
            List.of(smtp));
    shop = store.session(new BackgroundConnection(store), "shop");
  }

  @AfterEach
  void stop() {
    for (BounceIntake i : intakes) {
      i.stop(5_000);
    }
    threads.shutdownNow();
    spooler.close();
    mail.stop();
    store.close();
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** The sent message's ids: mailbox, message, and the row of each address. */
  record Sent(long mailboxId, long messageId, List<Recipient> rows) {
    BounceToken tokenFor(String address) {
      int row =
          rows.stream().filter(r -> r.address().equals(address)).findFirst().orElseThrow().rowId();
      return new BounceToken(mailboxId, messageId, row);
    }
  }

  /** Submits to three recipients, lets the spooler hand it to the relay (250), finds it filed. */
  Sent sendToThree() {
    TestMessage.subject("Order 4711 confirmed")
        .with(
            m ->
                m.set(
                    PropTag.PR_SENTMAIL_ENTRYID,
                    shop.getStoreProperty(PropTag.PR_IPM_SENTMAIL_ENTRYID)))
        .from("orders@shop.example")
        .to("bob@dest.example", "carol@dest.example", "dave@dest.example")
        .submitIn(shop.openFolder(FolderKind.OUTBOX));
    assertEquals(1, spooler.runOnce());
    List<Row> sent = shop.openFolder(FolderKind.SENT_ITEMS).getContentsTable();
    assertEquals(1, sent.size());
    try (org.msgstore.Message m = shop.openEntry(sent.get(0).entryId())) {
      return new Sent(StoreRowIds.mailboxId(shop), StoreRowIds.messageRowId(m), m.getRecipients());
    }
  }

  IntakeSettings settings(String protocol, int port, IntakeSettings.Processed processed) {
    return new IntakeSettings(
        protocol,
        "127.0.0.1",
        port,
        "bounces",
        PASSWORD,
        "INBOX",
        Duration.ofSeconds(1),
        processed,
        processed == IntakeSettings.Processed.MOVE ? "Processed" : "",
        "bounces+",
        List.of(KEY));
  }

  BounceIntake run(IntakeSettings s, java.util.function.Function<IntakeSettings, BounceMailbox> m) {
    BounceIntake intake = new BounceIntake(store, s, null, m);
    intakes.add(intake);
    Future<?> unused = threads.submit(intake);
    return intake;
  }

  void deliver(String text) throws MessagingException {
    bounces.deliver(BounceSamples.mime(text));
  }

  /** Waits for {@code rounds} more completed reads of the mailbox than now. */
  static void awaitMoreRounds(BounceIntake intake, int rounds) throws InterruptedException {
    long target = intake.counters().rounds() + rounds;
    assertTrue(intake.counters().await(c -> c.rounds() >= target, WAIT), "round " + target);
  }

  List<Row> inbox() {
    return shop.openFolder(FolderKind.INBOX).getContentsTable();
  }

  /** The flags of each message of {@code folder} of the bounce mailbox, read over IMAP. */
  List<Flags> flagsIn(String folder) throws MessagingException {
    Store s = Session.getInstance(new Properties()).getStore("imap");
    s.connect("127.0.0.1", imapPort, "bounces", PASSWORD);
    try {
      Folder f = s.getFolder(folder);
      f.open(Folder.READ_ONLY);
      List<Flags> all = new ArrayList<>();
      for (Message m : f.getMessages()) {
        all.add(m.getFlags());
      }
      f.close(false);
      return all;
    } finally {
      s.close();
    }
  }

  /** The IMAP mailbox whose marking step fails: the process dies between commit and flag. */
  static final class FlagFails extends ImapMailbox {
    FlagFails(IntakeSettings settings) {
      super(settings, false);
    }

    @Override
    boolean markProcessed(Folder f, Message m) throws MessagingException {
      throw new MessagingException("the flag step fails, as if the server died after the commit");
    }
  }

  @Test
  void a_crash_between_the_NDR_commit_and_the_flag_leaves_one_NDR_and_a_fresh_intake_flags_it()
      throws Exception {
    Sent sent = sendToThree();
    deliver(
        BounceSamples.postfixUserUnknown(
            "carol@dest.example", sent.tokenFor("carol@dest.example"), KEY));
    IntakeSettings s = settings("imap", imapPort, IntakeSettings.Processed.FLAG);
    BounceIntake crashing = run(s, FlagFails::new);
    awaitMoreRounds(crashing, 2); // the second round reads it again: recorded, still unflagged
    assertTrue(crashing.stop(5_000));
    assertEquals(1, inbox().size(), "one NDR");
    assertEquals(1, crashing.counters().matched());
    assertTrue(crashing.counters().alreadyRecorded() >= 1, "read again, nothing written twice");
    assertFalse(flagsIn("INBOX").get(0).contains(ImapMailbox.PROCESSED), "not flagged");

    BounceIntake fresh = run(s, m -> new ImapMailbox(m, true));
    awaitMoreRounds(fresh, 1);
    assertEquals(0, fresh.counters().matched());
    assertEquals(1, fresh.counters().alreadyRecorded());
    assertEquals(1, inbox().size(), "still one NDR");
    Flags flags = flagsIn("INBOX").get(0);
    assertTrue(flags.contains(ImapMailbox.PROCESSED), flags.toString());
    assertTrue(flags.contains(Flags.Flag.SEEN));
    deliver(BounceSamples.text("vacation-reply.eml")); // new mail ends the IDLE: another round
    awaitMoreRounds(fresh, 1);
    assertEquals(2, fresh.counters().processed(), "the vacation reply, not the flagged report");
    assertEquals(1, fresh.counters().alreadyRecorded());
    assertEquals(1, inbox().size());
  }

  @Test
  void over_POP3_a_recorded_report_is_deleted_and_what_is_not_a_report_stays_and_counts_once()
      throws Exception {
    Sent sent = sendToThree();
    deliver(
        BounceSamples.postfixUserUnknown(
            "dave@dest.example", sent.tokenFor("dave@dest.example"), KEY));
    deliver(BounceSamples.text("vacation-reply.eml"));
    BounceIntake intake =
        run(settings("pop3", pop3Port, IntakeSettings.Processed.DELETE), Pop3Mailbox::new);
    awaitMoreRounds(intake, 1);
    assertEquals(1, inbox().size(), "the NDR");
    assertEquals(1, intake.counters().matched());
    assertEquals(1, intake.counters().unparseable());
    awaitMoreRounds(intake, 2); // polled twice more: the vacation reply is remembered
    assertEquals(2, intake.counters().processed());
    assertEquals(1, intake.counters().unparseable());
    List<Flags> left = flagsIn("INBOX");
    assertEquals(1, left.size(), "the report deleted, the vacation reply left");
  }

  @Test
  void polled_over_IMAP_a_recorded_report_moves_and_forged_and_unknown_reports_stay_marked()
      throws Exception {
    Sent sent = sendToThree();
    mail.getManagers().getImapHostManager().createMailbox(bounces, "Processed");
    BounceIntake intake =
        run(
            settings("imap", imapPort, IntakeSettings.Processed.MOVE),
            s -> new ImapMailbox(s, false));
    awaitMoreRounds(intake, 1);
    deliver(
        BounceSamples.postfixDelayed("bob@dest.example", sent.tokenFor("bob@dest.example"), KEY));
    // Forged: a token of the right form that no key signed.
    deliver(BounceSamples.postfixUserUnknown("carol@dest.example", null, null));
    // Unknown: signed by us, but naming a message of another mailbox.
    deliver(
        BounceSamples.postfixUserUnknown(
            "dave@dest.example", new BounceToken(sent.mailboxId() + 7, sent.messageId(), 0), KEY));
    awaitMoreRounds(intake, 1);
    awaitMoreRounds(intake, 1); // and one more round that must not count them again
    assertEquals(3, intake.counters().processed());
    assertEquals(1, intake.counters().matched());
    assertEquals(1, intake.counters().forged());
    assertEquals(1, intake.counters().unmatched());
    assertTrue(inbox().isEmpty(), "a delay writes no NDR");
    try (org.msgstore.Message m =
        shop.openEntry(
            shop.openFolder(FolderKind.SENT_ITEMS).getContentsTable().get(0).entryId())) {
      Recipient bob =
          m.getRecipients().stream()
              .filter(r -> r.address().equals("bob@dest.example"))
              .findFirst()
              .orElseThrow();
      assertTrue(
          bob.get(PropTag.PR_REPORT_TEXT).startsWith("delayed, still being tried"),
          bob.get(PropTag.PR_REPORT_TEXT));
    }
    assertEquals(1, flagsIn("Processed").size(), "the recorded delay moved");
    List<Flags> left = flagsIn("INBOX");
    assertEquals(2, left.size(), "forged and unknown stay");
    for (Flags f : left) {
      assertTrue(f.contains(ImapMailbox.UNMATCHED), f.toString());
      assertFalse(f.contains(Flags.Flag.SEEN), "still unread for a human");
    }
    assertTrue(
        store.suppressionList().list(new BackgroundConnection(store)).isEmpty(),
        "neither a forged nor an unknown report suppresses");
  }

  @Test
  void a_mailbox_that_cannot_be_reached_is_counted_and_retried_and_the_intake_stops_cleanly()
      throws Exception {
    mail.stop();
    BounceIntake intake =
        run(
            settings("imap", imapPort, IntakeSettings.Processed.FLAG),
            s -> new ImapMailbox(s, true));
    // The second failure comes after the first wait (1 s): retried, the Work alive.
    assertTrue(intake.counters().await(c -> c.mailboxFailures() >= 2, WAIT), "retried");
    assertEquals(0, intake.counters().rounds());
    assertTrue(intake.stop(5_000), "stopped within its bound");
  }
}
