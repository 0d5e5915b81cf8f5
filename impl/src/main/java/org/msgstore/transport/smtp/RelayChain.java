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
 * verdict, since it may already have taken the message for some recipients. All relays share one
 * deadline ({@code smtpSendTimeoutMs}), so a hostile first relay cannot make the thread wait for
 * each of the others as well.
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

  void deliver(MimeMessage message, Envelope envelope, boolean utf8Headers, Verdicts verdicts)
      throws InterruptedException {
    long deadline = System.nanoTime() + sendTimeoutNanos;
    List<String> down = new ArrayList<>();
    for (int i = 0; ; i++) {
      Route route = routes.get(i);
      SendOutcome outcome = route.sender().send(message, envelope, utf8Headers, deadline);
      boolean last = i == routes.size() - 1;
      // Past the deadline no other relay gets a turn: the recipients are deferred instead.
      if (outcome.beforeSession() && !last && System.nanoTime() < deadline) {
        down.add(outcome.detail());
        SmtpLog.relayDown(route.name(), routes.get(i + 1).name(), outcome.detail());
        continue;
      }
      if (outcome.beforeSession() && !down.isEmpty()) {
        down.add(outcome.detail());
        outcome =
            SendOutcome.noSession(
                outcome.failure(),
                "no relay gave a session ("
                    + routes.size()
                    + " tried): "
                    + String.join("; ", down));
      }
      route.mapper().apply(outcome, envelope, verdicts);
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
