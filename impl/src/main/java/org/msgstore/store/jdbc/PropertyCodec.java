package org.msgstore.store.jdbc;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.PropTag;

/**
 * Encodes a property bag into one byte array and back: a version byte, a count, then per property
 * its tag and its value in a form fixed by the tag's type. Times keep nanoseconds, so submit order
 * survives the round trip.
 */
final class PropertyCodec {
  private static final int VERSION = 1;

  private PropertyCodec() {}

  static byte[] encode(Map<PropTag<?>, Object> props) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + props.size() * 16);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeInt(props.size());
      for (Map.Entry<PropTag<?>, Object> e : props.entrySet()) {
        PropTag<?> tag = e.getKey();
        out.writeInt(tag.tag());
        writeValue(out, tag, e.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static Map<PropTag<?>, Object> decode(byte[] encoded) {
    Map<PropTag<?>, Object> props = new LinkedHashMap<>();
    if (encoded == null || encoded.length == 0) {
      return props;
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
      int version = in.readUnsignedByte();
      if (version != VERSION) {
        throw new IOException(
            "property bag version " + version + " is not one this MsgStore reads");
      }
      int count = in.readInt();
      for (int i = 0; i < count; i++) {
        PropTag<?> tag = PropTag.of(in.readInt());
        props.put(tag, readValue(in, tag));
      }
      if (in.available() > 0) {
        throw new IOException(in.available() + " bytes after the last property");
      }
    } catch (IOException | RuntimeException e) {
      // Damaged data is reported as such, so the spooler gives the message up instead of retrying
      // forever.
      throw new MapiException(
          MapiError.MAPI_E_CORRUPT_DATA, "stored properties cannot be read: " + e.getMessage(), e);
    }
    return props;
  }

  private static void writeValue(DataOutputStream out, PropTag<?> tag, Object value)
      throws IOException {
    switch (tag.type()) {
      case PT_LONG -> out.writeInt((Integer) value);
      case PT_I8 -> out.writeLong((Long) value);
      case PT_DOUBLE -> out.writeDouble((Double) value);
      case PT_BOOLEAN -> out.writeBoolean((Boolean) value);
      case PT_SYSTIME -> {
        Instant t = (Instant) value;
        out.writeLong(t.getEpochSecond());
        out.writeInt(t.getNano());
      }
      case PT_STRING8, PT_UNICODE ->
          writeBytes(out, ((String) value).getBytes(StandardCharsets.UTF_8));
      case PT_BINARY -> writeBytes(out, (byte[]) value);
      case PT_OBJECT ->
          throw new IllegalArgumentException(tag + " is an object property and is not stored");
    }
  }

  private static Object readValue(DataInputStream in, PropTag<?> tag) throws IOException {
    return switch (tag.type()) {
      case PT_LONG -> in.readInt();
      case PT_I8 -> in.readLong();
      case PT_DOUBLE -> in.readDouble();
      case PT_BOOLEAN -> in.readBoolean();
      case PT_SYSTIME -> Instant.ofEpochSecond(in.readLong(), in.readInt());
      case PT_STRING8, PT_UNICODE -> new String(readBytes(in), StandardCharsets.UTF_8);
      case PT_BINARY -> readBytes(in);
      case PT_OBJECT ->
          throw new IllegalStateException(tag + " is an object property and cannot be stored");
    };
  }

  private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
    out.writeInt(b.length);
    out.write(b);
  }

  /**
   * A length-prefixed value. The length is checked against what is left before anything is
   * allocated: a damaged length must be a damaged message (MAPI_E_CORRUPT_DATA, an NDR after the
   * tries), never a 2 GB allocation whose OutOfMemoryError escapes every catch.
   */
  private static byte[] readBytes(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > in.available()) {
      throw new IOException(
          "a value claims " + length + " bytes where " + in.available() + " are left");
    }
    byte[] b = new byte[length];
    in.readFully(b);
    return b;
  }
}
