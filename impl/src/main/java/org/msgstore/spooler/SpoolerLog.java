package org.msgstore.spooler;

/** Stable log codes of the spooler (MSGS3xxx). */
final class SpoolerLog {
  /** A transport or preprocessor threw; its recipients were deferred. */
  static final String MSGS3001 = "MSGS3001";

  /** A whole attempt or round failed; retried with back-off. */
  static final String MSGS3002 = "MSGS3002";

  /** Locks could not be released; they lapse with their lease. */
  static final String MSGS3003 = "MSGS3003";

  /** A transport reported a critical error and is out of service until restart. */
  static final String MSGS3004 = "MSGS3004";

  private SpoolerLog() {}
}
