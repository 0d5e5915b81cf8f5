package org.msgstore.store;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.msgstore.Attachment;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.store.jdbc.AttachmentRecord;

/** The attachments of an open message: those in the store plus those staged for the next save. */
final class AttachmentSet {
  private final List<AttachmentRecord> stored;
  private final List<StagedAttachment> staged = new ArrayList<>();
  private final Set<Integer> removed = new HashSet<>();
  private int nextNumber;

  AttachmentSet(List<AttachmentRecord> stored) {
    this.stored = new ArrayList<>(stored);
    this.nextNumber = stored.stream().mapToInt(AttachmentRecord::number).max().orElse(-1) + 1;
  }

  Attachment add(String fileName, String mimeType, InputStream content) {
    StagedAttachment a =
        StagedAttachment.copyOf(
            nextNumber,
            InputRules.checkFileName(fileName),
            InputRules.checkMimeType(mimeType),
            content);
    nextNumber++;
    staged.add(a);
    return a;
  }

  void remove(int number) {
    for (StagedAttachment a : staged) {
      if (a.number() == number) {
        staged.remove(a);
        a.discard();
        return;
      }
    }
    if (stored.stream().noneMatch(a -> a.number() == number) || !removed.add(number)) {
      throw new MapiException(
          MapiError.MAPI_E_NOT_FOUND, "the message has no attachment " + number);
    }
  }

  List<Attachment> views(MailboxSession session, long messageId) {
    List<Attachment> list = new ArrayList<>();
    for (AttachmentRecord r : stored) {
      if (!removed.contains(r.number())) {
        list.add(new StoredAttachment(session, messageId, r));
      }
    }
    list.addAll(staged);
    return list;
  }

  boolean hasPending() {
    return !staged.isEmpty() || !removed.isEmpty();
  }

  boolean isEmpty() {
    return stored.size() == removed.size() && staged.isEmpty();
  }

  long totalSize() {
    long size = 0;
    for (AttachmentRecord r : stored) {
      size += removed.contains(r.number()) ? 0 : r.size();
    }
    for (StagedAttachment a : staged) {
      size += a.size();
    }
    return size;
  }

  /** Writes the pending additions and removals of the message, streaming each staged file. */
  void flush(MessageStore store, Connection c, long messageId) throws SQLException {
    for (int number : removed) {
      store.attachments().delete(c, messageId, number);
    }
    for (StagedAttachment a : staged) {
      try (InputStream in = a.openStream()) {
        store
            .attachments()
            .insert(
                c,
                messageId,
                new AttachmentRecord(a.number(), a.fileName(), a.mimeType(), a.size()),
                in);
      } catch (IOException e) {
        throw new SQLException(
            "staged attachment " + a.number() + " could not be read: " + e.getMessage(), e);
      }
    }
  }

  /** After a successful save: the staged attachments are now stored ones. */
  void markSaved() {
    stored.removeIf(r -> removed.contains(r.number()));
    for (StagedAttachment a : staged) {
      stored.add(new AttachmentRecord(a.number(), a.fileName(), a.mimeType(), a.size()));
      a.discard();
    }
    staged.clear();
    removed.clear();
  }

  void discard() {
    staged.forEach(StagedAttachment::discard);
    staged.clear();
  }
}
