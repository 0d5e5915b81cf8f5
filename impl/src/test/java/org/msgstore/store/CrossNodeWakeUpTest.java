package org.msgstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msgstore.FolderKind;
import org.msgstore.Message;
import org.msgstore.RecipientType;
import org.msgstore.testing.PlainConnection;
import org.msgstore.testing.TestStores;

/**
 * The queue signal between servers on PostgreSQL: a server without a spooler announces the messages
 * it queued, and a spooler's listening connection on another server hears it at once; a listener
 * whose connection the database ended takes a new one by itself and hears again. H2 and MariaDB
 * have no signal: their spoolers poll.
 */
class CrossNodeWakeUpTest {
  final List<AutoCloseable> opened = new ArrayList<>();
  final List<Thread> loops = new ArrayList<>();
  final List<Runnable> stops = new ArrayList<>();
  final Semaphore wakeUps = new Semaphore(0);

  @AfterEach
  void stopEverything() throws Exception {
    stops.forEach(Runnable::run);
    for (Thread t : loops) {
      t.join(5_000);
      assertFalse(t.isAlive(), t.getName() + " ended within 5 s of its stop");
    }
    for (AutoCloseable c : opened) {
      c.close();
    }
  }

  @Test
  void a_message_queued_on_a_server_without_spooler_wakes_the_spooler_of_another_server()
      throws Exception {
    StoreSettings db = StoreDatabase.POSTGRESQL.newDatabase(null);
    MessageStore submitOnly = open(db);
    MessageStore spoolerNode = open(db);
    listenOn(spoolerNode);
    announceFrom(submitOnly);

    submit(submitOnly, "order 1");

    assertTrue(wakeUps.tryAcquire(30, TimeUnit.SECONDS), "the spooler's server heard the commit");
    submit(submitOnly, "order 2");
    assertTrue(wakeUps.tryAcquire(30, TimeUnit.SECONDS), "and the next one");
  }

  @Test
  void a_message_queued_to_be_sent_later_is_announced_when_it_comes_due_not_at_its_commit()
      throws Exception {
    StoreSettings db = StoreDatabase.POSTGRESQL.newDatabase(null);
    MessageStore submitOnly = open(db);
    MessageStore spoolerNode = open(db);
    listenOn(spoolerNode);
    announceFrom(submitOnly);
    wakeUps.drainPermits();

    java.time.Instant due = java.time.Instant.now().plusSeconds(4);
    submit(submitOnly, "due in 4 s", due);

    assertFalse(
        wakeUps.tryAcquire(2, TimeUnit.SECONDS), "nothing to take at the commit: not announced");
    assertTrue(wakeUps.tryAcquire(30, TimeUnit.SECONDS), "announced when it came due");
    assertFalse(java.time.Instant.now().isBefore(due), "not before its due time");
  }

  @Test
  void a_listener_whose_connection_the_database_ended_listens_again_and_hears_the_next_commit()
      throws Exception {
    StoreSettings db = StoreDatabase.POSTGRESQL.newDatabase(null);
    MessageStore submitOnly = open(db);
    MessageStore spoolerNode = open(db);
    listenOn(spoolerNode);
    announceFrom(submitOnly);

    assertEquals(1, terminateListeningBackends(submitOnly), "one listening connection");
    // Listening again, it wakes the spooler once, for what was announced while it was deaf.
    assertTrue(wakeUps.tryAcquire(30, TimeUnit.SECONDS), "woken when listening resumed");
    submit(submitOnly, "after the outage");
    assertTrue(wakeUps.tryAcquire(30, TimeUnit.SECONDS), "heard the commit after the outage");
  }

  @Test
  void a_listener_whose_connection_goes_silent_without_a_reset_notices_and_listens_again()
      throws Exception {
    StoreSettings db = StoreDatabase.POSTGRESQL.newDatabase(null);
    java.util.regex.Matcher port =
        java.util.regex.Pattern.compile(":(\\d+)/").matcher(db.jdbcUrl());
    assertTrue(port.find(), db.jdbcUrl());
    try (StallingProxy proxy = StallingProxy.to(Integer.parseInt(port.group(1)))) {
      StoreSettings throughProxy =
          new StoreSettings(
              port.replaceFirst(":" + proxy.port() + "/"),
              db.user(),
              db.password(),
              db.lockTimeoutMs(),
              db.schema());
      MessageStore submitOnly = open(db);
      MessageStore spoolerNode = open(throughProxy);
      QueueListening listening =
          spoolerNode
              .queueSignal()
              .orElseThrow()
              .listening(wakeUps::release, java.time.Duration.ofSeconds(2));
      assertTrue(listening.subscribeNow());
      run("listening", listening, listening::stop);
      announceFrom(submitOnly);

      proxy.stallExisting(); // no reset: the driver would wait on its socket for good
      // Silent for 2 s, the connection is asked and does not answer; a new one listens, and the
      // spooler is woken once for what it may have missed.
      assertTrue(wakeUps.tryAcquire(60, TimeUnit.SECONDS), "woken when listening resumed");
      submit(submitOnly, "after the stall");
      assertTrue(wakeUps.tryAcquire(30, TimeUnit.SECONDS), "heard the commit after the stall");
    }
  }

  @Test
  void the_embedded_database_has_no_signal_and_its_spoolers_poll(@TempDir Path dir) {
    assertTrue(open(TestStores.h2(dir)).queueSignal().isEmpty());
  }

  private MessageStore open(StoreSettings db) {
    MessageStore store = MessageStore.open(db, Clock.systemUTC());
    opened.add(store);
    return store;
  }

  private void listenOn(MessageStore store) {
    QueueListening listening = store.queueSignal().orElseThrow().listening(wakeUps::release);
    assertTrue(listening.subscribeNow(), "listening before anything is submitted");
    run("listening", listening, listening::stop);
  }

  private void announceFrom(MessageStore store) {
    QueueAnnouncer announcer = store.queueSignal().orElseThrow().announcer();
    store.addQueueListener(announcer);
    run("announcing", announcer, announcer::stop);
  }

  private void run(String name, Runnable loop, Runnable stop) {
    Thread t = new Thread(loop, name);
    t.setDaemon(true);
    t.start();
    loops.add(t);
    stops.add(stop);
  }

  private static void submit(MessageStore store, String subject) throws SQLException {
    submit(store, subject, null);
  }

  private static void submit(MessageStore store, String subject, java.time.Instant later)
      throws SQLException {
    try (Connection c = store.openConnection()) {
      MailboxSession shop = store.session(new PlainConnection(c), "shop");
      try (Message m = shop.openFolder(FolderKind.OUTBOX).createMessage()) {
        m.set(org.msgstore.PropTag.PR_SUBJECT, subject);
        if (later != null) {
          m.set(org.msgstore.PropTag.PR_DEFERRED_SEND_TIME, later);
        }
        m.addRecipient(RecipientType.TO, "Bob", "SMTP", "bob@example.com");
        m.submit();
      }
    }
  }

  private static int terminateListeningBackends(MessageStore store) throws SQLException {
    try (Connection c = store.openConnection();
        Statement s = c.createStatement()) {
      var rs =
          s.executeQuery(
              "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                  + " WHERE query LIKE 'LISTEN %' AND datname = current_database()");
      rs.next();
      return rs.getInt(1);
    }
  }
}
