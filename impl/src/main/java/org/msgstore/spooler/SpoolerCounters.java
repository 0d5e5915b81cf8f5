package org.msgstore.spooler;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Running totals of spooler events, and the last error seen, for status pages and metrics. */
public final class SpoolerCounters implements SpoolerListener {
  private final Map<SpoolerEvent.Kind, AtomicLong> counts = new EnumMap<>(SpoolerEvent.Kind.class);
  private volatile String lastError;

  public SpoolerCounters() {
    for (SpoolerEvent.Kind k : SpoolerEvent.Kind.values()) {
      counts.put(k, new AtomicLong());
    }
  }

  @Override
  public void onEvent(SpoolerEvent event) {
    counts.get(event.kind()).incrementAndGet();
    if (event.kind() == SpoolerEvent.Kind.UNEXPECTED_ERROR
        || event.kind() == SpoolerEvent.Kind.DEFERRED) {
      lastError = event.detail();
    }
  }

  public long count(SpoolerEvent.Kind kind) {
    return counts.get(kind).get();
  }

  public String lastError() {
    return lastError;
  }

  @Override
  public String toString() {
    return counts.toString();
  }
}
