package org.msgstore.store.jdbc;

import java.util.Map;
import org.msgstore.PropTag;

/** A recipient row; {@code extra} holds the row's properties beyond the columns. */
public record RecipientRecord(
    int rowId,
    int recipientType,
    String displayName,
    String addrType,
    String emailAddress,
    boolean responsibility,
    Map<PropTag<?>, Object> extra) {

  /** This row with its responsibility (and the properties that go with it) settled. */
  public RecipientRecord withResponsibility(boolean responsibility, Map<PropTag<?>, Object> extra) {
    return new RecipientRecord(
        rowId, recipientType, displayName, addrType, emailAddress, responsibility, extra);
  }
}
