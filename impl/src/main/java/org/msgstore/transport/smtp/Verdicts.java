package org.msgstore.transport.smtp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.msgstore.spi.DeliveryResult;
import org.msgstore.spi.OutboundRecipient;

/** Collects exactly one verdict per offered recipient, returned in the order they were offered. */
final class Verdicts {
  private final List<OutboundRecipient> offered;
  private final Map<Integer, DeliveryResult> byRow = new LinkedHashMap<>();

  Verdicts(List<OutboundRecipient> offered) {
    this.offered = offered;
  }

  void set(DeliveryResult verdict) {
    if (byRow.putIfAbsent(verdict.rowId(), verdict) != null) {
      throw new IllegalStateException(
          "recipient row " + verdict.rowId() + " was given two verdicts");
    }
  }

  boolean has(OutboundRecipient r) {
    return byRow.containsKey(r.rowId());
  }

  /** The verdicts in offered order; a recipient left without one is a bug in this transport. */
  List<DeliveryResult> toList() {
    List<DeliveryResult> out = new ArrayList<>(offered.size());
    for (OutboundRecipient r : offered) {
      DeliveryResult v = byRow.get(r.rowId());
      if (v == null) {
        throw new IllegalStateException("recipient row " + r.rowId() + " got no verdict");
      }
      out.add(v);
    }
    return out;
  }
}
