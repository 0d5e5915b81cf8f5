package org.msgstore.transport.smtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

  @Test
  void an_unreadable_service_file_is_opened_where_it_is_logged_once_and_the_others_stay_cached(
      @TempDir Path dir) throws IOException {
    String name = "META-INF/services/org.example.Greeter";
    URL readable = Files.writeString(dir.resolve("a.txt"), "org.example.Hello\n").toUri().toURL();
    Path missing = dir.resolve("b.txt"); // a jar deleted or unreadable when first looked up
    URL unreadable = missing.toUri().toURL();
    AtomicInteger lookups = new AtomicInteger();
    ClassLoader adapter =
        new ClassLoader(getClass().getClassLoader()) {
          @Override
          public Enumeration<URL> getResources(String asked) throws IOException {
            if (!asked.equals(name)) {
              return super.getResources(asked);
            }
            lookups.incrementAndGet();
            return Collections.enumeration(List.of(readable, unreadable));
          }
        };
    ServiceFileCache cache = new ServiceFileCache(adapter);
    List<LogRecord> logged = new CopyOnWriteArrayList<>();
    Handler recorder =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            logged.add(r);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger log = Logger.getLogger(SmtpTransport.class.getName());
    log.addHandler(recorder);
    List<URL> first;
    List<URL> second;
    try {
      first = Collections.list(cache.getResources(name));
      second = Collections.list(cache.getResources(name));
    } finally {
      log.removeHandler(recorder);
    }

    assertEquals(spelled(List.of(readable, unreadable)), spelled(first), "both files, in order");
    assertEquals(first, second);
    assertEquals(1, lookups.get(), "the second lookup was answered from the cache");
    Files.delete(dir.resolve("a.txt"));
    try (InputStream in = second.get(0).openStream()) {
      assertEquals("org.example.Hello\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    assertThrows(IOException.class, () -> second.get(1).openStream().close());
    Files.writeString(missing, "org.example.Later\n");
    try (InputStream in = second.get(1).openStream()) {
      assertEquals(
          "org.example.Later\n",
          new String(in.readAllBytes(), StandardCharsets.UTF_8),
          "the unreadable file is opened where it is at each use");
    }
    List<LogRecord> lines =
        logged.stream().filter(r -> r.getMessage().startsWith("MSGS4071 ")).toList();
    assertEquals(1, lines.size(), "logged once");
    assertTrue(
        lines.get(0).getMessage().contains(unreadable.toString()), lines.get(0).getMessage());
    assertEquals(Level.WARNING, lines.get(0).getLevel());
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
