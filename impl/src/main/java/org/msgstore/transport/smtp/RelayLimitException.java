package org.msgstore.transport.smtp;

import java.io.IOException;

/**
 * The relay broke one of the bounds a send keeps to (its deadline, a reply line or reply too long,
 * too many bytes): the connection is closed, the message is not retried on another session of the
 * same relay, and the recipients are deferred with this message as the reason.
 */
final class RelayLimitException extends IOException {
  private static final long serialVersionUID = 1L;

  RelayLimitException(String message) {
    super(message);
  }
}
