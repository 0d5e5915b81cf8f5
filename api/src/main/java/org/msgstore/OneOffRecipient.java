package org.msgstore;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * An address given by value rather than by an address book entry: MAPI's one-off entry id
 * (MS-OXCDATA 2.2.5.1). A list of them, as a FLATENTRYLIST (MS-OXCDATA 2.3.3), is the value of
 * {@link PropTag#PR_REPLY_RECIPIENT_ENTRIES}:
 *
 * <pre>{@code
 * List<OneOffRecipient> replyTo = List.of(OneOffRecipient.smtp("Support", "support@example.com"));
 * message.set(PropTag.PR_REPLY_RECIPIENT_ENTRIES, OneOffRecipient.flatEntryList(replyTo));
 * message.set(PropTag.PR_REPLY_RECIPIENT_NAMES, OneOffRecipient.names(replyTo));
 * }</pre>
 *
 * @param displayName may be empty
 * @param addressType e.g. {@code SMTP}
 * @param address e.g. {@code support@example.com}
 */
public record OneOffRecipient(String displayName, String addressType, String address) {
  /** MAPI_ONE_OFF_UID: the provider uid that marks a one-off entry id. */
  private static final byte[] ONE_OFF_UID = {
    (byte) 0x81,
    0x2B,
    0x1F,
    (byte) 0xA4,
    (byte) 0xBE,
    (byte) 0xA3,
    0x10,
    0x19,
    (byte) 0x9D,
    0x6E,
    0x00,
    (byte) 0xDD,
    0x01,
    0x0F,
    0x54,
    0x02
  };

  /** MAPI_ONE_OFF_UNICODE | MAPI_ONE_OFF_NO_RICH_INFO: the strings are UTF-16LE. */
  private static final int FLAGS = 0x8000 | 0x0001;

  private static final int HEADER = 4 + 16 + 2 + 2;

  public OneOffRecipient {
    displayName = displayName == null ? "" : displayName;
    Objects.requireNonNull(addressType, "addressType");
    Objects.requireNonNull(address, "address");
  }

  /** An SMTP address with its display name (null or empty for none). */
  public static OneOffRecipient smtp(String displayName, String address) {
    return new OneOffRecipient(displayName, "SMTP", address);
  }

  /** This address as a one-off entry id. */
  public byte[] entryId() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[4]); // rgbFlags: 0
    out.writeBytes(ONE_OFF_UID);
    out.write(0); // wVersion: 0, little-endian
    out.write(0);
    out.write(FLAGS & 0xFF);
    out.write(FLAGS >>> 8);
    for (String s : new String[] {displayName, addressType, address}) {
      out.writeBytes(s.getBytes(StandardCharsets.UTF_16LE));
      out.write(0);
      out.write(0);
    }
    return out.toByteArray();
  }

  /** The one-off entry id {@code entryId}, or null when it is not a one-off entry id. */
  public static OneOffRecipient fromEntryId(byte[] entryId) {
    if (entryId.length < HEADER
        || !Arrays.equals(entryId, 4, 20, ONE_OFF_UID, 0, 16)
        || (entryId[23] & 0x80) == 0) {
      return null;
    }
    String[] parts = new String[3];
    int at = HEADER;
    for (int i = 0; i < 3; i++) {
      int end = at;
      while (end + 1 < entryId.length && (entryId[end] != 0 || entryId[end + 1] != 0)) {
        end += 2;
      }
      if (end + 1 >= entryId.length) {
        return null;
      }
      parts[i] = new String(entryId, at, end - at, StandardCharsets.UTF_16LE);
      at = end + 2;
    }
    return new OneOffRecipient(parts[0], parts[1], parts[2]);
  }

  /** A FLATENTRYLIST of the one-off entry ids of {@code recipients}. */
  public static byte[] flatEntryList(List<OneOffRecipient> recipients) {
    ByteArrayOutputStream entries = new ByteArrayOutputStream();
    for (OneOffRecipient r : recipients) {
      byte[] id = r.entryId();
      entries.writeBytes(le32(id.length));
      entries.writeBytes(id);
      entries.writeBytes(new byte[(4 - id.length % 4) % 4]); // each entry is padded to 4 bytes
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(le32(recipients.size()));
    out.writeBytes(le32(entries.size()));
    out.writeBytes(entries.toByteArray());
    return out.toByteArray();
  }

  /**
   * The addresses of a FLATENTRYLIST.
   *
   * @throws MapiException {@code MAPI_E_INVALID_PARAMETER} when it is not a FLATENTRYLIST of
   *     one-off entry ids
   */
  public static List<OneOffRecipient> parseFlatEntryList(byte[] flatEntryList) {
    try {
      ByteBuffer b = ByteBuffer.wrap(flatEntryList).order(ByteOrder.LITTLE_ENDIAN);
      int count = b.getInt();
      int size = b.getInt();
      if (count < 0 || size != b.remaining()) {
        throw new IllegalArgumentException("its sizes do not match its length");
      }
      List<OneOffRecipient> out = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int length = b.getInt();
        byte[] id = new byte[length];
        b.get(id);
        b.position(Math.min(b.limit(), b.position() + (4 - length % 4) % 4));
        OneOffRecipient r = fromEntryId(id);
        if (r == null) {
          throw new IllegalArgumentException("entry " + i + " is not a one-off entry id");
        }
        out.add(r);
      }
      if (b.hasRemaining()) {
        throw new IllegalArgumentException("it has bytes after its " + count + " entries");
      }
      return out;
    } catch (RuntimeException e) {
      throw new MapiException(
          MapiError.MAPI_E_INVALID_PARAMETER,
          "the value is not a FLATENTRYLIST of one-off entry ids ("
              + (e.getMessage() != null ? e.getMessage() : "it ends early")
              + "); build it with OneOffRecipient.flatEntryList");
    }
  }

  /** The display names (the address where there is none) separated by "; ". */
  public static String names(List<OneOffRecipient> recipients) {
    return recipients.stream()
        .map(r -> r.displayName().isEmpty() ? r.address() : r.displayName())
        .collect(Collectors.joining("; "));
  }

  private static byte[] le32(int v) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
  }
}
