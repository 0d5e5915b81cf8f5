package org.msgstore.transport.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.msgstore.Attachment;
import org.msgstore.PropTag;
import org.msgstore.RecipientType;
import org.msgstore.spi.DeliveryResult;
import org.msgstore.spi.DeliveryResult.Deferred;
import org.msgstore.spi.DeliveryResult.Delivered;

/**
 * What a send that stops half-way leaves behind: the session it was on, and the verdicts of the
 * transactions the relay already accepted. The scripted server's connections and accepted messages
 * are the evidence.
 */
class MidSendFailureTest {
  @AutoClose private final ScriptedRelay relay = new ScriptedRelay();
  private final ScriptedSmtpServer server = relay.server;
  private SmtpTransport transport;

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted(); // a test that failed before clearing it must not break the shutdown
  }

  private SmtpTransport transport(boolean verp) {
    Map<String, String> settings = relay.settings();
    if (verp) {
      settings.put("bounceAddress", "bounces@app.example.com");
      settings.put("bounceSigningKeys", "first-signing-key-0123");
    }
    transport = relay.start(settings);
    return transport;
  }

  /** An attachment whose content fails with an Error after its first bytes, as mid-DATA. */
  private record FailingAttachment(Error error) implements Attachment {
    @Override
    public int number() {
      return 0;
    }

    @Override
    public String fileName() {
      return "report.pdf";
    }

    @Override
    public String mimeType() {
      return "application/pdf";
    }

    @Override
    public long size() {
      return 1 << 20;
    }

    @Override
    public InputStream openStream() {
      return new InputStream() {
        private int given;

        @Override
        public int read() {
          if (given++ < 8_192) {
            return 'x';
          }
          throw error;
        }
      };
    }
  }

  @Test
  void
      an_error_thrown_mid_data_discards_the_session_and_the_next_message_arrives_intact_on_a_new_one()
          throws Exception {
    SmtpTransport t = transport(false);
    FakeMessage broken =
        FakeMessage.from("alice@sender.test", "Alice")
            .to(RecipientType.TO, "Bob", "bob@rcpt.test")
            .attach(new FailingAttachment(new OutOfMemoryError("thrown by the test's attachment")));
    assertThrows(OutOfMemoryError.class, () -> t.deliver(broken, broken.offered()));

    FakeMessage next =
        FakeMessage.from("alice@sender.test", "Alice")
            .messageId("<msg-2@msgstore.test>")
            .with(PropTag.PR_SUBJECT, "The next one")
            .to(RecipientType.TO, "Carol", "carol@rcpt.test");
    List<DeliveryResult> v = t.deliver(next, next.offered());

    assertInstanceOf(Delivered.class, v.get(0), v.toString());
    assertEquals(2, server.connections.get(), "the half-written session is closed, never reused");
    assertEquals(1, server.received.size(), "only the next message was accepted");
    ScriptedSmtpServer.Received r = server.received.peek();
    assertEquals("alice@sender.test", r.mailFrom());
    assertEquals(List.of("carol@rcpt.test"), r.rcptTo());
    assertTrue(r.data().contains("Subject: The next one"), r.data());
    assertFalse(r.data().contains("MAIL FROM"), "no command became body text");
  }

  @Test
  void an_interrupt_while_borrowing_for_a_later_transaction_keeps_the_verdicts_the_relay_gave()
      throws Exception {
    // Each transaction needs a new session, so the second one borrows; the interrupt arrives while
    // the relay takes the first recipient, and is seen by that borrow.
    server.closeAfterMessage = true;
    Thread deliverer = Thread.currentThread();
    server.rcptReply =
        address -> {
          if (address.startsWith("bob")) {
            deliverer.interrupt();
          }
          return "250 2.1.5 OK";
        };
    SmtpTransport t = transport(true);
    FakeMessage m =
        FakeMessage.from("alice@sender.test", "Alice")
            .to(RecipientType.TO, "Bob", "bob@rcpt.test")
            .to(RecipientType.TO, "Carol", "carol@rcpt.test")
            .to(RecipientType.TO, "Dave", "dave@rcpt.test");

    List<DeliveryResult> v = t.deliver(m, m.offered());

    assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
    assertInstanceOf(Delivered.class, v.get(0), "the relay took it: not to be sent again " + v);
    for (DeliveryResult later : v.subList(1, 3)) {
      Deferred d = assertInstanceOf(Deferred.class, later, v.toString());
      assertTrue(d.reason().contains("interrupted"), d.reason());
    }
    assertEquals(
        List.of("bob@rcpt.test"), server.received.stream().map(r -> r.rcptTo().get(0)).toList());
  }
}
