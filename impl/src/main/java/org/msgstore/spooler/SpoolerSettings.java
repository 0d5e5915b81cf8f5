package org.msgstore.spooler;

import java.time.Duration;
import java.util.List;

/**
 * How the spooler works, as configured on the resource adapter (validated there).
 *
 * @param owner this node's name in message leases
 * @param pollInterval the safety-net poll: deferred messages coming due, lapsed leases, other nodes
 * @param lease how long a claimed message stays locked without renewal
 * @param batchSize messages claimed per round
 * @param backoffMin first retry delay after a deferral
 * @param backoffMax longest retry delay
 * @param maxQueueLifetime after this a message still undelivered gets an NDR (R67)
 * @param transportOrder transport ids in the order they are offered recipients (R53)
 */
public record SpoolerSettings(
    String owner,
    Duration pollInterval,
    Duration lease,
    int batchSize,
    Duration backoffMin,
    Duration backoffMax,
    Duration maxQueueLifetime,
    List<String> transportOrder) {
  public SpoolerSettings {
    transportOrder = List.copyOf(transportOrder);
  }
}
