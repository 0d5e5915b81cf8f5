package org.msgstore.it.scenario;

import java.util.Map;
import org.msgstore.it.app.SpoolerEjb;

/**
 * The config-properties of an adapter with the spooler <em>running</em>, the same on every server:
 * delivery through the local transport and over SMTP to the {@link TestSmtp} server of the test
 * JVM, with short polls and back-off so deferred messages are retried within a fraction of a
 * second. Only the store directory is the server's (each names it its own way).
 *
 * <p>Client side only, like {@link TestSmtp}, whose port it reads.
 */
public final class SpoolingAdapterProperties {
  private SpoolingAdapterProperties() {}

  /** The properties, with the store in {@code storeDirectory}; a new map the caller may change. */
  public static Map<String, String> withStoreIn(String storeDirectory) {
    // A stopped test server refuses at once; short timeouts keep a hung peer from pinning a thread.
    Map<String, String> p =
        PropertyLines.read(
            """
            storeDirectory=
            spoolerEnabled=true
            spoolerPollIntervalMs=500
            retryMinMs=200
            retryMaxMs=200
            transportOrder=local,smtp
            smtpHost=127.0.0.1
            smtpPort=
            smtpConnectTimeoutMs=2000
            smtpReadTimeoutMs=5000
            smtpWriteTimeoutMs=5000
            smtpDefaultFrom=
            """);
    p.put("storeDirectory", storeDirectory);
    p.put("smtpPort", Integer.toString(TestSmtp.port()));
    p.put("smtpDefaultFrom", SpoolerEjb.SENDER_ADDRESS);
    return p;
  }
}
