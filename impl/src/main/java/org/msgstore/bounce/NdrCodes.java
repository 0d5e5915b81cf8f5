package org.msgstore.bounce;

/**
 * The MAPI reason and diagnostic codes (MAPIDefS.h) of an NDR written for a late failure, from its
 * RFC 3463 enhanced status code, as the SMTP transport chooses them for a refusal it sees itself.
 *
 * @param reasonCode MAPI_REASON_TRANSFER_IMPOSSIBLE for a permanent (5.x.x) failure,
 *     MAPI_REASON_TRANSFER_FAILED for one the remote system gave up on after retrying (4.x.x)
 * @param diagCode what went wrong, as MAPI names it
 */
record NdrCodes(int reasonCode, int diagCode) {
  static final int MAPI_REASON_TRANSFER_FAILED = 0;
  static final int MAPI_REASON_TRANSFER_IMPOSSIBLE = 1;
  static final int MAPI_DIAG_MAXIMUM_TIME_EXPIRED = 5;
  static final int MAPI_DIAG_CONTENT_TOO_LONG = 7;
  static final int MAPI_DIAG_MAIL_ADDRESS_INCORRECT = 32;
  static final int MAPI_DIAG_MAIL_RECIPIENT_UNKNOWN = 35;
  static final int MAPI_DIAG_MAIL_REFUSED = 38;

  /** The codes for {@code status} (e.g. {@code 5.1.1}); an unknown detail is MAIL_REFUSED. */
  static NdrCodes of(String status) {
    int reason =
        status.startsWith("5.") ? MAPI_REASON_TRANSFER_IMPOSSIBLE : MAPI_REASON_TRANSFER_FAILED;
    String detail = status.length() > 2 ? status.substring(2) : "";
    int diag =
        switch (detail) {
          case "1.1", "1.10", "1.6" -> MAPI_DIAG_MAIL_RECIPIENT_UNKNOWN; // no such mailbox, moved
          case "1.2", "1.3" -> MAPI_DIAG_MAIL_ADDRESS_INCORRECT; // bad system, bad syntax
          case "2.3", "3.4" -> MAPI_DIAG_CONTENT_TOO_LONG;
          case "4.7" -> MAPI_DIAG_MAXIMUM_TIME_EXPIRED;
          default -> MAPI_DIAG_MAIL_REFUSED;
        };
    return new NdrCodes(reason, diag);
  }
}
