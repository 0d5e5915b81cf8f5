package org.msgstore.transport.smtp.throttle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.PropTag;
import org.msgstore.PropertyView;
import org.msgstore.spi.DeliveryResult;
import org.msgstore.spi.OutboundRecipient;

/**
 * The SMTP transport's flow control on this server: the rate limits (the whole transport, each
 * relay, each recipient domain), each one the cluster's rate divided by the live spooler nodes, and
 * each relay's back-off ({@link RelayThrottle}).
 *
 * <p>It never makes a thread wait. What may not go now is answered with a throttled verdict ({@link
 * DeliveryResult#throttled}) naming its turn; the spooler puts the message back in the queue due at
 * that turn, without counting an attempt, and its delivery thread takes the next message, for
 * another domain or relay. So a slow domain holds up no other one.
 */
public final class FlowControl {
  private final Clock clock;
  private final IntSupplier nodes;
  private final RateLimiter transport;
  private final Map<String, RateLimiter> domains = new LinkedHashMap<>();
  private final List<RelayThrottle> relays = new ArrayList<>();

  private FlowControl(
      FlowSettings settings,
      List<String> relayNames,
      int sessions,
      Clock clock,
      IntSupplier nodes) {
    this.clock = clock;
    this.nodes = nodes;
    this.transport =
        settings.transport() == null ? null : new RateLimiter(settings.transport(), nodes);
    settings.domains().forEach((d, r) -> domains.put(d, new RateLimiter(r, nodes)));
    for (String relay : relayNames) {
      Rate r = settings.relays().get(relay.toLowerCase(Locale.ROOT));
      relays.add(new RelayThrottle(relay, sessions, r == null ? null : new RateLimiter(r, nodes)));
    }
  }

  /**
   * Reads the rate settings; the relays are named {@code host:port} in the order they are tried.
   *
   * @throws MapiException {@code MAPI_E_INVALID_PARAMETER} naming every bad rate setting
   */
  public static FlowControl start(
      Map<String, String> settings,
      List<String> relayNames,
      int sessions,
      Clock clock,
      IntSupplier nodes) {
    List<String> problems = new ArrayList<>();
    List<String> lower = relayNames.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
    FlowSettings parsed = FlowSettings.parse(settings, lower, problems);
    if (!problems.isEmpty()) {
      throw new MapiException(
          MapiError.MAPI_E_INVALID_PARAMETER,
          "the SMTP transport has "
              + problems.size()
              + " invalid rate setting(s): "
              + String.join("; ", problems));
    }
    if (parsed.any()) {
      ThrottleLog.limits(parsed.toString());
    }
    return new FlowControl(parsed, relayNames, sessions, clock, nodes);
  }

  /**
   * Takes the turns {@code recipients} of {@code message} (its id: a turn reserved for it is kept
   * for it) need at the transport's rate and at their domains' rates. Those that may not go now get
   * a throttled verdict through {@code held}; the others are returned, to be sent now. A message
   * counts once per domain however many of its recipients are there (one SMTP transaction carries
   * them all); the SMTP transport asks once per recipient when each recipient is a transaction of
   * its own (bounceAddress).
   *
   * <p>{@code lane} is the message's priority lane ({@link #lane}): at each rate it takes the
   * soonest turn held for a message of a lower lane when that comes before the next free one, so
   * urgent mail does not wait behind a held bulk send ({@link RateLimiter}).
   */
  public List<OutboundRecipient> admit(
      String message, int lane, List<OutboundRecipient> recipients, Consumer<DeliveryResult> held) {
    if (transport == null && domains.isEmpty()) {
      return recipients;
    }
    Instant now = clock.instant();
    Map<String, Duration> waits = new LinkedHashMap<>();
    List<OutboundRecipient> admitted = new ArrayList<>();
    for (OutboundRecipient r : recipients) {
      String domain = limitedDomain(r.address());
      Duration wait =
          domain == null ? null : waits.computeIfAbsent(domain, d -> turn(d, message, lane, now));
      if (wait == null || wait.isZero()) {
        admitted.add(r);
      } else {
        held.accept(
            DeliveryResult.throttled(
                r.rowId(),
                "waiting for its turn at "
                    + domain
                    + "'s rate "
                    + share(domains.get(domain))
                    + " (smtpDomainRates)",
                wait));
      }
    }
    // The transport's turn last: a message its domains hold back does not spend one.
    if (transport != null && !admitted.isEmpty()) {
      Duration wait = transport.take(message, lane, now);
      if (wait != null) {
        String why =
            "waiting for its turn at the SMTP transport's rate " + share(transport) + " (smtpRate)";
        admitted.forEach(r -> held.accept(DeliveryResult.throttled(r.rowId(), why, wait)));
        return List.of();
      }
    }
    return admitted;
  }

  /** Zero when the domain's turn was taken now, else the wait for it. */
  private Duration turn(String domain, String message, int lane, Instant now) {
    Duration wait = domains.get(domain).take(message, lane, now);
    return wait == null ? Duration.ZERO : wait;
  }

  /**
   * The priority lane of {@code message} as the queue ranks it: PR_PRIORITY (1 urgent, 0 normal, -1
   * non-urgent), or when that is not set PR_IMPORTANCE (2 high, 1 normal, 0 low).
   */
  public static int lane(PropertyView message) {
    Integer priority = message.get(PropTag.PR_PRIORITY);
    if (priority != null) {
      return Integer.signum(priority);
    }
    Integer importance = message.get(PropTag.PR_IMPORTANCE);
    if (importance != null) {
      return importance >= 2 ? 1 : importance <= 0 ? -1 : 0;
    }
    return 0;
  }

  /** The domain entry that limits {@code address}: its own domain's, else its nearest parent's. */
  private String limitedDomain(String address) {
    if (domains.isEmpty() || address == null) {
      return null;
    }
    int at = address.lastIndexOf('@');
    String d = address.substring(at + 1).trim().toLowerCase(Locale.ROOT);
    while (!d.isEmpty()) {
      if (domains.containsKey(d)) {
        return d;
      }
      int dot = d.indexOf('.');
      d = dot < 0 ? "" : d.substring(dot + 1);
    }
    return null;
  }

  /**
   * A send of {@code message} (its id) through relay {@code index} (in the order tried) that may
   * go, or the wait for it.
   */
  public Pass enter(int index, String message) {
    RelayThrottle relay = relays.get(index);
    RelayThrottle.Admission a = relay.enter(message, clock.instant());
    return new Pass(relay, a);
  }

  /** One message's turn at a relay: it goes, then reports how the relay answered. */
  public final class Pass {
    private final RelayThrottle relay;
    private final RelayThrottle.Admission admission;

    private Pass(RelayThrottle relay, RelayThrottle.Admission admission) {
      this.relay = relay;
      this.admission = admission;
    }

    /** Whether the message may be sent through this relay now. */
    public boolean admitted() {
      return admission.entry() != null;
    }

    /** When not admitted, how long until its turn. */
    public Duration turn() {
      return admission.turn();
    }

    /** When not admitted, why it waits. */
    public String reason() {
      return admission.reason();
    }

    /**
     * Reports how the send went.
     *
     * @param slowDown the relay's slow-down (a 421/454 reply, a refused connection), or null
     * @param answered whether the relay answered with a reply
     * @return with a slow-down, how long the message waits for its next turn; else null
     */
    public Duration done(String slowDown, boolean answered) {
      return relay.done(admission.entry(), clock.instant(), slowDown, answered);
    }
  }

  private String share(RateLimiter r) {
    int n = r.nodes();
    return n == 1 ? r.rate().toString() : r.rate() + " shared by " + n + " servers";
  }

  /** The state now, for JMX and status pages. */
  public FlowView view() {
    Instant now = clock.instant();
    List<FlowView.Relay> r = relays.stream().map(t -> t.view(now)).toList();
    List<FlowView.Limit> limits = new ArrayList<>();
    if (transport != null) {
      limits.add(limit("transport (smtpRate)", transport, now));
    }
    domains.forEach((d, l) -> limits.add(limit("domain " + d, l, now)));
    return new FlowView(Math.max(1, nodes.getAsInt()), r, limits);
  }

  private static FlowView.Limit limit(String scope, RateLimiter l, Instant now) {
    return new FlowView.Limit(
        scope, l.rate().toString(), l.rate().perSecond(l.nodes()), l.nextFree(now));
  }
}
