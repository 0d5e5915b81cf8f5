package org.msgstore.transport.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.net.URL;
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

    assertEquals(direct, Collections.list(cache.getResources(name)));
    assertEquals(direct, Collections.list(cache.getResources(name)));
    assertEquals(1, adapter.lookups.get(), "the second lookup was answered from the cache");

    cache.getResources("META-INF/mailcap");
    cache.getResources("META-INF/mailcap");
    assertEquals(3, adapter.lookups.get(), "other resources are not cached");
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
