package org.msgstore.testing;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.msgstore.EntryId;
import org.msgstore.Folder;
import org.msgstore.FolderKind;
import org.msgstore.Message;
import org.msgstore.MessageStoreConnection;
import org.msgstore.PropTag;
import org.msgstore.RecipientType;

/**
 * A message a test composes and submits through the public API, e.g. {@code
 * TestMessage.subject("x").from("shop@example.com").to("bob@example.com").submitIn(outbox)}.
 *
 * <p>Each call adds one step and the steps run on the new message in the order written, so a test
 * that counts what a message writes sees exactly the properties, recipients and attachments it
 * names, nothing more.
 */
public final class TestMessage {
  private final List<Consumer<Message>> steps = new ArrayList<>();

  private TestMessage() {}

  /** A message with this {@code PR_SUBJECT}. */
  public static TestMessage subject(String subject) {
    return new TestMessage().set(PropTag.PR_SUBJECT, subject);
  }

  public <T> TestMessage set(PropTag<T> tag, T value) {
    return with(m -> m.set(tag, value));
  }

  /** Sets {@code PR_SENDER_EMAIL_ADDRESS}. */
  public TestMessage from(String address) {
    return set(PropTag.PR_SENDER_EMAIL_ADDRESS, address);
  }

  /** SMTP {@code TO} recipients whose display names are their addresses. */
  public TestMessage to(String... addresses) {
    return smtp(RecipientType.TO, addresses);
  }

  /** SMTP {@code CC} recipients whose display names are their addresses. */
  public TestMessage cc(String... addresses) {
    return smtp(RecipientType.CC, addresses);
  }

  /** SMTP {@code BCC} recipients whose display names are their addresses. */
  public TestMessage bcc(String... addresses) {
    return smtp(RecipientType.BCC, addresses);
  }

  private TestMessage smtp(RecipientType type, String... addresses) {
    for (String address : addresses) {
      recipient(type, address, "SMTP", address);
    }
    return this;
  }

  /** An SMTP recipient with a display name of its own. */
  public TestMessage recipient(RecipientType type, String displayName, String address) {
    return recipient(type, displayName, "SMTP", address);
  }

  public TestMessage recipient(
      RecipientType type, String displayName, String addressType, String address) {
    return with(m -> m.addRecipient(type, displayName, addressType, address));
  }

  /** An attachment of {@code size} zero bytes. */
  public TestMessage attachment(String fileName, String mimeType, int size) {
    return attachment(fileName, mimeType, new byte[size]);
  }

  public TestMessage attachment(String fileName, String mimeType, byte[] content) {
    return with(m -> m.addAttachment(fileName, mimeType, new ByteArrayInputStream(content)));
  }

  /** Any other step, run in its place among the others. */
  public TestMessage with(Consumer<Message> step) {
    steps.add(step);
    return this;
  }

  /** Creates the message in {@code folder} and runs the steps; the caller saves or submits it. */
  public Message createIn(Folder folder) {
    Message m = folder.createMessage();
    steps.forEach(step -> step.accept(m));
    return m;
  }

  /** Creates, submits and closes the message; returns its entry id. */
  public EntryId submitIn(Folder outbox) {
    try (Message m = createIn(outbox)) {
      EntryId id = m.entryId();
      m.submit();
      return id;
    }
  }

  /** {@link #submitIn} the outbox of the connection's mailbox. */
  public EntryId submitFrom(MessageStoreConnection connection) {
    return submitIn(connection.openFolder(FolderKind.OUTBOX));
  }
}
