package org.msgstore;

/**
 * The MAPI error codes MsgStore reports, with their real HRESULT values (MAPICode.h).
 *
 * <p>Every failure of the API is a {@link MapiException} carrying one of these, so callers can
 * branch on {@link #code()} exactly as a MAPI client branches on an HRESULT.
 */
public enum MapiError {
  MAPI_E_CALL_FAILED(0x80004005),
  MAPI_E_INTERFACE_NOT_SUPPORTED(0x80004002),
  MAPI_E_NO_ACCESS(0x80070005),
  MAPI_E_NOT_ENOUGH_MEMORY(0x8007000E),
  MAPI_E_INVALID_PARAMETER(0x80070057),
  MAPI_E_NO_SUPPORT(0x80040102),
  MAPI_E_BAD_CHARWIDTH(0x80040103),
  MAPI_E_STRING_TOO_LONG(0x80040105),
  MAPI_E_UNKNOWN_FLAGS(0x80040106),
  MAPI_E_INVALID_ENTRYID(0x80040107),
  MAPI_E_INVALID_OBJECT(0x80040108),
  MAPI_E_OBJECT_CHANGED(0x80040109),
  MAPI_E_OBJECT_DELETED(0x8004010A),
  MAPI_E_BUSY(0x8004010B),
  MAPI_E_NOT_ENOUGH_DISK(0x8004010D),
  MAPI_E_NOT_ENOUGH_RESOURCES(0x8004010E),
  MAPI_E_NOT_FOUND(0x8004010F),
  MAPI_E_VERSION(0x80040110),
  MAPI_E_LOGON_FAILED(0x80040111),
  MAPI_E_USER_CANCEL(0x80040113),
  MAPI_E_UNABLE_TO_ABORT(0x80040114),
  MAPI_E_NETWORK_ERROR(0x80040115),
  MAPI_E_DISK_ERROR(0x80040116),
  MAPI_E_TOO_COMPLEX(0x80040117),
  MAPI_E_BAD_COLUMN(0x80040118),
  MAPI_E_COMPUTED(0x8004011A),
  MAPI_E_CORRUPT_DATA(0x8004011B),
  MAPI_E_UNCONFIGURED(0x8004011C),
  MAPI_E_FAILONEPROVIDER(0x8004011D),
  MAPI_E_UNKNOWN_CPID(0x8004011E),
  MAPI_E_UNKNOWN_LCID(0x8004011F),
  MAPI_E_WAIT(0x80040500),
  MAPI_E_CANCEL(0x80040501),
  MAPI_E_NOT_ME(0x80040502),
  MAPI_E_CORRUPT_STORE(0x80040600),
  MAPI_E_NOT_IN_QUEUE(0x80040601),
  MAPI_E_NO_SUPPRESS(0x80040602),
  MAPI_E_COLLISION(0x80040604),
  MAPI_E_NOT_INITIALIZED(0x80040605),
  MAPI_E_NON_STANDARD(0x80040606),
  MAPI_E_NO_RECIPIENTS(0x80040607),
  MAPI_E_SUBMITTED(0x80040608),
  MAPI_E_HAS_FOLDERS(0x80040609),
  MAPI_E_HAS_MESSAGES(0x8004060A),
  MAPI_E_FOLDER_CYCLE(0x8004060B),
  MAPI_E_AMBIGUOUS_RECIP(0x80040700);

  private final int code;

  MapiError(int code) {
    this.code = code;
  }

  /** The HRESULT, as a (negative) Java int; print it with {@link #hex()}. */
  public int code() {
    return code;
  }

  /** The HRESULT as MAPI documentation writes it, e.g. {@code 0x80040608}. */
  public String hex() {
    return String.format("0x%08X", code);
  }

  /** The error with this HRESULT, or {@code null} when MsgStore does not use it. */
  public static MapiError ofCode(int code) {
    for (MapiError e : values()) {
      if (e.code == code) {
        return e;
      }
    }
    return null;
  }
}
