package org.msgstore.spooler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.msgstore.Attachment;
import org.msgstore.EntryId;
import org.msgstore.FolderKind;
import org.msgstore.PropTag;
import org.msgstore.spi.OutboundMessage;
import org.msgstore.store.HeldMessage;
import org.msgstore.store.MessageStore;
import org.msgstore.store.OutsideTransaction;
import org.msgstore.store.PostgresCluster;
import org.msgstore.store.SpoolerSession;
import org.msgstore.store.StoreSettings;
import org.msgstore.store.jdbc.StoreSchema;
import org.msgstore.testing.AcceptingSmtpTransport;
import org.msgstore.testing.TestMessage;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The spooler on a store in an application's datasource: it takes a connection from the pool for
 * each call or transaction and gives it back, also while a transport streams attachment content
 * between other store calls.
 */
@ExtendWith(PostgresCluster.Extension.class)
class SpoolerOnApplicationDataSourceTest {
  @TempDir Path dir;
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger borrowed = new AtomicInteger();
  private final AtomicInteger mostOpenAtOnce = new AtomicInteger();
  private SpoolerFixture f;

  @BeforeEach
  void start() {
    StoreSettings database = PostgresCluster.get().newDatabase();
    PGSimpleDataSource pg = new PGSimpleDataSource();
    pg.setURL(database.jdbcUrl());
    pg.setUser(database.user());
    DataSource counted = counting(pg);
    f =
        new SpoolerFixture(
            dir,
            Clock.systemUTC(),
            clock ->
                MessageStore.openShared(
                    counted,
                    "test/AppDS",
                    StoreSchema.named("store"),
                    OutsideTransaction.ON_THIS_THREAD,
                    clock));
  }

  @AfterEach
  void stop() {
    f.close();
  }

  @Test
  void messages_with_attachments_are_delivered_and_filed_and_no_connection_stays_out()
      throws Exception {
    byte[] sentItems = f.client("alice").getStoreProperty(PropTag.PR_IPM_SENTMAIL_ENTRYID);
    for (int i = 0; i < 3; i++) {
      TestMessage.subject("m" + i)
          .with(m -> m.set(PropTag.PR_SENTMAIL_ENTRYID, sentItems))
          .from("alice@example.com")
          .to("bob@example.com")
          .attachment("large.bin", "application/octet-stream", 100_000)
          .attachment("small.txt", "text/plain", 1_000)
          .submitIn(f.outbox("alice"));
    }
    List<Long> read = new CopyOnWriteArrayList<>();
    Spooler s = f.spooler("node-1", new ReadingTransport(read));
    int delivered = 0;
    for (int round = 0; round < 10 && delivered < 3; round++) {
      delivered += s.runOnce();
    }
    s.close();

    assertEquals(List.of(100_000L, 1_000L, 100_000L, 1_000L, 100_000L, 1_000L), read);
    assertEquals(3, f.client("alice").openFolder(FolderKind.SENT_ITEMS).getContentsTable().size());
    assertEquals(0, open.get(), "every connection went back to the datasource");
  }

  @Test
  void opening_a_claimed_message_takes_one_connection_from_the_datasource() {
    EntryId id =
        TestMessage.subject("one read")
            .from("alice@example.com")
            .to("bob@example.com", "carol@example.com")
            .attachment("small.txt", "text/plain", 1_000)
            .submitIn(f.outbox("alice"));
    SpoolerSession session = f.spoolerSession("node-1");
    assertEquals(List.of(id), session.claim(1));
    borrowed.set(0);
    mostOpenAtOnce.set(0);

    try (HeldMessage held = session.openHeld(id)) {
      assertEquals(2, held.message().getRecipients().size());
      assertEquals(1, held.message().getAttachments().size());
    }

    // message, queue row, recipients and attachment list are read in one unit of work: one
    // connection from the pool, never a second one while the first is out
    assertEquals(1, borrowed.get(), "connections taken to open the message");
    assertEquals(1, mostOpenAtOnce.get(), "connections out at once");
  }

  /** Reads every attachment to its end while the message is being delivered. */
  private static final class ReadingTransport extends AcceptingSmtpTransport {
    private final List<Long> read;

    ReadingTransport(List<Long> read) {
      this.read = read;
    }

    @Override
    protected void read(OutboundMessage message) throws IOException {
      for (Attachment a : message.attachments()) {
        try (InputStream in = a.openStream()) {
          message.recipients(); // another store call while the stream is open
          read.add((long) in.readAllBytes().length);
        }
      }
    }
  }

  /** {@code ds}, counting the connections it has handed out and not yet had back. */
  private DataSource counting(DataSource ds) {
    return (DataSource)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              Object result = invoke(ds, method, args);
              if (result instanceof Connection c) {
                borrowed.incrementAndGet();
                mostOpenAtOnce.accumulateAndGet(open.incrementAndGet(), Math::max);
                return closeCounted(c);
              }
              return result;
            });
  }

  private Connection closeCounted(Connection c) {
    AtomicInteger closes = new AtomicInteger();
    return (Connection)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              if (method.getName().equals("close") && closes.getAndIncrement() == 0) {
                open.decrementAndGet();
              }
              return invoke(c, method, args);
            });
  }

  private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
