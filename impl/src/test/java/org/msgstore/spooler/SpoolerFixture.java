package org.msgstore.spooler;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.Function;
import org.msgstore.EntryId;
import org.msgstore.Folder;
import org.msgstore.FolderKind;
import org.msgstore.Message;
import org.msgstore.spi.TransportProvider;
import org.msgstore.store.MailboxSession;
import org.msgstore.store.MessageStore;
import org.msgstore.store.SpoolerSession;
import org.msgstore.testing.TestMessage;
import org.msgstore.testing.TestStores;

/** A store in a temporary folder, a client side to submit with, and spoolers over it. */
final class SpoolerFixture implements AutoCloseable {
  static final Duration LEASE = Duration.ofMinutes(2);
  final Path dir;
  final Clock clock;
  MessageStore store;
  private final List<SpoolerConnection> connections = new ArrayList<>();
  final SpoolerCounters counters = new SpoolerCounters();
  final List<SpoolerEvent> events = new ArrayList<>();

  private final Function<Clock, MessageStore> opener;

  SpoolerFixture(Path dir, Clock clock) {
    this(dir, clock, c -> MessageStore.open(TestStores.h2(dir), c));
  }

  /** A store that {@code opener} opens on the clock (a test's own database). */
  SpoolerFixture(Path dir, Clock clock, Function<Clock, MessageStore> opener) {
    this.dir = dir;
    this.clock = clock;
    this.opener = opener;
    open();
  }

  void open() {
    store = opener.apply(clock);
  }

  /**
   * Closes everything without an orderly stop: what a crash leaves behind, but for the file lock.
   */
  void crashAndReopen() {
    connections.forEach(SpoolerConnection::close);
    connections.clear();
    store.close();
    open();
  }

  MailboxSession client(String mailbox) {
    return store.session(connection(), mailbox);
  }

  /** A connection of its own to the store, closed with the fixture. */
  SpoolerConnection connection() {
    return closedWithFixture(new SpoolerConnection(store));
  }

  /** {@code c}, closed with the fixture (or at a crash). */
  SpoolerConnection closedWithFixture(SpoolerConnection c) {
    connections.add(c);
    return c;
  }

  /** A spooler's view of the queue as node {@code owner}, on a connection of its own. */
  SpoolerSession spoolerSession(String owner) {
    return store.spoolerSession(connection(), owner, LEASE);
  }

  /**
   * What a delivery thread of node {@code owner} runs, on {@code c}, with the spooler's default
   * back-off (5 minutes to 67 minutes, given up after 5 days).
   */
  MessageDelivery delivery(
      SpoolerConnection c,
      String owner,
      TransportProvider transport,
      MessageDelivery.Events events) {
    return new MessageDelivery(
        store,
        c,
        store.spoolerSession(c, owner, LEASE),
        new TransportChain(List.of(transport)),
        new RetryPolicy(Duration.ofMinutes(5), Duration.ofMinutes(67), Duration.ofDays(5)),
        events);
  }

  Spooler spooler(String owner, TransportProvider... transports) {
    Spooler s = new Spooler(store, settings(owner), List.of(transports));
    s.addListener(counters);
    s.addListener(events::add);
    return s;
  }

  Folder outbox(String mailbox) {
    return client(mailbox).openFolder(FolderKind.OUTBOX);
  }

  /** Submits from {@code mailbox@example.com} what {@code compose} writes besides the subject. */
  /**
   * A spooler that delivers on {@code threads} of {@code pool}, with no listener: a test adds the
   * ones it needs (its events come from the pool's threads).
   */
  Spooler pooled(String owner, ExecutorService pool, int threads, TransportProvider... transports) {
    return new Spooler(store, settings(owner), List.of(transports), pool, threads);
  }

  private static SpoolerSettings settings(String owner) {
    return SpoolerSettings.builder(owner).lease(LEASE).batchSize(10).build();
  }

  EntryId submit(String mailbox, String subject, Consumer<Message> compose) {
    return TestMessage.subject(subject)
        .from(mailbox + "@example.com")
        .with(compose)
        .submitIn(outbox(mailbox));
  }

  EntryId submitTo(String mailbox, String subject, String... smtp) {
    return TestMessage.subject(subject)
        .from(mailbox + "@example.com")
        .to(smtp)
        .submitIn(outbox(mailbox));
  }

  @Override
  public void close() {
    connections.forEach(SpoolerConnection::close);
    store.close();
  }
}
