package org.msgstore.spi;

import java.util.List;
import java.util.Set;

/**
 * A transport connector (SMTP, local mailboxes, ...), found with {@link java.util.ServiceLoader}
 * and ordered by the adapter's transport order.
 *
 * <p>The spooler offers each transport only the recipients whose address type it claims and that no
 * earlier transport has dealt with, and records the verdict per recipient. A transport that throws
 * is treated as having deferred every offered recipient; it never stops the spooler.
 */
public interface TransportProvider extends AutoCloseable {
  /** A stable id used in the transport-order setting, e.g. {@code smtp}. */
  String id();

  /**
   * The address types this transport claims (compared ASCII case-insensitively). An empty set
   * claims none (a transport that only installs preprocessors); {@code null} claims every type and
   * belongs last in the order.
   */
  Set<String> addressTypes();

  /** Called once by the spooler before the first delivery. */
  default void start(TransportContext context) {}

  /**
   * Delivers {@code message} to {@code recipients} and returns exactly one verdict per recipient.
   * Throwing {@link CriticalTransportException} takes the transport out of service until the
   * adapter restarts (MAPI's NOTIFY_CRITICAL_ERROR); any other exception defers the recipients.
   */
  List<DeliveryResult> deliver(OutboundMessage message, List<OutboundRecipient> recipients)
      throws Exception;

  /** Releases connections; no delivery follows. */
  @Override
  default void close() {}
}
