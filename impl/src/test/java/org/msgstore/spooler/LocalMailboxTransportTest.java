package org.msgstore.spooler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msgstore.FolderKind;
import org.msgstore.Message;
import org.msgstore.PropTag;
import org.msgstore.RecipientType;
import org.msgstore.Row;
import org.msgstore.inflow.NewMailEvent;
import org.msgstore.store.LocalCoupling;
import org.msgstore.store.SettableClock;
import org.msgstore.transport.local.LocalMailboxTransport;

/** The built-in local-mailbox transport: coupled inside submit(), and on the spooler path. */
class LocalMailboxTransportTest {
  @TempDir Path dir;
  SettableClock clock = new SettableClock(Instant.parse("2026-11-24T12:00:00Z"));
  SpoolerFixture f;
  FakeTransport smtp = new FakeTransport("smtp", Set.of("SMTP"));
  LocalMailboxTransport local = new LocalMailboxTransport();
  Spooler spooler;
  List<NewMailEvent> bobMail = new ArrayList<>();

  @BeforeEach
  void open() {
    f = new SpoolerFixture(dir, clock);
    f.client("bob"); // bob's mailbox exists; nobody else's does
    f.store.submitSupport().setCoupledTransport(new LocalCoupling(Set.of("shop.example")));
    f.store.addNewMailListener("bob@shop.example", bobMail::add);
    f.client("bob@shop.example");
    spooler = f.spooler("node-1", local, smtp);
    spooler.startTransports(Map.of("localDomains", "Shop.Example"));
  }

  @AfterEach
  void close() {
    spooler.close();
    f.close();
  }

  List<Row> inbox(String mailbox) {
    return f.client(mailbox).openFolder(FolderKind.INBOX).getContentsTable();
  }

  @Test
  void R74_R77_local_recipients_are_delivered_inside_submit_and_raise_new_mail() {
    f.submit(
        "alice",
        "hi bob",
        m -> {
          m.addRecipient(RecipientType.TO, "Bob", "MSGSTORE", "bob");
          m.addRecipient(RecipientType.CC, "Bob at the shop", "SMTP", "Bob@shop.example");
        });
    assertEquals(1, inbox("bob").size());
    assertEquals(1, inbox("bob@shop.example").size());
    assertEquals(1, bobMail.size());
    assertEquals(0, spooler.runOnce(), "never queued");
  }

  @Test
  void a_deferred_local_message_goes_through_the_spooler_and_an_unknown_mailbox_gets_an_NDR() {
    f.submit(
        "alice",
        "later",
        m -> {
          m.set(PropTag.PR_DEFERRED_SEND_NUMBER, 10);
          m.set(PropTag.PR_DEFERRED_SEND_UNITS, 0);
          m.addRecipient(RecipientType.TO, "Bob", "MSGSTORE", "bob");
          m.addRecipient(RecipientType.TO, "Nobody", "MSGSTORE", "nobody");
          m.addRecipient(RecipientType.TO, "Ext", "SMTP", "ext@example.com");
        });
    assertTrue(inbox("bob").isEmpty(), "deferred: not delivered inside submit");
    clock.advance(Duration.ofMinutes(10));
    assertEquals(1, spooler.runOnce());
    assertEquals(1, inbox("bob").size());
    assertEquals(
        List.of("ext@example.com"),
        smtp.offeredAddresses(),
        "SMTP outside the local domains goes on to the SMTP transport");
    List<Row> aliceInbox = inbox("alice");
    assertEquals(1, aliceInbox.size());
    try (Message ndr = f.client("alice").openEntry(aliceInbox.get(0).entryId())) {
      assertEquals("nobody", ndr.getRecipients().get(0).address());
      assertEquals(35, ndr.getRecipients().get(0).get(PropTag.PR_NDR_DIAG_CODE));
    }
  }
}
