package org.msgstore.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.transaction.TransactionManager;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.msgstore.FolderKind;
import org.msgstore.Message;
import org.msgstore.MessageStoreConnection;
import org.msgstore.MessageStoreConnectionFactory;
import org.msgstore.PropTag;
import org.msgstore.Recipient;
import org.msgstore.Row;
import org.msgstore.bounce.BounceIntake;
import org.msgstore.bounce.BounceSamples;
import org.msgstore.bounce.BounceToken;
import org.msgstore.spooler.SpoolerEvent;
import org.msgstore.store.BackgroundConnection;
import org.msgstore.store.MailboxSession;
import org.msgstore.store.MessageStore;
import org.msgstore.store.StoreRowIds;
import org.msgstore.testing.TestMessage;

/**
 * The whole loop in the adapter, without a server: the adapter's spooler hands a message for three
 * recipients to a loopback relay that says 250 (GreenMail SMTP), a delivery status notification for
 * one of them lands in the bounce mailbox (GreenMail IMAP) and the adapter's intake, woken by IMAP
 * IDLE (its poll interval is an hour), turns it into one NDR in the sender's Inbox; the next
 * message to that address gets its NDR without an SMTP transaction. The settings are the adapter's
 * config-properties; the counts and the suppression list are read and changed over JMX.
 */
class BounceIntakeInAdapterTest {
  static final String KEY = "adapter-test-signing-key";
  static final String PASSWORD = "bounce-s3cret";
  static final long WAIT_S = 20;

  final ExecutorService containerThreads = Executors.newCachedThreadPool();
  final TransactionManager tm = Narayana.transactionManager();
  final MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
  final Semaphore finished = new Semaphore(0);
  final Semaphore newMail = new Semaphore(0);
  GreenMail mail;
  GreenMailUser bounces;
  int imapPort;
  Path directory;
  MsgStoreResourceAdapter ra;
  MessageStoreConnectionFactory factory;
  EnlistingConnectionManager cm;
  MessageStore store;
  MailboxSession shop;

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @BeforeEach
  void start() throws Exception {
    int smtpPort = freePort();
    imapPort = freePort();
    mail =
        new GreenMail(
            new ServerSetup[] {
              new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
              new ServerSetup(imapPort, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)
            });
    mail.start();
    bounces = mail.setUser("bounces@shop.example", "bounces", PASSWORD);
    directory = H2Databases.newDirectory("bounce-intake-adapter");
    ra = new MsgStoreResourceAdapter();
    ra.setStoreDirectory(directory.toString());
    ra.setSpoolerPollIntervalMs(3_600_000);
    ra.setTransportOrder("smtp");
    ra.setSmtpHost("127.0.0.1");
    ra.setSmtpPort(smtpPort);
    ra.setSmtpReadTimeoutMs(5_000);
    ra.setBounceAddress("bounces@shop.example");
    ra.setBounceSigningKeys(KEY);
    ra.setBounceMailbox("imap://bounces@127.0.0.1:" + imapPort + "/INBOX");
    ra.setBounceMailboxPassword(PASSWORD);
    // IDLE wakes the intake at once, and a NOOP before each IDLE reads what landed after a round's
    // read (ImapMailboxIdleTest); a report landing in the short gap between that NOOP and the IDLE
    // is still seen only at the poll, so the poll is short enough for the waits below.
    ra.setBounceMailboxPollMs(5_000);
    ra.start(FakeBootstrapContext.threaded(containerThreads));
    ra.spooler()
        .spooler()
        .addListener(
            e -> {
              if (e.kind() == SpoolerEvent.Kind.FINISHED) {
                finished.release();
              }
            });
    MsgStoreManagedConnectionFactory mcf = new MsgStoreManagedConnectionFactory();
    mcf.setResourceAdapter(ra);
    cm = new EnlistingConnectionManager(tm);
    factory = (MessageStoreConnectionFactory) mcf.createConnectionFactory(cm);
    store = ra.store();
    store.addNewMailListener("shop", e -> newMail.release());
    shop = store.session(new BackgroundConnection(store), "shop");
  }

  @AfterEach
  void stop() throws Exception {
    cm.destroyAll();
    ra.stop();
    mail.stop();
    containerThreads.shutdownNow();
  }

  private void submit(String subject, String... to) throws Exception {
    try (MessageStoreConnection c = factory.getConnection("shop")) {
      TestMessage.subject(subject)
          .from("orders@shop.example")
          .set(PropTag.PR_SENTMAIL_ENTRYID, c.getStoreProperty(PropTag.PR_IPM_SENTMAIL_ENTRYID))
          .to(to)
          .submitFrom(c);
    }
    assertTrue(finished.tryAcquire(WAIT_S, TimeUnit.SECONDS), "the spooler finished " + subject);
  }

  private BounceIntake intake() throws Exception {
    return ra.bounces().intake();
  }

  private void awaitIntake(java.util.function.Predicate<org.msgstore.bounce.IntakeCounters> c)
      throws Exception {
    assertTrue(intake().counters().await(c, Duration.ofSeconds(WAIT_S)), "intake in time");
  }

  private List<Row> inbox() {
    return shop.openFolder(FolderKind.INBOX).getContentsTable();
  }

  private long jmxLong(String type, String attribute) throws Exception {
    return (Long) jmx.getAttribute(new ObjectName("org.msgstore:type=" + type), attribute);
  }

  /** The flags of the bounce mailbox's messages, in order, read over IMAP. */
  private List<Flags> mailboxFlags() throws Exception {
    Store s = Session.getInstance(new Properties()).getStore("imap");
    s.connect("127.0.0.1", imapPort, "bounces", PASSWORD);
    try {
      Folder f = s.getFolder("INBOX");
      f.open(Folder.READ_ONLY);
      List<Flags> flags = new ArrayList<>();
      for (jakarta.mail.Message m : f.getMessages()) {
        flags.add(m.getFlags());
      }
      f.close(false);
      return flags;
    } finally {
      s.close();
    }
  }

  @Test
  void a_late_bounce_for_one_of_three_is_one_NDR_and_the_next_message_to_it_is_not_sent()
      throws Exception {
    submit("Order 4711 confirmed", "bob@dest.example", "carol@dest.example", "dave@dest.example");
    assertTrue(mail.waitForIncomingEmail(WAIT_S * 1000, 3), "the relay said 250 for all three");
    long mailboxId = StoreRowIds.mailboxId(shop);
    long messageId;
    int carolRow;
    try (Message sent =
        shop.openEntry(
            shop.openFolder(FolderKind.SENT_ITEMS).getContentsTable().get(0).entryId())) {
      messageId = StoreRowIds.messageRowId(sent);
      carolRow =
          sent.getRecipients().stream()
              .filter(r -> r.address().equals("carol@dest.example"))
              .findFirst()
              .orElseThrow()
              .rowId();
    }
    awaitIntake(c -> c.rounds() >= 1); // read the empty mailbox, now in IDLE
    newMail.drainPermits();

    byte[] key = KEY.getBytes(StandardCharsets.UTF_8);
    bounces.deliver(
        BounceSamples.mime(
            BounceSamples.postfixUserUnknown(
                "carol@dest.example", new BounceToken(mailboxId, messageId, carolRow), key)));
    assertTrue(newMail.tryAcquire(WAIT_S, TimeUnit.SECONDS), "the NDR's new mail");
    awaitIntake(c -> c.rounds() >= 2 && c.matched() == 1);

    List<Row> inbox = inbox();
    assertEquals(1, inbox.size(), "exactly one NDR");
    assertEquals("Report.IPM.Note.NDR", inbox.get(0).get(PropTag.PR_MESSAGE_CLASS));
    try (Message ndr = shop.openEntry(inbox.get(0).entryId())) {
      List<Recipient> named = ndr.getRecipients();
      assertEquals(List.of("carol@dest.example"), named.stream().map(Recipient::address).toList());
      String text = named.get(0).get(PropTag.PR_REPORT_TEXT);
      assertTrue(text.contains("550 5.1.1 <carol@dest.example>: Recipient address rejected"), text);
      assertEquals(35, named.get(0).get(PropTag.PR_NDR_DIAG_CODE)); // recipient unknown
    }
    try (Message sent =
        shop.openEntry(
            shop.openFolder(FolderKind.SENT_ITEMS).getContentsTable().get(0).entryId())) {
      for (Recipient r : sent.getRecipients()) {
        if (r.address().equals("carol@dest.example")) {
          assertEquals(35, r.get(PropTag.PR_NDR_DIAG_CODE));
        } else {
          assertNull(r.get(PropTag.PR_NDR_DIAG_CODE), r.address() + " untouched");
          assertNull(r.get(PropTag.PR_REPORT_TEXT), r.address() + " untouched");
        }
      }
    }
    Flags first = mailboxFlags().get(0);
    assertTrue(first.contains("$MsgStoreProcessed"), "flagged after the commit: " + first);

    // What is no report of ours stays in the mailbox, counted.
    String text =
        BounceSamples.postfixUserUnknown(
            "dave@dest.example", new BounceToken(mailboxId, messageId, 2), key);
    String signed = new BounceToken(mailboxId, messageId, 2).sign(key);
    String forged = // the MAC's last letter changed
        signed.substring(0, signed.length() - 1) + (signed.endsWith("a") ? "b" : "a");
    bounces.deliver(BounceSamples.mime(text.replace(signed, forged)));
    bounces.deliver(
        BounceSamples.mime(
            text.replace("bounces+" + signed + "@shop.example", "orders@shop.example")));
    bounces.deliver(BounceSamples.mime(BounceSamples.text("vacation-reply.eml")));
    awaitIntake(c -> c.processed() == 4);
    assertEquals(1, jmxLong("BounceIntake", "Matched"));
    assertEquals(1, jmxLong("BounceIntake", "Forged"));
    assertEquals(1, jmxLong("BounceIntake", "Unmatched"));
    assertEquals(1, jmxLong("BounceIntake", "Unparseable"));
    List<Flags> flags = mailboxFlags();
    assertEquals(4, flags.size(), "nothing deleted");
    for (Flags f : flags.subList(1, 4)) {
      assertTrue(f.contains("$MsgStoreUnmatched"), f.toString());
    }
    assertEquals(1, inbox().size(), "still one NDR");

    // The address is suppressed: the next message to it is not sent.
    int received = mail.getReceivedMessages().length;
    submit("Order 4712 confirmed", "carol@dest.example");
    assertEquals(received, mail.getReceivedMessages().length, "no SMTP transaction");
    assertEquals(2, inbox().size(), "its NDR");
    try (Message ndr = shop.openEntry(inbox().get(1).entryId())) {
      String why = ndr.getRecipients().get(0).get(PropTag.PR_REPORT_TEXT);
      assertTrue(why.contains("is on the suppression list"), why);
    }

    ObjectName list = new ObjectName("org.msgstore:type=SuppressionList");
    CompositeData[] entries =
        (CompositeData[])
            jmx.invoke(list, "list", new Object[] {0, 10}, new String[] {"int", "int"});
    assertEquals(1, entries.length);
    assertEquals("carol@dest.example", entries[0].get("address"));
    assertEquals("BOUNCE", entries[0].get("source"));
    assertEquals(messageId, entries[0].get("messageId"));
    assertTrue(intake().stop(5_000), "the intake leaves its IDLE when stopped");
  }

  @Test
  void administrators_add_list_and_remove_suppressed_addresses_over_JMX() throws Exception {
    ObjectName list = new ObjectName("org.msgstore:type=SuppressionList");
    String[] two = {String.class.getName(), String.class.getName()};
    jmx.invoke(list, "add", new Object[] {"Erin@Dest.Example", "asked to stop"}, two);
    jmx.invoke(list, "add", new Object[] {"frank@dest.example", ""}, two);
    assertEquals(2L, jmx.getAttribute(list, "Count"));
    CompositeData[] page =
        (CompositeData[])
            jmx.invoke(list, "list", new Object[] {1, 1}, new String[] {"int", "int"});
    assertEquals("frank@dest.example", page[0].get("address"));
    assertEquals("ADMINISTRATOR", page[0].get("source"));
    assertEquals("", page[0].get("expires"), "an administrator's entry does not expire");
    assertEquals(
        true,
        jmx.invoke(
            list, "remove", new Object[] {"erin@dest.example"}, new String[] {"java.lang.String"}));
    assertEquals(1L, jmx.getAttribute(list, "Count"));
    javax.management.RuntimeMBeanException refused =
        org.junit.jupiter.api.Assertions.assertThrows(
            javax.management.RuntimeMBeanException.class,
            () -> jmx.invoke(list, "add", new Object[] {"no address", "x"}, two));
    assertTrue(
        refused.getCause() instanceof IllegalArgumentException
            && refused.getCause().getMessage().contains("'no address'"),
        String.valueOf(refused.getCause()));
    ra.stop();
    assertFalse(jmx.isRegistered(list), "unregistered at stop");
    assertFalse(jmx.isRegistered(new ObjectName("org.msgstore:type=BounceIntake")));
  }
}
