package org.msgstore.store;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.msgstore.Attachment;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.PropTag;
import org.msgstore.PropType;

/**
 * The properties of a message's attachments beyond name, type and size: PR_ATTACH_CONTENT_ID and
 * PR_ATTACHMENT_HIDDEN. The attachment table has no column for them, so they are kept in the
 * message's property bag under {@link #TAG}, one line per attachment ({@code
 * number<TAB>contentId<TAB>hidden}); they are saved, copied and deleted with the message and need
 * no schema change. Clients set them with Message.setAttachmentProperty, never through the tag.
 */
final class AttachmentProps {
  /**
   * Store-owned (MAPI_E_COMPUTED on a client write), in the ids MsgStore keeps for itself
   * (0x67F0..0x67FF, see PropTag.PR_MSGSTORE_INTERNET_HEADERS).
   */
  static final PropTag<String> TAG = PropTag.of(0x67F1, PropType.PT_UNICODE, String.class);

  /** A content id: RFC 5322 atext plus '.' and '@' (id-left "@" id-right), no brackets. */
  private static final String CONTENT_ID_CHARS = "!#$%&'*+-/=?^_`{|}~.@";

  private static final int MAX_CONTENT_ID = 250;

  private record Entry(String contentId, boolean hidden) {}

  private final Map<Integer, Entry> entries;

  private AttachmentProps(Map<Integer, Entry> entries) {
    this.entries = entries;
  }

  /** The attachment properties in a bag value of {@link #TAG} (null for none). */
  static AttachmentProps of(Object bagValue) {
    Map<Integer, Entry> entries = new TreeMap<>();
    if (bagValue instanceof String s && !s.isEmpty()) {
      for (String line : s.split("\n")) {
        String[] f = line.split("\t", -1);
        entries.put(
            Integer.parseInt(f[0]),
            new Entry(f[1].isEmpty() ? null : f[1], Boolean.parseBoolean(f[2])));
      }
    }
    return new AttachmentProps(entries);
  }

  /**
   * These properties with {@code tag} of attachment {@code number} set to {@code value}.
   *
   * @throws MapiException MAPI_E_NO_SUPPORT for another tag, MAPI_E_INVALID_PARAMETER for a bad
   *     value
   */
  AttachmentProps with(int number, PropTag<?> tag, Object value) {
    Entry e = entries.getOrDefault(number, new Entry(null, false));
    if (PropTag.PR_ATTACH_CONTENT_ID.equals(tag)) {
      e = new Entry(checkContentId(PropTag.PR_ATTACH_CONTENT_ID.checkValue(value)), e.hidden());
    } else if (PropTag.PR_ATTACHMENT_HIDDEN.equals(tag)) {
      e = new Entry(e.contentId(), PropTag.PR_ATTACHMENT_HIDDEN.checkValue(value));
    } else {
      throw new MapiException(
          MapiError.MAPI_E_NO_SUPPORT,
          "an attachment property "
              + tag
              + " cannot be set; the attachment's own are PR_ATTACH_CONTENT_ID and"
              + " PR_ATTACHMENT_HIDDEN (name and type are given to addAttachment)");
    }
    Map<Integer, Entry> next = new TreeMap<>(entries);
    next.put(number, e);
    return new AttachmentProps(next);
  }

  AttachmentProps without(int number) {
    Map<Integer, Entry> next = new TreeMap<>(entries);
    next.remove(number);
    return new AttachmentProps(next);
  }

  /** The bag value, or null when no attachment has a property here. */
  String encode() {
    if (entries.isEmpty()) {
      return null;
    }
    List<String> lines = new ArrayList<>();
    entries.forEach(
        (n, e) ->
            lines.add(n + "\t" + (e.contentId() == null ? "" : e.contentId()) + "\t" + e.hidden()));
    return String.join("\n", lines);
  }

  /** The attachments as a client or transport sees them, with these properties. */
  List<Attachment> views(List<Attachment> attachments) {
    if (entries.isEmpty()) {
      return attachments;
    }
    List<Attachment> out = new ArrayList<>(attachments.size());
    for (Attachment a : attachments) {
      Entry e = entries.get(a.number());
      out.add(e == null ? a : new WithProps(a, e));
    }
    return Collections.unmodifiableList(out);
  }

  static String checkContentId(String contentId) {
    String id = contentId.strip();
    if (id.length() > 2 && id.startsWith("<") && id.endsWith(">")) {
      id = id.substring(1, id.length() - 1);
    }
    if (id.isEmpty() || id.length() > MAX_CONTENT_ID) {
      throw new MapiException(
          MapiError.MAPI_E_INVALID_PARAMETER,
          "PR_ATTACH_CONTENT_ID must have 1 to " + MAX_CONTENT_ID + " characters");
    }
    for (int i = 0; i < id.length(); i++) {
      char ch = id.charAt(i);
      boolean ok =
          ch >= 'a' && ch <= 'z'
              || ch >= 'A' && ch <= 'Z'
              || ch >= '0' && ch <= '9'
              || CONTENT_ID_CHARS.indexOf(ch) >= 0;
      if (!ok) {
        throw new MapiException(
            MapiError.MAPI_E_INVALID_PARAMETER,
            String.format(
                "PR_ATTACH_CONTENT_ID '%s' contains U+%04X; use letters, digits and %s, as in"
                    + " logo or logo@example.com",
                contentId, (int) ch, CONTENT_ID_CHARS));
      }
    }
    return id;
  }

  /** An attachment with its content id and hidden flag. */
  private record WithProps(Attachment a, Entry e) implements Attachment {
    @Override
    public int number() {
      return a.number();
    }

    @Override
    public String fileName() {
      return a.fileName();
    }

    @Override
    public String mimeType() {
      return a.mimeType();
    }

    @Override
    public long size() {
      return a.size();
    }

    @Override
    public InputStream openStream() {
      return a.openStream();
    }

    @Override
    public String contentId() {
      return e.contentId();
    }

    @Override
    public boolean hidden() {
      return e.hidden();
    }
  }
}
