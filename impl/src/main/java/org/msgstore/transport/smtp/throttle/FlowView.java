package org.msgstore.transport.smtp.throttle;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A read-only snapshot of the SMTP transport's flow control on this server, for the JMX layer and
 * status pages: each relay's sessions and pause, and each rate limit's share and next free turn.
 *
 * @param liveNodes the servers that share the cluster-wide rates now
 */
public record FlowView(int liveNodes, List<Relay> relays, List<Limit> limits) {

  /**
   * @param pausedUntil null when not paused
   * @param rate the relay's configured rate (smtpRelayRates), or null
   * @param allowedPerSecond this server's share of it in messages per second (0: no limit)
   */
  public record Relay(
      String name,
      int maxSessions,
      int allowedSessions,
      int sessionsInUse,
      Instant pausedUntil,
      String rate,
      double allowedPerSecond,
      long backOffs) {
    @Override
    public String toString() {
      return "relay "
          + name
          + ": sessions "
          + sessionsInUse
          + " in use of "
          + allowedSessions
          + " allowed (smtpSessions "
          + maxSessions
          + ")"
          + (pausedUntil == null ? "" : ", paused until " + pausedUntil)
          + (rate == null
              ? ""
              : ", rate "
                  + rate
                  + String.format(java.util.Locale.ROOT, " (%.3f/s here)", allowedPerSecond))
          + ", back-offs "
          + backOffs;
    }
  }

  /**
   * @param scope {@code transport} (smtpRate) or {@code domain example.com} (smtpDomainRates)
   * @param allowedPerSecond this server's share in messages per second
   * @param nextFree when the next message may go on this server
   */
  public record Limit(String scope, String rate, double allowedPerSecond, Instant nextFree) {
    @Override
    public String toString() {
      return scope
          + ": rate "
          + rate
          + String.format(java.util.Locale.ROOT, " (%.3f/s here)", allowedPerSecond)
          + ", next free "
          + nextFree;
    }
  }

  /** One line per relay and limit, as the Spooler MBean shows them. */
  public String[] lines() {
    List<String> out = new ArrayList<>();
    out.add("live spooler nodes sharing the rates: " + liveNodes);
    relays.forEach(r -> out.add(r.toString()));
    limits.forEach(l -> out.add(l.toString()));
    return out.toArray(String[]::new);
  }
}
