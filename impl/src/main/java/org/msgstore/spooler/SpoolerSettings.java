package org.msgstore.spooler;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.msgstore.config.ConfigProperties;

/**
 * How the spooler works, as configured on the resource adapter (validated there). Build it with
 * {@link #builder}, which starts from the config-properties' defaults.
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

  /** Settings for the node {@code owner}, every other value the adapter's default until set. */
  public static Builder builder(String owner) {
    return new Builder(owner);
  }

  /** Starts from the defaults of {@link ConfigProperties}, so they are written in one place. */
  public static final class Builder {
    private final String owner;
    private Duration pollInterval =
        Duration.ofMillis(ConfigProperties.SPOOLER_POLL_INTERVAL_MS.defaultValue());
    private Duration lease = Duration.ofMillis(ConfigProperties.SPOOLER_LEASE_MS.defaultValue());
    private int batchSize = ConfigProperties.SPOOLER_BATCH_SIZE.defaultValue();
    private Duration backoffMin = Duration.ofMillis(ConfigProperties.RETRY_MIN_MS.defaultValue());
    private Duration backoffMax = Duration.ofMillis(ConfigProperties.RETRY_MAX_MS.defaultValue());
    private Duration maxQueueLifetime =
        Duration.ofMillis(ConfigProperties.MAX_QUEUE_LIFETIME_MS.defaultValue());
    private List<String> transportOrder =
        Arrays.asList(ConfigProperties.TRANSPORT_ORDER.defaultValue().split(","));

    private Builder(String owner) {
      this.owner = owner;
    }

    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = pollInterval;
      return this;
    }

    public Builder lease(Duration lease) {
      this.lease = lease;
      return this;
    }

    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /** Sets both ends of the retry back-off. */
    public Builder backoff(Duration min, Duration max) {
      this.backoffMin = min;
      this.backoffMax = max;
      return this;
    }

    public Builder maxQueueLifetime(Duration maxQueueLifetime) {
      this.maxQueueLifetime = maxQueueLifetime;
      return this;
    }

    public Builder transportOrder(List<String> transportOrder) {
      this.transportOrder = transportOrder;
      return this;
    }

    public SpoolerSettings build() {
      return new SpoolerSettings(
          owner,
          pollInterval,
          lease,
          batchSize,
          backoffMin,
          backoffMax,
          maxQueueLifetime,
          transportOrder);
    }
  }
}
