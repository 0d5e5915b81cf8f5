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
 * reset and waits. Connections made after the stall are relayed normally. It can also be unplugged:
 * every connection it carries is closed and new ones are closed at once until it is plugged in
 * again, so that a database server stays away for a client as long as a test needs.
 */
final class StallingProxy implements AutoCloseable {
  private final ServerSocket server;
  private final int targetPort;
  private final List<Pipe> pipes = new CopyOnWriteArrayList<>();
  private volatile boolean unplugged;

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

  /** Closes every connection it carries and each new one at once, until {@link #plugIn()}. */
  void unplug() throws IOException {
    synchronized (pipes) {
      unplugged = true;
      for (Pipe p : pipes) {
        p.close();
      }
      pipes.clear();
    }
  }

  /** Relays new connections again. */
  void plugIn() {
    unplugged = false;
  }

  /** The connections open now stop carrying anything, in both directions, and stay open. */
  void stallExisting() {
    pipes.forEach(p -> p.stalled = true);
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Pipe pipe = connect(client);
        if (pipe != null) {
          pump(pipe, client, pipe.target);
          pump(pipe, pipe.target, client);
        }
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  /**
   * The pipe from {@code client} to the server, or null when the relay is unplugged or the server
   * does not answer: then the client's connection is closed, as the server's would be.
   */
  private Pipe connect(Socket client) throws IOException {
    synchronized (pipes) { // not while unplug() closes the others
      if (!unplugged) {
        try {
          Pipe pipe = new Pipe(client, new Socket(InetAddress.getLoopbackAddress(), targetPort));
          pipes.add(pipe);
          return pipe;
        } catch (IOException serverAway) {
          // closed below
        }
      }
    }
    client.close();
    return null;
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
      p.close();
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

    void close() throws IOException {
      client.close();
      target.close();
    }
  }
}
