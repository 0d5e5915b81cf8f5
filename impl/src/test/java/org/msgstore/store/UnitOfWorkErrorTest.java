package org.msgstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msgstore.store.jdbc.SuppressionRepository;

/** A unit of work that an Error interrupts leaves nothing behind. */
class UnitOfWorkErrorTest {
  @TempDir Path dir;
  @AutoClose StoreFixture fixture;

  @BeforeEach
  void open() {
    fixture = new StoreFixture(dir);
  }

  @Test
  void an_error_inside_a_unit_of_work_rolls_its_statements_back() {
    StoreConnection conn = fixture.connection();
    assertThrows(
        StackOverflowError.class,
        () ->
            UnitOfWork.run(
                conn,
                "a unit an Error interrupts",
                c -> {
                  new SuppressionRepository()
                      .put(
                          c,
                          new SuppressionRepository.Row(
                              "half@done.example", "x", "BOUNCE", null, 0, null));
                  throw new StackOverflowError();
                }));
    assertEquals(List.of(), fixture.store.suppressionList().list(conn));
  }
}
