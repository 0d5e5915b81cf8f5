package org.msgstore.transport.smtp;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * A MIME message whose {@code Message-ID} is the store's, never a fresh one: {@code saveChanges()}
 * would otherwise mint a new id on every attempt, and receivers could no longer drop a resent
 * duplicate (ARCHITECTURE §6, at-least-once delivery).
 */
final class FixedIdMimeMessage extends MimeMessage {
  private final String messageId;

  FixedIdMimeMessage(Session session, String messageId) {
    super(session);
    this.messageId = messageId;
  }

  @Override
  protected void updateMessageID() throws MessagingException {
    setHeader("Message-ID", messageId);
  }
}
