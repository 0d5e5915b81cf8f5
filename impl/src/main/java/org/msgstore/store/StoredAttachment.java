package org.msgstore.store;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import org.msgstore.Attachment;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.store.jdbc.AttachmentRecord;

/**
 * An attachment in the store; its content is read from the database when a stream is opened, or was
 * read with the attachment list when it is small.
 */
final class StoredAttachment implements Attachment {
  private final MailboxSession session;
  private final long messageId;
  private final AttachmentRecord record;

  StoredAttachment(MailboxSession session, long messageId, AttachmentRecord record) {
    this.session = session;
    this.messageId = messageId;
    this.record = record;
  }

  @Override
  public int number() {
    return record.number();
  }

  @Override
  public String fileName() {
    return record.fileName();
  }

  @Override
  public String mimeType() {
    return record.mimeType();
  }

  @Override
  public long size() {
    return record.size();
  }

  @Override
  public InputStream openStream() {
    if (record.content() != null) {
      return new ByteArrayInputStream(record.content());
    }
    InputStream in =
        UnitOfWork.stream(
            session.connection(),
            "reading attachment " + record.number(),
            c -> session.store().attachments().openContent(c, messageId, record.number()));
    if (in == null) {
      throw new MapiException(
          MapiError.MAPI_E_OBJECT_DELETED,
          "attachment " + record.number() + " was removed from the store since it was listed");
    }
    return in;
  }
}
