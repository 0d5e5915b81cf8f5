package org.msgstore.ra.management;

import javax.management.openmbean.CompositeData;

/**
 * The suppression list as administrators see it over JMX, {@code
 * org.msgstore:type=SuppressionList}: addresses that get no more mail (hard bounces, complaints,
 * and what an administrator added).
 */
public interface SuppressionListAdminMBean {
  /** How many addresses are on the list now (expired entries not counted). */
  long getCount();

  /**
   * Entries by address from {@code offset} (0: the first), at most {@code limit} (1..1000):
   * address, reason, source (BOUNCE, COMPLAINT, ADMINISTRATOR), messageId (-1: none), since and
   * expires (ISO-8601; expires empty: until removed).
   */
  CompositeData[] list(int offset, int limit);

  /**
   * Puts {@code address} on the list until it is removed, replacing an entry it has; returns the
   * entry as text.
   */
  String add(String address, String reason);

  /** Takes {@code address} off the list; returns whether it was on it. */
  boolean remove(String address);

  /** Deletes the expired entries now (the bounce intake also does every round); how many. */
  int purgeExpired();
}
