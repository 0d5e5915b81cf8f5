package org.msgstore;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** One row of a message's recipient table, as it was when read. */
public final class Recipient implements PropertyView {
  private final Map<PropTag<?>, Object> values;

  public Recipient(Map<PropTag<?>, Object> values) {
    if (!values.containsKey(PropTag.PR_ROWID) || !values.containsKey(PropTag.PR_RECIPIENT_TYPE)) {
      throw new IllegalArgumentException("a recipient row needs PR_ROWID and PR_RECIPIENT_TYPE");
    }
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  public int rowId() {
    return get(PropTag.PR_ROWID);
  }

  public RecipientType type() {
    return RecipientType.ofValue(get(PropTag.PR_RECIPIENT_TYPE));
  }

  /** Whether {@link RecipientType#MAPI_SUBMITTED} is set: a resend row kept only for display. */
  public boolean submitted() {
    return (get(PropTag.PR_RECIPIENT_TYPE) & RecipientType.MAPI_SUBMITTED) != 0;
  }

  public String displayName() {
    return get(PropTag.PR_DISPLAY_NAME);
  }

  public String addressType() {
    return get(PropTag.PR_ADDRTYPE);
  }

  public String address() {
    return get(PropTag.PR_EMAIL_ADDRESS);
  }

  /** {@code PR_RESPONSIBILITY}: FALSE until some transport has dealt with this recipient. */
  public boolean responsibility() {
    return Boolean.TRUE.equals(get(PropTag.PR_RESPONSIBILITY));
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

  @Override
  public String toString() {
    return type() + " " + displayName() + " <" + addressType() + ":" + address() + ">";
  }
}
