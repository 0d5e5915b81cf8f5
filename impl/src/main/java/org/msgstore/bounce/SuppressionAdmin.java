package org.msgstore.bounce;

import java.util.List;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.store.BackgroundConnection;
import org.msgstore.store.MessageStore;
import org.msgstore.store.StoreConnection;
import org.msgstore.store.SuppressionList;

/**
 * What an administrator does with the suppression list (over JMX): page through it, add an address,
 * take one off, purge what expired. Each change is logged with its code. A refused input is an
 * {@link IllegalArgumentException} with the store's message: a JMX client has no MsgStore classes
 * to read a {@link MapiException} with (a store failure is an {@link IllegalStateException}).
 */
public final class SuppressionAdmin {
  /** The most entries one page returns. */
  public static final int MAX_PAGE = 1_000;

  private final MessageStore store;
  private final StoreConnection connection;

  public SuppressionAdmin(MessageStore store) {
    this.store = store;
    this.connection = new BackgroundConnection(store);
  }

  /** Entries from {@code offset} (0: the first), at most {@code limit} ({@value #MAX_PAGE}). */
  public List<SuppressionList.Entry> page(int offset, int limit) {
    if (offset < 0 || limit < 1 || limit > MAX_PAGE) {
      throw new IllegalArgumentException(
          "a page needs offset >= 0 and 1 <= limit <= "
              + MAX_PAGE
              + " (given offset "
              + offset
              + ", limit "
              + limit
              + ")");
    }
    return store.suppressionList().page(connection, offset, limit);
  }

  public long count() {
    return store.suppressionList().count(connection);
  }

  /** Puts {@code address} on the list until removed; an entry it has is replaced. */
  public SuppressionList.Entry add(String address, String reason) {
    String why = reason == null || reason.isBlank() ? "added by an administrator" : reason.strip();
    try {
      SuppressionList.Entry e =
          store
              .suppressionList()
              .add(
                  connection,
                  address == null ? "" : address,
                  why,
                  SuppressionList.Source.ADMINISTRATOR,
                  null,
                  null);
      BounceLog.suppressionAdded(e.address(), why);
      return e;
    } catch (MapiException e) {
      throw e.error() == MapiError.MAPI_E_INVALID_PARAMETER
          ? new IllegalArgumentException(e.getMessage())
          : new IllegalStateException(e.getMessage());
    }
  }

  /** Takes {@code address} off the list; returns whether it was on it. */
  public boolean remove(String address) {
    if (address == null || address.isBlank()) {
      throw new IllegalArgumentException("name the address to take off the suppression list");
    }
    boolean removed = store.suppressionList().remove(connection, address);
    BounceLog.suppressionRemoved(address.strip(), removed);
    return removed;
  }

  /** Deletes the expired entries now (the intake does it every round); returns how many. */
  public int purgeExpired() {
    int purged = store.suppressionList().purgeExpired(connection);
    BounceLog.suppressionPurged(purged);
    return purged;
  }
}
