package org.msgstore.transport.smtp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.msgstore.testing.TestTransportContext;

/**
 * A test's relay: a {@link ScriptedSmtpServer} on loopback and the SMTP transports the test starts
 * against it, all closed after the test when held in an {@code @AutoClose} field.
 */
final class ScriptedRelay implements AutoCloseable {
  final ScriptedSmtpServer server;
  private final List<SmtpTransport> started = new ArrayList<>();

  ScriptedRelay() {
    try {
      server = new ScriptedSmtpServer();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the scripted SMTP server on loopback", e);
    }
  }

  /** The settings of a transport to this server, for a test to add its own to. */
  Map<String, String> settings() {
    return TestTransportContext.smtpLoopback(server.port());
  }

  /** A transport started with {@code settings}, closed with this relay. */
  SmtpTransport start(Map<String, String> settings) {
    SmtpTransport transport = TestTransportContext.startedSmtp(settings);
    started.add(transport);
    return transport;
  }

  @Override
  public void close() throws Exception {
    for (SmtpTransport transport : started) {
      transport.close();
    }
    server.close();
  }
}
