package org.msgstore;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A compact way to write a message in the Outbox and submit it, over the MAPI calls it stands for:
 *
 * <pre>{@code
 * EntryId id =
 *     Compose.in(store)
 *         .from("Shop", "shop@example.com")
 *         .to("Alice", "alice@example.com")
 *         .replyTo("Customer service", "service@example.com")
 *         .subject("Order 42 confirmed")
 *         .text("Thank you for your order.")
 *         .html("<p>Thank you for your order.</p><img src=\"cid:logo\">")
 *         .inline("logo", "logo.png", "image/png", logoPng)
 *         .header("List-Unsubscribe", "<https://shop.example.com/unsubscribe/42>")
 *         .submit();
 * }</pre>
 *
 * <p>Each step makes its MAPI call at once (a {@code set}, {@code addRecipient}, {@code
 * addAttachment} on the open {@link Message}), so bad input is refused by the step that gave it,
 * with the same {@link MapiException} as the call. The message files itself in Sent Items after it
 * was sent ({@code PR_SENTMAIL_ENTRYID}). Anything the steps do not cover is one {@link #message()}
 * call away. Not thread-safe, like the message it wraps; the message is released by {@link
 * #submit()}, or else with the connection.
 */
public final class Compose {
  private final Message message;
  private final List<OneOffRecipient> replyTo = new ArrayList<>();

  private Compose(Message message) {
    this.message = message;
  }

  /** A new message in the Outbox of {@code store}'s mailbox, filed in Sent Items once sent. */
  public static Compose in(MessageStoreConnection store) {
    Message m = store.openFolder(FolderKind.OUTBOX).createMessage();
    m.set(PropTag.PR_SENTMAIL_ENTRYID, store.getStoreProperty(PropTag.PR_IPM_SENTMAIL_ENTRYID));
    return new Compose(m);
  }

  /** {@code PR_SENDER_NAME} and {@code PR_SENDER_EMAIL_ADDRESS}: the From header. */
  public Compose from(String displayName, String address) {
    message.set(PropTag.PR_SENDER_ADDRTYPE, "SMTP");
    message.set(PropTag.PR_SENDER_EMAIL_ADDRESS, address);
    if (displayName != null) {
      message.set(PropTag.PR_SENDER_NAME, displayName);
    }
    return this;
  }

  public Compose to(String displayName, String address) {
    message.addRecipient(RecipientType.TO, displayName, "SMTP", address);
    return this;
  }

  public Compose cc(String displayName, String address) {
    message.addRecipient(RecipientType.CC, displayName, "SMTP", address);
    return this;
  }

  public Compose bcc(String displayName, String address) {
    message.addRecipient(RecipientType.BCC, displayName, "SMTP", address);
    return this;
  }

  /**
   * Adds a Reply-To address: {@code PR_REPLY_RECIPIENT_ENTRIES} and {@code
   * PR_REPLY_RECIPIENT_NAMES}.
   */
  public Compose replyTo(String displayName, String address) {
    List<OneOffRecipient> next = new ArrayList<>(replyTo);
    next.add(OneOffRecipient.smtp(displayName, address));
    message.set(PropTag.PR_REPLY_RECIPIENT_ENTRIES, OneOffRecipient.flatEntryList(next));
    message.set(PropTag.PR_REPLY_RECIPIENT_NAMES, OneOffRecipient.names(next));
    replyTo.add(next.get(next.size() - 1));
    return this;
  }

  public Compose subject(String subject) {
    message.set(PropTag.PR_SUBJECT, subject);
    return this;
  }

  /** {@code PR_BODY}, the plain-text body. */
  public Compose text(String text) {
    message.set(PropTag.PR_BODY, text);
    return this;
  }

  /** {@code PR_HTML}, the HTML body; inline parts are referred to as {@code cid:<id>}. */
  public Compose html(String html) {
    message.set(PropTag.PR_HTML, html.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  /** {@code PR_IMPORTANCE}: 0 low, 1 normal, 2 high. */
  public Compose importance(int importance) {
    message.set(PropTag.PR_IMPORTANCE, importance);
    return this;
  }

  /** {@code PR_IN_REPLY_TO_ID} and {@code PR_INTERNET_REFERENCES}: this message answers another. */
  public Compose inReplyTo(String messageId, String references) {
    message.set(PropTag.PR_IN_REPLY_TO_ID, messageId);
    if (references != null) {
      message.set(PropTag.PR_INTERNET_REFERENCES, references);
    }
    return this;
  }

  /** One of the message's own internet headers; see {@link Message#setInternetHeader}. */
  public Compose header(String name, String value) {
    message.setInternetHeader(name, value);
    return this;
  }

  /** An attachment; its content is read now (the caller closes the stream). */
  public Compose attach(String fileName, String mimeType, InputStream content) {
    message.addAttachment(fileName, mimeType, content);
    return this;
  }

  /**
   * An inline part of the HTML body, e.g. a logo shown by {@code <img src="cid:logo">}: an
   * attachment with {@code PR_ATTACH_CONTENT_ID} that is {@code PR_ATTACHMENT_HIDDEN}.
   */
  public Compose inline(String contentId, String fileName, String mimeType, byte[] content) {
    int number =
        message.addAttachment(fileName, mimeType, new ByteArrayInputStream(content)).number();
    message.setAttachmentProperty(number, PropTag.PR_ATTACH_CONTENT_ID, contentId);
    message.setAttachmentProperty(number, PropTag.PR_ATTACHMENT_HIDDEN, true);
    return this;
  }

  /** The message being composed, for any MAPI call the steps do not cover. */
  public Message message() {
    return message;
  }

  /**
   * Submits the message in the caller's transaction ({@link Message#submit()}) and releases it.
   *
   * @return the message's entry id, e.g. to find it in Sent Items later
   */
  public EntryId submit() {
    EntryId id = message.entryId();
    message.submit();
    message.close();
    return id;
  }
}
