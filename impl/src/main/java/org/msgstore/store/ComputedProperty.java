package org.msgstore.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.msgstore.PropTag;
import org.msgstore.RecipientType;

/**
 * The message properties the store answers itself, from the row and the open object, instead of
 * keeping them in the property bag. This is the one list: {@link StoreMessage#get} answers them,
 * {@link StoreMessage#tags} lists them, {@link StoreMessage#delete} refuses them. A null value
 * means the message has none (it then reads from the bag, as any other property).
 */
enum ComputedProperty {
  ENTRYID(PropTag.PR_ENTRYID, m -> m.persistent().entryId()),
  RECORD_KEY(PropTag.PR_RECORD_KEY, m -> m.persistent().entryId()),
  PARENT_ENTRYID(PropTag.PR_PARENT_ENTRYID, m -> m.persistent().folder().entryId()),
  MESSAGE_FLAGS(PropTag.PR_MESSAGE_FLAGS, m -> m.persistent().shownFlags()),
  ACCESS_LEVEL(PropTag.PR_ACCESS_LEVEL, StoreMessage::accessLevel),
  OBJECT_TYPE(PropTag.PR_OBJECT_TYPE, m -> StoreMessage.MAPI_MESSAGE),
  HASATTACH(PropTag.PR_HASATTACH, m -> m.persistent().hasAttachments()),
  DISPLAY_TO(PropTag.PR_DISPLAY_TO, m -> m.persistent().recipients().display(RecipientType.TO)),
  DISPLAY_CC(PropTag.PR_DISPLAY_CC, m -> m.persistent().recipients().display(RecipientType.CC)),
  DISPLAY_BCC(PropTag.PR_DISPLAY_BCC, m -> m.persistent().recipients().display(RecipientType.BCC)),
  /**
   * Answered by get() but left out of tags(), which has never listed it; kept so, since this list
   * was made in a refactoring that changes no behaviour.
   */
  SUBMIT_FLAGS(PropTag.PR_SUBMIT_FLAGS, StoreMessage::submitFlagsShown, false),
  CREATION_TIME(PropTag.PR_CREATION_TIME, m -> m.persistent().creationTime()),
  LAST_MODIFICATION_TIME(
      PropTag.PR_LAST_MODIFICATION_TIME, m -> m.persistent().lastModificationTime());

  /** The ones {@link StoreMessage#tags} lists when they have a value, in this order. */
  static final List<ComputedProperty> LISTED;

  private static final Map<PropTag<?>, ComputedProperty> BY_TAG;

  static {
    List<ComputedProperty> listed = new ArrayList<>();
    Map<PropTag<?>, ComputedProperty> byTag = new HashMap<>();
    for (ComputedProperty p : values()) {
      byTag.put(p.tag, p);
      if (p.listed) {
        listed.add(p);
      }
    }
    LISTED = List.copyOf(listed);
    BY_TAG = Map.copyOf(byTag);
  }

  private final PropTag<?> tag;
  private final Function<StoreMessage, Object> value;
  private final boolean listed;

  ComputedProperty(PropTag<?> tag, Function<StoreMessage, Object> value) {
    this(tag, value, true);
  }

  ComputedProperty(PropTag<?> tag, Function<StoreMessage, Object> value, boolean listed) {
    this.tag = tag;
    this.value = value;
    this.listed = listed;
  }

  /** The computed value of {@code tag} for {@code m}, or null when the store computes none. */
  static Object valueOf(PropTag<?> tag, StoreMessage m) {
    ComputedProperty p = BY_TAG.get(tag); // like tag.equals(..), a null tag throws here
    return p == null ? null : p.value.apply(m);
  }

  PropTag<?> tag() {
    return tag;
  }

  Object valueOf(StoreMessage m) {
    return value.apply(m);
  }
}
