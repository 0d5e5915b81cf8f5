package org.msgstore.store;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.IDN;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.msgstore.InternetHeaders;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.MessageFlags;
import org.msgstore.OneOffRecipient;
import org.msgstore.PropTag;

/**
 * The checks on what a client hands the store, made at the call so that bad input never reaches the
 * database or, later, a transport. Every refusal names the value and what to do instead.
 */
final class InputRules {
  /** Properties the store computes or owns; a client write fails with MAPI_E_COMPUTED. */
  private static final Set<PropTag<?>> COMPUTED =
      Set.of(
          PropTag.PR_ENTRYID,
          PropTag.PR_PARENT_ENTRYID,
          PropTag.PR_RECORD_KEY,
          PropTag.PR_ACCESS_LEVEL,
          PropTag.PR_OBJECT_TYPE,
          PropTag.PR_MESSAGE_SIZE,
          PropTag.PR_HASATTACH,
          PropTag.PR_DISPLAY_TO,
          PropTag.PR_DISPLAY_CC,
          PropTag.PR_DISPLAY_BCC,
          PropTag.PR_SUBMIT_FLAGS,
          PropTag.PR_CREATION_TIME,
          PropTag.PR_LAST_MODIFICATION_TIME,
          PropTag.PR_STORE_SUPPORT_MASK,
          PropTag.PR_CLIENT_SUBMIT_TIME,
          PropTag.PR_PREPROCESS,
          PropTag.PR_SPOOLER_STATUS,
          PropTag.PR_RESPONSIBILITY,
          AttachmentProps.TAG);

  /** Values that end up in a header line or a table cell: a CR or LF would split them. */
  private static final Set<PropTag<?>> SINGLE_LINE =
      Set.of(
          PropTag.PR_SUBJECT,
          PropTag.PR_MESSAGE_CLASS,
          PropTag.PR_DISPLAY_NAME,
          PropTag.PR_ORIGINAL_DISPLAY_NAME,
          PropTag.PR_SENDER_NAME,
          PropTag.PR_SENDER_ADDRTYPE,
          PropTag.PR_SENDER_EMAIL_ADDRESS,
          PropTag.PR_SENT_REPRESENTING_NAME,
          PropTag.PR_SENT_REPRESENTING_ADDRTYPE,
          PropTag.PR_SENT_REPRESENTING_EMAIL_ADDRESS,
          PropTag.PR_INTERNET_MESSAGE_ID,
          PropTag.PR_ATTACH_FILENAME,
          PropTag.PR_ATTACH_LONG_FILENAME,
          PropTag.PR_ATTACH_MIME_TAG,
          PropTag.PR_REPLY_RECIPIENT_NAMES);

  /** Values written as header fields as they are: one line of US-ASCII. */
  private static final Set<PropTag<?>> ASCII_LINE =
      Set.of(PropTag.PR_IN_REPLY_TO_ID, PropTag.PR_INTERNET_REFERENCES);

  /** Single-line values with no length limit of their own: SMTP folds them. */
  private static final Set<String> LONG_TEXT =
      Set.of(PropTag.PR_SUBJECT.name(), PropTag.PR_INTERNET_REFERENCES.name());

  /**
   * Bits only the store sets: MSGFLAG_SUBMIT by submit(), MSGFLAG_HASATTACH from the attachments.
   */
  static final int STORE_OWNED_FLAGS = MessageFlags.MSGFLAG_SUBMIT | MessageFlags.MSGFLAG_HASATTACH;

  /** Bits a client may write only until the message is first saved. */
  static final int FIRST_SAVE_FLAGS = MessageFlags.MSGFLAG_UNSENT | MessageFlags.MSGFLAG_RESEND;

  private static final Pattern ADDRESS_TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final Pattern MIME_TYPE =
      Pattern.compile(
          "[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}");

  static final int MAX_TEXT = 1024;

  private InputRules() {}

  /** Checks a property write by a client and returns the typed value. */
  static <T> T checkClientWrite(PropTag<T> tag, Object value) {
    if (COMPUTED.contains(tag)) {
      throw new MapiException(
          MapiError.MAPI_E_COMPUTED, tag + " is computed by the store and cannot be set");
    }
    if (tag.type() == org.msgstore.PropType.PT_OBJECT) {
      throw new MapiException(
          MapiError.MAPI_E_INVALID_PARAMETER,
          tag + " is an object property: use the recipient or attachment methods");
    }
    T typed = tag.checkValue(value);
    if (typed instanceof String s && SINGLE_LINE.contains(tag)) {
      checkSingleLine(tag.name(), s);
    }
    if (typed instanceof String s && ASCII_LINE.contains(tag)) {
      checkAsciiLine(tag.name(), s);
    }
    if (typed instanceof String s && PropTag.PR_INTERNET_MESSAGE_ID.equals(tag)) {
      checkMessageId(tag.name(), s);
    }
    if (typed instanceof Integer i) {
      checkRange(tag, i);
    }
    if (PropTag.PR_REPLY_RECIPIENT_ENTRIES.equals(tag)) {
      checkReplyRecipients((byte[]) typed);
    }
    if (PropTag.PR_MSGSTORE_INTERNET_HEADERS.equals(tag)) {
      InternetHeaders.parse((String) typed);
    }
    return typed;
  }

  /** The MAPI ranges of the properties the SMTP transport writes as a header. */
  private static final Map<PropTag<?>, int[]> RANGES =
      Map.of(
          PropTag.PR_IMPORTANCE, new int[] {0, 2},
          PropTag.PR_PRIORITY, new int[] {-1, 1},
          PropTag.PR_SENSITIVITY, new int[] {0, 3});

  /**
   * Folding breaks a header only between Message-IDs: each must fit a line after "References: ".
   */
  private static final int MAX_MESSAGE_ID = InternetHeaders.LINE_LIMIT - "References: ".length();

  private static void checkRange(PropTag<?> tag, int value) {
    int[] range = RANGES.get(tag);
    if (range != null && (value < range[0] || value > range[1])) {
      throw new MapiException(
          MapiError.MAPI_E_INVALID_PARAMETER,
          tag + " is " + value + ", not in " + range[0] + ".." + range[1]);
    }
  }

  private static void checkAsciiLine(String what, String value) {
    checkSingleLine(what, value);
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) > 0x7E) {
        throw new MapiException(
            MapiError.MAPI_E_INVALID_PARAMETER,
            what
                + String.format(" contains the non-ASCII character U+%04X", (int) value.charAt(i))
                + "; it holds Message-IDs such as <a1@example.com>");
      }
    }
    for (String id : value.strip().split("[ \t]+")) {
      if (id.length() > MAX_MESSAGE_ID) {
        throw new MapiException(
            MapiError.MAPI_E_INVALID_PARAMETER,
            what
                + " holds a Message-ID of "
                + id.length()
                + " characters; at most "
                + MAX_MESSAGE_ID
                + " fit a header line");
      }
    }
  }

  /**
   * RFC 5322 section 3.6.4 {@code msg-id} without its obsolete forms: {@code "<" dot-atom-text "@"
   * (dot-atom-text / no-fold-literal) ">"}. It is written as the Message-ID header as it is, and
   * replies quote it in In-Reply-To and References, so anything else would go out malformed.
   */
  private static final Pattern MSG_ID;

  static {
    String atext = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
    String dotAtom = atext + "(?:\\." + atext + ")*";
    String noFoldLiteral = "\\[[\\x21-\\x5A\\x5E-\\x7E]*\\]";
    MSG_ID = Pattern.compile("<" + dotAtom + "@(?:" + dotAtom + "|" + noFoldLiteral + ")>");
  }

  /** The longest Message-ID that fits one line after {@code "Message-ID: "}. */
  private static final int MAX_OWN_MESSAGE_ID =
      InternetHeaders.LINE_LIMIT - "Message-ID: ".length();

  private static void checkMessageId(String what, String value) {
    if (!MSG_ID.matcher(value).matches()) {
      throw new MapiException(
          MapiError.MAPI_E_INVALID_PARAMETER,
          what
              + " '"
              + value
              + "' is not an RFC 5322 msg-id such as <a1.b2@example.com> (angle brackets, one"
              + " '@', dot-separated ASCII atoms without spaces on each side)");
    }
    if (value.length() > MAX_OWN_MESSAGE_ID) {
      throw new MapiException(
          MapiError.MAPI_E_INVALID_PARAMETER,
          what
              + " is "
              + value.length()
              + " characters; at most "
              + MAX_OWN_MESSAGE_ID
              + " fit the Message-ID header line");
    }
  }

  /** Each Reply-To address must be one the SMTP transport can write. */
  private static void checkReplyRecipients(byte[] flatEntryList) {
    for (OneOffRecipient r : OneOffRecipient.parseFlatEntryList(flatEntryList)) {
      checkDisplayName(r.displayName());
      checkSingleLine("the Reply-To address '" + r.address().strip() + "'", r.address());
      if ("SMTP".equalsIgnoreCase(r.addressType())) {
        checkSmtpAddress("Reply-To address", r.address());
      }
    }
  }

  /** Checks a write of PR_MESSAGE_FLAGS against the current flags (R40). */
  static int checkFlagsWrite(int current, int requested, boolean savedBefore) {
    if ((current & STORE_OWNED_FLAGS) != (requested & STORE_OWNED_FLAGS)) {
      throw new MapiException(
          MapiError.MAPI_E_COMPUTED,
          String.format(
              "PR_MESSAGE_FLAGS 0x%08X would change MSGFLAG_SUBMIT or MSGFLAG_HASATTACH, which only the store sets",
              requested));
    }
    if (savedBefore && (current & FIRST_SAVE_FLAGS) != (requested & FIRST_SAVE_FLAGS)) {
      throw new MapiException(
          MapiError.MAPI_E_NO_ACCESS,
          "MSGFLAG_UNSENT and MSGFLAG_RESEND can be written only before the message is first saved");
    }
    return requested;
  }

  static void checkSingleLine(String what, String value) {
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      if (ch == '\r' || ch == '\n') {
        throw new MapiException(
            MapiError.MAPI_E_INVALID_PARAMETER,
            what + " must be a single line, but contains a " + (ch == '\r' ? "CR" : "LF"));
      }
      if (ch < 0x20 && ch != '\t' || ch == 0x7F) {
        throw new MapiException(
            MapiError.MAPI_E_INVALID_PARAMETER,
            what + String.format(" contains the control character U+%04X", (int) ch));
      }
    }
    if (value.length() > MAX_TEXT && !LONG_TEXT.contains(what)) {
      throw new MapiException(
          MapiError.MAPI_E_STRING_TOO_LONG, what + " is longer than " + MAX_TEXT + " characters");
    }
  }

  static String checkAddressType(String addressType) {
    if (addressType == null || !ADDRESS_TYPE.matcher(addressType).matches()) {
      throw new MapiException(
          MapiError.MAPI_E_INVALID_PARAMETER,
          "address type '"
              + addressType
              + "' is not a token such as SMTP or MAPIPDL (letters, digits, '.', '_' and '-')");
    }
    return addressType.toUpperCase(Locale.ROOT);
  }

  /**
   * Checks a recipient's address: a single line always, and for SMTP an RFC 5322 addr-spec such as
   * {@code alice@example.com} (no display-name form, no groups).
   */
  static void checkAddress(String addressType, String address) {
    if (address == null || address.isBlank()) {
      throw new MapiException(
          MapiError.MAPI_E_INVALID_PARAMETER, "the recipient address is missing");
    }
    checkSingleLine("the address '" + address.strip() + "'", address);
    if ("SMTP".equals(addressType)) {
      checkSmtpAddress("recipient address", address);
    }
  }

  static void checkSmtpAddress(String what, String address) {
    try {
      InternetAddress parsed = new InternetAddress(address, true);
      String spec = parsed.getAddress();
      int at = spec.lastIndexOf('@');
      if (!spec.equals(address.strip()) || at <= 0 || at == spec.length() - 1 || parsed.isGroup()) {
        throw new AddressException("not a plain addr-spec", address);
      }
      checkSendable(spec, spec.substring(at + 1));
    } catch (AddressException e) {
      throw new MapiException(
          MapiError.MAPI_E_INVALID_PARAMETER,
          "the "
              + what
              + " '"
              + address
              + "' is not an SMTP address like alice@example.com ("
              + e.getMessage()
              + ")");
    }
  }

  /**
   * Refuses what no relay could be given unchanged: invisible or control characters beyond ASCII
   * (bidi overrides, zero-width spaces, C1 controls), and a non-ASCII domain without an IDNA form
   * that converts back to it. The SMTP transport checks the same again before RCPT TO.
   */
  private static void checkSendable(String spec, String domain) throws AddressException {
    for (int i = 0; i < spec.length(); ) {
      int cp = spec.codePointAt(i);
      int type = Character.getType(cp);
      if (Character.isISOControl(cp)
          || (cp > 0x7F && Character.isSpaceChar(cp))
          || type == Character.FORMAT
          || type == Character.LINE_SEPARATOR
          || type == Character.PARAGRAPH_SEPARATOR
          || type == Character.UNASSIGNED
          || type == Character.SURROGATE
          || type == Character.PRIVATE_USE) {
        throw new AddressException(
            String.format("it contains the invisible or control character U+%04X", cp), spec);
      }
      i += Character.charCount(cp);
    }
    if (domain.chars().anyMatch(c -> c > 0x7F)) {
      String ascii;
      try {
        ascii = IDN.toASCII(domain, IDN.ALLOW_UNASSIGNED);
      } catch (IllegalArgumentException e) {
        throw new AddressException("its domain has no IDNA form: " + e.getMessage(), spec);
      }
      if (!IDN.toUnicode(ascii, IDN.ALLOW_UNASSIGNED).equalsIgnoreCase(domain)) {
        throw new AddressException(
            "its domain is not in IDNA normal form; it would be sent as " + ascii, spec);
      }
    }
  }

  static void checkDisplayName(String displayName) {
    if (displayName != null) {
      checkSingleLine("the display name '" + displayName.strip() + "'", displayName);
    }
  }

  static String checkFileName(String fileName) {
    if (fileName == null || fileName.isBlank()) {
      throw new MapiException(
          MapiError.MAPI_E_INVALID_PARAMETER, "an attachment needs a file name");
    }
    checkSingleLine("the attachment file name", fileName);
    return fileName;
  }

  static String checkMimeType(String mimeType) {
    if (mimeType == null) {
      return "application/octet-stream";
    }
    if (!MIME_TYPE.matcher(mimeType).matches()) {
      throw new MapiException(
          MapiError.MAPI_E_INVALID_PARAMETER,
          "'" + mimeType + "' is not a MIME type such as application/pdf");
    }
    return mimeType.toLowerCase(Locale.ROOT);
  }

  static String checkMailbox(String mailbox) {
    if (mailbox == null || mailbox.isBlank()) {
      throw new MapiException(MapiError.MAPI_E_INVALID_PARAMETER, "a mailbox name is required");
    }
    if (mailbox.length() > 255) {
      throw new MapiException(
          MapiError.MAPI_E_INVALID_PARAMETER, "a mailbox name is at most 255 characters");
    }
    checkSingleLine("the mailbox name", mailbox);
    return mailbox;
  }
}
