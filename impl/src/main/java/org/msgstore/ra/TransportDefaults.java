package org.msgstore.ra;

import java.util.Map;

/**
 * The transport settings' defaults, as the adapter declares them in ra.xml. The transports check
 * the values themselves when they start.
 */
final class TransportDefaults {
  static final Map<String, String> VALUES =
      Map.ofEntries(
          Map.entry("smtpHost", "localhost"),
          Map.entry("smtpPort", "25"),
          Map.entry("smtpStartTls", "false"),
          Map.entry("smtpUser", ""),
          Map.entry("smtpPassword", ""),
          Map.entry("smtpConnectTimeoutMs", "10000"),
          Map.entry("smtpReadTimeoutMs", "30000"),
          Map.entry("smtpWriteTimeoutMs", "30000"),
          Map.entry("smtpSessions", "4"),
          Map.entry("smtpHeloName", ""),
          Map.entry("smtpDefaultFrom", ""),
          Map.entry("localDomains", ""));

  private TransportDefaults() {}
}
