package org.msgstore;

import java.util.Set;

/** Read access to the typed properties of a MAPI object or table row. */
public interface PropertyView {
  /** The value of {@code tag}, or {@code null} when the object does not have that property. */
  <T> T get(PropTag<T> tag);

  /** The value of {@code tag}, or {@code fallback} when the object does not have that property. */
  default <T> T get(PropTag<T> tag, T fallback) {
    T value = get(tag);
    return value != null ? value : fallback;
  }

  default boolean has(PropTag<?> tag) {
    return get(tag) != null;
  }

  /** The tags this object has a value for. */
  Set<PropTag<?>> tags();
}
