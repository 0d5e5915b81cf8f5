package org.msgstore.spooler;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.msgstore.spi.DeliveryResult;
import org.msgstore.spi.OutboundMessage;
import org.msgstore.spi.OutboundRecipient;
import org.msgstore.spi.TransportProvider;

/** A transport whose verdicts a test scripts, and which remembers what it was offered. */
final class FakeTransport implements TransportProvider {
  final String id;
  final Set<String> types;
  final List<List<OutboundRecipient>> offers =
      java.util.Collections.synchronizedList(new ArrayList<>());
  final List<String> subjects = java.util.Collections.synchronizedList(new ArrayList<>());
  volatile BiFunction<OutboundMessage, OutboundRecipient, DeliveryResult> verdict =
      (m, r) -> DeliveryResult.delivered(r.rowId());
  volatile Exception toThrow;

  FakeTransport(String id, Set<String> types) {
    this.id = id;
    this.types = types;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Set<String> addressTypes() {
    return types;
  }

  @Override
  public List<DeliveryResult> deliver(OutboundMessage message, List<OutboundRecipient> recipients)
      throws Exception {
    offers.add(List.copyOf(recipients));
    subjects.add(message.get(org.msgstore.PropTag.PR_SUBJECT));
    if (toThrow != null) {
      throw toThrow;
    }
    List<DeliveryResult> results = new ArrayList<>();
    for (OutboundRecipient r : recipients) {
      results.add(verdict.apply(message, r));
    }
    return results;
  }

  /**
   * Holds the delivery that calls it until {@code release} opens or {@code seconds} pass; an
   * interrupt ends the wait and stays set.
   */
  static void hold(CountDownLatch release, long seconds) {
    try {
      release.await(seconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  List<String> offeredAddresses() {
    List<String> all = new ArrayList<>();
    synchronized (offers) {
      offers.forEach(o -> o.forEach(r -> all.add(r.address())));
    }
    return all;
  }
}
