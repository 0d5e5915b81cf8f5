package org.msgstore.transport.smtp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.msgstore.spi.DeliveryResult;
import org.msgstore.spi.OutboundRecipient;

/** Collects exactly one verdict per offered recipient, returned in the order they were offered. */
final class Verdicts {
  private final List<OutboundRecipient> offered;
  private final Map<Integer, DeliveryResult> byRow;

  /** Non-null: a deferral set through this view is the relay holding the recipient back. */
  private final Duration holdBack;

  Verdicts(List<OutboundRecipient> offered) {
    this(offered, new LinkedHashMap<>(), null);
  }

  private Verdicts(
      List<OutboundRecipient> offered, Map<Integer, DeliveryResult> byRow, Duration holdBack) {
    this.offered = offered;
    this.byRow = byRow;
    this.holdBack = holdBack;
  }

  /**
   * The same verdicts, through which a deferral is set as throttled until {@code turn}: the relay
   * asked to slow down, so the recipient waits for its turn without an attempt counted.
   */
  Verdicts holdingBack(Duration turn) {
    return new Verdicts(offered, byRow, turn);
  }

  void set(DeliveryResult verdict) {
    if (holdBack != null && verdict instanceof DeliveryResult.Deferred d && !d.throttled()) {
      verdict = DeliveryResult.throttled(d.rowId(), d.reason(), holdBack);
    }
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
