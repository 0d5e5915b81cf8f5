package org.msgstore.spooler;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.msgstore.spi.OutboundMessage;
import org.msgstore.spi.OutboundRecipient;
import org.msgstore.spi.TransportProvider;
import org.msgstore.store.MessageStore;
import org.msgstore.store.StoreSettings;
import org.msgstore.testing.AcceptingSmtpTransport;

/**
 * Run in a child JVM: spools the queue with a transport that writes every delivery to a file
 * (forced to disk) and halts the JVM right after its N-th delivery, before the spooler can record
 * it or finish the message. The parent then recovers with a fresh spooler.
 */
public final class CrashingSpoolerMain {
  /** The system property naming the store's schema (empty: the connection's default). */
  public static final String SCHEMA_PROPERTY = "msgstore.test.storeSchema";

  /**
   * The doomed spooler's lease. Long enough that a loaded machine starving this JVM for a few
   * seconds does not let another node take messages it is still delivering (a 2 s lease let one
   * repeat 66 recipients at load 30), short enough that a test waiting for it to lapse stays short.
   */
  public static final Duration LEASE = Duration.ofSeconds(6);

  /**
   * Arguments: JDBC URL, user, delivery log file, deliveries before the halt, and optionally {@code
   * continuous}: the spooler's own loop ({@link Spooler#run()}, runs of up to 5 messages per
   * commit) instead of one message at a time ({@link Spooler#runOnce()}).
   */
  public static void main(String[] args) throws Exception {
    String url = args[0];
    String user = args[1];
    Path log = Path.of(args[2]);
    int haltAfter = Integer.parseInt(args[3]);
    MessageStore store =
        MessageStore.open(
            new StoreSettings(url, user, "", 5000, System.getProperty(SCHEMA_PROPERTY, "")),
            Clock.systemUTC());
    TransportProvider transport = new RecordingTransport(log, haltAfter);
    SpoolerSettings settings =
        SpoolerSettings.builder("doomed-" + ProcessHandle.current().pid())
            .pollInterval(Duration.ofSeconds(1))
            .lease(LEASE)
            .batchSize(5)
            .backoff(Duration.ofMillis(10), Duration.ofMillis(10))
            .maxQueueLifetime(Duration.ofDays(1))
            .build();
    Spooler spooler = new Spooler(store, settings, List.of(transport));
    if (args.length > 4 && args[4].equals("continuous")) {
      Thread loop = new Thread(spooler::run, "doomed-spooler");
      loop.start();
      loop.join(60_000); // the transport halts the JVM long before
    } else {
      while (spooler.runOnce() > 0) {
        // until the transport halts the JVM
      }
    }
    System.exit(3); // the halt did not happen: the parent reports it
  }

  /** Appends "messageId recipient" per delivery and halts after the configured count. */
  static final class RecordingTransport extends AcceptingSmtpTransport {
    private final Path log;
    private final int haltAfter;
    private int delivered;

    RecordingTransport(Path log, int haltAfter) {
      this.log = log;
      this.haltAfter = haltAfter;
    }

    @Override
    protected void accepted(OutboundMessage message, OutboundRecipient r) throws IOException {
      Files.write(
          log,
          (message.internetMessageId() + " " + r.address() + "\n").getBytes(StandardCharsets.UTF_8),
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND,
          StandardOpenOption.SYNC);
      if (++delivered == haltAfter) {
        Runtime.getRuntime()
            .halt(0); // between the transport's success and the spooler's record of it
      }
    }
  }
}
