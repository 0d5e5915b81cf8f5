package org.msgstore.transport.smtp;

/**
 * The message itself cannot be turned into MIME (no usable sender, broken content): sending it
 * again would fail the same way, so every offered recipient fails for good.
 */
final class UnsendableMessageException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int ndrDiagCode;

  UnsendableMessageException(String reason, int ndrDiagCode, Throwable cause) {
    super(reason, cause);
    this.ndrDiagCode = ndrDiagCode;
  }

  int ndrDiagCode() {
    return ndrDiagCode;
  }
}
