package org.msgstore.bounce;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What the envelope sender of one delivery carries so that a bounce coming back to it names the
 * message and the recipient it is about: the sender's mailbox, the message's row and the
 * recipient's row, and an HMAC over them. Only the holder of the key can make one, so a forged
 * bounce cannot write an NDR or suppress an address; each recipient sees only its own token, so a
 * recipient cannot bounce another recipient of the same message.
 *
 * <p>Written as {@code m<mailbox>-<message>-<row>-<mac>}, numbers in base 36 and the MAC as 16
 * base-32 letters: lower case only, since some relays lower-case the local part, and short enough
 * for a 64-octet local part together with a prefix such as {@code bounces+}.
 *
 * @param mailboxId the sender's mailbox (its row id), where the NDR goes
 * @param messageId the message's row id, which stays the same when it is filed into Sent Items
 * @param recipientRow the recipient's row number in the message
 */
public record BounceToken(long mailboxId, long messageId, int recipientRow) {
  private static final Pattern FORM =
      Pattern.compile("m([0-9a-z]{1,13})-([0-9a-z]{1,13})-([0-9a-z]{1,7})-([a-z2-7]{16})");
  private static final String ALGORITHM = "HmacSHA256";
  private static final int MAC_BYTES = 10;
  private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

  public BounceToken {
    if (mailboxId < 0 || messageId < 0 || recipientRow < 0) {
      throw new IllegalArgumentException("a bounce token names rows by their non-negative ids");
    }
  }

  /** This token as it goes into the envelope sender, signed with {@code key}. */
  public String sign(byte[] key) {
    String payload = payload();
    return payload + "-" + mac(key, payload);
  }

  /**
   * The token {@code text} names, if one of {@code keys} signed it (the first key signs new mail,
   * the others are earlier keys kept while their bounces may still come back); empty for anything
   * else. Case is ignored.
   */
  public static Optional<BounceToken> verify(String text, List<byte[]> keys) {
    Matcher m = FORM.matcher(text.toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      return Optional.empty();
    }
    BounceToken token;
    try {
      token =
          new BounceToken(
              Long.parseLong(m.group(1), 36),
              Long.parseLong(m.group(2), 36),
              Integer.parseInt(m.group(3), 36));
    } catch (NumberFormatException e) {
      return Optional.empty(); // digits beyond a long: not one of ours
    }
    if (!token.payload().equals(m.group(0).substring(0, m.start(4) - 1))) {
      return Optional.empty(); // leading zeros: one token has one spelling
    }
    byte[] given = m.group(4).getBytes(StandardCharsets.US_ASCII);
    for (byte[] key : keys) {
      byte[] expected = mac(key, token.payload()).getBytes(StandardCharsets.US_ASCII);
      if (MessageDigest.isEqual(expected, given)) {
        return Optional.of(token);
      }
    }
    return Optional.empty();
  }

  /** Whether {@code text} has the form of a token, signed or not (case ignored). */
  static boolean hasTokenForm(String text) {
    return FORM.matcher(text.toLowerCase(Locale.ROOT)).matches();
  }

  private String payload() {
    return "m"
        + Long.toString(mailboxId, 36)
        + "-"
        + Long.toString(messageId, 36)
        + "-"
        + Integer.toString(recipientRow, 36);
  }

  private static String mac(byte[] key, String payload) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(key, ALGORITHM));
      byte[] full = mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
      return base32(full, MAC_BYTES);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      // HmacSHA256 is in every Java SE; an empty key is refused by the settings before this.
      throw new IllegalStateException("cannot compute the bounce token's HMAC", e);
    }
  }

  /** The first {@code length} bytes of {@code bytes} in base 32 (RFC 4648 alphabet, lower case). */
  private static String base32(byte[] bytes, int length) {
    StringBuilder out = new StringBuilder((length * 8 + 4) / 5);
    int buffer = 0;
    int bits = 0;
    for (int i = 0; i < length; i++) {
      buffer = (buffer << 8) | (bytes[i] & 0xFF);
      bits += 8;
      while (bits >= 5) {
        out.append(BASE32[(buffer >> (bits - 5)) & 31]);
        bits -= 5;
      }
    }
    if (bits > 0) {
      out.append(BASE32[(buffer << (5 - bits)) & 31]);
    }
    return out.toString();
  }
}
