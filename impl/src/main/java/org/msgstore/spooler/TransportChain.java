package org.msgstore.spooler;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.msgstore.spi.TransportProvider;

/**
 * The transports in configured order (R53). A transport claims a recipient by address type, compared
 * ASCII case-insensitively (our answer to spec Q12); one that claims every type comes after all
 * that name types.
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

  static boolean claims(TransportProvider t, String addressType) {
    Set<String> types = t.addressTypes();
    return types == null || types.stream().anyMatch(type -> type.equalsIgnoreCase(addressType));
  }
}
