package org.msgstore.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LogCodeTest {
  private final Logger logger = Logger.getLogger(LogCodeTest.class.getName() + ".probe");
  private final List<LogRecord> records = new ArrayList<>();
  private final Handler recorder =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  /** Stands for a catalog such as SpoolerLog: one method per message. */
  private static final class ProbeLog {
    static final LogCode FAILED =
        new LogCode("MSGS9999", LogCode.Severity.WARNING, "a probe failed", "");

    static void failed(Logger logger, String what, Throwable e) {
      FAILED.log(logger, () -> FAILED.space(what + " failed"), e);
    }
  }

  @BeforeEach
  void listen() {
    logger.setLevel(Level.ALL);
    logger.addHandler(recorder);
  }

  @AfterEach
  void stopListening() {
    logger.removeHandler(recorder);
  }

  @Test
  void a_catalog_message_is_logged_at_its_level_with_the_caller_of_the_catalog_as_source() {
    RuntimeException cause = new RuntimeException("boom");

    ProbeLog.failed(logger, "probe", cause);

    LogRecord r = records.get(0);
    assertEquals(Level.WARNING, r.getLevel());
    assertEquals("MSGS9999 probe failed", r.getMessage());
    assertSame(cause, r.getThrown());
    assertEquals(LogCodeTest.class.getName(), r.getSourceClassName());
    assertEquals(
        "a_catalog_message_is_logged_at_its_level_with_the_caller_of_the_catalog_as_source",
        r.getSourceMethodName());
  }

  @Test
  void a_message_below_the_logger_level_is_not_even_built() {
    logger.setLevel(Level.SEVERE);

    ProbeLog.FAILED.log(
        logger,
        () -> {
          throw new AssertionError("built");
        },
        null);

    assertEquals(List.of(), records);
  }

  @Test
  void an_exception_only_code_has_no_log_level() {
    LogCode thrown = new LogCode("MSGS9998", LogCode.Severity.EXCEPTION, "thrown", "");

    assertThrows(IllegalStateException.class, () -> thrown.log(logger, () -> "x", null));
    assertEquals("MSGS9998: x", thrown.colon("x"));
  }
}
