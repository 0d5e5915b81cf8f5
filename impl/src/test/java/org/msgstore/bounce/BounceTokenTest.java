package org.msgstore.bounce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BounceTokenTest {
  static final byte[] KEY = "a key of the adapter's settings".getBytes(StandardCharsets.UTF_8);
  static final byte[] OLD_KEY = "last year's key".getBytes(StandardCharsets.UTF_8);

  @Test
  void a_signed_token_verifies_to_the_mailbox_message_and_recipient_it_names() {
    BounceToken token = new BounceToken(7, 123_456_789L, 2);
    String text = token.sign(KEY);
    assertTrue(text.matches("m7-[0-9a-z]+-2-[a-z2-7]{16}"), text);
    assertEquals(Optional.of(token), BounceToken.verify(text, List.of(KEY)));
  }

  @Test
  void a_relay_that_upper_cases_the_local_part_does_not_break_it() {
    BounceToken token = new BounceToken(1, 99, 0);
    assertEquals(
        Optional.of(token), BounceToken.verify(token.sign(KEY).toUpperCase(), List.of(KEY)));
  }

  @Test
  void a_token_for_another_recipient_of_the_same_message_cannot_be_made_from_ones_own() {
    String mine = new BounceToken(1, 99, 0).sign(KEY);
    String forged = mine.replaceFirst("^m1-2r-0-", "m1-2r-1-");
    assertTrue(forged.startsWith("m1-2r-1-"), forged);
    assertEquals(Optional.empty(), BounceToken.verify(forged, List.of(KEY)));
  }

  @Test
  void a_token_signed_with_another_key_is_refused_unless_that_key_is_still_accepted() {
    String old = new BounceToken(1, 2, 3).sign(OLD_KEY);
    assertEquals(Optional.empty(), BounceToken.verify(old, List.of(KEY)));
    assertEquals(
        Optional.of(new BounceToken(1, 2, 3)), BounceToken.verify(old, List.of(KEY, OLD_KEY)));
  }

  @Test
  void text_that_is_not_a_token_is_refused_without_an_exception() {
    for (String text :
        List.of(
            "",
            "postmaster",
            "m1-2-3",
            "m1-2-3-aaaaaaaaaaaaaaaa-x",
            "mzzzzzzzzzzzzz-2-3-aaaaaaaaaaaaaaaa",
            "m1-2-3-aaaaaaaaaaaaaaa1",
            new BounceToken(1, 2, 3).sign(KEY).replaceFirst("^m1-", "m01-"))) {
      assertEquals(Optional.empty(), BounceToken.verify(text, List.of(KEY)), text);
    }
  }

  @Test
  void the_largest_ids_fit_in_a_64_octet_local_part_with_its_prefix() {
    String text = new BounceToken(Long.MAX_VALUE, Long.MAX_VALUE, 65_535).sign(KEY);
    assertTrue(("bounces+" + text).length() <= 64, text.length() + ": " + text);
    assertEquals(
        Optional.of(new BounceToken(Long.MAX_VALUE, Long.MAX_VALUE, 65_535)),
        BounceToken.verify(text, List.of(KEY)));
  }
}
