package org.msgstore;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The internet headers an application adds to a message (List-Unsubscribe, List-Id, a relay's
 * stream header, a correlation id), as kept in {@link PropTag#PR_MSGSTORE_INTERNET_HEADERS}:
 * immutable, in the order they were added, one value per name. Every header is checked when it is
 * added, so a header that could not go out as given never reaches the store: refused with {@code
 * MAPI_E_INVALID_PARAMETER} naming the header are a name that is not an RFC 5322 field name, a
 * value with CR, LF, another control character or a non-ASCII character (encode it per RFC 2047
 * first), a line longer than RFC 5322's 998 characters, and the headers MsgStore writes itself.
 */
public final class InternetHeaders {
  /** RFC 5322 2.1.1: a line is at most 998 characters without its CRLF. */
  public static final int LINE_LIMIT = 998;

  /** Written by MsgStore from the message itself; a second one would contradict it. */
  private static final Set<String> OWNED =
      Set.of(
          "from",
          "sender",
          "to",
          "cc",
          "bcc",
          "subject",
          "date",
          "message-id",
          "mime-version",
          "x-msgstore-entry-id");

  /** Written by MsgStore from a property: the header names the property to set instead. */
  private static final Map<String, PropTag<?>> FROM_PROPERTY =
      Map.of(
          "reply-to", PropTag.PR_REPLY_RECIPIENT_ENTRIES,
          "in-reply-to", PropTag.PR_IN_REPLY_TO_ID,
          "references", PropTag.PR_INTERNET_REFERENCES,
          "importance", PropTag.PR_IMPORTANCE,
          "x-priority", PropTag.PR_PRIORITY,
          "sensitivity", PropTag.PR_SENSITIVITY);

  private static final InternetHeaders NONE = new InternetHeaders(Map.of());

  /** Keyed by the lower-case name; each value is {name as given, value}. */
  private final Map<String, String[]> headers;

  private InternetHeaders(Map<String, String[]> headers) {
    this.headers = headers;
  }

  /** No headers. */
  public static InternetHeaders none() {
    return NONE;
  }

  /**
   * The headers of a {@link PropTag#PR_MSGSTORE_INTERNET_HEADERS} value ({@code Name: value} lines
   * separated by CRLF; null or empty for none), each checked as {@link #with} checks it.
   */
  public static InternetHeaders parse(String propertyValue) {
    InternetHeaders h = NONE;
    if (propertyValue == null || propertyValue.isEmpty()) {
      return h;
    }
    String block =
        propertyValue.endsWith("\r\n")
            ? propertyValue.substring(0, propertyValue.length() - 2)
            : propertyValue;
    for (String line : block.split("\r\n", -1)) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        throw invalid(
            "the internet header line '" + shorten(line) + "' is not of the form 'Name: value'");
      }
      String value = line.substring(colon + 1);
      h = h.with(line.substring(0, colon), value.startsWith(" ") ? value.substring(1) : value);
    }
    return h;
  }

  /**
   * These headers with {@code name} set to {@code value}, replacing a header of the same name (in
   * any case) and otherwise added last.
   *
   * @throws MapiException {@code MAPI_E_INVALID_PARAMETER} naming the header when it cannot be sent
   *     as given (see the class description)
   */
  public InternetHeaders with(String name, String value) {
    check(name, value);
    Map<String, String[]> next = new LinkedHashMap<>(headers);
    next.put(name.toLowerCase(Locale.ROOT), new String[] {name, value});
    return new InternetHeaders(Collections.unmodifiableMap(next));
  }

  /** These headers without {@code name} (in any case). */
  public InternetHeaders without(String name) {
    if (name == null || !headers.containsKey(name.toLowerCase(Locale.ROOT))) {
      return this;
    }
    Map<String, String[]> next = new LinkedHashMap<>(headers);
    next.remove(name.toLowerCase(Locale.ROOT));
    return new InternetHeaders(Collections.unmodifiableMap(next));
  }

  /** The headers in order, names as given. */
  public Map<String, String> asMap() {
    Map<String, String> out = new LinkedHashMap<>();
    headers.values().forEach(h -> out.put(h[0], h[1]));
    return Collections.unmodifiableMap(out);
  }

  public boolean isEmpty() {
    return headers.isEmpty();
  }

  /** The value to store in {@link PropTag#PR_MSGSTORE_INTERNET_HEADERS}; null when empty. */
  public String toPropertyValue() {
    if (headers.isEmpty()) {
      return null;
    }
    StringBuilder b = new StringBuilder();
    headers.values().forEach(h -> b.append(h[0]).append(": ").append(h[1]).append("\r\n"));
    return b.toString();
  }

  /**
   * Checks one header as {@link #with} does.
   *
   * @throws MapiException {@code MAPI_E_INVALID_PARAMETER} naming the header
   */
  public static void check(String name, String value) {
    if (name == null || name.isEmpty()) {
      throw invalid("an internet header needs a name");
    }
    for (int i = 0; i < name.length(); i++) {
      char ch = name.charAt(i);
      // RFC 5322 3.6.8: ftext is printable US-ASCII except the colon.
      if (ch < 33 || ch > 126 || ch == ':') {
        throw invalid(
            "the internet header name '"
                + shorten(name)
                + "' is not an RFC 5322 field name (printable US-ASCII without spaces or ':'),"
                + String.format(" at U+%04X", (int) ch));
      }
    }
    String key = name.toLowerCase(Locale.ROOT);
    if (OWNED.contains(key) || key.startsWith("content-")) {
      throw invalid(
          "the internet header "
              + name
              + " is written by MsgStore from the message itself and cannot be set");
    }
    PropTag<?> property = FROM_PROPERTY.get(key);
    if (property != null) {
      throw invalid(
          "the internet header "
              + name
              + " is written by MsgStore from "
              + property
              + "; set that");
    }
    if (value == null) {
      throw invalid("the internet header " + name + " has no value; delete it instead");
    }
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      if (ch == '\r' || ch == '\n') {
        throw invalid(
            "the internet header "
                + name
                + " must be a single line, but its value contains a "
                + (ch == '\r' ? "CR" : "LF"));
      }
      if (ch < 0x20 && ch != '\t' || ch == 0x7F) {
        throw invalid(
            "the internet header "
                + name
                + String.format(" contains the control character U+%04X", (int) ch));
      }
      if (ch > 0x7E) {
        throw invalid(
            "the internet header "
                + name
                + String.format(" contains the non-ASCII character U+%04X", (int) ch)
                + "; encode the value per RFC 2047 first");
      }
    }
    int line = name.length() + 2 + value.length();
    if (line > LINE_LIMIT) {
      throw invalid(
          "the internet header "
              + name
              + " makes a line of "
              + line
              + " characters, over RFC 5322's limit of "
              + LINE_LIMIT);
    }
  }

  private static String shorten(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "...";
  }

  private static MapiException invalid(String message) {
    return new MapiException(MapiError.MAPI_E_INVALID_PARAMETER, message);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InternetHeaders h && asMap().equals(h.asMap());
  }

  @Override
  public int hashCode() {
    return asMap().hashCode();
  }

  @Override
  public String toString() {
    return asMap().toString();
  }
}
