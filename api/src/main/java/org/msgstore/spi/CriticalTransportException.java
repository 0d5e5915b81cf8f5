package org.msgstore.spi;

/**
 * Thrown by a transport that can no longer work at all (MAPI's {@code NOTIFY_CRITICAL_ERROR}): the
 * spooler makes no further calls to it until the adapter restarts, and its recipients wait for a
 * retry or go to another matching transport (R63).
 */
public class CriticalTransportException extends Exception {
  private static final long serialVersionUID = 1L;

  public CriticalTransportException(String message) {
    super(message);
  }

  public CriticalTransportException(String message, Throwable cause) {
    super(message, cause);
  }
}
