package org.msgstore.spooler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msgstore.FolderKind;
import org.msgstore.Message;
import org.msgstore.PropTag;
import org.msgstore.Recipient;
import org.msgstore.Row;
import org.msgstore.spi.OutboundRecipient;
import org.msgstore.store.SettableClock;
import org.msgstore.store.SuppressionList;

/**
 * The spooler and the suppression list: an address on it gets its NDR at once, without being
 * offered to any transport, and the message's other recipients go out as usual.
 */
class SuppressedRecipientTest {
  static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

  @TempDir Path dir;
  SettableClock clock = new SettableClock(T0);
  @AutoClose SpoolerFixture f;
  FakeTransport smtp = new FakeTransport("smtp", Set.of("SMTP"));

  @BeforeEach
  void open() {
    f = new SpoolerFixture(dir, clock);
  }

  @Test
  void a_suppressed_address_gets_an_NDR_naming_the_entry_and_no_SMTP_transaction()
      throws Exception {
    f.store
        .suppressionList()
        .add(
            f.connection(),
            "Gone@Dest.Example",
            "550 5.1.1 user unknown (reported after the relay accepted it)",
            SuppressionList.Source.BOUNCE,
            null,
            null);
    f.submitTo("alice", "Order 4711", "gone@dest.example", "ok@dest.example");

    f.spooler("node-1", smtp).runOnce();

    List<String> offered =
        smtp.offers.stream().flatMap(List::stream).map(OutboundRecipient::address).toList();
    assertEquals(List.of("ok@dest.example"), offered, "the suppressed address was never offered");
    List<Row> inbox = f.client("alice").openFolder(FolderKind.INBOX).getContentsTable();
    assertEquals(1, inbox.size());
    try (Message ndr = f.client("alice").openEntry(inbox.get(0).entryId())) {
      List<Recipient> rows = ndr.getRecipients();
      assertEquals(1, rows.size());
      assertEquals("gone@dest.example", rows.get(0).address());
      assertEquals(38, rows.get(0).get(PropTag.PR_NDR_DIAG_CODE), "MAPI_DIAG_MAIL_REFUSED");
      String text = rows.get(0).get(PropTag.PR_REPORT_TEXT);
      assertTrue(text.contains("is on the suppression list since " + T0), text);
      assertTrue(text.endsWith("(bounce)"), text);
      assertTrue(!text.contains("550"), "another sender's diagnostic is not shown: " + text);
    }
  }

  @Test
  void an_address_taken_off_the_list_is_sent_to_again_at_once() {
    SuppressionList list = f.store.suppressionList();
    list.find(f.connection(), "back@dest.example"); // the snapshot is read before the changes
    list.add(
        f.connection(),
        "back@dest.example",
        "complaint",
        SuppressionList.Source.COMPLAINT,
        7L,
        null);
    assertTrue(list.remove(f.connection(), "BACK@dest.example"));
    f.submitTo("alice", "Welcome back", "back@dest.example");

    f.spooler("node-1", smtp).runOnce();

    assertEquals(1, smtp.offers.size());
    assertTrue(f.client("alice").openFolder(FolderKind.INBOX).getContentsTable().isEmpty());
  }

  @Test
  void an_expired_entry_no_longer_suppresses() {
    f.store
        .suppressionList()
        .add(
            f.connection(),
            "later@dest.example",
            "mailbox full",
            SuppressionList.Source.ADMINISTRATOR,
            null,
            Duration.ofDays(30));
    clock.set(T0.plus(Duration.ofDays(30)));
    f.submitTo("alice", "A month later", "later@dest.example");

    f.spooler("node-1", smtp).runOnce();

    assertEquals(1, smtp.offers.size(), "offered once the entry expired");
  }
}
