package org.msgstore;

import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A MAPI property tag: {@code id << 16 | type}, with the real values of MAPITags.h, typed by the
 * Java class that carries its value ({@link PropType#javaType()}).
 *
 * <p>Tags are compared by their numeric value, so {@code PropTag.of(0x0037001F)} equals {@link
 * #PR_SUBJECT}.
 *
 * <p>Longer than ~300 lines because it is the list of the tags MsgStore knows, each a documented
 * constant; the class's own logic is the few methods at its end.
 */
public final class PropTag<T> {
  // Declared before the constants: each constant registers itself while the class initialises.
  private static final Map<Integer, PropTag<?>> KNOWN = new LinkedHashMap<>();

  /** the message class, e.g. IPM.Note. */
  public static final PropTag<String> PR_MESSAGE_CLASS =
      define("PR_MESSAGE_CLASS", 0x001A001F, String.class);

  /** the subject. */
  public static final PropTag<String> PR_SUBJECT = define("PR_SUBJECT", 0x0037001F, String.class);

  /** the plain-text body. */
  public static final PropTag<String> PR_BODY = define("PR_BODY", 0x1000001F, String.class);

  /** the HTML body, as bytes. */
  public static final PropTag<byte[]> PR_HTML = define("PR_HTML", 0x10130102, byte[].class);

  /** 0 low, 1 normal, 2 high. */
  public static final PropTag<Integer> PR_IMPORTANCE =
      define("PR_IMPORTANCE", 0x00170003, Integer.class);

  /** -1 non-urgent, 0 normal, 1 urgent; an outgoing-queue column. */
  public static final PropTag<Integer> PR_PRIORITY =
      define("PR_PRIORITY", 0x00260003, Integer.class);

  /** 0 none .. 3 confidential. */
  public static final PropTag<Integer> PR_SENSITIVITY =
      define("PR_SENSITIVITY", 0x00360003, Integer.class);

  /** MSGFLAG_* state bits, see MessageFlags. */
  public static final PropTag<Integer> PR_MESSAGE_FLAGS =
      define("PR_MESSAGE_FLAGS", 0x0E070003, Integer.class);

  /** SUBMITFLAG_* bits, see SubmitFlags; set by the store. */
  public static final PropTag<Integer> PR_SUBMIT_FLAGS =
      define("PR_SUBMIT_FLAGS", 0x0E140003, Integer.class);

  /** computed size of the message in bytes. */
  public static final PropTag<Integer> PR_MESSAGE_SIZE =
      define("PR_MESSAGE_SIZE", 0x0E080003, Integer.class);

  /** computed: the message has attachments. */
  public static final PropTag<Boolean> PR_HASATTACH =
      define("PR_HASATTACH", 0x0E1B000B, Boolean.class);

  /** when submit() was called; the outgoing-queue sort key. */
  public static final PropTag<Instant> PR_CLIENT_SUBMIT_TIME =
      define("PR_CLIENT_SUBMIT_TIME", 0x00390040, Instant.class);

  /** when a transport handed the message on. */
  public static final PropTag<Instant> PR_PROVIDER_SUBMIT_TIME =
      define("PR_PROVIDER_SUBMIT_TIME", 0x00480040, Instant.class);

  /** when the message was delivered into this store. */
  public static final PropTag<Instant> PR_MESSAGE_DELIVERY_TIME =
      define("PR_MESSAGE_DELIVERY_TIME", 0x0E060040, Instant.class);

  /** per recipient of a delivery report: when it was delivered. */
  public static final PropTag<Instant> PR_DELIVER_TIME =
      define("PR_DELIVER_TIME", 0x00100040, Instant.class);

  /** when the object was created. */
  public static final PropTag<Instant> PR_CREATION_TIME =
      define("PR_CREATION_TIME", 0x30070040, Instant.class);

  /** when the object was last saved. */
  public static final PropTag<Instant> PR_LAST_MODIFICATION_TIME =
      define("PR_LAST_MODIFICATION_TIME", 0x30080040, Instant.class);

  /** folder the message moves to after it was sent. */
  public static final PropTag<byte[]> PR_SENTMAIL_ENTRYID =
      define("PR_SENTMAIL_ENTRYID", 0x0E0A0102, byte[].class);

  /** delete the message after it was sent. */
  public static final PropTag<Boolean> PR_DELETE_AFTER_SUBMIT =
      define("PR_DELETE_AFTER_SUBMIT", 0x0E01000B, Boolean.class);

  /** reserved for MsgStore: the message needs preprocessing. */
  public static final PropTag<Boolean> PR_PREPROCESS =
      define("PR_PREPROCESS", 0x0E22000B, Boolean.class);

  /** per recipient: some transport has dealt with this recipient. */
  public static final PropTag<Boolean> PR_RESPONSIBILITY =
      define("PR_RESPONSIBILITY", 0x0E0F000B, Boolean.class);

  /** per recipient: MAPI_TO, MAPI_CC, MAPI_BCC or MAPI_P1, with MAPI_SUBMITTED. */
  public static final PropTag<Integer> PR_RECIPIENT_TYPE =
      define("PR_RECIPIENT_TYPE", 0x0C150003, Integer.class);

  /** per recipient: the address type that selects the transport, e.g. SMTP. */
  public static final PropTag<String> PR_ADDRTYPE = define("PR_ADDRTYPE", 0x3002001F, String.class);

  /** per recipient: the address. */
  public static final PropTag<String> PR_EMAIL_ADDRESS =
      define("PR_EMAIL_ADDRESS", 0x3003001F, String.class);

  /** per recipient: the display name before a client changed it; submit restores it. */
  public static final PropTag<String> PR_ORIGINAL_DISPLAY_NAME =
      define("PR_ORIGINAL_DISPLAY_NAME", 0x3A13001F, String.class);

  /** display name of a recipient, folder or attachment. */
  public static final PropTag<String> PR_DISPLAY_NAME =
      define("PR_DISPLAY_NAME", 0x3001001F, String.class);

  /** per recipient: the row number in the recipient table. */
  public static final PropTag<Integer> PR_ROWID = define("PR_ROWID", 0x30000003, Integer.class);

  /** computed delivery status. */
  public static final PropTag<Integer> PR_SPOOLER_STATUS =
      define("PR_SPOOLER_STATUS", 0x0E100003, Integer.class);

  /** computed: display names of the To recipients. */
  public static final PropTag<String> PR_DISPLAY_TO =
      define("PR_DISPLAY_TO", 0x0E04001F, String.class);

  /** computed: display names of the Cc recipients. */
  public static final PropTag<String> PR_DISPLAY_CC =
      define("PR_DISPLAY_CC", 0x0E03001F, String.class);

  /** computed: display names of the Bcc recipients. */
  public static final PropTag<String> PR_DISPLAY_BCC =
      define("PR_DISPLAY_BCC", 0x0E02001F, String.class);

  /** display name of the sender. */
  public static final PropTag<String> PR_SENDER_NAME =
      define("PR_SENDER_NAME", 0x0C1A001F, String.class);

  /** address type of the sender. */
  public static final PropTag<String> PR_SENDER_ADDRTYPE =
      define("PR_SENDER_ADDRTYPE", 0x0C1E001F, String.class);

  /** address of the sender. */
  public static final PropTag<String> PR_SENDER_EMAIL_ADDRESS =
      define("PR_SENDER_EMAIL_ADDRESS", 0x0C1F001F, String.class);

  /** entry id of the sender. */
  public static final PropTag<byte[]> PR_SENDER_ENTRYID =
      define("PR_SENDER_ENTRYID", 0x0C190102, byte[].class);

  /** display name of the user the message is sent for. */
  public static final PropTag<String> PR_SENT_REPRESENTING_NAME =
      define("PR_SENT_REPRESENTING_NAME", 0x0042001F, String.class);

  /** address type of the user the message is sent for. */
  public static final PropTag<String> PR_SENT_REPRESENTING_ADDRTYPE =
      define("PR_SENT_REPRESENTING_ADDRTYPE", 0x0064001F, String.class);

  /** address of the user the message is sent for. */
  public static final PropTag<String> PR_SENT_REPRESENTING_EMAIL_ADDRESS =
      define("PR_SENT_REPRESENTING_EMAIL_ADDRESS", 0x0065001F, String.class);

  /** the RFC 5322 Message-ID, stable across attempts. */
  public static final PropTag<String> PR_INTERNET_MESSAGE_ID =
      define("PR_INTERNET_MESSAGE_ID", 0x1035001F, String.class);

  /** when the sender wants delivery; passed to the transport, never delays the spooler. */
  public static final PropTag<Instant> PR_DEFERRED_DELIVERY_TIME =
      define("PR_DEFERRED_DELIVERY_TIME", 0x000F0040, Instant.class);

  /** send no earlier than this. */
  public static final PropTag<Instant> PR_DEFERRED_SEND_TIME =
      define("PR_DEFERRED_SEND_TIME", 0x3FEF0040, Instant.class);

  /** 0..999 units after submit to defer sending. */
  public static final PropTag<Integer> PR_DEFERRED_SEND_NUMBER =
      define("PR_DEFERRED_SEND_NUMBER", 0x3FEB0003, Integer.class);

  /** 0 minutes, 1 hours, 2 days, 3 weeks. */
  public static final PropTag<Integer> PR_DEFERRED_SEND_UNITS =
      define("PR_DEFERRED_SEND_UNITS", 0x3FEC0003, Integer.class);

  /** give up delivery after this. */
  public static final PropTag<Instant> PR_LATEST_DELIVERY_TIME =
      define("PR_LATEST_DELIVERY_TIME", 0x00190040, Instant.class);

  /** the content is no longer valid after this. */
  public static final PropTag<Instant> PR_EXPIRY_TIME =
      define("PR_EXPIRY_TIME", 0x00150040, Instant.class);

  /** the sender wants delivery reports. */
  public static final PropTag<Boolean> PR_ORIGINATOR_DELIVERY_REPORT_REQUESTED =
      define("PR_ORIGINATOR_DELIVERY_REPORT_REQUESTED", 0x0023000B, Boolean.class);

  /** the sender wants non-delivery reports (default TRUE). */
  public static final PropTag<Boolean> PR_ORIGINATOR_NON_DELIVERY_REPORT_REQUESTED =
      define("PR_ORIGINATOR_NON_DELIVERY_REPORT_REQUESTED", 0x0C08000B, Boolean.class);

  /** where reports go; the sender's Inbox if absent. */
  public static final PropTag<byte[]> PR_REPORT_ENTRYID =
      define("PR_REPORT_ENTRYID", 0x00450102, byte[].class);

  /** report text, on reports and report recipient rows. */
  public static final PropTag<String> PR_REPORT_TEXT =
      define("PR_REPORT_TEXT", 0x1001001F, String.class);

  /** when the report was made. */
  public static final PropTag<Instant> PR_REPORT_TIME =
      define("PR_REPORT_TIME", 0x00320040, Instant.class);

  /** ties a report to its original message. */
  public static final PropTag<byte[]> PR_REPORT_TAG =
      define("PR_REPORT_TAG", 0x00310102, byte[].class);

  /** per NDR recipient: MAPI_REASON_*. */
  public static final PropTag<Integer> PR_NDR_REASON_CODE =
      define("PR_NDR_REASON_CODE", 0x0C040003, Integer.class);

  /** per NDR recipient: MAPI_DIAG_*. */
  public static final PropTag<Integer> PR_NDR_DIAG_CODE =
      define("PR_NDR_DIAG_CODE", 0x0C050003, Integer.class);

  /** on reports: subject of the original. */
  public static final PropTag<String> PR_ORIGINAL_SUBJECT =
      define("PR_ORIGINAL_SUBJECT", 0x0049001F, String.class);

  /** on reports: submit time of the original. */
  public static final PropTag<Instant> PR_ORIGINAL_SUBMIT_TIME =
      define("PR_ORIGINAL_SUBMIT_TIME", 0x004E0040, Instant.class);

  /** on reports: To of the original. */
  public static final PropTag<String> PR_ORIGINAL_DISPLAY_TO =
      define("PR_ORIGINAL_DISPLAY_TO", 0x0074001F, String.class);

  /** on reports: Cc of the original. */
  public static final PropTag<String> PR_ORIGINAL_DISPLAY_CC =
      define("PR_ORIGINAL_DISPLAY_CC", 0x0073001F, String.class);

  /** on reports: Bcc of the original. */
  public static final PropTag<String> PR_ORIGINAL_DISPLAY_BCC =
      define("PR_ORIGINAL_DISPLAY_BCC", 0x0072001F, String.class);

  /** the entry id; stable until the message is moved. */
  public static final PropTag<byte[]> PR_ENTRYID = define("PR_ENTRYID", 0x0FFF0102, byte[].class);

  /** entry id of the folder holding the message. */
  public static final PropTag<byte[]> PR_PARENT_ENTRYID =
      define("PR_PARENT_ENTRYID", 0x0E090102, byte[].class);

  /** byte-comparable key, unique in the store. */
  public static final PropTag<byte[]> PR_RECORD_KEY =
      define("PR_RECORD_KEY", 0x0FF90102, byte[].class);

  /** key to find copies of the message. */
  public static final PropTag<byte[]> PR_SEARCH_KEY =
      define("PR_SEARCH_KEY", 0x300B0102, byte[].class);

  /** 0 read-only, 1 modify. */
  public static final PropTag<Integer> PR_ACCESS_LEVEL =
      define("PR_ACCESS_LEVEL", 0x0FF70003, Integer.class);

  /** MAPI_FOLDER 3, MAPI_MESSAGE 5. */
  public static final PropTag<Integer> PR_OBJECT_TYPE =
      define("PR_OBJECT_TYPE", 0x0FFE0003, Integer.class);

  /** store capabilities, see StoreSupport; computed. */
  public static final PropTag<Integer> PR_STORE_SUPPORT_MASK =
      define("PR_STORE_SUPPORT_MASK", 0x340D0003, Integer.class);

  /** store property: the Outbox. */
  public static final PropTag<byte[]> PR_IPM_OUTBOX_ENTRYID =
      define("PR_IPM_OUTBOX_ENTRYID", 0x35E20102, byte[].class);

  /** store property: Sent Items. */
  public static final PropTag<byte[]> PR_IPM_SENTMAIL_ENTRYID =
      define("PR_IPM_SENTMAIL_ENTRYID", 0x35E40102, byte[].class);

  /** store property: Deleted Items. */
  public static final PropTag<byte[]> PR_IPM_WASTEBASKET_ENTRYID =
      define("PR_IPM_WASTEBASKET_ENTRYID", 0x35E30102, byte[].class);

  /** the recipient table, opened as a property. */
  public static final PropTag<Object> PR_MESSAGE_RECIPIENTS =
      define("PR_MESSAGE_RECIPIENTS", 0x0E12000D, Object.class);

  /** the attachment table, opened as a property. */
  public static final PropTag<Object> PR_MESSAGE_ATTACHMENTS =
      define("PR_MESSAGE_ATTACHMENTS", 0x0E13000D, Object.class);

  /** per attachment: its number in the message. */
  public static final PropTag<Integer> PR_ATTACH_NUM =
      define("PR_ATTACH_NUM", 0x0E210003, Integer.class);

  /** per attachment: size in bytes. */
  public static final PropTag<Integer> PR_ATTACH_SIZE =
      define("PR_ATTACH_SIZE", 0x0E200003, Integer.class);

  /** per attachment: short file name. */
  public static final PropTag<String> PR_ATTACH_FILENAME =
      define("PR_ATTACH_FILENAME", 0x3704001F, String.class);

  /** per attachment: file name. */
  public static final PropTag<String> PR_ATTACH_LONG_FILENAME =
      define("PR_ATTACH_LONG_FILENAME", 0x3707001F, String.class);

  /** per attachment: MIME content type. */
  public static final PropTag<String> PR_ATTACH_MIME_TAG =
      define("PR_ATTACH_MIME_TAG", 0x370E001F, String.class);

  /** per attachment: ATTACH_BY_VALUE 1. */
  public static final PropTag<Integer> PR_ATTACH_METHOD =
      define("PR_ATTACH_METHOD", 0x37050003, Integer.class);

  /**
   * Reply-To: a FLATENTRYLIST of one-off entry ids, one per address; build and read it with {@link
   * OneOffRecipient}. Written as the {@code Reply-To} header.
   */
  public static final PropTag<byte[]> PR_REPLY_RECIPIENT_ENTRIES =
      define("PR_REPLY_RECIPIENT_ENTRIES", 0x004F0102, byte[].class);

  /** display names of the Reply-To addresses, separated by semicolons; for display only. */
  public static final PropTag<String> PR_REPLY_RECIPIENT_NAMES =
      define("PR_REPLY_RECIPIENT_NAMES", 0x0050001F, String.class);

  /** the Message-ID this message answers, e.g. {@code <a1@example.com>}: {@code In-Reply-To}. */
  public static final PropTag<String> PR_IN_REPLY_TO_ID =
      define("PR_IN_REPLY_TO_ID", 0x1042001F, String.class);

  /** the thread's Message-IDs separated by spaces: the {@code References} header. */
  public static final PropTag<String> PR_INTERNET_REFERENCES =
      define("PR_INTERNET_REFERENCES", 0x1039001F, String.class);

  /**
   * MsgStore: the message's own internet headers (List-Unsubscribe, List-Id, ...), one {@code Name:
   * value} line each, separated by CRLF. MAPI keeps such headers as named properties of
   * PS_INTERNET_HEADERS; MsgStore has no named-property map and keeps them in this one property
   * instead. Set them with {@link Message#setInternetHeader}; a direct write is checked line by
   * line all the same.
   *
   * <p>MsgStore's own properties use ids 0x67F0..0x67FF, the top of the range MAPI leaves to
   * providers (0x6600..0x67FF); a transport, preprocessor or application choosing ids of its own in
   * that range leaves these out.
   */
  public static final PropTag<String> PR_MSGSTORE_INTERNET_HEADERS =
      define("PR_MSGSTORE_INTERNET_HEADERS", 0x67F0001F, String.class);

  /**
   * per attachment: its content id without angle brackets, e.g. {@code logo}; HTML refers to it as
   * {@code cid:logo}. Set with {@link Message#setAttachmentProperty}.
   */
  public static final PropTag<String> PR_ATTACH_CONTENT_ID =
      define("PR_ATTACH_CONTENT_ID", 0x3712001F, String.class);

  /** per attachment: not shown in the attachment list (an inline image). */
  public static final PropTag<Boolean> PR_ATTACHMENT_HIDDEN =
      define("PR_ATTACHMENT_HIDDEN", 0x7FFE000B, Boolean.class);

  private final int tag;
  private final String name;
  private final PropType type;
  private final Class<T> javaType;

  private PropTag(int tag, String name, PropType type, Class<T> javaType) {
    this.tag = tag;
    this.name = name;
    this.type = type;
    this.javaType = javaType;
  }

  private static <T> PropTag<T> define(String name, int tag, Class<T> javaType) {
    PropType type = PropType.ofCode(tag & 0xFFFF);
    if (type == null || !type.javaType().equals(javaType)) {
      throw new IllegalStateException(name + " has a type that does not match " + javaType);
    }
    PropTag<T> t = new PropTag<>(tag, name, type, javaType);
    KNOWN.put(tag, t);
    return t;
  }

  /**
   * The tag with this numeric value: a named constant when MsgStore knows it, otherwise a custom
   * tag (for example a named property id at or above 0x8000).
   *
   * @throws MapiException {@code MAPI_E_INVALID_PARAMETER} if the type bits name no type MsgStore
   *     stores
   */
  public static PropTag<?> of(int tag) {
    PropTag<?> known = KNOWN.get(tag);
    if (known != null) {
      return known;
    }
    PropType type = PropType.ofCode(tag & 0xFFFF);
    if (type == null) {
      throw new MapiException(
          MapiError.MAPI_E_INVALID_PARAMETER,
          String.format(
              "property tag 0x%08X has type 0x%04X, which MsgStore does not store",
              tag, tag & 0xFFFF));
    }
    return new PropTag<>(tag, String.format("0x%08X", tag), type, type.javaType());
  }

  /** A custom tag of a given id and type, checked against the Java type the caller expects. */
  public static <T> PropTag<T> of(int id, PropType type, Class<T> javaType) {
    if (id < 0 || id > 0xFFFF) {
      throw new MapiException(
          MapiError.MAPI_E_INVALID_PARAMETER, "property id " + id + " is not in 0..0xFFFF");
    }
    Objects.requireNonNull(type, "type");
    if (!type.javaType().equals(javaType)) {
      throw new MapiException(
          MapiError.MAPI_E_INVALID_PARAMETER,
          type
              + " values are "
              + type.javaType().getSimpleName()
              + ", not "
              + javaType.getSimpleName());
    }
    int tag = id << 16 | type.code();
    @SuppressWarnings("unchecked")
    PropTag<T> known = (PropTag<T>) KNOWN.get(tag);
    return known != null ? known : new PropTag<>(tag, String.format("0x%08X", tag), type, javaType);
  }

  /** Every tag MsgStore names, in declaration order. */
  public static Collection<PropTag<?>> known() {
    return Collections.unmodifiableCollection(KNOWN.values());
  }

  public int tag() {
    return tag;
  }

  public int id() {
    return tag >>> 16;
  }

  public PropType type() {
    return type;
  }

  public Class<T> javaType() {
    return javaType;
  }

  public String name() {
    return name;
  }

  /**
   * Checks that {@code value} may be stored under this tag and returns it typed.
   *
   * @throws MapiException {@code MAPI_E_INVALID_PARAMETER} for a null or a value of the wrong type
   */
  public T checkValue(Object value) {
    if (value == null) {
      throw new MapiException(
          MapiError.MAPI_E_INVALID_PARAMETER,
          name + " cannot be set to null; delete the property instead");
    }
    if (!javaType.isInstance(value)) {
      throw new MapiException(
          MapiError.MAPI_E_INVALID_PARAMETER,
          name
              + " is "
              + type
              + " and takes a "
              + javaType.getSimpleName()
              + ", not a "
              + value.getClass().getName());
    }
    return javaType.cast(value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PropTag && ((PropTag<?>) o).tag == tag;
  }

  @Override
  public int hashCode() {
    return Integer.hashCode(tag);
  }

  @Override
  public String toString() {
    return name;
  }
}
