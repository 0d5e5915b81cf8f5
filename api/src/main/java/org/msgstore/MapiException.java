package org.msgstore;

import java.util.Objects;

/**
 * Every failure of the MsgStore API: a MAPI error code plus a message a person can act on.
 *
 * <p>Unchecked on purpose: thrown out of a container-managed EJB method it is a system exception,
 * so the caller's transaction rolls back and no half-composed business change commits without its
 * message.
 */
public class MapiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final MapiError error;

  public MapiException(MapiError error, String message) {
    super(format(error, message));
    this.error = Objects.requireNonNull(error, "error");
  }

  public MapiException(MapiError error, String message, Throwable cause) {
    super(format(error, message), cause);
    this.error = Objects.requireNonNull(error, "error");
  }

  public MapiError error() {
    return error;
  }

  /** The HRESULT, e.g. {@code 0x80040608} for {@link MapiError#MAPI_E_SUBMITTED}. */
  public int code() {
    return error.code();
  }

  private static String format(MapiError error, String message) {
    return error.name() + " (" + error.hex() + "): " + message;
  }
}
