package org.msgstore.transport.smtp;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.msgstore.spi.DeliveryResult;
import org.msgstore.spi.OutboundMessage;
import org.msgstore.spi.OutboundRecipient;
import org.msgstore.spi.TransportContext;
import org.msgstore.spi.TransportProvider;
import org.msgstore.transport.smtp.dkim.DkimSigning;
import org.msgstore.transport.smtp.throttle.FlowControl;
import org.msgstore.transport.smtp.throttle.FlowView;

/**
 * The built-in SMTP transport: hands messages to an SMTP relay ({@code smtpHost}:{@code smtpPort},
 * then {@code smtpFallbackRelays} when it is down; {@link RelayChain}), over at most {@code
 * smtpSessions} reused sessions per relay, and returns a verdict per offered recipient. SMTP
 * problems never escape as exceptions; see {@link VerdictMapper} for how replies become verdicts.
 *
 * <p>Loaded by {@link java.util.ServiceLoader}, hence public with a no-argument constructor.
 * Thread-safe: the spooler may call {@link #deliver} from several threads at once.
 */
public final class SmtpTransport implements TransportProvider {

  /** Everything built by {@link #start}; null before, so a delivery before start is a clear bug. */
  private volatile Running running;

  private record Running(
      SmtpSettings settings,
      RelayChain relays,
      MimeComposer composer,
      MimeComposer utf8Composer,
      DkimSigning dkim,
      java.util.concurrent.ConcurrentMap<ClassLoader, ServiceFileCache> loaders,
      FlowControl flow) {}

  @Override
  public String id() {
    return "smtp";
  }

  @Override
  public Set<String> addressTypes() {
    return Set.of("SMTP");
  }

  /**
   * Validates the settings and prepares the pool; no connection is opened until the first message,
   * so a relay that is down at start only defers mail.
   *
   * @throws org.msgstore.MapiException {@code MAPI_E_INVALID_PARAMETER} listing every bad setting
   */
  @Override
  public synchronized void start(TransportContext context) {
    if (running != null) {
      throw new IllegalStateException("the SMTP transport is already started");
    }
    SmtpSettings settings = SmtpSettings.parse(context.settings());
    // Checked (keys read) before anything is built: a bad DKIM setting fails the start.
    DkimSigning dkim = DkimSigning.start(context.settings(), context.clock());
    List<String> unknown = SmtpSettings.unknownKeys(context.settings());
    if (!unknown.isEmpty()) {
      SmtpLog.unknownSettings(unknown, SmtpSettings.KEYS);
    }
    // Our own Sessions, never the JVM-wide default one that other code may have configured. The
    // UTF-8 one writes non-ASCII addresses as UTF-8 (SMTPUTF8) instead of cutting them to bytes.
    Session session = Session.getInstance(settings.sessionProperties());
    Session utf8 = Session.getInstance(settings.utf8SessionProperties());
    FlowControl flow =
        FlowControl.start(
            context.settings(),
            settings.relays().stream().map(relay -> relay.host + ":" + relay.port).toList(),
            settings.sessions,
            context.clock(),
            context::liveNodes);
    running =
        new Running(
            settings,
            new RelayChain(settings, flow),
            new MimeComposer(session, settings.defaultFrom, context.clock()),
            new MimeComposer(utf8, settings.defaultFrom, context.clock()),
            dkim,
            new java.util.concurrent.ConcurrentHashMap<>(),
            flow);
    SmtpLog.started(settings);
    for (SmtpSettings relay : settings.relays()) {
      if (relay.plainAuthRefusal() != null) {
        SmtpLog.plainAuthRefused(relay.plainAuthRefusal());
      }
    }
  }

  /**
   * The recipients that may go now. A rate counts what the relay counts, SMTP transactions: one per
   * message, or with {@code bounceAddress} one per recipient (each has its own envelope sender), so
   * each recipient then takes a turn of its own.
   */
  private static List<OutboundRecipient> admit(
      Running r, OutboundMessage message, List<OutboundRecipient> recipients, Verdicts verdicts) {
    String key = String.valueOf(message.entryId());
    int lane = FlowControl.lane(message);
    if (r.settings().bounce == null) {
      return r.flow().admit(key, lane, recipients, verdicts::set);
    }
    List<OutboundRecipient> admitted = new java.util.ArrayList<>();
    for (OutboundRecipient one : recipients) {
      admitted.addAll(r.flow().admit(key + "/" + one.rowId(), lane, List.of(one), verdicts::set));
    }
    return admitted;
  }

  @Override
  public List<DeliveryResult> deliver(OutboundMessage message, List<OutboundRecipient> recipients)
      throws InterruptedException {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(recipients, "recipients");
    Running r = running;
    if (r == null) {
      throw new IllegalStateException("the SMTP transport is not started (or already closed)");
    }
    Verdicts verdicts = new Verdicts(recipients);
    // Recipients whose domain (or the transport) is at its rate wait for their turn in the queue.
    Envelope envelope = Envelope.of(admit(r, message, recipients, verdicts), verdicts);
    if (envelope.isEmpty()) {
      return verdicts.toList();
    }
    // Jakarta Mail looks service files up on the context class loader for every body part: see
    // ServiceFileCache.
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    if (previous == null) {
      return composeAndSend(r, message, envelope, verdicts);
    }
    thread.setContextClassLoader(r.loaders().computeIfAbsent(previous, ServiceFileCache::new));
    try {
      return composeAndSend(r, message, envelope, verdicts);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  private static List<DeliveryResult> composeAndSend(
      Running r, OutboundMessage message, Envelope envelope, Verdicts verdicts)
      throws InterruptedException {
    MimeMessage mime;
    boolean utf8Headers;
    try {
      mime = r.composer().compose(message);
      utf8Headers = SmtpUtf8.inHeaders(mime);
      if (utf8Headers) {
        // Written in ASCII these addresses would lose their high bytes: the UTF-8 form instead,
        // which only goes to a relay offering SMTPUTF8 (SmtpSender).
        mime = r.utf8Composer().compose(message);
      }
    } catch (UnsendableMessageException e) {
      for (OutboundRecipient rcpt : envelope.allRows()) {
        verdicts.set(
            DeliveryResult.failed(
                rcpt.rowId(),
                e.getMessage(),
                MapiCodes.MAPI_REASON_TRANSFER_IMPOSSIBLE,
                e.ndrDiagCode()));
      }
      return verdicts.toList();
    }
    // Signed at each attempt, so the key in force when the message leaves signs it.
    DkimSigning.Outcome dkim = r.dkim().sign(mime);
    if (!dkim.sendable()) {
      for (OutboundRecipient rcpt : envelope.allRows()) {
        verdicts.set(
            dkim.verdict() == DkimSigning.Verdict.DEFER
                ? DeliveryResult.deferred(rcpt.rowId(), dkim.detail())
                : DeliveryResult.failed(
                    rcpt.rowId(),
                    dkim.detail(),
                    MapiCodes.MAPI_REASON_TRANSFER_IMPOSSIBLE,
                    MapiCodes.MAPI_DIAG_PARAMETERS_INVALID));
      }
      return verdicts.toList();
    }
    List<Transaction> plan = Transaction.plan(message, envelope, r.settings().bounce);
    r.relays().deliver(mime, plan, utf8Headers, verdicts);
    return verdicts.toList();
  }

  /**
   * The flow control's state now (each relay's sessions and pause, each rate limit's share), for
   * JMX; null before start.
   */
  public FlowView flowView() {
    Running r = running;
    return r == null ? null : r.flow().view();
  }

  /** How many SMTP sessions were opened since start; for tests and the status page. */
  long openedSessions() {
    Running r = running;
    return r == null ? 0 : r.relays().openedSessions();
  }

  @Override
  public synchronized void close() {
    Running r = running;
    running = null;
    if (r != null) {
      r.relays().close();
      SmtpLog.closed(r.relays().openedSessions());
    }
  }
}
