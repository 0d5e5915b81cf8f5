package org.msgstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.msgstore.MapiError;
import org.msgstore.MapiException;

/** The suppression list on every database: entries, case, expiry, and a second server's view. */
class SuppressionListTest extends OpenStoreContract {
  static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");
  final SettableClock clock = settableClockAt(T0);

  @Test
  void an_entry_is_found_whatever_the_case_of_the_address_and_lists_with_its_details() {
    SuppressionList list = fixture.store.suppressionList();
    list.add(
        fixture.connection(),
        "Bob@Dest.Example",
        "5.1.1 user unknown",
        SuppressionList.Source.BOUNCE,
        42L,
        null);
    SuppressionList.Entry e = list.find(fixture.connection(), "bob@dest.example").orElseThrow();
    assertEquals(
        new SuppressionList.Entry(
            "bob@dest.example",
            "5.1.1 user unknown",
            SuppressionList.Source.BOUNCE,
            Optional.of(42L),
            T0,
            Optional.empty()),
        e);
    assertEquals(List.of(e), list.list(fixture.connection()));
    assertTrue(list.remove(fixture.connection(), "BOB@dest.example"));
    assertFalse(list.remove(fixture.connection(), "bob@dest.example"), "already gone");
    assertEquals(Optional.empty(), list.find(fixture.connection(), "bob@dest.example"));
  }

  @Test
  void the_list_is_in_address_order() {
    SuppressionList list = fixture.store.suppressionList();
    for (String a : List.of("c@x.example", "a@x.example", "d@x.example", "b@x.example")) {
      list.add(fixture.connection(), a, "x", SuppressionList.Source.ADMINISTRATOR, null, null);
    }
    assertEquals(
        List.of("a@x.example", "b@x.example", "c@x.example", "d@x.example"),
        list.list(fixture.connection()).stream().map(SuppressionList.Entry::address).toList());
  }

  @Test
  void adding_an_address_again_replaces_its_entry() {
    SuppressionList list = fixture.store.suppressionList();
    list.add(
        fixture.connection(), "a@b.example", "bounce", SuppressionList.Source.BOUNCE, 1L, null);
    clock.set(T0.plusSeconds(5));
    list.add(
        fixture.connection(),
        "a@b.example",
        "complained",
        SuppressionList.Source.COMPLAINT,
        2L,
        Duration.ofDays(1));
    List<SuppressionList.Entry> all = list.list(fixture.connection());
    assertEquals(1, all.size());
    assertEquals(SuppressionList.Source.COMPLAINT, all.get(0).source());
    assertEquals(Optional.of(T0.plusSeconds(5).plus(Duration.ofDays(1))), all.get(0).expires());
  }

  @Test
  void what_is_not_an_address_is_refused_with_the_value_named() {
    MapiException e =
        assertThrows(
            MapiException.class,
            () ->
                fixture
                    .store
                    .suppressionList()
                    .add(
                        fixture.connection(),
                        "not an address",
                        "x",
                        SuppressionList.Source.ADMINISTRATOR,
                        null,
                        null));
    assertEquals(MapiError.MAPI_E_INVALID_PARAMETER, e.error());
    assertTrue(e.getMessage().contains("'not an address'"), e.getMessage());
  }

  @Test
  void another_server_on_the_same_database_honours_a_new_entry_within_the_refresh_time()
      throws Exception {
    try (StoreFixture other = openFixture(clock)) {
      SuppressionList theirs = other.store.suppressionList();
      assertEquals(Optional.empty(), theirs.find(other.connection(), "c@d.example"));
      fixture
          .store
          .suppressionList()
          .add(fixture.connection(), "c@d.example", "x", SuppressionList.Source.BOUNCE, null, null);
      clock.set(T0.plus(SuppressionList.REFRESH));
      assertTrue(theirs.find(other.connection(), "c@d.example").isPresent());
    }
  }

  @Test
  void pages_go_by_address_and_count_only_what_has_not_expired() {
    SuppressionList list = fixture.store.suppressionList();
    for (String a : List.of("c@x.example", "a@x.example", "e@x.example", "b@x.example")) {
      list.add(fixture.connection(), a, "x", SuppressionList.Source.ADMINISTRATOR, null, null);
    }
    list.add(
        fixture.connection(),
        "d@x.example",
        "x",
        SuppressionList.Source.BOUNCE,
        null,
        Duration.ofDays(1));
    assertEquals(
        List.of("b@x.example", "c@x.example"),
        list.page(fixture.connection(), 1, 2).stream()
            .map(SuppressionList.Entry::address)
            .toList());
    assertEquals(5, list.count(fixture.connection()));
    clock.set(T0.plus(Duration.ofDays(1)));
    assertEquals(4, list.count(fixture.connection()), "d@ expired");
    assertEquals(
        List.of("e@x.example"),
        list.page(fixture.connection(), 3, 10).stream()
            .map(SuppressionList.Entry::address)
            .toList());
  }

  @Test
  void a_purge_deletes_the_expired_entries_and_only_those() {
    SuppressionList list = fixture.store.suppressionList();
    list.setReportExpiry(Duration.ofDays(30));
    list.add(
        fixture.connection(),
        "old@x.example",
        "x",
        SuppressionList.Source.BOUNCE,
        null,
        list.reportExpiry());
    list.add(
        fixture.connection(), "kept@x.example", "x", SuppressionList.Source.BOUNCE, null, null);
    assertEquals(0, list.purgeExpired(fixture.connection()), "nothing expired yet");
    clock.set(T0.plus(Duration.ofDays(30)));
    assertEquals(1, list.purgeExpired(fixture.connection()));
    assertEquals(
        List.of("kept@x.example"),
        list.list(fixture.connection()).stream().map(SuppressionList.Entry::address).toList());
  }
}
