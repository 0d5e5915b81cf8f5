package org.msgstore.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.transaction.Status;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.MessageStoreConnection;

class TransactionHandlesTest {
  final Fakes.Handles opened = new Fakes.Handles();
  final Fakes.Transaction tx = new Fakes.Transaction();
  final TransactionHandles handles = new TransactionHandles(tx);

  @Test
  void a_mailbox_gets_one_handle_per_transaction_opened_on_first_use_and_closed_after_commit() {
    tx.begin();
    assertTrue(handles.inTransaction());
    assertEquals(List.of(), opened.opened, "nothing opened before the first use");
    MessageStoreConnection shop = handles.handle("shop", opened::open);
    assertSame(shop, handles.handle("shop", opened::open));
    MessageStoreConnection other = handles.handle("other", opened::open);
    assertEquals(List.of("shop", "other"), opened.opened);
    assertEquals(0, opened.closed(shop), "open until the transaction ends");

    tx.end(Status.STATUS_COMMITTED);
    assertEquals(1, opened.closed(shop));
    assertEquals(1, opened.closed(other));
    assertFalse(handles.inTransaction());
  }

  @Test
  void the_handles_of_a_transaction_that_rolls_back_are_closed_too() {
    tx.begin();
    MessageStoreConnection shop = handles.handle("shop", opened::open);
    tx.end(Status.STATUS_ROLLEDBACK);
    assertEquals(1, opened.closed(shop));
  }

  @Test
  void the_next_transaction_gets_a_new_handle() {
    tx.begin();
    MessageStoreConnection first = handles.handle("shop", opened::open);
    tx.end(Status.STATUS_COMMITTED);
    tx.begin();
    assertNotSame(first, handles.handle("shop", opened::open));
  }

  @Test
  void closed_now_the_handles_are_closed_once_and_a_later_use_in_the_same_transaction_reopens() {
    tx.begin();
    MessageStoreConnection first = handles.handle("shop", opened::open);
    handles.closeNow();
    assertEquals(1, opened.closed(first));
    MessageStoreConnection second = handles.handle("shop", opened::open);
    assertNotSame(first, second);
    tx.end(Status.STATUS_COMMITTED);
    assertEquals(1, opened.closed(first), "not closed a second time");
    assertEquals(1, opened.closed(second));
  }

  @Test
  void a_first_use_in_a_transaction_marked_for_rollback_fails_at_the_call_and_opens_nothing() {
    tx.begin();
    tx.setRollbackOnly();
    MapiException e = assertThrows(MapiException.class, () -> handles.handle("shop", opened::open));
    assertEquals(MapiError.MAPI_E_CALL_FAILED, e.error());
    assertTrue(e.getMessage().contains("'shop'"), e.getMessage());
    assertEquals(List.of(), opened.opened);
  }

  @Test
  void a_handle_opened_before_the_transaction_was_marked_for_rollback_stays_usable() {
    tx.begin();
    MessageStoreConnection shop = handles.handle("shop", opened::open);
    tx.setRollbackOnly();
    assertTrue(handles.inTransaction());
    assertSame(shop, handles.handle("shop", opened::open));
  }
}
