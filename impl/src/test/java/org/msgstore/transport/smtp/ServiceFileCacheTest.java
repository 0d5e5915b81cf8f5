package org.msgstore.transport.smtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ServiceFileCacheTest {
  /** The test's own loader, counting how often it is asked for a resource list. */
  static final class CountingLoader extends ClassLoader {
    final AtomicInteger lookups = new AtomicInteger();

    CountingLoader() {
      super(ServiceFileCacheTest.class.getClassLoader());
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
      lookups.incrementAndGet();
      return super.getResources(name);
    }
  }

  @Test
  void service_files_are_looked_up_once_and_found_as_the_wrapped_loader_finds_them()
      throws IOException {
    CountingLoader adapter = new CountingLoader();
    ServiceFileCache cache = new ServiceFileCache(adapter);
    String name = "META-INF/services/jakarta.mail.util.StreamProvider";
    List<URL> direct = Collections.list(adapter.getResources(name));
    assertFalse(direct.isEmpty(), "the test class path has a mail implementation");
    adapter.lookups.set(0);

    List<URL> first = Collections.list(cache.getResources(name));
    List<URL> second = Collections.list(cache.getResources(name));
    assertEquals(spelled(direct), spelled(first), "the same files, under the same names");
    assertEquals(first, second);
    assertEquals(1, adapter.lookups.get(), "the second lookup was answered from the cache");
    for (int i = 0; i < direct.size(); i++) {
      try (InputStream original = direct.get(i).openStream();
          InputStream kept = second.get(i).openStream()) {
        assertArrayEquals(original.readAllBytes(), kept.readAllBytes(), "what the file says");
      }
    }

    cache.getResources("META-INF/mailcap");
    cache.getResources("META-INF/mailcap");
    assertEquals(3, adapter.lookups.get(), "other resources are not cached");
  }

  @Test
  void a_kept_service_file_is_read_from_memory_not_from_its_jar() throws IOException {
    String name = "META-INF/services/jakarta.mail.util.StreamProvider";
    URL kept =
        Collections.list(new ServiceFileCache(new CountingLoader()).getResources(name)).get(0);
    URLConnection connection = kept.openConnection();
    connection.setUseCaches(false); // as ServiceLoader opens it: a jar URL would reopen the jar
    assertFalse(connection instanceof JarURLConnection, "served from memory, not from " + kept);
    try (InputStream in = connection.getInputStream()) {
      assertTrue(new String(in.readAllBytes(), StandardCharsets.UTF_8).contains("StreamProvider"));
    }
  }

  private static List<String> spelled(List<URL> urls) {
    return urls.stream().map(URL::toExternalForm).toList();
  }

  @Test
  void a_service_loaded_through_it_has_the_class_the_wrapped_loader_has() {
    ServiceFileCache cache = new ServiceFileCache(getClass().getClassLoader());
    Object viaCache =
        ServiceLoader.load(jakarta.mail.util.StreamProvider.class, cache).findFirst().orElseThrow();
    Object direct =
        ServiceLoader.load(jakarta.mail.util.StreamProvider.class, getClass().getClassLoader())
            .findFirst()
            .orElseThrow();
    assertSame(direct.getClass(), viaCache.getClass());
  }
}
