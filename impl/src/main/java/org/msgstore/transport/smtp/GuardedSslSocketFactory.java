package org.msgstore.transport.smtp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The TLS socket factory of one SMTP connection's mail session: the configured trust (the JVM's
 * CAs, or {@code smtpTrustStore}), with the connection's {@link ReplyGuard} under the TLS layer.
 * Jakarta Mail layers TLS over a connected socket with {@link #createSocket(Socket, String, int,
 * boolean)}: after STARTTLS that socket is already guarded; for implicit TLS it made the plain
 * socket itself, and the guard is put under it here.
 */
final class GuardedSslSocketFactory extends SSLSocketFactory {
  private final ReplyGuard guard;
  private final SSLSocketFactory tls;

  GuardedSslSocketFactory(ReplyGuard guard, SSLSocketFactory tls) {
    this.guard = guard;
    this.tls = tls;
  }

  @Override
  public Socket createSocket(Socket s, String host, int port, boolean autoClose)
      throws IOException {
    Socket under = guard.attached() ? s : new GuardedSocket(s, guard);
    return tls.createSocket(under, host, port, autoClose);
  }

  @Override
  public String[] getDefaultCipherSuites() {
    return tls.getDefaultCipherSuites();
  }

  @Override
  public String[] getSupportedCipherSuites() {
    return tls.getSupportedCipherSuites();
  }

  // Jakarta Mail does not open TLS connections through these; they are here for completeness and
  // go through the guard like the layered form.

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return createSocket(new GuardedSocketFactory(guard).createSocket(host, port), host, port, true);
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    return createSocket(
        new GuardedSocketFactory(guard).createSocket(host, port, localHost, localPort),
        host,
        port,
        true);
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return createSocket(
        new GuardedSocketFactory(guard).createSocket(host, port), host.getHostName(), port, true);
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return createSocket(
        new GuardedSocketFactory(guard).createSocket(address, port, localAddress, localPort),
        address.getHostName(),
        port,
        true);
  }
}
