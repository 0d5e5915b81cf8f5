package org.msgstore;

import java.io.InputStream;
import java.util.List;

/**
 * A message: typed properties, a recipient table and attachments.
 *
 * <p>Changes are kept on the object until {@link #saveChanges()} (or {@link #submit()}, which saves
 * first) writes them in one unit: inside a JTA transaction as part of it, otherwise committed on
 * their own. After a successful {@code submit()} the object accepts only {@link #close()}.
 */
public interface Message extends PropertyView, AutoCloseable {
  /** {@code PR_ENTRYID}; assigned when the message is created and stable while it is queued. */
  EntryId entryId();

  /** The folder holding the message. */
  EntryId parentId();

  /**
   * Sets a property. Refused with {@code MAPI_E_INVALID_PARAMETER} when the value is null, of the
   * wrong type, or (for subject and display names) holds CR or LF; with {@code MAPI_E_COMPUTED} for
   * properties the store computes; with {@code MAPI_E_NO_ACCESS} on a read-only message.
   */
  <T> void set(PropTag<T> tag, T value);

  /** Removes a property; removing one that is not there does nothing. */
  void delete(PropTag<?> tag);

  /**
   * Adds a row to the recipient table.
   *
   * @param addressType e.g. {@code SMTP}; selects the transport
   * @param address for {@code SMTP} an RFC 5322 address such as {@code alice@example.com}
   */
  Recipient addRecipient(
      RecipientType type, String displayName, String addressType, String address);

  /** Removes the recipient row with this {@code PR_ROWID}. */
  void removeRecipient(int rowId);

  /**
   * Sets a property of one recipient row (for example {@code PR_RECIPIENT_TYPE} of a resend row).
   */
  <T> void setRecipientProperty(int rowId, PropTag<T> tag, T value);

  /** The recipient table, including changes not yet saved. */
  List<Recipient> getRecipients();

  /** The rows of the recipient table that match {@code restriction}. */
  default List<Recipient> getRecipients(Restriction restriction) {
    return getRecipients().stream().filter(restriction::matches).toList();
  }

  /**
   * Adds an attachment whose content is read from {@code content} now (streamed to temporary
   * storage, never held whole in memory) and stored with the next save. The caller closes the
   * stream.
   */
  Attachment addAttachment(String fileName, String mimeType, InputStream content);

  List<Attachment> getAttachments();

  void removeAttachment(int number);

  /** Makes every pending change durable (in the current transaction, if there is one). */
  void saveChanges();

  /** Submits the message for sending, in the caller's transaction. Same as {@code submit(0)}. */
  void submit();

  /** Submits with flags; {@link SubmitFlags#FORCE_SUBMIT} is accepted and changes nothing. */
  void submit(int flags);

  /** Sets or clears {@code MSGFLAG_READ}; a submitted message keeps its read flag unchanged. */
  void setReadFlag(boolean read);

  /** Whether this object was opened read-only ({@code PR_ACCESS_LEVEL} = 0). */
  boolean isReadOnly();

  /** Releases the object. Unsaved changes are discarded. Closing twice does nothing. */
  @Override
  void close();
}
