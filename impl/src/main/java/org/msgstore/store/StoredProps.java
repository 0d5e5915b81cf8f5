package org.msgstore.store;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.msgstore.PropTag;
import org.msgstore.RecipientType;
import org.msgstore.store.jdbc.RecipientRecord;

/**
 * The property bag as a save stores it: the client's properties plus what contents and queue tables
 * read without opening the message (display names of the recipients, whether it has attachments,
 * its size).
 */
final class StoredProps {
  private StoredProps() {}

  static Map<PropTag<?>, Object> of(
      Map<PropTag<?>, Object> bag, List<RecipientRecord> rows, AttachmentSet attachments) {
    Map<PropTag<?>, Object> stored = new LinkedHashMap<>(bag);
    RecipientTable table = new RecipientTable(rows);
    stored.put(PropTag.PR_DISPLAY_TO, table.display(RecipientType.TO));
    stored.put(PropTag.PR_DISPLAY_CC, table.display(RecipientType.CC));
    stored.put(PropTag.PR_DISPLAY_BCC, table.display(RecipientType.BCC));
    stored.put(PropTag.PR_HASATTACH, !attachments.isEmpty());
    long size = attachments.totalSize();
    for (Object v : bag.values()) {
      size += v instanceof String str ? str.length() * 2L : v instanceof byte[] b ? b.length : 8;
    }
    stored.put(PropTag.PR_MESSAGE_SIZE, (int) Math.min(Integer.MAX_VALUE, size));
    return stored;
  }
}
