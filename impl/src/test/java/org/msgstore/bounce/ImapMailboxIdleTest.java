package org.msgstore.bounce;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The IMAP bounce mailbox's wait for new mail against a real IMAP server on loopback (GreenMail),
 * with a poll interval of an hour, so a wait that ends within the test ended because of the mail. A
 * server announces mail that came after the last command in its next response (an untagged EXISTS);
 * when that next command is the IDLE itself, Angus Mail takes the announcement in while starting
 * the IDLE and then waits for another one, so such mail would be read only at the poll.
 */
class ImapMailboxIdleTest {
  static final String PASSWORD = "bounce-s3cret";
  static final long WAIT_S = 10;

  GreenMail mail;
  GreenMailUser bounces;
  ImapMailbox mailbox;
  final ExecutorService intakeThread = Executors.newSingleThreadExecutor();

  @BeforeEach
  void open() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    mail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_IMAP));
    mail.start();
    bounces = mail.setUser("bounces@shop.example", "bounces", PASSWORD);
    mailbox =
        new ImapMailbox(
            new IntakeSettings(
                "imap",
                "127.0.0.1",
                port,
                "bounces",
                PASSWORD,
                "INBOX",
                Duration.ofHours(1),
                IntakeSettings.Processed.FLAG,
                "",
                "bounces+",
                List.of("imap-idle-test-signing-key".getBytes())),
            true);
    mailbox.open();
    assertTrue(mailbox.watches(), "GreenMail offers IDLE");
  }

  @AfterEach
  void close() {
    mailbox.abortWait();
    intakeThread.shutdownNow();
    mailbox.close();
    mail.stop();
  }

  @Test
  void a_report_that_lands_between_a_read_and_the_next_IDLE_ends_the_wait_at_once()
      throws Exception {
    mailbox.readAll(null); // the folder is empty: nothing is handed to an intake
    bounces.deliver(BounceSamples.mime(BounceSamples.text("vacation-reply.eml")));
    Future<Boolean> wait = intakeThread.submit(mailbox::waitForMail);
    try {
      assertTrue(wait.get(WAIT_S, TimeUnit.SECONDS), "new mail may have come: read again");
    } catch (TimeoutException e) {
      fail("still waiting " + WAIT_S + " s after the mail came: it would be read at the poll");
    }
  }
}
