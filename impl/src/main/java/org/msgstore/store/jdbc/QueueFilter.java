package org.msgstore.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which queued messages an operator's list or action is about, as SQL conditions on the queue row
 * {@code q}: every field that is set narrows the selection, so the database does the filtering and
 * nothing is read that is then thrown away.
 *
 * @param messageId one message (row id), or null
 * @param mailboxId the messages of one mailbox, or null
 * @param state QUEUED, WAITING, DEFERRED, LOCKED or HELD (see {@link QueueState}), or null
 * @param submittedAtMostUs submitted at or before this time (a minimum age), or null
 * @param lastErrorContains the last error contains this text, ignoring case, or null
 * @param recipientDomain a recipient not yet dealt with has an address in this domain, or null
 */
public record QueueFilter(
    Long messageId,
    Long mailboxId,
    QueueState state,
    Long submittedAtMostUs,
    String lastErrorContains,
    String recipientDomain) {

  /** No condition: the whole queue. */
  public static final QueueFilter ALL = new QueueFilter(null, null, null, null, null, null);

  public static QueueFilter message(long messageId) {
    return new QueueFilter(messageId, null, null, null, null, null);
  }

  public QueueFilter withState(QueueState s) {
    return new QueueFilter(
        messageId, mailboxId, s, submittedAtMostUs, lastErrorContains, recipientDomain);
  }

  /** The conditions as SQL, to follow {@code WHERE}, and the values they bind, in order. */
  Conditions conditions(long nowUs) {
    Conditions w = new Conditions();
    if (messageId != null) {
      w.add("q.message_id = ?", messageId);
    }
    if (mailboxId != null) {
      w.add("q.mailbox_id = ?", mailboxId);
    }
    if (submittedAtMostUs != null) {
      w.add("q.client_submit_us <= ?", submittedAtMostUs);
    }
    if (lastErrorContains != null && !lastErrorContains.isEmpty()) {
      w.add(
          "LOWER(q.last_error) LIKE ? ESCAPE '!'",
          "%" + likeEscaped(lastErrorContains.toLowerCase(Locale.ROOT)) + "%");
    }
    if (recipientDomain != null && !recipientDomain.isEmpty()) {
      w.add(
          """
          EXISTS (SELECT 1
                    FROM recipient r
                   WHERE r.message_id = q.message_id
                     AND r.responsibility = ?
                     AND LOWER(r.email_address) LIKE ? ESCAPE '!')""",
          Boolean.FALSE,
          "%@" + likeEscaped(recipientDomain.toLowerCase(Locale.ROOT)));
    }
    if (state != null) {
      state.addTo(w, nowUs);
    }
    return w;
  }

  private static String likeEscaped(String text) {
    return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
  }

  /** SQL conditions joined with AND, and their parameters. */
  static final class Conditions {
    private final List<String> sql = new ArrayList<>();
    private final List<Object> values = new ArrayList<>();

    Conditions add(String condition, Object... bound) {
      sql.add(condition);
      values.addAll(List.of(bound));
      return this;
    }

    /** The conditions after WHERE ({@code 1 = 1} when there is none). */
    String where() {
      return sql.isEmpty() ? "1 = 1" : String.join("\n   AND ", sql);
    }

    /** Binds the values from parameter {@code first} on; returns the next parameter index. */
    int bind(PreparedStatement ps, int first) throws SQLException {
      int i = first;
      for (Object v : values) {
        if (v instanceof Long l) {
          ps.setLong(i++, l);
        } else if (v instanceof Integer n) {
          ps.setInt(i++, n);
        } else if (v instanceof Boolean b) {
          ps.setBoolean(i++, b);
        } else {
          ps.setString(i++, (String) v);
        }
      }
      return i;
    }
  }
}
