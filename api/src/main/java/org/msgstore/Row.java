package org.msgstore;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** One row of a MAPI table (contents table, outgoing queue): a snapshot of selected properties. */
public final class Row implements PropertyView {
  private final Map<PropTag<?>, Object> values;

  public Row(Map<PropTag<?>, Object> values) {
    Map<PropTag<?>, Object> copy = new LinkedHashMap<>();
    values.forEach((tag, value) -> copy.put(tag, tag.checkValue(value)));
    this.values = Collections.unmodifiableMap(copy);
  }

  @Override
  public <T> T get(PropTag<T> tag) {
    Object v = values.get(tag);
    return v == null ? null : tag.javaType().cast(v instanceof byte[] ? ((byte[]) v).clone() : v);
  }

  @Override
  public Set<PropTag<?>> tags() {
    return values.keySet();
  }

  /** The entry id column ({@code PR_ENTRYID}), present in every row MsgStore returns. */
  public EntryId entryId() {
    byte[] id = get(PropTag.PR_ENTRYID);
    return id == null ? null : EntryId.of(id);
  }

  @Override
  public String toString() {
    return "Row" + values.keySet();
  }
}
