package org.msgstore.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.msgstore.DeleteResult;
import org.msgstore.EntryId;
import org.msgstore.Folder;
import org.msgstore.FolderKind;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.Message;
import org.msgstore.MessageFlags;
import org.msgstore.PropTag;
import org.msgstore.Row;
import org.msgstore.store.jdbc.FolderRecord;
import org.msgstore.store.jdbc.MessageRecord;

/** A folder of the session's mailbox. */
final class StoreFolder implements Folder {
  /** The message properties a contents-table row carries, when the message has them. */
  private static final List<PropTag<?>> CONTENTS_COLUMNS =
      List.of(
          PropTag.PR_SUBJECT,
          PropTag.PR_MESSAGE_CLASS,
          PropTag.PR_MESSAGE_SIZE,
          PropTag.PR_HASATTACH,
          PropTag.PR_CLIENT_SUBMIT_TIME,
          PropTag.PR_MESSAGE_DELIVERY_TIME,
          PropTag.PR_DISPLAY_TO,
          PropTag.PR_SENDER_NAME);

  private final MailboxSession session;
  private final FolderRecord folder;

  StoreFolder(MailboxSession session, FolderRecord folder) {
    this.session = session;
    this.folder = folder;
  }

  @Override
  public EntryId entryId() {
    return EntryId.of(folder.entryId());
  }

  @Override
  public FolderKind kind() {
    return folder.kind();
  }

  @Override
  public String displayName() {
    return folder.displayName();
  }

  @Override
  public Message createMessage() {
    session.connection().checkOpen(); // fails here, not at save, when the handle is already closed
    return StoreMessage.create(session, folder);
  }

  @Override
  public List<Row> getContentsTable() {
    List<MessageRecord> records =
        UnitOfWork.read(
            session.connection(),
            "reading the contents of " + folder.displayName(),
            c -> session.store().messages().listFolder(c, folder.id()));
    List<Row> rows = new ArrayList<>(records.size());
    for (MessageRecord m : records) {
      Map<PropTag<?>, Object> values = new LinkedHashMap<>();
      values.put(PropTag.PR_ENTRYID, m.entryId());
      values.put(PropTag.PR_MESSAGE_FLAGS, m.messageFlags());
      values.put(PropTag.PR_LAST_MODIFICATION_TIME, MessageStore.instant(m.modifiedUs()));
      for (PropTag<?> column : CONTENTS_COLUMNS) {
        Object v = m.props().get(column);
        if (v != null) {
          values.put(column, v);
        }
      }
      rows.add(new Row(values));
    }
    return rows;
  }

  @Override
  public DeleteResult deleteMessages(Collection<EntryId> messages) {
    if (messages == null) {
      throw new MapiException(
          MapiError.MAPI_E_INVALID_PARAMETER, "the list of messages to delete is null");
    }
    List<byte[]> ids = new ArrayList<>(messages.size());
    for (EntryId id : messages) {
      ids.add(EntryIds.messageBytes(id));
    }
    return delete(ids);
  }

  @Override
  public DeleteResult emptyFolder() {
    List<MessageRecord> records =
        UnitOfWork.read(
            session.connection(),
            "listing " + folder.displayName(),
            c -> session.store().messages().listFolder(c, folder.id()));
    List<byte[]> ids = new ArrayList<>(records.size());
    records.forEach(m -> ids.add(m.entryId()));
    return delete(ids);
  }

  /** Deletes in one unit; submitted messages stay (MAPI never deletes a queued message). */
  private DeleteResult delete(List<byte[]> ids) {
    List<EntryId> deleted = new ArrayList<>();
    List<EntryId> skipped = new ArrayList<>();
    UnitOfWork.run(
        session.connection(),
        "deleting messages of " + folder.displayName(),
        c -> {
          for (byte[] id : ids) {
            boolean gone =
                session
                    .store()
                    .messages()
                    .deleteUnlessFlagged(c, folder.id(), id, MessageFlags.MSGFLAG_SUBMIT);
            (gone ? deleted : skipped).add(EntryId.of(id));
          }
          return null;
        });
    return new DeleteResult(deleted, skipped);
  }

  @Override
  public <T> T get(PropTag<T> tag) {
    Object v;
    if (tag.equals(PropTag.PR_ENTRYID)) {
      v = folder.entryId().clone();
    } else if (tag.equals(PropTag.PR_DISPLAY_NAME)) {
      v = folder.displayName();
    } else if (tag.equals(PropTag.PR_OBJECT_TYPE)) {
      v = 3; // MAPI_FOLDER
    } else {
      v = null;
    }
    return v == null ? null : tag.javaType().cast(v);
  }

  @Override
  public Set<PropTag<?>> tags() {
    return Set.of(PropTag.PR_ENTRYID, PropTag.PR_DISPLAY_NAME, PropTag.PR_OBJECT_TYPE);
  }

  @Override
  public String toString() {
    return "Folder[" + session.mailbox() + "/" + folder.displayName() + "]";
  }
}
