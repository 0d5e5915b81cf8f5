package org.msgstore.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msgstore.Attachment;
import org.msgstore.EntryId;
import org.msgstore.FolderKind;
import org.msgstore.Message;
import org.msgstore.store.jdbc.AttachmentRecord;

/**
 * Small attachments come with the attachment list, within a budget per message: a message with many
 * small attachments keeps at most 256 KiB of them from its listing, and the rest stream.
 */
class ListedAttachmentContentTest {
  @TempDir Path dir;
  @AutoClose StoreFixture fixture;

  @BeforeEach
  void open() {
    fixture = new StoreFixture(dir);
  }

  @Test
  void twenty_attachments_of_16_KiB_keep_16_from_the_listing_and_all_read_back_whole()
      throws Exception {
    MailboxSession alice = fixture.session("alice");
    EntryId id;
    long rowId;
    try (Message m = alice.openFolder(FolderKind.DRAFTS).createMessage()) {
      for (int i = 0; i < 20; i++) {
        m.addAttachment(
            "a" + i + ".bin", "application/octet-stream", new ByteArrayInputStream(content(i)));
      }
      m.saveChanges();
      id = m.entryId();
      rowId = ((StoreMessage) m).rowId();
    }
    Connection c = fixture.connection().jdbc(); // closed with the fixture
    List<AttachmentRecord> listed = fixture.store.attachments().list(c, rowId);
    assertEquals(20, listed.size());
    assertEquals(16, listed.stream().filter(a -> a.content() != null).count());
    try (Message m = alice.openEntry(id)) {
      List<Attachment> all = m.getAttachments();
      for (int i = 0; i < 20; i++) {
        try (InputStream in = all.get(i).openStream()) {
          assertArrayEquals(content(i), in.readAllBytes(), "attachment " + i);
        }
      }
    }
  }

  private static byte[] content(int seed) {
    byte[] b = new byte[16 * 1024];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (seed * 31 + i);
    }
    return b;
  }
}
