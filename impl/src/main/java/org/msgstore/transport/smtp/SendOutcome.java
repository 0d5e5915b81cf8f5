package org.msgstore.transport.smtp;

import jakarta.mail.MessagingException;

/**
 * How one send went, before it is turned into per-recipient verdicts.
 *
 * @param failure null when the server accepted the message for every envelope address
 * @param beforeSession true when no session could be had (connect failed, pool busy): nothing
 *     reached the server, so no reply is permanent
 * @param detail what went wrong, for the verdict's reason
 */
record SendOutcome(MessagingException failure, boolean beforeSession, String detail) {
  static SendOutcome sent() {
    return new SendOutcome(null, false, null);
  }

  static SendOutcome failed(MessagingException failure) {
    return new SendOutcome(failure, false, null);
  }

  static SendOutcome noSession(MessagingException failure, String detail) {
    return new SendOutcome(failure, true, detail);
  }
}
