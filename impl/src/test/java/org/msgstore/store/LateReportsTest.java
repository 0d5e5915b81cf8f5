package org.msgstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.msgstore.EntryId;
import org.msgstore.FolderKind;
import org.msgstore.Message;
import org.msgstore.PropTag;
import org.msgstore.Recipient;
import org.msgstore.Row;
import org.msgstore.inflow.NewMailEvent;
import org.msgstore.store.LateReports.Result;
import org.msgstore.testing.TestMessage;

/**
 * Reports that come back after the relay's 250, on every database: a message to three recipients
 * was sent and filed into Sent Items; then one recipient bounces.
 */
class LateReportsTest extends OpenStoreContract {
  static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");
  final SettableClock clock = settableClockAt(T0);
  MailboxSession alice;
  LateReports late;
  long mailboxId;
  long messageId;
  final List<NewMailEvent> newMail = new ArrayList<>();

  @BeforeEach
  void sendAndFile() {
    alice = fixture.session("alice");
    late = fixture.store.lateReports();
    fixture.store.addNewMailListener("alice", newMail::add);
    byte[] sentItems = alice.getStoreProperty(PropTag.PR_IPM_SENTMAIL_ENTRYID);
    EntryId id =
        TestMessage.subject("Order 4711 confirmed")
            .with(m -> m.set(PropTag.PR_SENTMAIL_ENTRYID, sentItems))
            .from("shop@shop.example")
            .to("bob@dest.example", "carol@dest.example", "dave@dest.example")
            .submitIn(alice.openFolder(FolderKind.OUTBOX));
    SpoolerSession spooler = fixture.spoolerSession("node-1", Duration.ofMinutes(5));
    assertEquals(List.of(id), spooler.claim(1));
    try (HeldMessage held = spooler.openHeld(id)) {
      List<RecipientOutcome> delivered = new ArrayList<>();
      for (Recipient r : held.message().getRecipients()) {
        delivered.add(new RecipientOutcome.Delivered(r.rowId(), "smtp", T0));
      }
      spooler.finishDelivered(held, delivered, () -> null);
    }
    Row filed = alice.openFolder(FolderKind.SENT_ITEMS).getContentsTable().get(0);
    try (Message m = alice.openEntry(filed.entryId())) {
      messageId = ((StoreMessage) m).rowId();
    }
    mailboxId = alice.mailboxRecord().id();
    newMail.clear();
  }

  private int rowOf(String address) {
    Row filed = alice.openFolder(FolderKind.SENT_ITEMS).getContentsTable().get(0);
    try (Message m = alice.openEntry(filed.entryId())) {
      return m.getRecipients().stream()
          .filter(r -> r.address().equals(address))
          .findFirst()
          .orElseThrow()
          .rowId();
    }
  }

  private static LateReports.Failed userUnknown() {
    return new LateReports.Failed(
        "5.1.1", "550 5.1.1 <carol@dest.example>: user unknown", 1, 35, true);
  }

  private List<Row> inbox() {
    return alice.openFolder(FolderKind.INBOX).getContentsTable();
  }

  @Test
  void a_bounce_for_one_of_three_recipients_is_one_NDR_naming_only_that_recipient() {
    Result r =
        late.record(
            fixture.connection(),
            mailboxId,
            messageId,
            rowOf("carol@dest.example"),
            "reported@dest.example",
            userUnknown());

    assertEquals(Result.NDR_WRITTEN, r);
    List<Row> inbox = inbox();
    assertEquals(1, inbox.size());
    assertEquals("Report.IPM.Note.NDR", inbox.get(0).get(PropTag.PR_MESSAGE_CLASS));
    try (Message ndr = alice.openEntry(inbox.get(0).entryId())) {
      List<Recipient> rows = ndr.getRecipients();
      assertEquals(List.of("carol@dest.example"), rows.stream().map(Recipient::address).toList());
      assertEquals(35, rows.get(0).get(PropTag.PR_NDR_DIAG_CODE));
      String text = rows.get(0).get(PropTag.PR_REPORT_TEXT);
      assertTrue(text.contains("550 5.1.1 <carol@dest.example>: user unknown"), text);
    }
    assertEquals(1, newMail.size(), "new mail raised for the NDR");
    assertTrue(
        fixture
            .store
            .suppressionList()
            .find(fixture.connection(), "carol@dest.example")
            .isPresent(),
        "a permanent failure suppresses the address");
    assertTrue(
        fixture.store.suppressionList().find(fixture.connection(), "bob@dest.example").isEmpty());
  }

  @Test
  void the_same_bounce_read_again_writes_no_second_NDR() {
    int carol = rowOf("carol@dest.example");
    late.record(
        fixture.connection(), mailboxId, messageId, carol, "reported@dest.example", userUnknown());
    Result again =
        late.record(
            fixture.connection(),
            mailboxId,
            messageId,
            carol,
            "reported@dest.example",
            userUnknown());
    assertEquals(Result.ALREADY_RECORDED, again);
    assertEquals(1, inbox().size());
  }

  @Test
  void a_late_failure_of_a_recipient_that_failed_already_writes_no_second_NDR() {
    EntryId id =
        TestMessage.subject("Refused later at once")
            .from("shop@shop.example")
            .to("erin@dest.example")
            .submitIn(alice.openFolder(FolderKind.OUTBOX));
    SpoolerSession spooler = fixture.spoolerSession("node-1", Duration.ofMinutes(5));
    assertEquals(List.of(id), spooler.claim(1));
    long failedId;
    int erin;
    try (HeldMessage held = spooler.openHeld(id)) {
      erin = held.message().getRecipients().get(0).rowId();
      failedId = held.messageRowId();
      // A second attempt was refused (the first copy's 250 was lost with its connection).
      spooler.finishDelivered(
          held,
          List.of(new RecipientOutcome.Failed(erin, "550 5.2.2 mailbox full", 1, 35, T0)),
          () -> null);
    }
    assertEquals(1, inbox().size(), "the NDR of the refusal");

    // The relay's report of the first copy comes back later.
    Result r =
        late.record(
            fixture.connection(),
            mailboxId,
            failedId,
            erin,
            "erin@dest.example",
            new LateReports.Failed("5.2.2", "552 5.2.2 mailbox full", 1, 35, true));

    assertEquals(Result.RECORDED, r);
    assertEquals(1, inbox().size(), "no second NDR");
  }

  @Test
  void a_delay_is_recorded_without_a_report_and_a_later_failure_still_reports() {
    int dave = rowOf("dave@dest.example");
    assertEquals(
        Result.RECORDED,
        late.record(
            fixture.connection(),
            mailboxId,
            messageId,
            dave,
            "reported@dest.example",
            new LateReports.Delayed("4.4.1", "connection timed out")));
    assertTrue(inbox().isEmpty());
    assertEquals(
        Result.NDR_WRITTEN,
        late.record(
            fixture.connection(),
            mailboxId,
            messageId,
            dave,
            "reported@dest.example",
            new LateReports.Failed("4.4.7", "gave up after 3 days", 0, 5, false)));
    assertTrue(
        fixture.store.suppressionList().find(fixture.connection(), "dave@dest.example").isEmpty(),
        "a failure that is not permanent does not suppress");
  }

  @Test
  void a_delivery_notice_is_recorded_without_a_second_DR() {
    // The DR the sender asked for was written when the relay accepted the message.
    assertEquals(
        Result.RECORDED,
        late.record(
            fixture.connection(),
            mailboxId,
            messageId,
            rowOf("bob@dest.example"),
            "bob@dest.example",
            new LateReports.Delivered(false, "2.0.0", "250 2.0.0 queued")));
    assertTrue(inbox().isEmpty());
  }

  @Test
  void a_complaint_suppresses_the_address_and_reports_nothing_to_the_sender() {
    assertEquals(
        Result.RECORDED,
        late.record(
            fixture.connection(),
            mailboxId,
            messageId,
            rowOf("bob@dest.example"),
            "reported@dest.example",
            new LateReports.Complained("abuse")));
    assertTrue(inbox().isEmpty());
    assertEquals(
        SuppressionList.Source.COMPLAINT,
        fixture
            .store
            .suppressionList()
            .find(fixture.connection(), "bob@dest.example")
            .orElseThrow()
            .source());
  }

  @Test
  void a_report_for_another_mailbox_or_a_row_the_message_lacks_changes_nothing() {
    int carol = rowOf("carol@dest.example");
    assertEquals(
        Result.UNKNOWN_MESSAGE,
        late.record(
            fixture.connection(),
            mailboxId + 1,
            messageId,
            carol,
            "carol@dest.example",
            userUnknown()));
    assertEquals(
        Result.UNKNOWN_MESSAGE,
        late.record(
            fixture.connection(), mailboxId, messageId, 99, "carol@dest.example", userUnknown()));
    assertTrue(inbox().isEmpty());
    assertTrue(
        fixture.store.suppressionList().find(fixture.connection(), "carol@dest.example").isEmpty());
  }

  @Test
  void a_hard_bounce_for_a_message_deleted_since_still_suppresses_the_reported_address() {
    long deleted = messageId + 1000; // a token's ids are verified: a missing row was deleted
    assertEquals(
        Result.MESSAGE_GONE,
        late.record(
            fixture.connection(), mailboxId, deleted, 0, "erin@dest.example", userUnknown()));
    assertTrue(inbox().isEmpty(), "no message to report on");
    assertEquals(
        SuppressionList.Source.BOUNCE,
        fixture
            .store
            .suppressionList()
            .find(fixture.connection(), "erin@dest.example")
            .orElseThrow()
            .source());
    assertEquals(
        Result.ALREADY_RECORDED,
        late.record(
            fixture.connection(), mailboxId, deleted, 0, "erin@dest.example", userUnknown()));
  }

  private Recipient sentRow(String address) {
    Row filed = alice.openFolder(FolderKind.SENT_ITEMS).getContentsTable().get(0);
    try (Message m = alice.openEntry(filed.entryId())) {
      return m.getRecipients().stream()
          .filter(r -> r.address().equals(address))
          .findFirst()
          .orElseThrow();
    }
  }

  @Test
  void a_delay_shows_on_the_recipient_row_of_the_sent_message_and_a_later_failure_replaces_it() {
    int dave = rowOf("dave@dest.example");
    clock.set(T0.plusSeconds(60));
    late.record(
        fixture.connection(),
        mailboxId,
        messageId,
        dave,
        "dave@dest.example",
        new LateReports.Delayed("4.4.1", "connection timed out (reported by mx.dest.example)"));
    Recipient delayed = sentRow("dave@dest.example");
    assertEquals(
        "delayed, still being tried by the remote system: 4.4.1 connection timed out (reported by"
            + " mx.dest.example)",
        delayed.get(PropTag.PR_REPORT_TEXT));
    assertEquals(T0.plusSeconds(60), delayed.get(PropTag.PR_REPORT_TIME));
    assertEquals(null, delayed.get(PropTag.PR_NDR_DIAG_CODE), "a delay is no failure");
    assertEquals(null, sentRow("bob@dest.example").get(PropTag.PR_REPORT_TEXT), "others untouched");

    late.record(
        fixture.connection(),
        mailboxId,
        messageId,
        dave,
        "dave@dest.example",
        new LateReports.Failed("5.4.7", "gave up after 5 days", 1, 5, true));
    Recipient failed = sentRow("dave@dest.example");
    assertEquals(5, failed.get(PropTag.PR_NDR_DIAG_CODE));
    assertEquals(1, failed.get(PropTag.PR_NDR_REASON_CODE));
    assertTrue(failed.get(PropTag.PR_REPORT_TEXT).contains("gave up after 5 days"));
  }

  @Test
  void a_hard_bounce_suppresses_for_the_configured_expiry() {
    fixture.store.suppressionList().setReportExpiry(Duration.ofDays(7));
    late.record(
        fixture.connection(),
        mailboxId,
        messageId,
        rowOf("carol@dest.example"),
        "carol@dest.example",
        userUnknown());
    assertEquals(
        java.util.Optional.of(T0.plus(Duration.ofDays(7))),
        fixture
            .store
            .suppressionList()
            .find(fixture.connection(), "carol@dest.example")
            .orElseThrow()
            .expires());
  }
}
