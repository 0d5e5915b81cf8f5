package org.msgstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.msgstore.MapiError;
import org.msgstore.MapiException;

/**
 * What a caller sees when the store database fails a statement: the MAPI code tells whether to
 * retry, and the message names the work and the database's own words.
 */
class UnitOfWorkTranslationTest {
  @Test
  void a_backend_the_database_terminated_is_the_database_unreachable_not_a_failed_call() {
    // What pgjdbc reports on a connection whose backend pg_terminate_backend (or a fast or
    // immediate shutdown) ended, after a crash of another backend, and while the server starts.
    for (String state : new String[] {"57P01", "57P02", "57P03"}) {
      MapiException e =
          UnitOfWork.translate(
              new SQLException("FATAL: terminating connection due to administrator command", state),
              "submitting message 1");
      assertEquals(MapiError.MAPI_E_NETWORK_ERROR, e.error(), state);
      assertTrue(e.getMessage().contains("submitting message 1"), e.getMessage());
      assertTrue(e.getMessage().contains("administrator command"), e.getMessage());
    }
  }

  @Test
  void a_lost_connection_is_unreachable_a_lock_busy_and_anything_else_a_failed_call() {
    assertEquals(
        MapiError.MAPI_E_NETWORK_ERROR,
        UnitOfWork.translate(new SQLException("I/O error", "08006"), "x").error());
    assertEquals(
        MapiError.MAPI_E_BUSY,
        UnitOfWork.translate(new SQLException("lock timeout", "55P03"), "x").error());
    assertEquals(
        MapiError.MAPI_E_CALL_FAILED,
        UnitOfWork.translate(new SQLException("query canceled", "57014"), "x").error());
    assertEquals(
        MapiError.MAPI_E_CALL_FAILED,
        UnitOfWork.translate(new SQLException("no state"), "x").error());
  }
}
