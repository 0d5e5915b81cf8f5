package org.msgstore.transport.smtp;

import jakarta.mail.MessagingException;
import java.util.Map;

/**
 * How one send went, before it is turned into per-recipient verdicts.
 *
 * @param failure null when the server accepted the message for every envelope address it was given
 * @param beforeSession true when no session could be had (connect failed, pool busy): nothing
 *     reached the server, so no reply is permanent
 * @param detail what went wrong, for the verdict's reason
 * @param notOffered recipients (by envelope key) this transport did not offer to the server, with
 *     the permanent reason (an address the server cannot take unchanged)
 */
record SendOutcome(
    MessagingException failure,
    boolean beforeSession,
    String detail,
    Map<String, String> notOffered) {
  static SendOutcome sent(Map<String, String> notOffered) {
    return new SendOutcome(null, false, null, notOffered);
  }

  static SendOutcome failed(MessagingException failure, Map<String, String> notOffered) {
    return new SendOutcome(failure, false, null, notOffered);
  }

  static SendOutcome noSession(MessagingException failure, String detail) {
    return new SendOutcome(failure, true, detail, Map.of());
  }
}
