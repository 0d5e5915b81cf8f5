package org.msgstore.transport.smtp;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.msgstore.spi.TransportContext;

/** A transport context over a settings map and a fixed clock. */
record TestContext(Map<String, String> settings, Clock clock) implements TransportContext {
  static final Instant NOW = Instant.parse("2026-11-24T10:15:30Z");

  /**
   * Settings for a server on loopback at {@code port}, with short timeouts so failures are quick.
   */
  static Map<String, String> loopback(int port) {
    Map<String, String> s = new HashMap<>();
    s.put("smtpHost", "127.0.0.1");
    s.put("smtpPort", Integer.toString(port));
    s.put("smtpConnectTimeoutMs", "2000");
    s.put("smtpReadTimeoutMs", "2000");
    s.put("smtpWriteTimeoutMs", "2000");
    return s;
  }

  static SmtpTransport started(Map<String, String> settings) {
    SmtpTransport t = new SmtpTransport();
    t.start(new TestContext(settings, Clock.fixed(NOW, ZoneOffset.UTC)));
    return t;
  }
}
