package org.msgstore.spi;

import java.time.Clock;
import java.util.Map;

/** What a transport gets from the adapter when it starts. */
public interface TransportContext {
  /** The adapter's settings for this transport (e.g. {@code smtpHost}), as configured. */
  Map<String, String> settings();

  Clock clock();
}
