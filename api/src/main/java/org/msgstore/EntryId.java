package org.msgstore;

import java.io.Serializable;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An opaque, stable identifier of a folder or message in the store ({@code PR_ENTRYID}).
 *
 * <p>Keep it to open the entry again or to cancel a submission. It stays the same while the message
 * is in the outgoing queue; a message moved to another folder (for example into Sent Items) gets a
 * new one. Its text form ({@link #toString()}) survives a round trip through {@link #parse}.
 */
public final class EntryId implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final HexFormat HEX = HexFormat.of().withUpperCase();

  private final byte[] bytes;

  private EntryId(byte[] bytes) {
    this.bytes = bytes;
  }

  /** An entry id from its bytes, e.g. a {@code PR_SENTMAIL_ENTRYID} value. */
  public static EntryId of(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      throw new MapiException(MapiError.MAPI_E_INVALID_ENTRYID, "an entry id cannot be empty");
    }
    return new EntryId(bytes.clone());
  }

  /** An entry id from its text form. */
  public static EntryId parse(String text) {
    if (text == null || text.isBlank()) {
      throw new MapiException(MapiError.MAPI_E_INVALID_ENTRYID, "an entry id cannot be empty");
    }
    try {
      return of(HEX.parseHex(text.trim()));
    } catch (IllegalArgumentException e) {
      throw new MapiException(
          MapiError.MAPI_E_INVALID_ENTRYID, "'" + text + "' is not an entry id", e);
    }
  }

  public byte[] toBytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EntryId && Arrays.equals(((EntryId) o).bytes, bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return HEX.formatHex(bytes);
  }
}
