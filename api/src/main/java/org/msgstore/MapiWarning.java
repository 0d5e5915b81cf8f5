package org.msgstore;

/** MAPI success-with-warning codes (MAPICode.h). A warning is a result, never an exception. */
public enum MapiWarning {
  S_OK(0x00000000),
  MAPI_W_ERRORS_RETURNED(0x00040380),
  MAPI_W_CANCEL_MESSAGE(0x00040580),
  MAPI_W_PARTIAL_COMPLETION(0x00040680);

  private final int code;

  MapiWarning(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public String hex() {
    return String.format("0x%08X", code);
  }
}
