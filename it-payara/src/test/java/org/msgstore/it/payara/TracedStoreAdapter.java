package org.msgstore.it.payara;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The adapter on a store database of its own whose H2 trace file records every call on the store's
 * XAResource ({@code TRACE_LEVEL_FILE=3} in {@code jdbcUrl}, set as any URL an administrator
 * gives): with the application datasource's trace, it shows what the transaction manager did with
 * each branch. The spooler stays off, as in the domain's config.
 */
public class TracedStoreAdapter extends AdapterConfig {
  static final String STORE = "msgstore-traced";

  /** The store database's path (without H2's .mv.db), the same in the test JVM and the server. */
  static Path database() {
    return PayaraDomain.instanceRoot().resolve(STORE).resolve("store");
  }

  /** H2 writes the trace next to the database. */
  static Path traceFile() {
    return Path.of(database() + ".trace.db");
  }

  @Override
  protected Map<String, String> properties() {
    Map<String, String> p = new LinkedHashMap<>(PayaraDomain.defaultAdapterProperties());
    p.put("jdbcUrl", "jdbc:h2:file:" + database() + ";TRACE_LEVEL_FILE=3");
    return p;
  }
}
