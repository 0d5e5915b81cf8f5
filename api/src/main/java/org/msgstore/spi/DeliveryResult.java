package org.msgstore.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * A transport's verdict on one offered recipient (by {@code PR_ROWID}).
 *
 * <ul>
 *   <li>{@link Delivered}: accepted; the recipient is marked {@code PR_RESPONSIBILITY = TRUE}.
 *   <li>{@link Deferred}: try again later (SMTP 4xx, timeouts); not before {@code retryAfter}.
 *   <li>{@link Failed}: permanent (SMTP 5xx); a non-delivery report names the reason.
 *   <li>{@link Declined}: not mine ({@code MAPI_E_NOT_ME}); the next matching transport is asked.
 * </ul>
 */
public sealed interface DeliveryResult {
  int rowId();

  record Delivered(int rowId) implements DeliveryResult {}

  record Deferred(int rowId, String reason, Duration retryAfter) implements DeliveryResult {
    public Deferred {
      Objects.requireNonNull(reason, "reason");
    }
  }

  record Failed(int rowId, String reason, int ndrReasonCode, int ndrDiagCode)
      implements DeliveryResult {
    public Failed {
      Objects.requireNonNull(reason, "reason");
    }
  }

  record Declined(int rowId) implements DeliveryResult {}

  static DeliveryResult delivered(int rowId) {
    return new Delivered(rowId);
  }

  /** Deferred with no preference: the spooler's back-off decides when to retry. */
  static DeliveryResult deferred(int rowId, String reason) {
    return new Deferred(rowId, reason, null);
  }

  static DeliveryResult deferred(int rowId, String reason, Duration retryAfter) {
    return new Deferred(rowId, reason, retryAfter);
  }

  static DeliveryResult failed(int rowId, String reason, int ndrReasonCode, int ndrDiagCode) {
    return new Failed(rowId, reason, ndrReasonCode, ndrDiagCode);
  }

  static DeliveryResult declined(int rowId) {
    return new Declined(rowId);
  }
}
