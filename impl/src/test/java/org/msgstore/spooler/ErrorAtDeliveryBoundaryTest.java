package org.msgstore.spooler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.msgstore.FolderKind;
import org.msgstore.Message;
import org.msgstore.PropTag;
import org.msgstore.Row;
import org.msgstore.spi.DeliveryResult;
import org.msgstore.spi.PreprocessableMessage;
import org.msgstore.spi.Preprocessor;
import org.msgstore.store.SettableClock;
import org.msgstore.store.SpoolerSession;

/**
 * An {@link Error} thrown while one message is delivered (a transport's or preprocessor's
 * OutOfMemoryError, StackOverflowError or LinkageError) is that message's failed attempt: counted,
 * its lock released, and the other messages go on. A stack overflow, which the message's content
 * will cause again, is given up with an NDR after the attempt limit; a server's missing class or
 * exhausted heap is retried with back-off until the queue lifetime, like a relay that is down.
 */
class ErrorAtDeliveryBoundaryTest {
  @TempDir Path dir;

  /** Errors of the server, not of the message: every message would throw them for a while. */
  static Stream<Arguments> serverErrors() {
    return Stream.of(
        Arguments.of(
            "OutOfMemoryError", (Supplier<Error>) () -> new OutOfMemoryError("Java heap space")),
        Arguments.of(
            "NoClassDefFoundError", // a LinkageError: a library the server lacks
            (Supplier<Error>) () -> new NoClassDefFoundError("com/example/Missing")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("serverErrors")
  void an_error_of_the_server_is_a_counted_attempt_retried_with_back_off_and_never_an_early_NDR(
      String name, Supplier<Error> error) {
    SettableClock clock = new SettableClock(Instant.parse("2026-12-05T12:00:00Z"));
    List<LogRecord> logged = recordDeliveryLog();
    try (SpoolerFixture f = new SpoolerFixture(dir, clock)) {
      f.submitTo("alice", "unlucky", "bob@example.com");
      f.submitTo("alice", "fine", "carol@example.com");
      FakeTransport smtp = new FakeTransport("smtp", Set.of("SMTP"));
      smtp.verdict =
          (m, r) -> {
            if ("unlucky".equals(m.get(PropTag.PR_SUBJECT))) {
              throw error.get();
            }
            return DeliveryResult.delivered(r.rowId());
          };
      Spooler s = f.spooler("node-1", smtp);

      assertEquals(2, s.runOnce());
      assertEquals(1, f.counters.count(SpoolerEvent.Kind.FINISHED), "the other message went on");
      for (int i = 0; i < 5; i++) {
        clock.advance(Duration.ofHours(2));
        s.runOnce();
      }
      SpoolerSession.QueueItem unlucky = s.queueItems(10).get(0);
      assertEquals("unlucky", unlucky.subject());
      assertEquals(6, unlucky.attempts(), "each counted");
      assertNull(unlucky.lockedBy(), "its lock released at once, not left to its lease");
      assertTrue(unlucky.lastError().contains(name), unlucky.lastError());
      assertTrue(
          logged.stream().anyMatch(r -> r.getMessage().startsWith("MSGS3006")),
          "logged with its code");
      assertTrue(
          f.client("alice").openFolder(FolderKind.INBOX).getContentsTable().isEmpty(),
          "no NDR: the server's problem is not the recipient's");
    } finally {
      stopRecording();
    }
  }

  @Test
  void a_stack_overflow_fails_that_attempt_only_and_is_given_up_with_an_NDR_after_three() {
    String name = "StackOverflowError";
    Supplier<Error> error = StackOverflowError::new;
    SettableClock clock = new SettableClock(Instant.parse("2026-12-05T12:00:00Z"));
    List<LogRecord> logged = recordDeliveryLog();
    try (SpoolerFixture f = new SpoolerFixture(dir, clock)) {
      f.submitTo("alice", "poison", "bob@example.com");
      f.submitTo("alice", "fine", "carol@example.com");
      FakeTransport smtp = new FakeTransport("smtp", Set.of("SMTP"));
      smtp.verdict =
          (m, r) -> {
            if ("poison".equals(m.get(PropTag.PR_SUBJECT))) {
              throw error.get();
            }
            return DeliveryResult.delivered(r.rowId());
          };
      Spooler s = f.spooler("node-1", smtp);

      assertEquals(2, s.runOnce());
      assertEquals(1, f.counters.count(SpoolerEvent.Kind.FINISHED), "the other message went on");
      SpoolerSession.QueueItem poison = s.queueItems(10).get(0);
      assertEquals("poison", poison.subject());
      assertEquals(1, poison.attempts(), "counted as an attempt");
      assertNull(poison.lockedBy(), "its lock released at once, not left to its lease");
      assertTrue(poison.lastError().contains(name), poison.lastError());
      assertTrue(
          logged.stream().anyMatch(r -> r.getMessage().startsWith("MSGS3006")),
          "logged with its code");

      for (int i = 0; i < 10; i++) {
        clock.advance(Duration.ofHours(2));
        if (s.runOnce() == 0) {
          break;
        }
      }
      assertEquals(0, s.queueDepth(), "given up");
      assertEquals(3, f.counters.count(SpoolerEvent.Kind.UNEXPECTED_ERROR), "three tries");
      List<Row> inbox = f.client("alice").openFolder(FolderKind.INBOX).getContentsTable();
      assertEquals(1, inbox.size());
      try (Message ndr = f.client("alice").openEntry(inbox.get(0).entryId())) {
        assertEquals("Report.IPM.Note.NDR", ndr.get(PropTag.PR_MESSAGE_CLASS));
        assertEquals("bob@example.com", ndr.getRecipients().get(0).address());
        String text = ndr.getRecipients().get(0).get(PropTag.PR_REPORT_TEXT);
        assertTrue(text.contains(name), text);
      }
    } finally {
      stopRecording();
    }
  }

  @Test
  void an_error_thrown_by_a_preprocessor_is_a_failed_attempt_too() {
    SettableClock clock = new SettableClock(Instant.parse("2026-12-05T12:00:00Z"));
    try (SpoolerFixture f = new SpoolerFixture(dir, clock)) {
      f.store
          .submitSupport()
          .registerPreprocessor(
              new Preprocessor() {
                @Override
                public Set<String> addressTypes() {
                  return Set.of();
                }

                @Override
                public PreprocessResult preprocess(PreprocessableMessage message) {
                  throw new StackOverflowError();
                }
              },
              0);
      f.submitTo("alice", "recursive", "bob@example.com");
      FakeTransport smtp = new FakeTransport("smtp", Set.of("SMTP"));
      Spooler s = f.spooler("node-1", smtp);

      assertEquals(1, s.runOnce());
      SpoolerSession.QueueItem item = s.queueItems(10).get(0);
      assertEquals(1, item.attempts());
      assertNull(item.lockedBy());
      for (int i = 0; i < 10; i++) {
        clock.advance(Duration.ofHours(2));
        if (s.runOnce() == 0) {
          break;
        }
      }
      assertEquals(0, s.queueDepth(), "given up with an NDR");
      assertTrue(smtp.offers.isEmpty());
      assertEquals(1, f.client("alice").openFolder(FolderKind.INBOX).getContentsTable().size());
    }
  }

  private Handler recorder;

  /** Held here: a logger nobody references may be collected, and with it the handler added. */
  private final Logger deliveryLog = Logger.getLogger(MessageDelivery.class.getName());

  private List<LogRecord> recordDeliveryLog() {
    List<LogRecord> logged = java.util.Collections.synchronizedList(new ArrayList<>());
    recorder =
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
    deliveryLog.addHandler(recorder);
    return logged;
  }

  private void stopRecording() {
    deliveryLog.removeHandler(recorder);
  }
}
