package org.msgstore.ra;

import jakarta.resource.spi.ConnectionRequestInfo;
import java.util.Objects;
import org.msgstore.MapiError;
import org.msgstore.MapiException;

/**
 * The mailbox an application asked for. A managed connection serves any mailbox (the mailbox is
 * bound per handle, not per physical connection), so the pool need not keep one connection per
 * mailbox; equality still follows the mailbox, as the Connectors specification asks of a CRI.
 */
final class MailboxRequestInfo implements ConnectionRequestInfo {
  static final int MAX_MAILBOX_LENGTH = 255;

  /** getConnection() without a name under mailboxFromCaller: the caller's own mailbox. */
  static final MailboxRequestInfo CALLERS = new MailboxRequestInfo();

  /** Null for {@link #CALLERS}: the managed connection learns it from the server's Subject. */
  private final String mailbox;

  MailboxRequestInfo(String mailbox) {
    this.mailbox = validMailbox(mailbox);
  }

  private MailboxRequestInfo() {
    this.mailbox = null;
  }

  /** The mailbox asked for; null for the caller's own. */
  String mailbox() {
    return mailbox;
  }

  /** Refuses a name the store could not key on or a log line could not show safely. */
  static String validMailbox(String mailbox) {
    if (mailbox == null || mailbox.isEmpty()) {
      throw invalid(RaLog.mailboxEmpty());
    }
    if (mailbox.length() > MAX_MAILBOX_LENGTH) {
      throw invalid(RaLog.mailboxTooLong(mailbox.length(), MAX_MAILBOX_LENGTH));
    }
    for (int i = 0; i < mailbox.length(); i++) {
      if (Character.isISOControl(mailbox.charAt(i))) {
        throw invalid(RaLog.mailboxControlCharacter(mailbox, i));
      }
    }
    return mailbox;
  }

  private static MapiException invalid(String text) {
    return new MapiException(MapiError.MAPI_E_INVALID_PARAMETER, text);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MailboxRequestInfo other && Objects.equals(other.mailbox, mailbox);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(mailbox);
  }

  @Override
  public String toString() {
    return "MailboxRequestInfo[" + (mailbox == null ? "the caller's" : mailbox) + "]";
  }
}
