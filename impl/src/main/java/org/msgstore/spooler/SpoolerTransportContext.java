package org.msgstore.spooler;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.msgstore.spi.LocalMailboxes;
import org.msgstore.spi.TransportContext;

/** What the spooler gives its transports when they start. */
record SpoolerTransportContext(Map<String, String> settings, Clock clock, LocalMailboxes mailboxes)
    implements TransportContext {
  @Override
  public Optional<LocalMailboxes> localMailboxes() {
    return Optional.of(mailboxes);
  }
}
