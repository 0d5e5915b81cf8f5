package org.msgstore.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.resource.spi.ResourceAdapterInternalException;
import jakarta.transaction.TransactionManager;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.msgstore.FolderKind;
import org.msgstore.MessageStoreConnection;
import org.msgstore.MessageStoreConnectionFactory;
import org.msgstore.PropTag;
import org.msgstore.RecipientType;
import org.msgstore.Row;
import org.msgstore.spooler.SpoolerEvent;
import org.msgstore.testing.TestMessage;

/**
 * The adapter runs the spooler on its WorkManager: woken by commits (not the poll), delivering
 * through the configured transports, and stopped within a bound with nothing left locked (jca-notes
 * rules 17–19, ARCHITECTURE §6).
 */
class SpoolerWiringTest {
  ExecutorService containerThreads = Executors.newCachedThreadPool();
  GreenMail smtp;
  Path directory;
  MsgStoreResourceAdapter ra;
  MessageStoreConnectionFactory factory;
  EnlistingConnectionManager cm;
  TransactionManager tm = Narayana.transactionManager();

  /** One permit per message the spooler finished: tests wait on these, not on time. */
  final java.util.concurrent.Semaphore finished = new java.util.concurrent.Semaphore(0);

  @BeforeEach
  void start() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    directory = H2Databases.newDirectory("spooler-wiring");
    ra = new MsgStoreResourceAdapter();
    ra.setStoreDirectory(directory.toString());
    ra.setSpoolerPollIntervalMs(
        3_600_000); // an hour: anything delivered sooner was woken by its commit
    ra.setTransportOrder("local, smtp");
    ra.setSmtpHost("127.0.0.1");
    ra.setSmtpPort(port);
    ra.setSmtpReadTimeoutMs(5_000);
    ra.setLocalDomains("shop.example");
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
  }

  @AfterEach
  void stop() throws Exception {
    cm.destroyAll();
    ra.stop();
    smtp.stop();
    containerThreads.shutdownNow();
  }

  private void submit(String subject, String addrType, String address) {
    try (MessageStoreConnection c = factory.getConnection("shop")) {
      TestMessage.subject(subject)
          .from("shop@example.com")
          .set(PropTag.PR_SENTMAIL_ENTRYID, c.getStoreProperty(PropTag.PR_IPM_SENTMAIL_ENTRYID))
          .recipient(RecipientType.TO, address, addrType, address)
          .submitFrom(c);
    }
  }

  @Test
  void a_committed_submit_wakes_the_spooler_which_delivers_over_smtp_and_files_the_message()
      throws Exception {
    tm.begin();
    submit("through XA", "SMTP", "alice@example.com");
    tm.commit();
    assertTrue(smtp.waitForIncomingEmail(10_000, 1), "delivered long before the hour-long poll");
    assertEquals("through XA", smtp.getReceivedMessages()[0].getSubject());
    awaitSentItems(1);
    assertEquals(1, ra.spooler().counters().count(SpoolerEvent.Kind.FINISHED));
  }

  @Test
  void a_rolled_back_submit_is_never_sent() throws Exception {
    tm.begin();
    submit("rolled back", "SMTP", "alice@example.com");
    tm.rollback();
    submit("committed after", "SMTP", "bob@example.com");
    assertTrue(smtp.waitForIncomingEmail(10_000, 1));
    awaitSentItems(1);
    assertEquals(1, smtp.getReceivedMessages().length);
    assertEquals("committed after", smtp.getReceivedMessages()[0].getSubject());
  }

  @Test
  void a_recipient_in_a_local_domain_is_delivered_into_its_mailbox_inside_submit() {
    try (MessageStoreConnection c = factory.getConnection("bob@shop.example")) {
      assertTrue(c.openFolder(FolderKind.INBOX).getContentsTable().isEmpty());
    }
    submit("local", "SMTP", "Bob@shop.example");
    try (MessageStoreConnection c = factory.getConnection("bob@shop.example")) {
      List<Row> inbox = c.openFolder(FolderKind.INBOX).getContentsTable();
      assertEquals(1, inbox.size(), "delivered before submit() returned");
      assertEquals("local", inbox.get(0).get(PropTag.PR_SUBJECT));
    }
    assertEquals(0, smtp.getReceivedMessages().length);
  }

  @Test
  void
      stop_returns_within_its_bound_and_leaves_no_message_locked_and_a_restart_delivers_what_was_left()
          throws Exception {
    cm.destroyAll();
    ra.stop();
    ra.setRetryMinMs(50); // retried often while the relay is down
    ra.setRetryMaxMs(50);
    ra.setSpoolerPollIntervalMs(100);
    ra.start(FakeBootstrapContext.threaded(containerThreads));
    smtp.stop(); // messages stay queued: every attempt is deferred
    submit("waiting", "SMTP", "carol@example.com");
    CountDownLatch deferred = new CountDownLatch(1);
    ra.spooler()
        .spooler()
        .addListener(
            e -> {
              if (e.kind() == SpoolerEvent.Kind.DEFERRED) {
                deferred.countDown();
              }
            });
    submit("waiting too", "SMTP", "dave@example.com");
    assertTrue(deferred.await(10, TimeUnit.SECONDS), "the spooler tried");
    long start = System.nanoTime();
    cm.destroyAll();
    ra.stop();
    long stopMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertTrue(stopMs < MsgStoreResourceAdapter.STOP_TIMEOUT_MS, "stop took " + stopMs + " ms");

    // Restart with a working relay and a short retry: what was queued is delivered.
    smtp = new GreenMail(new ServerSetup(ra.getSmtpPort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    ra.start(FakeBootstrapContext.threaded(containerThreads));
    // Within seconds, although the lease is 5 minutes: stop() released this node's locks.
    assertTrue(smtp.waitForIncomingEmail(10_000, 2), "both delivered after the restart");
  }

  @Test
  void an_unknown_transport_in_transportOrder_fails_start_naming_the_available_ones() {
    MsgStoreResourceAdapter other = new MsgStoreResourceAdapter();
    other.setStoreDirectory(H2Databases.newDirectory("bad-order").toString());
    other.setTransportOrder("smtp,fax");
    ResourceAdapterInternalException e =
        assertThrows(
            ResourceAdapterInternalException.class,
            () -> other.start(FakeBootstrapContext.threaded(containerThreads)));
    assertTrue(
        e.getMessage().contains("'fax'") && e.getMessage().contains("local"), e.getMessage());
  }

  private void awaitSentItems(int n) throws InterruptedException {
    assertTrue(
        finished.tryAcquire(n, 10, TimeUnit.SECONDS), "the spooler finished " + n + " message(s)");
    try (MessageStoreConnection c = factory.getConnection("shop")) {
      assertEquals(
          n, c.openFolder(FolderKind.SENT_ITEMS).getContentsTable().size(), "filed in Sent Items");
    }
  }
}
