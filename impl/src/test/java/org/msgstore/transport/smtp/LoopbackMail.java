package org.msgstore.transport.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.XAConnection;
import org.msgstore.EntryId;
import org.msgstore.Folder;
import org.msgstore.FolderKind;
import org.msgstore.Message;
import org.msgstore.MessageStoreConnection;
import org.msgstore.OpenFlag;
import org.msgstore.PropTag;
import org.msgstore.spooler.Spooler;
import org.msgstore.spooler.SpoolerSettings;
import org.msgstore.store.MailboxSession;
import org.msgstore.store.MessageStore;
import org.msgstore.store.SettableClock;
import org.msgstore.testing.PlainConnection;
import org.msgstore.testing.TestStores;
import org.msgstore.testing.TestTransportContext;

/**
 * A store on H2, its mailbox "shop" as an application's connection sees it, and (once {@link
 * #startSmtp} ran) the spooler with the real SMTP transport delivering to GreenMail on loopback.
 */
final class LoopbackMail implements AutoCloseable {
  final MessageStore store;
  private final XAConnection physical;
  final MailboxSession shop;
  private GreenMail greenMail;
  private SmtpTransport smtp;
  private Spooler spooler;

  LoopbackMail(Path dir) throws Exception {
    store =
        MessageStore.open(
            TestStores.h2(dir), new SettableClock(Instant.parse("2026-11-24T12:00:00Z")));
    physical = store.openXAConnection();
    shop = store.session(new PlainConnection(physical.getConnection()), "shop");
  }

  void startSmtp() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    greenMail.start();
    smtp = TestTransportContext.startedSmtp(TestTransportContext.smtpLoopback(port));
    spooler =
        new Spooler(
            store,
            SpoolerSettings.builder("node-1").lease(Duration.ofMinutes(2)).batchSize(10).build(),
            List.of(smtp));
  }

  /** Runs the spooler once and returns the one message the SMTP server received. */
  MimeMessage deliverOne() throws Exception {
    assertEquals(1, spooler.runOnce(), "one message delivered");
    assertTrue(greenMail.waitForIncomingEmail(5_000, 1), "received within 5 s");
    MimeMessage[] received = greenMail.getReceivedMessages();
    assertEquals(1, received.length);
    return received[0];
  }

  /** A new message in the Outbox of "shop", from shop@example.com to alice@example.com. */
  Message draft() {
    Message m = shop.openFolder(FolderKind.OUTBOX).createMessage();
    m.set(PropTag.PR_SUBJECT, "Order 42 confirmed");
    m.set(PropTag.PR_BODY, "Thank you.");
    m.set(PropTag.PR_SENDER_EMAIL_ADDRESS, "shop@example.com");
    m.addRecipient(org.msgstore.RecipientType.TO, "Alice", "SMTP", "alice@example.com");
    return m;
  }

  /** The mailbox as an application's connection: what {@code Compose.in} takes. */
  MessageStoreConnection connection() {
    return new MessageStoreConnection() {
      @Override
      public String mailbox() {
        return shop.mailbox();
      }

      @Override
      public Folder openFolder(FolderKind kind) {
        return shop.openFolder(kind);
      }

      @Override
      public Folder openFolder(EntryId folderId) {
        return shop.openFolder(folderId);
      }

      @Override
      public Message openEntry(EntryId entryId, OpenFlag... flags) {
        return shop.openEntry(entryId, flags);
      }

      @Override
      public void abortSubmit(EntryId entryId) {
        shop.abortSubmit(entryId);
      }

      @Override
      public void abortSubmit(EntryId entryId, int flags) {
        shop.abortSubmit(entryId, flags);
      }

      @Override
      public <T> T getStoreProperty(PropTag<T> tag) {
        return shop.getStoreProperty(tag);
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public void close() throws Exception {
    if (spooler != null) {
      spooler.close();
      greenMail.stop();
    }
    physical.close();
    store.close();
  }
}
