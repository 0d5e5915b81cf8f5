package org.msgstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.msgstore.EntryId;
import org.msgstore.FolderKind;
import org.msgstore.Message;
import org.msgstore.PropTag;
import org.msgstore.Recipient;
import org.msgstore.RecipientType;
import org.msgstore.Row;
import org.msgstore.inflow.NewMailEvent;
import org.msgstore.testing.TestMessage;

/** The tightly coupled path through the store's hook, with a test transport (R74–R76, R77). */
class CoupledSubmitTest extends OpenStoreContract {
  MailboxSession alice;
  SpoolerSession spooler;
  List<QueueEvent> queueEvents = new ArrayList<>();
  List<NewMailEvent> bobMail = new ArrayList<>();
  List<String> offeredAddresses = new ArrayList<>();

  /** Delivers to address type LOCAL, whose address is a mailbox name of this store. */
  final CoupledTransport local =
      new CoupledTransport() {
        @Override
        public boolean handles(String addressType, String address) {
          return "LOCAL".equalsIgnoreCase(addressType);
        }

        @Override
        public void deliver(CoupledDelivery delivery) {
          for (Recipient r : delivery.offered()) {
            offeredAddresses.add(r.address());
            delivery.deliverToInbox(r.rowId(), r.address());
          }
        }
      };

  @BeforeEach
  void open() {
    fixture.store.submitSupport().setCoupledTransport(local);
    fixture.store.addQueueListener(queueEvents::add);
    fixture.store.addNewMailListener("bob", bobMail::add);
    alice = fixture.session("alice");
    fixture.session("bob"); // delivery never creates a mailbox: the recipients' exist
    fixture.session("carol");
    spooler = fixture.spoolerSession("node-1", Duration.ofMinutes(5));
  }

  @Test
  void R74_when_the_coupled_transport_takes_every_recipient_submit_delivers_files_and_never_queues()
      throws Exception {
    Message m = alice.openFolder(FolderKind.OUTBOX).createMessage();
    m.set(PropTag.PR_SUBJECT, "local only");
    m.set(PropTag.PR_SENTMAIL_ENTRYID, alice.getStoreProperty(PropTag.PR_IPM_SENTMAIL_ENTRYID));
    m.addRecipient(RecipientType.TO, "Bob", "LOCAL", "bob");
    m.addRecipient(RecipientType.CC, "Bob's other row", "LOCAL", "bob");
    m.addRecipient(RecipientType.BCC, "Carol", "LOCAL", "carol");
    m.addAttachment(
        "note.txt", "text/plain", new ByteArrayInputStream("hi".getBytes(StandardCharsets.UTF_8)));
    m.submit();

    assertTrue(spooler.getOutgoingQueue(0).isEmpty());
    assertTrue(queueEvents.isEmpty(), "the message never appeared in the queue");
    assertEquals(
        List.of("bob", "carol"), offeredAddresses, "the repeat of bob was not offered twice");
    assertTrue(alice.openFolder(FolderKind.OUTBOX).getContentsTable().isEmpty());
    assertEquals(
        1,
        alice.openFolder(FolderKind.SENT_ITEMS).getContentsTable().size(),
        "filed per PR_SENTMAIL_ENTRYID");

    MailboxSession bob = fixture.session("bob");
    List<Row> inbox = bob.openFolder(FolderKind.INBOX).getContentsTable();
    assertEquals(1, inbox.size(), "one copy per mailbox");
    try (Message got = bob.openEntry(inbox.get(0).entryId())) {
      assertEquals("local only", got.get(PropTag.PR_SUBJECT));
      assertTrue(
          got.getRecipients().stream().noneMatch(r -> r.type() == RecipientType.BCC),
          "Bcc rows are not in delivered copies");
      try (InputStream in = got.getAttachments().get(0).openStream()) {
        assertEquals("hi", new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    assertEquals(1, bobMail.size(), "R77: the delivery raised new mail after commit");
    assertEquals(inbox.get(0).entryId(), bobMail.get(0).entryId());
    assertEquals(
        1, fixture.session("carol").openFolder(FolderKind.INBOX).getContentsTable().size());
  }

  @Test
  void R75_when_it_takes_only_some_recipients_those_are_TRUE_and_the_rest_is_queued() {
    EntryId id = toBobAndExt("mixed").submitIn(alice.openFolder(FolderKind.OUTBOX));

    assertEquals(List.of(id), spooler.getOutgoingQueue(0).stream().map(Row::entryId).toList());
    assertEquals(
        0,
        spooler.getOutgoingQueue(0).get(0).get(PropTag.PR_SUBMIT_FLAGS),
        "queued without SUBMITFLAG_PREPROCESS");
    try (Message queued = alice.openEntry(id)) {
      List<Recipient> rows = queued.getRecipients();
      assertTrue(rows.get(0).responsibility(), "delivered inside submit()");
      assertFalse(rows.get(1).responsibility(), "left for the spooler");
    }
    assertEquals(1, fixture.session("bob").openFolder(FolderKind.INBOX).getContentsTable().size());
  }

  @Test
  void R76_submitting_from_the_inbox_behaves_like_submitting_from_the_outbox() {
    toBobAndExt("from the inbox").submitIn(alice.openFolder(FolderKind.INBOX));
    assertEquals(1, spooler.getOutgoingQueue(0).size());
    assertEquals(1, fixture.session("bob").openFolder(FolderKind.INBOX).getContentsTable().size());
  }

  /** To bob, whom the coupled transport takes, and to an SMTP address, which it leaves. */
  private static TestMessage toBobAndExt(String subject) {
    return TestMessage.subject(subject)
        .recipient(RecipientType.TO, "Bob", "LOCAL", "bob")
        .recipient(RecipientType.TO, "Ext", "ext@example.com");
  }

  @Test
  void a_deferred_message_is_not_delivered_inside_submit() {
    Message m = alice.openFolder(FolderKind.OUTBOX).createMessage();
    m.set(PropTag.PR_DEFERRED_SEND_NUMBER, 1);
    m.set(PropTag.PR_DEFERRED_SEND_UNITS, 1);
    m.addRecipient(RecipientType.TO, "Bob", "LOCAL", "bob");
    m.submit();
    assertEquals(1, spooler.getOutgoingQueue(0).size());
    assertTrue(offeredAddresses.isEmpty());
  }
}
