package org.msgstore.transport.smtp;

/**
 * The {@code PR_NDR_REASON_CODE} / {@code PR_NDR_DIAG_CODE} values this transport reports, with
 * their real values from EDKMAPI.H and MAPIDefS.h (mapi-send-spec §4.6).
 */
final class MapiCodes {
  static final int MAPI_REASON_TRANSFER_IMPOSSIBLE = 1;

  /**
   * Encoded information types unsupported: here, UTF-8 addresses through a relay without SMTPUTF8.
   */
  static final int MAPI_DIAG_EITS_UNSUPPORTED = 6;

  static final int MAPI_DIAG_CONTENT_TOO_LONG = 7;
  static final int MAPI_DIAG_PARAMETERS_INVALID = 11;
  static final int MAPI_DIAG_CONTENT_SYNTAX_IN_ERROR = 12;
  static final int MAPI_DIAG_MAIL_ADDRESS_INCORRECT = 32;
  static final int MAPI_DIAG_MAIL_RECIPIENT_UNKNOWN = 35;
  static final int MAPI_DIAG_MAIL_REFUSED = 38;

  private MapiCodes() {}
}
