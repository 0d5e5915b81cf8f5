package org.msgstore.spooler;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.msgstore.EntryId;
import org.msgstore.FolderKind;
import org.msgstore.Message;
import org.msgstore.PropTag;
import org.msgstore.RecipientType;
import org.msgstore.spi.TransportProvider;
import org.msgstore.store.MailboxSession;
import org.msgstore.store.MessageStore;
import org.msgstore.store.StoreSettings;

/** A store in a temporary folder, a client side to submit with, and spoolers over it. */
final class SpoolerFixture implements AutoCloseable {
  static final Duration LEASE = Duration.ofMinutes(2);
  final Path dir;
  final Clock clock;
  MessageStore store;
  private final List<SpoolerConnection> connections = new ArrayList<>();
  final SpoolerCounters counters = new SpoolerCounters();
  final List<SpoolerEvent> events = new ArrayList<>();

  SpoolerFixture(Path dir, Clock clock) {
    this.dir = dir;
    this.clock = clock;
    open();
  }

  void open() {
    store =
        MessageStore.open(
            new StoreSettings(
                "jdbc:h2:file:" + dir.resolve("store").toAbsolutePath(), "sa", "", 5000),
            clock);
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
    SpoolerConnection c = new SpoolerConnection(store);
    connections.add(c);
    return store.session(c, mailbox);
  }

  Spooler spooler(String owner, TransportProvider... transports) {
    SpoolerSettings settings = SpoolerSettings.builder(owner).lease(LEASE).batchSize(10).build();
    Spooler s = new Spooler(store, settings, List.of(transports));
    s.addListener(counters);
    s.addListener(events::add);
    return s;
  }

  EntryId submit(String mailbox, String subject, java.util.function.Consumer<Message> compose) {
    try (Message m = client(mailbox).openFolder(FolderKind.OUTBOX).createMessage()) {
      m.set(PropTag.PR_SUBJECT, subject);
      m.set(PropTag.PR_SENDER_EMAIL_ADDRESS, mailbox + "@example.com");
      compose.accept(m);
      EntryId id = m.entryId();
      m.submit();
      return id;
    }
  }

  EntryId submitTo(String mailbox, String subject, String... smtp) {
    return submit(
        mailbox,
        subject,
        m -> {
          for (String to : smtp) {
            m.addRecipient(RecipientType.TO, to, "SMTP", to);
          }
        });
  }

  @Override
  public void close() {
    connections.forEach(SpoolerConnection::close);
    store.close();
  }
}
