package org.msgstore.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.PropTag;
import org.msgstore.Recipient;
import org.msgstore.RecipientType;
import org.msgstore.store.jdbc.RecipientRecord;

/** The editable recipient table of an open message; rows are written with the message. */
final class RecipientTable {
  private final List<RecipientRecord> rows;
  private int nextRowId;
  private boolean dirty;

  RecipientTable(List<RecipientRecord> rows) {
    this.rows = new ArrayList<>(rows);
    this.nextRowId = rows.stream().mapToInt(RecipientRecord::rowId).max().orElse(-1) + 1;
  }

  Recipient add(RecipientType type, String displayName, String addressType, String address) {
    if (type == null) {
      throw new MapiException(MapiError.MAPI_E_INVALID_PARAMETER, "the recipient type is null");
    }
    String addrType = InputRules.checkAddressType(addressType);
    InputRules.checkDisplayName(displayName);
    InputRules.checkAddress(addrType, address);
    RecipientRecord r =
        new RecipientRecord(
            nextRowId++, type.value(), displayName, addrType, address.strip(), false, Map.of());
    rows.add(r);
    dirty = true;
    return view(r);
  }

  void remove(int rowId) {
    rows.remove(indexOf(rowId));
    dirty = true;
  }

  /** Sets a property of one row; the column properties are checked as on add. */
  void set(int rowId, PropTag<?> tag, Object value) {
    int i = indexOf(rowId);
    RecipientRecord r = rows.get(i);
    Object v = tag.checkValue(value);
    int recipientType = r.recipientType();
    String displayName = r.displayName();
    String addrType = r.addrType();
    String emailAddress = r.emailAddress();
    Map<PropTag<?>, Object> extra = r.extra();
    if (tag.equals(PropTag.PR_RECIPIENT_TYPE)) {
      RecipientType.ofValue((Integer) v);
      recipientType = (Integer) v;
    } else if (tag.equals(PropTag.PR_DISPLAY_NAME)) {
      InputRules.checkDisplayName((String) v);
      displayName = (String) v;
    } else if (tag.equals(PropTag.PR_ADDRTYPE)) {
      addrType = InputRules.checkAddressType((String) v);
      InputRules.checkAddress(addrType, r.emailAddress());
    } else if (tag.equals(PropTag.PR_EMAIL_ADDRESS)) {
      InputRules.checkAddress(r.addrType(), (String) v);
      emailAddress = ((String) v).strip();
    } else if (tag.equals(PropTag.PR_ROWID) || tag.equals(PropTag.PR_RESPONSIBILITY)) {
      throw new MapiException(
          MapiError.MAPI_E_COMPUTED, tag + " of a recipient is set by the store");
    } else {
      extra = new LinkedHashMap<>(r.extra());
      extra.put(tag, InputRules.checkClientWrite(tag, v));
    }
    // One property changes; the others are the row's as they were.
    RecipientRecord changed =
        new RecipientRecord(
            r.rowId(),
            recipientType,
            displayName,
            addrType,
            emailAddress,
            r.responsibility(),
            extra);
    rows.set(i, changed);
    dirty = true;
  }

  List<Recipient> views() {
    List<Recipient> list = new ArrayList<>(rows.size());
    rows.forEach(r -> list.add(view(r)));
    return list;
  }

  List<RecipientRecord> records() {
    return List.copyOf(rows);
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  boolean dirty() {
    return dirty;
  }

  /** After a save: the rows as written (a submit may have expanded or re-marked them). */
  void replaceWith(List<RecipientRecord> saved) {
    rows.clear();
    rows.addAll(saved);
    nextRowId = saved.stream().mapToInt(RecipientRecord::rowId).max().orElse(-1) + 1;
    dirty = false;
  }

  /**
   * PR_DISPLAY_TO / _CC / _BCC: the display names of one type, joined with "; " (MAPI convention).
   */
  String display(RecipientType type) {
    StringJoiner j = new StringJoiner("; ");
    for (RecipientRecord r : rows) {
      if ((r.recipientType() & ~RecipientType.MAPI_SUBMITTED) == type.value()) {
        j.add(
            r.displayName() != null && !r.displayName().isBlank()
                ? r.displayName()
                : r.emailAddress());
      }
    }
    return j.toString();
  }

  private int indexOf(int rowId) {
    for (int i = 0; i < rows.size(); i++) {
      if (rows.get(i).rowId() == rowId) {
        return i;
      }
    }
    throw new MapiException(
        MapiError.MAPI_E_NOT_FOUND, "the message has no recipient row " + rowId);
  }

  static Recipient view(RecipientRecord r) {
    Map<PropTag<?>, Object> values = new LinkedHashMap<>(r.extra());
    values.put(PropTag.PR_ROWID, r.rowId());
    values.put(PropTag.PR_RECIPIENT_TYPE, r.recipientType());
    if (r.displayName() != null) {
      values.put(PropTag.PR_DISPLAY_NAME, r.displayName());
    }
    values.put(PropTag.PR_ADDRTYPE, r.addrType());
    values.put(PropTag.PR_EMAIL_ADDRESS, r.emailAddress());
    values.put(PropTag.PR_RESPONSIBILITY, r.responsibility());
    values.put(
        PropTag.PR_SPOOLER_STATUS,
        0); // S_OK: delivery status is reported through reports, not here
    return new Recipient(values);
  }
}
