package org.msgstore.transport.smtp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * The plain socket factory of one SMTP connection's mail session: every socket it makes keeps to
 * that connection's {@link ReplyGuard}. Jakarta Mail calls {@link #createSocket()} and connects the
 * socket itself; the other forms are here for completeness.
 */
final class GuardedSocketFactory extends SocketFactory {
  private final ReplyGuard guard;

  GuardedSocketFactory(ReplyGuard guard) {
    this.guard = guard;
  }

  @Override
  public Socket createSocket() throws IOException {
    return new GuardedSocket(new Socket(), guard);
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    Socket s = createSocket();
    s.connect(new InetSocketAddress(host, port));
    return s;
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    Socket s = createSocket();
    s.bind(new InetSocketAddress(localHost, localPort));
    s.connect(new InetSocketAddress(host, port));
    return s;
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    Socket s = createSocket();
    s.connect(new InetSocketAddress(host, port));
    return s;
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    Socket s = createSocket();
    s.bind(new InetSocketAddress(localAddress, localPort));
    s.connect(new InetSocketAddress(address, port));
    return s;
  }
}
