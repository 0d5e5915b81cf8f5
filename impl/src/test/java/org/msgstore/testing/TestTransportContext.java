package org.msgstore.testing;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.msgstore.spi.TransportContext;
import org.msgstore.transport.smtp.SmtpTransport;

/** A transport context over a settings map and a clock, as the spooler gives a transport. */
public record TestTransportContext(Map<String, String> settings, Clock clock)
    implements TransportContext {
  /** The fixed time of {@link #startedSmtp}'s clock. */
  public static final Instant NOW = Instant.parse("2026-11-24T10:15:30Z");

  /**
   * Settings for an SMTP server on loopback at {@code port}, with short timeouts so failures are
   * quick; a new map the caller may change.
   */
  public static Map<String, String> smtpLoopback(int port) {
    Map<String, String> s = new HashMap<>();
    s.put("smtpHost", "127.0.0.1");
    s.put("smtpPort", Integer.toString(port));
    s.put("smtpConnectTimeoutMs", "2000");
    s.put("smtpReadTimeoutMs", "2000");
    s.put("smtpWriteTimeoutMs", "2000");
    return s;
  }

  /** An SMTP transport started on {@code settings} with a clock fixed at {@link #NOW}. */
  public static SmtpTransport startedSmtp(Map<String, String> settings) {
    SmtpTransport t = new SmtpTransport();
    t.start(new TestTransportContext(settings, Clock.fixed(NOW, ZoneOffset.UTC)));
    return t;
  }
}
