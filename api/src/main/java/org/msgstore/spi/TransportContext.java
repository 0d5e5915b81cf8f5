package org.msgstore.spi;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/** What a transport gets from the adapter when it starts. */
public interface TransportContext {
  /** The adapter's settings for this transport (e.g. {@code smtpHost}), as configured. */
  Map<String, String> settings();

  Clock clock();

  /** The store's own mailboxes, for transports that deliver locally; empty where there are none. */
  default Optional<LocalMailboxes> localMailboxes() {
    return Optional.empty();
  }
}
