package org.msgstore.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * A transport's verdict on one offered recipient (by {@code PR_ROWID}).
 *
 * <ul>
 *   <li>{@link Delivered}: accepted; the recipient is marked {@code PR_RESPONSIBILITY = TRUE}.
 *   <li>{@link Deferred}: try again later (SMTP 4xx, timeouts); not before {@code retryAfter}. A
 *       {@linkplain #throttled throttled} one was held back by the transport's flow control (a rate
 *       limit, a relay asking it to slow down): it is offered again after {@code retryAfter} and
 *       the wait is no failed attempt.
 *   <li>{@link Failed}: permanent (SMTP 5xx); a non-delivery report names the reason.
 *   <li>{@link Declined}: not mine ({@code MAPI_E_NOT_ME}); the next matching transport is asked.
 * </ul>
 */
public sealed interface DeliveryResult {
  int rowId();

  record Delivered(int rowId) implements DeliveryResult {}

  /**
   * @param throttled whether the transport held the recipient back for its flow control rather than
   *     failing to deliver it: the spooler then offers it again at {@code retryAfter} exactly,
   *     without counting an attempt or growing its back-off
   */
  record Deferred(int rowId, String reason, Duration retryAfter, boolean throttled)
      implements DeliveryResult {
    public Deferred {
      Objects.requireNonNull(reason, "reason");
      if (throttled && retryAfter == null) {
        throw new IllegalArgumentException("a throttled recipient needs its retryAfter");
      }
    }

    public Deferred(int rowId, String reason, Duration retryAfter) {
      this(rowId, reason, retryAfter, false);
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

  /**
   * Held back by the transport's flow control (a rate limit, a relay that asked it to slow down),
   * not a failure: offered again after {@code retryAfter}, and not counted as an attempt.
   */
  static DeliveryResult throttled(int rowId, String reason, Duration retryAfter) {
    return new Deferred(rowId, reason, retryAfter, true);
  }

  static DeliveryResult failed(int rowId, String reason, int ndrReasonCode, int ndrDiagCode) {
    return new Failed(rowId, reason, ndrReasonCode, ndrDiagCode);
  }

  static DeliveryResult declined(int rowId) {
    return new Declined(rowId);
  }
}
