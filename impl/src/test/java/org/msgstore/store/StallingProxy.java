package org.msgstore.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on loopback to a database server that can make the connections it carries go silent
 * without closing them: what a failover or a network partition does to a client, which gets no
 * reset and waits. Connections made after the stall are relayed normally.
 */
final class StallingProxy implements AutoCloseable {
  private final ServerSocket server;
  private final int targetPort;
  private final List<Pipe> pipes = new CopyOnWriteArrayList<>();

  private StallingProxy(int targetPort) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.targetPort = targetPort;
    Thread accepting = new Thread(this::accept, "stalling-proxy");
    accepting.setDaemon(true);
    accepting.start();
  }

  static StallingProxy to(int targetPort) throws IOException {
    return new StallingProxy(targetPort);
  }

  int port() {
    return server.getLocalPort();
  }

  /** The connections open now stop carrying anything, in both directions, and stay open. */
  void stallExisting() {
    pipes.forEach(p -> p.stalled = true);
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        Pipe pipe = new Pipe(client, target);
        pipes.add(pipe);
        pump(pipe, client, target);
        pump(pipe, target, client);
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private static void pump(Pipe pipe, Socket from, Socket to) {
    Thread t =
        new Thread(
            () -> {
              byte[] buffer = new byte[8192];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                  if (!pipe.stalled) {
                    out.write(buffer, 0, n);
                    out.flush();
                  }
                }
              } catch (IOException e) {
                // One side closed: the pipe ends.
              }
            },
            "stalling-proxy-pipe");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Pipe p : pipes) {
      p.client.close();
      p.target.close();
    }
  }

  private static final class Pipe {
    final Socket client;
    final Socket target;
    volatile boolean stalled;

    Pipe(Socket client, Socket target) {
      this.client = client;
      this.target = target;
    }
  }
}
