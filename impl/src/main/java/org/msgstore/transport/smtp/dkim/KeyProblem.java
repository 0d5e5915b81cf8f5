package org.msgstore.transport.smtp.dkim;

/**
 * A signing key that cannot be used, said in words an administrator acts on. The message names the
 * key's file or alias and what is wrong with it, never any of the key's content.
 */
final class KeyProblem extends Exception {
  private static final long serialVersionUID = 1L;

  KeyProblem(String message) {
    super(message);
  }

  KeyProblem(String message, Throwable cause) {
    super(message, cause);
  }
}
