package org.msgstore.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Random;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.db.LobStorageMap;
import org.h2.mvstore.type.LongDataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msgstore.EntryId;
import org.msgstore.FolderKind;
import org.msgstore.Message;
import org.msgstore.testing.TestStores;

/**
 * On the embedded H2 store, attachment content up to 16 KiB lives in its row (schema 3): it adds no
 * entry to H2's LOB storage, whose extra B-trees and extra commit per LOB each submit and each
 * delete otherwise pay. Longer content still goes to the LOB storage, streamed. The LOB storage is
 * read from the database file itself, after the store is closed.
 */
class H2AttachmentStorageTest {
  @TempDir Path dir;

  @Test
  void content_up_to_16_KiB_is_kept_in_its_row_and_longer_content_in_H2s_LOB_storage()
      throws Exception {
    byte[] small = bytes(16 * 1024);
    byte[] large = bytes(16 * 1024 + 1);
    EntryId smallId;
    EntryId largeId;
    try (StoreFixture fixture = new StoreFixture(dir)) {
      MailboxSession s = fixture.session("alice");
      smallId = save(s, small);
      largeId = save(s, large);
      assertArrayEquals(small, content(s, smallId));
      assertArrayEquals(large, content(s, largeId));
    }
    try (MVStore file =
        new MVStore.Builder().fileName(TestStores.h2File(dir) + ".mv.db").readOnly().open()) {
      assertTrue(
          file.hasMap("lobMap"),
          "H2 keeps its LOB index in the map 'lobMap': " + file.getMapNames());
      MVMap<Long, LobStorageMap.BlobMeta> lobs =
          file.openMap(
              "lobMap",
              new MVMap.Builder<Long, LobStorageMap.BlobMeta>()
                  .keyType(LongDataType.INSTANCE)
                  .valueType(LobStorageMap.BlobMeta.Type.INSTANCE));
      assertEquals(1, lobs.size(), "only the content longer than 16 KiB is a LOB");
    }
  }

  private static EntryId save(MailboxSession s, byte[] content) {
    try (Message m = s.openFolder(FolderKind.DRAFTS).createMessage()) {
      m.addAttachment("data.bin", "application/octet-stream", new ByteArrayInputStream(content));
      m.saveChanges();
      return m.entryId();
    }
  }

  private static byte[] content(MailboxSession s, EntryId id) throws Exception {
    try (Message m = s.openEntry(id);
        InputStream in = m.getAttachments().get(0).openStream()) {
      return in.readAllBytes();
    }
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }
}
