package org.msgstore.store.jdbc;

/**
 * Stable log codes of the store (MSGS2xxx). Operators search for these, so a code never changes
 * meaning once released.
 */
public final class StoreLog {
  /** Schema migrated at store start (logged by {@link Migrations}, so not needed outside). */
  static final String MSGS2001 = "MSGS2001";

  /** Store opened: database, dialect, capabilities. */
  public static final String MSGS2002 = "MSGS2002";

  /** Mailbox created on first use. */
  public static final String MSGS2003 = "MSGS2003";

  /** A statement failed; the caller got a MapiException. */
  public static final String MSGS2004 = "MSGS2004";

  /** A queue listener threw; the change itself stands. */
  public static final String MSGS2005 = "MSGS2005";

  /** A new-mail listener threw; the delivery itself stands. */
  public static final String MSGS2006 = "MSGS2006";

  private StoreLog() {}
}
