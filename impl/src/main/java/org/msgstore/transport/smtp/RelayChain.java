package org.msgstore.transport.smtp;

import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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

  RelayChain(SmtpSettings settings) {
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
    for (int i = 0; ; i++) {
      Route route = routes.get(i);
      List<SendOutcome> outcomes = route.sender().send(message, plan, utf8Headers, deadline);
      // No session at all: nothing reached this relay, so the next one may have the message.
      boolean noSession = outcomes.stream().allMatch(SendOutcome::beforeSession);
      SendOutcome first = outcomes.get(0);
      boolean last = i == routes.size() - 1;
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
      for (int t = 0; t < plan.size(); t++) {
        route.mapper().apply(outcomes.get(t), plan.get(t).envelope(), verdicts);
      }
      return;
    }
  }

  long openedSessions() {
    return routes.stream().mapToLong(r -> r.pool().openedSessions()).sum();
  }

  @Override
  public void close() {
    routes.forEach(r -> r.pool().close());
  }
}
