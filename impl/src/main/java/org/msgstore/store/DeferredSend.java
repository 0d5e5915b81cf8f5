package org.msgstore.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.PropTag;

/**
 * When a submitted message may first be offered to a transport (R79): {@code
 * PR_DEFERRED_SEND_TIME}, or, when {@code PR_DEFERRED_SEND_NUMBER} and {@code _UNITS} are both
 * present, that many minutes, hours, days or weeks after the submit. A past time means now.
 */
final class DeferredSend {
  private static final Duration[] UNITS = {
    Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofDays(1), Duration.ofDays(7)
  };

  private DeferredSend() {}

  static Instant due(Map<PropTag<?>, Object> props, Instant submitTime) {
    Object number = props.get(PropTag.PR_DEFERRED_SEND_NUMBER);
    Object units = props.get(PropTag.PR_DEFERRED_SEND_UNITS);
    Instant due;
    if (number instanceof Integer n && units instanceof Integer u) {
      if (n < 0 || n > 999) {
        throw new MapiException(
            MapiError.MAPI_E_INVALID_PARAMETER,
            "PR_DEFERRED_SEND_NUMBER " + n + " is not in 0..999");
      }
      if (u < 0 || u > 3) {
        throw new MapiException(
            MapiError.MAPI_E_INVALID_PARAMETER,
            "PR_DEFERRED_SEND_UNITS "
                + u
                + " is not 0 (minutes), 1 (hours), 2 (days) or 3 (weeks)");
      }
      due = submitTime.plus(UNITS[u].multipliedBy(n));
    } else if (props.get(PropTag.PR_DEFERRED_SEND_TIME) instanceof Instant t) {
      due = t;
    } else {
      due = submitTime;
    }
    return due.isBefore(submitTime) ? submitTime : due;
  }
}
