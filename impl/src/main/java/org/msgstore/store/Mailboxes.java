package org.msgstore.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.msgstore.store.jdbc.MailboxRecord;
import org.msgstore.store.jdbc.MailboxRepository;
import org.msgstore.store.jdbc.StoreLog;

/**
 * The store's mailboxes, cached by name once read: a mailbox row never changes after it is created.
 * Creation commits on its own, outside any caller transaction: a mailbox is infrastructure, and a
 * caller's rollback must not take it away from a concurrent caller that already uses it.
 */
final class Mailboxes {
  /** A connection that commits on its own when not in a transaction of the calling thread. */
  @FunctionalInterface
  interface Opener {
    Connection open() throws SQLException;
  }

  private final Map<String, MailboxRecord> byName = new ConcurrentHashMap<>();
  private final MailboxRepository repository = new MailboxRepository();
  private final Opener opener;
  private final OutsideTransaction outside;
  private final Clock clock;

  Mailboxes(Opener opener, OutsideTransaction outside, Clock clock) {
    this.opener = opener;
    this.outside = outside;
    this.clock = clock;
  }

  /** The mailbox, created with its folders on first use. */
  MailboxRecord get(String name) {
    return get(name, () -> {});
  }

  /**
   * The mailbox, created with its folders on first use; {@code beforeCreate} runs when it does not
   * exist yet and may refuse the creation by throwing.
   */
  MailboxRecord get(String name, Runnable beforeCreate) {
    MailboxRecord cached = byName.get(name);
    if (cached != null) {
      return cached;
    }
    MailboxRecord[] found = new MailboxRecord[1];
    outside.run(() -> found[0] = findOrCreate(name, beforeCreate));
    byName.put(name, found[0]);
    return found[0];
  }

  /** The mailbox if it exists, never creating one (delivery must not invent mailboxes). */
  MailboxRecord existing(Connection c, String name) throws SQLException {
    MailboxRecord cached = byName.get(name);
    if (cached != null) {
      return cached;
    }
    MailboxRecord found = repository.find(c, name);
    if (found != null) {
      byName.put(name, found);
    }
    return found;
  }

  /** The mailbox with that row id (the spooler meets messages of every mailbox). */
  MailboxRecord byId(Connection c, long mailboxId) throws SQLException {
    for (MailboxRecord m : byName.values()) {
      if (m.id() == mailboxId) {
        return m;
      }
    }
    String name = repository.nameOf(c, mailboxId);
    if (name == null) {
      throw new SQLException("no mailbox with id " + mailboxId);
    }
    return get(name);
  }

  void clear() {
    byName.clear();
  }

  private MailboxRecord findOrCreate(String name, Runnable beforeCreate) {
    try (Connection c = opener.open()) {
      MailboxRecord existing = repository.find(c, name);
      if (existing != null) {
        return existing;
      }
      beforeCreate.run();
      c.setAutoCommit(false);
      try {
        MailboxRecord created =
            repository.create(c, name, MessageStore.micros(clock.instant()), EntryIds::newFolderId);
        c.commit();
        StoreLog.mailboxCreated(name);
        return created;
      } catch (SQLException e) {
        c.rollback();
        // Another caller may have created it at the same moment: its rows are as good as ours.
        MailboxRecord winner = repository.find(c, name);
        if (winner != null) {
          return winner;
        }
        throw e;
      }
    } catch (SQLException e) {
      throw UnitOfWork.translate(e, "opening mailbox '" + name + "'");
    }
  }
}
