package org.msgstore.transport.smtp;

import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.msgstore.spi.DeliveryResult;
import org.msgstore.spi.OutboundRecipient;
import org.msgstore.transport.smtp.throttle.FlowControl;

/**
 * The relays a message may go through, tried in order ({@code smtpHost}, then {@code
 * smtpFallbackRelays}), each with its own session pool and login. The next relay is tried only when
 * no session could be opened with the one before (refused, timed out, a 4xx or 5xx greeting, TLS or
 * login failing, all its sessions busy): once a relay has a session, what it answers is the
 * verdict, since it may already have taken the message for some recipients. All relays share the
 * deadline of the message's first transaction ({@code smtpSendTimeoutMs} from the start), so a
 * hostile first relay cannot make the thread wait for each of the others as well; each later
 * transaction has its own ({@link SmtpSender}).
 */
final class RelayChain implements AutoCloseable {
  private record Route(String name, SessionPool pool, SmtpSender sender, VerdictMapper mapper) {}

  private final List<Route> routes = new ArrayList<>();
  private final long sendTimeoutNanos;
  private final FlowControl flow;

  /**
   * @param flow the relays' back-off and rate limits, for the relays of {@link #names} in order
   */
  RelayChain(SmtpSettings settings, FlowControl flow) {
    this.flow = flow;
    this.sendTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(settings.sendTimeoutMs);
    for (SmtpSettings relay : settings.relays()) {
      SessionPool pool = new SessionPool(relay.utf8SessionProperties(), relay);
      routes.add(
          new Route(
              relay.host + ":" + relay.port,
              pool,
              new SmtpSender(pool, relay),
              new VerdictMapper(relay)));
    }
  }

  void deliver(MimeMessage message, List<Transaction> plan, boolean utf8Headers, Verdicts verdicts)
      throws InterruptedException {
    // The first transaction's deadline, on whichever relay it runs.
    long deadline = System.nanoTime() + sendTimeoutNanos;
    List<String> down = new ArrayList<>();
    String key = messageKey(message);
    // Set while every relay so far held the message back or asked to slow down: then it waits
    // for the soonest one's turn instead of being deferred (FlowControl).
    Duration turn = null;
    for (int i = 0; ; i++) {
      Route route = routes.get(i);
      boolean last = i == routes.size() - 1;
      FlowControl.Pass pass = flow.enter(i, key);
      if (!pass.admitted()) {
        turn = i == 0 || turn != null ? sooner(turn, pass.turn()) : null;
        down.add(pass.reason());
        if (!last) {
          continue;
        }
        String why =
            routes.size() == 1
                ? pass.reason()
                : "no relay gave a session ("
                    + routes.size()
                    + " tried): "
                    + String.join("; ", down);
        for (OutboundRecipient r : rowsOf(plan)) {
          verdicts.set(
              turn != null
                  ? DeliveryResult.throttled(r.rowId(), why, turn)
                  : DeliveryResult.deferred(r.rowId(), why));
        }
        return;
      }
      List<SendOutcome> outcomes = null;
      try {
        outcomes = route.sender().send(message, plan, utf8Headers, deadline);
      } finally {
        if (outcomes == null) {
          pass.done(null, false); // thrown (interrupted, a bug): the turn ends all the same
        }
      }
      Duration slowed = pass.done(slowDownOf(outcomes), answeredAny(outcomes));
      turn = slowed != null && (i == 0 || turn != null) ? sooner(turn, slowed) : null;
      // No session at all: nothing reached this relay, so the next one may have the message.
      boolean noSession = outcomes.stream().allMatch(SendOutcome::beforeSession);
      SendOutcome first = outcomes.get(0);
      // Past the deadline no other relay gets a turn: the recipients are deferred instead.
      if (noSession && !last && System.nanoTime() < deadline) {
        down.add(first.detail());
        SmtpLog.relayDown(route.name(), routes.get(i + 1).name(), first.detail());
        continue;
      }
      if (noSession && !down.isEmpty()) {
        down.add(first.detail());
        SendOutcome none =
            SendOutcome.noSession(
                first.failure(),
                "no relay gave a session ("
                    + routes.size()
                    + " tried): "
                    + String.join("; ", down));
        outcomes = plan.stream().map(t -> none).toList();
      }
      // The relay (every relay tried) asked to slow down: the transactions it slowed down, or
      // that never got a session after it did, wait for their turn; any other deferral (a
      // greylisted recipient, a full mailbox) is an attempt like any other.
      for (int t = 0; t < plan.size(); t++) {
        SendOutcome o = outcomes.get(t);
        boolean slowedDown = SlowDown.of(o) != null || o.beforeSession();
        Verdicts target = turn != null && slowedDown ? verdicts.holdingBack(turn) : verdicts;
        route.mapper().apply(o, plan.get(t).envelope(), target);
      }
      return;
    }
  }

  /** The first slow-down any of the message's transactions was answered with, or null. */
  private static String slowDownOf(List<SendOutcome> outcomes) {
    for (SendOutcome o : outcomes) {
      String slowDown = SlowDown.of(o);
      if (slowDown != null) {
        return slowDown;
      }
    }
    return null;
  }

  /** Whether the relay answered any of the message's transactions: it takes mail. */
  private static boolean answeredAny(List<SendOutcome> outcomes) {
    return outcomes.stream().anyMatch(SlowDown::answered);
  }

  private static List<OutboundRecipient> rowsOf(List<Transaction> plan) {
    return plan.stream().flatMap(t -> t.envelope().allRows().stream()).toList();
  }

  /** The message's stable Message-ID: its key for a turn reserved at a relay's rate. */
  private static String messageKey(MimeMessage message) {
    try {
      return String.valueOf(message.getMessageID());
    } catch (jakarta.mail.MessagingException e) {
      return String.valueOf(System.identityHashCode(message));
    }
  }

  private static Duration sooner(Duration a, Duration b) {
    return a == null || b.compareTo(a) < 0 ? b : a;
  }

  long openedSessions() {
    return routes.stream().mapToLong(r -> r.pool().openedSessions()).sum();
  }

  @Override
  public void close() {
    routes.forEach(r -> r.pool().close());
  }
}
