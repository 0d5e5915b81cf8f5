package org.msgstore.transport.smtp;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A context class loader, remembering where its {@code META-INF/services} files are.
 *
 * <p>Jakarta Mail looks its {@code StreamProvider} up with {@link java.util.ServiceLoader} on the
 * context class loader each time it creates or writes a body part, several times per message. In an
 * application server that loader searches every jar of the deployment and of the modules it sees,
 * each time: a fifth of a delivery's CPU went there. The jars do not change while the adapter runs,
 * so the answer is kept. Classes and every other resource come from the wrapped loader as before.
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
      urls = List.copyOf(Collections.list(getParent().getResources(name)));
      found.putIfAbsent(name, urls);
    }
    return Collections.enumeration(urls);
  }
}
