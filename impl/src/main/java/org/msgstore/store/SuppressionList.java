package org.msgstore.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.store.jdbc.SuppressionRepository;

/**
 * Addresses that get no more mail: hard bounces, complaints and what an administrator added. The
 * spooler asks it for every recipient it is about to hand to a transport, so it answers from a
 * snapshot of the table, read again when it is older than {@link #REFRESH} or this node changed the
 * list: an entry another server added is honoured here within that time.
 */
public final class SuppressionList {
  /** How stale the snapshot may get before a lookup reads the table again. */
  static final Duration REFRESH = Duration.ofSeconds(30);

  /** Why an address is on the list. */
  public enum Source {
    /** A permanent failure (5.x.x) reported after the relay accepted the message. */
    BOUNCE,
    /** The recipient complained (a feedback-loop report). */
    COMPLAINT,
    /** An administrator added it. */
    ADMINISTRATOR
  }

  /** One address on the list. */
  public record Entry(
      String address,
      String reason,
      Source source,
      Optional<Long> messageId,
      Instant since,
      Optional<Instant> expires) {}

  private record Snapshot(Map<String, Entry> entries, Instant readAt) {}

  private final MessageStore store;
  private final SuppressionRepository rows = new SuppressionRepository();
  private volatile Snapshot snapshot;

  /** How long an entry a report adds holds (suppressionExpiryDays); null: until removed. */
  private volatile Duration reportExpiry;

  /**
   * Counts changes: a read that started before a change must not install what it read, or a removed
   * address would stay blocked (an added one mailed) until the next refresh.
   */
  private final AtomicLong changes = new AtomicLong();

  SuppressionList(MessageStore store) {
    this.store = store;
  }

  /** The entry of {@code address} (compared ignoring case), if it is on the list now. */
  public Optional<Entry> find(StoreConnection conn, String address) {
    Instant now = store.clock().instant();
    Snapshot s = snapshot;
    if (s == null || Duration.between(s.readAt(), now).compareTo(REFRESH) >= 0) {
      s = read(conn, now);
    }
    Entry e = s.entries().get(normalized(address));
    return e != null && e.expires().map(now::isBefore).orElse(true)
        ? Optional.of(e)
        : Optional.empty();
  }

  /** Every address on the list now, by address, read from the table. */
  public List<Entry> list(StoreConnection conn) {
    return List.copyOf(read(conn, store.clock().instant()).entries().values());
  }

  /**
   * At most {@code limit} entries on the list now, by address, from the {@code offset}-th (0 the
   * first): a page read from the table, for administration.
   */
  public List<Entry> page(StoreConnection conn, int offset, int limit) {
    long now = MessageStore.micros(store.clock().instant());
    return UnitOfWork.read(
            conn, "reading the suppression list", c -> rows.page(c, now, offset, limit))
        .stream()
        .map(SuppressionList::entry)
        .toList();
  }

  /** How many addresses are on the list now. */
  public long count(StoreConnection conn) {
    long now = MessageStore.micros(store.clock().instant());
    return UnitOfWork.read(conn, "counting the suppression list", c -> rows.count(c, now));
  }

  /**
   * Puts {@code address} on the list in its own unit of work (or the caller's transaction); an
   * entry it already has is replaced.
   *
   * @param expiry how long the entry holds; null for good
   */
  public Entry add(
      StoreConnection conn,
      String address,
      String reason,
      Source source,
      Long messageId,
      Duration expiry) {
    Entry added =
        UnitOfWork.run(
            conn,
            "adding " + address + " to the suppression list",
            c -> add(c, address, reason, source, messageId, expiry));
    UnitOfWork.afterCommit(conn, this::invalidate);
    return added;
  }

  /** As {@link #add(StoreConnection, String, String, Source, Long, Duration)}, on {@code c}. */
  Entry add(
      Connection c, String address, String reason, Source source, Long messageId, Duration expiry)
      throws SQLException {
    String normalized = normalized(address);
    if (normalized.isEmpty() || normalized.length() > 320 || normalized.indexOf('@') < 1) {
      throw new MapiException(
          MapiError.MAPI_E_INVALID_PARAMETER,
          "'" + address + "' is not an e-mail address for the suppression list");
    }
    Instant now = store.clock().instant();
    Instant expires = expiry == null ? null : now.plus(expiry);
    String text = reason.length() > 2000 ? reason.substring(0, 2000) : reason;
    rows.put(
        c,
        new SuppressionRepository.Row(
            normalized,
            text,
            source.name(),
            messageId,
            MessageStore.micros(now),
            expires == null ? null : MessageStore.micros(expires)));
    invalidate(); // and again after commit (by the caller): a read in between saw the old rows
    return new Entry(
        normalized,
        text,
        source,
        Optional.ofNullable(messageId),
        now,
        Optional.ofNullable(expires));
  }

  /** Takes {@code address} off the list; returns whether it was on it. */
  public boolean remove(StoreConnection conn, String address) {
    boolean removed =
        UnitOfWork.run(
            conn,
            "removing " + address + " from the suppression list",
            c -> rows.remove(c, normalized(address)));
    invalidate();
    UnitOfWork.afterCommit(conn, this::invalidate);
    return removed;
  }

  /**
   * How long an entry that a hard bounce or a complaint adds holds; null (the default) until an
   * administrator removes it. An administrator's own entries are not affected: they are deliberate.
   */
  public void setReportExpiry(Duration expiry) {
    this.reportExpiry = expiry;
  }

  /** The expiry of entries reports add; null: they do not expire. */
  Duration reportExpiry() {
    return reportExpiry;
  }

  /**
   * Deletes the entries that expired by now (they are ignored from their expiry on; this only keeps
   * the table small); returns how many.
   */
  public int purgeExpired(StoreConnection conn) {
    long now = MessageStore.micros(store.clock().instant());
    int purged =
        UnitOfWork.run(
            conn,
            "purging expired entries of the suppression list",
            c -> rows.deleteExpired(c, now));
    if (purged > 0) {
      UnitOfWork.afterCommit(conn, this::invalidate);
    }
    return purged;
  }

  /** Makes the next lookup read the table; a read under way does not install its result. */
  public void invalidate() {
    changes.incrementAndGet();
    snapshot = null;
  }

  private Snapshot read(StoreConnection conn, Instant now) {
    long before = changes.get();
    Map<String, Entry> entries =
        UnitOfWork.read(
                conn, "reading the suppression list", c -> rows.active(c, MessageStore.micros(now)))
            .stream()
            .map(SuppressionList::entry)
            .collect(
                Collectors.toMap(
                    Entry::address, Function.identity(), (a, b) -> a, LinkedHashMap::new));
    // Unmodifiable, not copied: Map.copyOf would lose the address order list() promises.
    Snapshot s = new Snapshot(Collections.unmodifiableMap(entries), now);
    if (changes.get() == before) {
      snapshot = s;
    }
    return s;
  }

  private static Entry entry(SuppressionRepository.Row r) {
    return new Entry(
        r.address(),
        r.reason(),
        Source.valueOf(r.source()),
        Optional.ofNullable(r.messageId()),
        MessageStore.instant(r.createdUs()),
        Optional.ofNullable(r.expiresUs()).map(MessageStore::instant));
  }

  private static String normalized(String address) {
    return address.trim().toLowerCase(Locale.ROOT);
  }
}
