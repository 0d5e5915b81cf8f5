package org.msgstore.bounce;

/**
 * A message in the bounce mailbox that is not a report MsgStore can read; it stays in the mailbox,
 * counted and logged with this reason.
 */
public final class NotAReportException extends Exception {
  private static final long serialVersionUID = 1L;

  NotAReportException(String reason) {
    super(reason);
  }

  NotAReportException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
