package org.msgstore.spooler;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.msgstore.spi.TransportProvider;

/**
 * The transports in configured order (R53). A transport claims a recipient by address type,
 * compared ASCII case-insensitively (our answer to spec Q12); one that claims every type comes
 * after all that name types.
 */
final class TransportChain {
  private final List<TransportProvider> ordered;

  TransportChain(List<TransportProvider> ordered) {
    List<TransportProvider> named = new ArrayList<>();
    List<TransportProvider> catchAll = new ArrayList<>();
    for (TransportProvider t : ordered) {
      (t.addressTypes() == null ? catchAll : named).add(t);
    }
    named.addAll(catchAll);
    this.ordered = List.copyOf(named);
  }

  List<TransportProvider> transports() {
    return ordered;
  }

  /** Transports that threw CriticalTransportException: never called again until restart (R63). */
  private final java.util.Set<String> outOfService =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  boolean outOfService(TransportProvider t) {
    return outOfService.contains(t.id());
  }

  /** Returns true the first time, so the failure is reported once. */
  boolean takeOutOfService(TransportProvider t) {
    return outOfService.add(t.id());
  }

  /** Whether a transport now out of service would have claimed this address type. */
  boolean outOfServiceClaims(String addressType) {
    return ordered.stream().anyMatch(t -> outOfService(t) && claims(t, addressType));
  }

  static boolean claims(TransportProvider t, String addressType) {
    Set<String> types = t.addressTypes();
    return types == null || types.stream().anyMatch(type -> type.equalsIgnoreCase(addressType));
  }
}
