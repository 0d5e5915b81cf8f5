package org.msgstore;

import java.time.Instant;

/**
 * MAPI property types (MAPIDefS.h) that MsgStore stores, each with the Java type that carries its
 * value.
 */
public enum PropType {
  PT_LONG(0x0003, Integer.class),
  PT_DOUBLE(0x0005, Double.class),
  PT_BOOLEAN(0x000B, Boolean.class),
  PT_OBJECT(0x000D, Object.class),
  PT_I8(0x0014, Long.class),
  PT_STRING8(0x001E, String.class),
  PT_UNICODE(0x001F, String.class),
  PT_SYSTIME(0x0040, Instant.class),
  PT_BINARY(0x0102, byte[].class);

  private final int code;
  private final Class<?> javaType;

  PropType(int code, Class<?> javaType) {
    this.code = code;
    this.javaType = javaType;
  }

  public int code() {
    return code;
  }

  public Class<?> javaType() {
    return javaType;
  }

  /**
   * The type in the low 16 bits of a property tag, or {@code null} if MsgStore has no such type.
   */
  public static PropType ofCode(int code) {
    for (PropType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    return null;
  }
}
