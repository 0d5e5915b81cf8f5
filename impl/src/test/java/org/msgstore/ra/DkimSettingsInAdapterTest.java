package org.msgstore.ra;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.resource.spi.ResourceAdapterInternalException;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A DKIM setting the SMTP transport cannot use stops the adapter's start with MSGS1003 naming the
 * setting, as the deployment's administrator sees it, and the keystore password is never shown.
 */
class DkimSettingsInAdapterTest {
  ExecutorService containerThreads = Executors.newCachedThreadPool();
  MsgStoreResourceAdapter ra = new MsgStoreResourceAdapter();

  @AfterEach
  void stop() {
    ra.stop();
    containerThreads.shutdownNow();
  }

  @Test
  void a_dkim_key_file_that_cannot_be_read_fails_the_start_with_MSGS1003_naming_dkimKeys()
      throws Exception {
    Path directory = H2Databases.newDirectory("dkim-settings");
    Path missing = directory.resolve("no-such-key.pem");
    ra.setStoreDirectory(directory.toString());
    ra.setTransportOrder("smtp");
    ra.setDkimKeys("example.com=s2026:" + missing);
    ra.setDkimKeyStorePassword("pa55-not-shown");

    ResourceAdapterInternalException e =
        assertThrows(
            ResourceAdapterInternalException.class,
            () -> ra.start(FakeBootstrapContext.threaded(containerThreads)));

    String m = e.getMessage();
    assertTrue(m.startsWith(RaLog.INVALID_CONFIGURATION.id()), m);
    assertTrue(m.contains("dkimKeys entry 'example.com=s2026:" + missing + "'"), m);
    assertTrue(m.contains("NoSuchFileException"), m);
    assertFalse(m.contains("pa55-not-shown"), m);
  }
}
