package org.msgstore.it.payara;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class's own resource-adapter config: before the class, the domain's config is replaced by
 * {@link #properties()} (as an administrator changes settings, see {@link
 * PayaraDomain#replaceAdapterConfig}) and the test waits for the adapter to start with it; after
 * the class the domain's config is put back. Register after {@link PayaraDomain} and before the
 * ArquillianExtension, so the adapter runs with these settings while the class's war is deployed.
 */
public abstract class AdapterConfig implements BeforeAllCallback, AfterAllCallback {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  /** The adapter properties for the class. */
  protected abstract Map<String, String> properties();

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    if (PayaraDomain.inServer()) {
      return;
    }
    apply(PayaraDomain.propertyList(properties()));
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (PayaraDomain.inServer()) {
      return;
    }
    try {
      apply(PayaraDomain.ADAPTER_PROPERTIES);
    } catch (RuntimeException | AssertionError e) {
      // The class failed with the rar undeployed (UndeployIT): the whole recipe again, so the
      // classes after it still find the domain's configuration.
      Asadmin.tryRun("undeploy", "--cascade=true", PayaraDomain.RA_NAME);
      PayaraDomain.configure(PayaraDomain.ADAPTER_PROPERTIES);
    }
  }

  /**
   * Replaces the config and waits for the adapter's start line (MSGS1001) that follows it; Payara
   * restarts the adapter within the asadmin call, the wait only covers a slow log.
   */
  static void apply(String properties) throws InterruptedException {
    int before = Payara.INSTANCE.serverLog().size();
    PayaraDomain.replaceAdapterConfig(properties);
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      List<String> since = Payara.INSTANCE.serverLogSince(before);
      if (since.stream().anyMatch(l -> l.contains("MSGS1001"))) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "the adapter did not start within "
                + START_TIMEOUT
                + " after its config changed: "
                + since);
      }
      Thread.sleep(100);
    }
  }
}
