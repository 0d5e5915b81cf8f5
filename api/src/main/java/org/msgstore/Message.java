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
   * Sets one of the message's own internet headers (for example {@code List-Unsubscribe}), kept
   * with the message in {@link PropTag#PR_MSGSTORE_INTERNET_HEADERS} and written by the SMTP
   * transport as given. A header of the same name (in any case) is replaced.
   *
   * @throws MapiException {@code MAPI_E_INVALID_PARAMETER} naming the header when its name is not
   *     an RFC 5322 field name, its value holds CR, LF or non-ASCII or makes a line over 998
   *     characters, or MsgStore writes it itself (From, Sender, To, Cc, Bcc, Subject, Date,
   *     Message-ID, MIME-Version, Content-*; Reply-To and the others written from a property name
   *     that property); see {@link InternetHeaders}
   */
  default void setInternetHeader(String name, String value) {
    InternetHeaders headers = InternetHeaders.parse(get(PropTag.PR_MSGSTORE_INTERNET_HEADERS));
    set(PropTag.PR_MSGSTORE_INTERNET_HEADERS, headers.with(name, value).toPropertyValue());
  }

  /** Removes one of the message's own internet headers; removing one not there does nothing. */
  default void deleteInternetHeader(String name) {
    InternetHeaders headers =
        InternetHeaders.parse(get(PropTag.PR_MSGSTORE_INTERNET_HEADERS)).without(name);
    if (headers.isEmpty()) {
      delete(PropTag.PR_MSGSTORE_INTERNET_HEADERS);
    } else {
      set(PropTag.PR_MSGSTORE_INTERNET_HEADERS, headers.toPropertyValue());
    }
  }

  /** The message's own internet headers, in the order they were set. */
  default InternetHeaders getInternetHeaders() {
    return InternetHeaders.parse(get(PropTag.PR_MSGSTORE_INTERNET_HEADERS));
  }

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

  /**
   * Sets a property of one attachment: {@link PropTag#PR_ATTACH_CONTENT_ID} (which makes it an
   * inline part that the HTML body refers to as {@code cid:<id>}) or {@link
   * PropTag#PR_ATTACHMENT_HIDDEN}. Kept until the next save, like the message's own properties.
   *
   * @throws MapiException {@code MAPI_E_NOT_FOUND} for no such attachment, {@code
   *     MAPI_E_INVALID_PARAMETER} for a content id that is not a single token of printable ASCII,
   *     {@code MAPI_E_NO_SUPPORT} for another tag
   */
  <T> void setAttachmentProperty(int number, PropTag<T> tag, T value);

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
