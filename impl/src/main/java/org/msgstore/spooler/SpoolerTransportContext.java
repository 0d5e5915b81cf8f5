package org.msgstore.spooler;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntSupplier;
import org.msgstore.spi.LocalMailboxes;
import org.msgstore.spi.TransportContext;

/**
 * What the spooler gives its transports when they start.
 *
 * @param nodes the live spooler nodes as the node's heartbeat last counted them
 */
record SpoolerTransportContext(
    Map<String, String> settings, Clock clock, LocalMailboxes mailboxes, IntSupplier nodes)
    implements TransportContext {
  @Override
  public Optional<LocalMailboxes> localMailboxes() {
    return Optional.of(mailboxes);
  }

  @Override
  public int liveNodes() {
    return Math.max(1, nodes.getAsInt());
  }
}
