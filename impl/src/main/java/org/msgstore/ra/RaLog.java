package org.msgstore.ra;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The connector's log catalog: every message the {@code org.msgstore.ra} package logs or puts in an
 * exception has a stable code here (MSGS1xxx), so operators can grep for it and docs can point at
 * it. Codes are never reused for a different meaning.
 */
final class RaLog {
  static final String ADAPTER_STARTED = "MSGS1001";
  static final String ADAPTER_STOPPED = "MSGS1002";
  static final String INVALID_CONFIGURATION = "MSGS1003";
  static final String STORE_OPEN_FAILED = "MSGS1004";
  static final String STORE_CLOSE_FAILED = "MSGS1005";
  static final String SETTINGS_FROZEN = "MSGS1006";
  static final String NOT_ASSOCIATED = "MSGS1010";
  static final String PHYSICAL_OPEN_FAILED = "MSGS1011";
  static final String PHYSICAL_CLOSE_FAILED = "MSGS1012";
  static final String CONNECTION_BROKEN = "MSGS1013";
  static final String MC_DESTROYED = "MSGS1014";
  static final String HANDLE_CLOSED = "MSGS1015";
  static final String FOREIGN_OBJECT = "MSGS1016";
  static final String INVALID_MAILBOX = "MSGS1017";
  static final String ALLOCATION_FAILED = "MSGS1018";
  static final String AFTER_COMMIT_FAILED = "MSGS1020";
  static final String NO_SYNCHRONIZATION_REGISTRY = "MSGS1021";
  static final String LOCAL_TX_STATE = "MSGS1022";
  static final String RESET_FAILED = "MSGS1023";
  static final String PREPARED_BRANCH_CLOSED = "MSGS1024";
  static final String ROLLBACK_ONLY = "MSGS1025";
  static final String INFLOW_NOT_AVAILABLE = "MSGS1030";
  static final String SPOOLER_STARTED = "MSGS1040";
  static final String SPOOLER_NOT_SCHEDULED = "MSGS1041";
  static final String SPOOLER_STOP_SLOW = "MSGS1042";
  static final String SPOOLER_DISABLED = "MSGS1043";
  static final String SPOOLER_MBEAN_FAILED = "MSGS1044";

  private static final Logger LOG = Logger.getLogger("org.msgstore.ra");

  private RaLog() {}

  /** {@code code + ": " + text}, the form every message of this package takes. */
  static String msg(String code, String text) {
    return code + ": " + text;
  }

  static void info(String code, String text) {
    LOG.log(Level.INFO, () -> msg(code, text));
  }

  static void warn(String code, String text, Throwable cause) {
    LOG.log(Level.WARNING, msg(code, text), cause);
  }

  static void error(String code, String text, Throwable cause) {
    LOG.log(Level.SEVERE, msg(code, text), cause);
  }
}
