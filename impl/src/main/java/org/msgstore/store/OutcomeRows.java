package org.msgstore.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.PropTag;
import org.msgstore.store.jdbc.RecipientRecord;

/**
 * Verdicts as the recipient rows store them: the delivery time, or the NDR reason, diagnostic, text
 * and time; and read back from the rows.
 */
final class OutcomeRows {
  private OutcomeRows() {}

  /** A recipient row's properties with its verdict. */
  static Map<PropTag<?>, Object> withOutcome(RecipientRecord r, RecipientOutcome o) {
    Map<PropTag<?>, Object> extra = new LinkedHashMap<>(r.extra());
    if (o instanceof RecipientOutcome.Delivered d) {
      extra.put(PropTag.PR_DELIVER_TIME, d.at());
    } else if (o instanceof RecipientOutcome.Failed f) {
      extra.put(PropTag.PR_NDR_REASON_CODE, f.ndrReasonCode());
      extra.put(PropTag.PR_NDR_DIAG_CODE, f.ndrDiagCode());
      extra.put(PropTag.PR_REPORT_TEXT, f.reason());
      extra.put(PropTag.PR_REPORT_TIME, f.at());
    }
    return extra;
  }

  /** The rows as they are once {@code outcomes} are recorded on them (each then responsible). */
  static List<RecipientRecord> withOutcomes(
      List<RecipientRecord> rows, List<RecipientOutcome> outcomes) {
    Map<Integer, RecipientOutcome> byRow = new LinkedHashMap<>();
    outcomes.forEach(o -> byRow.put(o.rowId(), o));
    List<RecipientRecord> result = new ArrayList<>(rows.size());
    for (RecipientRecord r : rows) {
      RecipientOutcome o = byRow.remove(r.rowId());
      if (o == null) {
        result.add(r);
        continue;
      }
      result.add(r.withResponsibility(true, withOutcome(r, o)));
    }
    if (!byRow.isEmpty()) {
      throw new MapiException(
          MapiError.MAPI_E_NOT_FOUND, "the message has no recipient rows " + byRow.keySet());
    }
    return result;
  }

  /** The verdicts recorded on {@code rows}, by row id; rows without one are left out. */
  static Map<Integer, RecipientOutcome> outcomesOf(List<RecipientRecord> rows) {
    Map<Integer, RecipientOutcome> outcomes = new LinkedHashMap<>();
    for (RecipientRecord r : rows) {
      Map<PropTag<?>, Object> x = r.extra();
      if (x.get(PropTag.PR_NDR_DIAG_CODE) instanceof Integer diag) {
        outcomes.put(
            r.rowId(),
            new RecipientOutcome.Failed(
                r.rowId(),
                (String) x.getOrDefault(PropTag.PR_REPORT_TEXT, ""),
                (Integer) x.getOrDefault(PropTag.PR_NDR_REASON_CODE, 0),
                diag,
                (Instant) x.get(PropTag.PR_REPORT_TIME)));
      } else if (x.get(PropTag.PR_DELIVER_TIME) instanceof Instant at) {
        outcomes.put(r.rowId(), new RecipientOutcome.Delivered(r.rowId(), null, at));
      }
    }
    return outcomes;
  }
}
