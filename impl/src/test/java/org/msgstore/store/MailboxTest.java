package org.msgstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.msgstore.store.BadInputTest.refused;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.msgstore.DeleteResult;
import org.msgstore.EntryId;
import org.msgstore.Folder;
import org.msgstore.FolderKind;
import org.msgstore.MapiError;
import org.msgstore.MapiWarning;
import org.msgstore.Message;
import org.msgstore.PropTag;
import org.msgstore.StoreSupport;

class MailboxTest extends OpenStoreContract {

  @Test
  void a_mailbox_is_created_on_first_use_with_inbox_outbox_sent_items_deleted_items_and_drafts() {
    MailboxSession s = fixture.session("new.user@example.com");
    Set<EntryId> ids = new HashSet<>();
    for (FolderKind kind : FolderKind.values()) {
      Folder f = s.openFolder(kind);
      assertEquals(kind, f.kind());
      assertEquals(kind.displayName(), f.displayName());
      ids.add(f.entryId());
      assertEquals(kind, s.openFolder(f.entryId()).kind());
    }
    assertEquals(5, ids.size());
    assertEquals(
        s.openFolder(FolderKind.OUTBOX).entryId(),
        EntryId.of(s.getStoreProperty(PropTag.PR_IPM_OUTBOX_ENTRYID)));
    assertEquals(
        s.openFolder(FolderKind.SENT_ITEMS).entryId(),
        EntryId.of(s.getStoreProperty(PropTag.PR_IPM_SENTMAIL_ENTRYID)));
    assertEquals("new.user@example.com", s.getStoreProperty(PropTag.PR_DISPLAY_NAME));
  }

  @Test
  void the_same_mailbox_opened_again_or_after_a_restart_has_the_same_folders() throws Exception {
    EntryId inbox = fixture.session("alice").openFolder(FolderKind.INBOX).entryId();
    assertEquals(inbox, fixture.session("alice").openFolder(FolderKind.INBOX).entryId());
    fixture.close();
    fixture = openFixture();
    assertEquals(inbox, fixture.session("alice").openFolder(FolderKind.INBOX).entryId());
  }

  @Test
  void an_entry_id_of_another_mailbox_opens_as_MAPI_E_NOT_FOUND_and_never_shows_its_data() {
    MailboxSession alice = fixture.session("alice");
    EntryId secret;
    try (Message m = alice.openFolder(FolderKind.DRAFTS).createMessage()) {
      m.set(PropTag.PR_SUBJECT, "alice's secret");
      m.saveChanges();
      secret = m.entryId();
    }
    MailboxSession mallory = fixture.session("mallory");
    var e = refused(MapiError.MAPI_E_NOT_FOUND, () -> mallory.openEntry(secret), "mallory");
    assertFalse(e.getMessage().contains("alice's secret"));
    refused(
        MapiError.MAPI_E_NOT_FOUND,
        () -> mallory.openFolder(alice.openFolder(FolderKind.INBOX).entryId()),
        "mallory");
    DeleteResult r = mallory.openFolder(FolderKind.DRAFTS).deleteMessages(List.of(secret));
    assertEquals(
        MapiWarning.MAPI_W_PARTIAL_COMPLETION,
        r.status(),
        "another mailbox's message is not deleted");
    try (Message still = alice.openEntry(secret)) {
      assertEquals("alice's secret", still.get(PropTag.PR_SUBJECT));
    }
    assertNotEquals(
        alice.openFolder(FolderKind.INBOX).entryId(),
        mallory.openFolder(FolderKind.INBOX).entryId());
  }

  @Test
  void the_store_advertises_what_it_supports_in_PR_STORE_SUPPORT_MASK() {
    int mask = fixture.session("alice").getStoreProperty(PropTag.PR_STORE_SUPPORT_MASK);
    assertEquals(StoreSupport.STORE_CREATE_OK, mask & StoreSupport.STORE_CREATE_OK);
    assertEquals(StoreSupport.STORE_MODIFY_OK, mask & StoreSupport.STORE_MODIFY_OK);
    assertEquals(StoreSupport.STORE_ATTACH_OK, mask & StoreSupport.STORE_ATTACH_OK);
  }

  @Test
  void deleting_and_emptying_a_folder_removes_its_messages_with_their_recipients_and_attachments() {
    MailboxSession s = fixture.session("alice");
    Folder drafts = s.openFolder(FolderKind.DRAFTS);
    EntryId a = saved(drafts, "a");
    EntryId b = saved(drafts, "b");
    EntryId c = saved(drafts, "c");
    assertEquals(
        List.of(a, b, c), drafts.getContentsTable().stream().map(r -> r.entryId()).toList());
    assertEquals("a", drafts.getContentsTable().get(0).get(PropTag.PR_SUBJECT));

    DeleteResult r = drafts.deleteMessages(List.of(b));
    assertEquals(MapiWarning.S_OK, r.status());
    assertEquals(List.of(b), r.deleted());
    assertEquals(
        List.of(a, c), drafts.getContentsTable().stream().map(row -> row.entryId()).toList());

    assertEquals(2, drafts.emptyFolder().deleted().size());
    assertEquals(0, drafts.getContentsTable().size());
    refused(MapiError.MAPI_E_NOT_FOUND, () -> s.openEntry(a), a.toString());
  }

  private static EntryId saved(Folder folder, String subject) {
    try (Message m = folder.createMessage()) {
      m.set(PropTag.PR_SUBJECT, subject);
      m.addRecipient(org.msgstore.RecipientType.TO, "X", "SMTP", "x@example.com");
      m.addAttachment("x.txt", "text/plain", new java.io.ByteArrayInputStream("x".getBytes()));
      m.saveChanges();
      return m.entryId();
    }
  }
}
