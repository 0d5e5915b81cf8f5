package org.msgstore.transport.smtp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A context class loader, remembering its {@code META-INF/services} files: where they are and what
 * they say.
 *
 * <p>Jakarta Mail looks its {@code StreamProvider} up with {@link java.util.ServiceLoader} on the
 * context class loader each time it creates or writes a body part, several times per message. In an
 * application server that loader searches every jar of the deployment and of the modules it sees,
 * and {@code ServiceLoader} then opens the jar of each file it found without the URL cache, reading
 * the jar's directory again: a fifth of a delivery's CPU went there. The jars do not change while
 * the adapter runs, so each service file is read once and then served from memory, under its own
 * URL. Classes and every other resource come from the wrapped loader as before.
 */
final class ServiceFileCache extends ClassLoader {
  private static final String SERVICES = "META-INF/services/";
  private final ConcurrentMap<String, List<URL>> found = new ConcurrentHashMap<>();

  ServiceFileCache(ClassLoader wrapped) {
    super(wrapped);
  }

  /** Straight to the wrapped loader, without this loader's own class-loading lock. */
  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    return getParent().loadClass(name);
  }

  @Override
  public Enumeration<URL> getResources(String name) throws IOException {
    if (!name.startsWith(SERVICES)) {
      return super.getResources(name);
    }
    List<URL> urls = found.get(name);
    if (urls == null) {
      // Not a map keyed by URL: URL.equals may resolve host names.
      List<Map.Entry<URL, IOException>> unreadable = new ArrayList<>();
      urls = readOnce(Collections.list(getParent().getResources(name)), unreadable);
      List<URL> raced = found.putIfAbsent(name, urls);
      if (raced == null) {
        // Once per file: by the lookup whose list was kept.
        unreadable.forEach(u -> SmtpLog.serviceFileUnreadable(u.getKey(), u.getValue()));
      } else {
        urls = raced;
      }
    }
    return Collections.enumeration(urls);
  }

  /**
   * Each of {@code urls} under its own spelling, its content read now and kept. A file that cannot
   * be read now is kept as the wrapped loader's own URL, opened where it is at each use as without
   * this cache: one unreadable jar must not hide the services of the others (and whoever opens it
   * later gets that file's own error, or its content if it was passing).
   */
  private static List<URL> readOnce(List<URL> urls, List<Map.Entry<URL, IOException>> unreadable)
      throws IOException {
    List<URL> kept = new ArrayList<>(urls.size());
    for (URL url : urls) {
      byte[] content;
      try (InputStream in = url.openStream()) {
        content = in.readAllBytes();
      } catch (IOException e) {
        unreadable.add(Map.entry(url, e));
        kept.add(url);
        continue;
      }
      kept.add(new URL(null, url.toExternalForm(), new InMemory(content)));
    }
    return List.copyOf(kept);
  }

  /** Opens a kept service file: the bytes read when it was first found. */
  private static final class InMemory extends URLStreamHandler {
    private final byte[] content;

    InMemory(byte[] content) {
      this.content = content;
    }

    @Override
    protected URLConnection openConnection(URL url) {
      return new URLConnection(url) {
        @Override
        public void connect() {
          connected = true;
        }

        @Override
        public InputStream getInputStream() {
          return new ByteArrayInputStream(content);
        }
      };
    }
  }
}
