package org.msgstore.cdi;

import java.util.function.Function;
import org.msgstore.EntryId;
import org.msgstore.Folder;
import org.msgstore.FolderKind;
import org.msgstore.Message;
import org.msgstore.MessageStoreConnection;
import org.msgstore.OpenFlag;
import org.msgstore.PropTag;

/**
 * What {@code @Inject @Mailbox("shop") MessageStoreConnection} injects: each call goes to the
 * handle of the current transaction (or request), opened on the first call there. The application
 * never closes it; {@link #close()} does nothing.
 */
final class InjectedMailbox implements MessageStoreConnection {
  private final String mailbox;
  private final Function<String, MessageStoreConnection> current;

  InjectedMailbox(String mailbox, Function<String, MessageStoreConnection> current) {
    this.mailbox = mailbox;
    this.current = current;
  }

  private MessageStoreConnection handle() {
    return current.apply(mailbox);
  }

  @Override
  public String mailbox() {
    return mailbox;
  }

  @Override
  public Folder openFolder(FolderKind kind) {
    return handle().openFolder(kind);
  }

  @Override
  public Folder openFolder(EntryId folderId) {
    return handle().openFolder(folderId);
  }

  @Override
  public Message openEntry(EntryId entryId, OpenFlag... flags) {
    return handle().openEntry(entryId, flags);
  }

  @Override
  public void abortSubmit(EntryId entryId) {
    handle().abortSubmit(entryId);
  }

  @Override
  public void abortSubmit(EntryId entryId, int flags) {
    handle().abortSubmit(entryId, flags);
  }

  @Override
  public <T> T getStoreProperty(PropTag<T> tag) {
    return handle().getStoreProperty(tag);
  }

  /**
   * Does nothing: the handle behind this belongs to the transaction or request, and the container
   * closes it at its end (try-with-resources around an injected mailbox is harmless).
   */
  @Override
  public void close() {}

  @Override
  public String toString() {
    return "@Mailbox(\"" + mailbox + "\") MessageStoreConnection";
  }
}
