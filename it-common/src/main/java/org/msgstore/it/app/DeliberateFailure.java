package org.msgstore.it.app;

/** Thrown by test beans after their work, so the container must roll that work back. */
public class DeliberateFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DeliberateFailure(String message) {
    super(message);
  }
}
