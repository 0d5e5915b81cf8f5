package org.msgstore.spi;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/** What a transport gets from the adapter when it starts. */
public interface TransportContext {
  /** The adapter's settings for this transport (e.g. {@code smtpHost}), as configured. */
  Map<String, String> settings();

  Clock clock();

  /**
   * How many servers run a spooler on this store now, this one included (at least 1), from their
   * heartbeats; it changes as servers join and leave. A transport that enforces a rate for the
   * whole cluster takes its share, 1 / liveNodes, on each server.
   */
  default int liveNodes() {
    return 1;
  }

  /** The store's own mailboxes, for transports that deliver locally; empty where there are none. */
  default Optional<LocalMailboxes> localMailboxes() {
    return Optional.empty();
  }
}
