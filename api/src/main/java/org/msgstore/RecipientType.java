package org.msgstore;

/**
 * {@link PropTag#PR_RECIPIENT_TYPE} values (MAPIDefS.h), without the {@link #MAPI_SUBMITTED} bit.
 */
public enum RecipientType {
  TO(1),
  CC(2),
  BCC(3),
  /** A resend copy that only addresses the envelope; never shown in the transmitted content. */
  P1(0x10000000);

  /**
   * ORed into the type of a resend row that already received the message: shown, not sent again.
   */
  public static final int MAPI_SUBMITTED = 0x80000000;

  private final int value;

  RecipientType(int value) {
    this.value = value;
  }

  public int value() {
    return value;
  }

  /** The type of a {@code PR_RECIPIENT_TYPE} value, ignoring {@link #MAPI_SUBMITTED}. */
  public static RecipientType ofValue(int value) {
    int base = value & ~MAPI_SUBMITTED;
    for (RecipientType t : values()) {
      if (t.value == base) {
        return t;
      }
    }
    throw new MapiException(
        MapiError.MAPI_E_INVALID_PARAMETER, String.format("0x%08X is not a recipient type", value));
  }
}
