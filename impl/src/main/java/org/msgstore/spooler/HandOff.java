package org.msgstore.spooler;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.msgstore.EntryId;
import org.msgstore.Recipient;
import org.msgstore.spi.CriticalTransportException;
import org.msgstore.spi.DeliveryResult;
import org.msgstore.spi.OutboundMessage;
import org.msgstore.spi.OutboundRecipient;
import org.msgstore.spi.TransportProvider;
import org.msgstore.store.HeldMessage;
import org.msgstore.store.RecipientOutcome;
import org.msgstore.store.SuppressionList;

/**
 * Phase C's hand-off: each transport in order gets the open recipients it claims (R52–R54, R60) and
 * a read-only view of the message (R61). A recipient a transport declines goes on to the next one
 * that claims its type. Nothing a transport does or throws stops the spooler.
 */
final class HandOff {

  /** MAPIDefS.h: the message was refused (here: by the sender's own suppression list). */
  static final int MAPI_DIAG_MAIL_REFUSED = 38;

  private final TransportChain transports;
  private final Clock clock;
  private final MessageDelivery.Events events;
  private final Function<String, Optional<SuppressionList.Entry>> suppressed;

  /**
   * @param suppressed the suppression list's entry for an SMTP address, if it is on the list
   */
  HandOff(
      TransportChain transports,
      Clock clock,
      MessageDelivery.Events events,
      Function<String, Optional<SuppressionList.Entry>> suppressed) {
    this.transports = transports;
    this.clock = clock;
    this.events = events;
    this.suppressed = suppressed;
  }

  /** Offers the open ones of {@code rows} to the transports; stores nothing. */
  Verdicts offer(EntryId id, HeldMessage m, List<Recipient> rows) {
    Map<Integer, Recipient> open = new LinkedHashMap<>();
    for (Recipient r : rows) {
      if (!r.responsibility()) {
        open.put(r.rowId(), r);
      }
    }
    OutboundMessage view = new OutboundView(m);
    List<RecipientOutcome> outcomes = new ArrayList<>();
    failSuppressed(id, open, outcomes);
    List<String> deferReasons = new ArrayList<>();
    Duration askedDelay = null;
    Duration heldFor = null;
    boolean triedAndDeferred = false;
    for (TransportProvider t : transports.transports()) {
      if (transports.outOfService(t)) {
        continue;
      }
      List<OutboundRecipient> offered = new ArrayList<>();
      for (Recipient r : open.values()) {
        if (TransportChain.claims(t, r.addressType())) {
          offered.add(
              new OutboundRecipient(
                  r.rowId(), r.type(), r.displayName(), r.addressType(), r.address()));
        }
      }
      if (offered.isEmpty()) {
        continue;
      }
      Map<Integer, DeliveryResult> verdicts = deliver(t, view, offered, id);
      for (OutboundRecipient r : offered) {
        DeliveryResult v = verdicts.get(r.rowId());
        if (v instanceof DeliveryResult.Delivered) {
          outcomes.add(new RecipientOutcome.Delivered(r.rowId(), t.id(), clock.instant()));
          open.remove(r.rowId());
          events.emit(SpoolerEvent.Kind.DELIVERED, id, t.id() + " " + r.address());
        } else if (v instanceof DeliveryResult.Failed f) {
          outcomes.add(
              new RecipientOutcome.Failed(
                  r.rowId(), f.reason(), f.ndrReasonCode(), f.ndrDiagCode(), clock.instant()));
          open.remove(r.rowId());
          events.emit(SpoolerEvent.Kind.FAILED, id, t.id() + " " + r.address() + ": " + f.reason());
        } else if (v instanceof DeliveryResult.Deferred d) {
          open.remove(r.rowId());
          deferReasons.add(r.address() + ": " + d.reason());
          if (d.throttled()) {
            // Held back by the transport's flow control: it only waits its turn (Verdicts).
            heldFor = longer(heldFor, d.retryAfter());
          } else {
            triedAndDeferred = true;
            askedDelay = longer(askedDelay, d.retryAfter());
          }
        } // Declined (or no verdict from a transport that answered): the next matching transport
        // gets it.
      }
    }
    return new Verdicts(
        List.copyOf(outcomes),
        open,
        deferReasons,
        triedAndDeferred ? longer(askedDelay, heldFor) : askedDelay,
        triedAndDeferred ? null : heldFor);
  }

  private static Duration longer(Duration a, Duration b) {
    return a == null || b != null && b.compareTo(a) > 0 ? b : a;
  }

  /**
   * An SMTP address on the suppression list gets its NDR now, naming the entry, and is offered to
   * no transport: mail to an address that bounced or complained is not sent again.
   */
  private void failSuppressed(
      EntryId id, Map<Integer, Recipient> open, List<RecipientOutcome> outcomes) {
    for (Recipient r : List.copyOf(open.values())) {
      if (!"SMTP".equalsIgnoreCase(r.addressType()) || r.address() == null) {
        continue;
      }
      Optional<SuppressionList.Entry> entry = suppressed.apply(r.address());
      if (entry.isPresent()) {
        SuppressionList.Entry e = entry.get();
        // The entry's own reason is not repeated: it may be another mailbox's remote diagnostic.
        String reason =
            "not sent: "
                + r.address()
                + " is on the suppression list since "
                + e.since()
                + " ("
                + e.source().name().toLowerCase(Locale.ROOT)
                + ")";
        outcomes.add(
            new RecipientOutcome.Failed(
                r.rowId(),
                reason,
                MessageDelivery.MAPI_REASON_TRANSFER_IMPOSSIBLE,
                MAPI_DIAG_MAIL_REFUSED,
                clock.instant()));
        open.remove(r.rowId());
        events.emit(SpoolerEvent.Kind.FAILED, id, reason);
      }
    }
  }

  /**
   * Calls a transport, turning anything it throws or leaves out into deferrals (never stops the
   * spooler).
   */
  private Map<Integer, DeliveryResult> deliver(
      TransportProvider t, OutboundMessage view, List<OutboundRecipient> offered, EntryId id) {
    Map<Integer, DeliveryResult> verdicts = new LinkedHashMap<>();
    try {
      List<DeliveryResult> results = t.deliver(view, offered);
      if (results != null) {
        for (DeliveryResult r : results) {
          if (r != null && offered.stream().anyMatch(o -> o.rowId() == r.rowId())) {
            verdicts.putIfAbsent(r.rowId(), r);
          }
        }
      }
      for (OutboundRecipient r : offered) {
        verdicts.putIfAbsent(
            r.rowId(),
            DeliveryResult.deferred(
                r.rowId(), "transport " + t.id() + " returned no verdict for " + r.address()));
      }
    } catch (CriticalTransportException e) {
      // R63: no further calls to this transport; its recipients go to the next one or wait.
      if (transports.takeOutOfService(t)) {
        SpoolerLog.transportOutOfService(t.id(), e);
        events.emit(SpoolerEvent.Kind.TRANSPORT_OUT_OF_SERVICE, id, t.id() + ": " + e.getMessage());
      }
      verdicts.clear();
      for (OutboundRecipient r : offered) {
        verdicts.put(r.rowId(), DeliveryResult.declined(r.rowId()));
      }
    } catch (Exception e) {
      SpoolerLog.transportThrew(t.id(), id, e);
      for (OutboundRecipient r : offered) {
        verdicts.put(
            r.rowId(), DeliveryResult.deferred(r.rowId(), "transport " + t.id() + " failed: " + e));
      }
    }
    return verdicts;
  }
}
