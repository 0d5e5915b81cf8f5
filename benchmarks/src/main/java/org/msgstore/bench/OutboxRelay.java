package org.msgstore.bench;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * One relay round of the hand-written outbox, in one container-managed transaction on the
 * application's datasource: claim up to a batch of due rows ({@code FOR UPDATE SKIP LOCKED}), send
 * each over one reused SMTP connection, delete the sent rows in one statement and commit.
 *
 * <p>At least once: a row is deleted only in the transaction that claimed it, after its send, so a
 * crash or a failed commit after a send leaves the row for the next round, which sends it again.
 * The row lock is held while the batch is sent; another relay skips it rather than waiting. A
 * refused send postpones only its own row (retry in 10 s doubling to 60 s, as MsgStore is set up
 * here), so the batch's successful sends are still deleted.
 */
@Stateless
public class OutboxRelay {
  static final long RETRY_MIN_MS = 10_000;
  static final long RETRY_MAX_MS = 60_000;

  @Resource(lookup = "java:jboss/mail/Bench")
  Session mail;

  /** Returns the number of rows claimed: 0 when none was due. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public int relay(SmtpConnections smtp, int batch) {
    try (Connection c = AppDataSource.get().getConnection()) {
      List<OutboxTable.Row> rows = OutboxTable.claim(c, batch);
      if (rows.isEmpty()) {
        return 0;
      }
      List<Long> sent = new ArrayList<>(rows.size());
      SmtpConnections.Lease lease = smtp.borrow();
      try {
        for (OutboxTable.Row row : rows) {
          if (!lease.unreachable() && send(lease, row)) {
            sent.add(row.id());
          } else {
            OutboxTable.postpone(c, row.id(), retryDelayMs(row.attempts()));
          }
        }
      } finally {
        smtp.giveBack(lease);
      }
      OutboxTable.delete(c, sent);
      return rows.size();
    } catch (SQLException e) {
      // Rolls the round back: its rows, sent or not, are due again (at least once).
      throw new IllegalStateException("outbox relay round failed: " + e.getMessage(), e);
    }
  }

  private boolean send(SmtpConnections.Lease lease, OutboxTable.Row row) {
    try {
      lease.send(new MimeMessage(mail, new ByteArrayInputStream(row.mime())));
      return true;
    } catch (MessagingException e) {
      return false;
    }
  }

  static long retryDelayMs(int attempts) {
    return Math.min(RETRY_MAX_MS, RETRY_MIN_MS << Math.min(attempts, 16));
  }
}
