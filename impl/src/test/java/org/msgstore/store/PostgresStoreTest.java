package org.msgstore.store;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The store's behaviour suite on PostgreSQL: a fresh database per test in a private cluster ({@link
 * PostgresCluster}), skipped with a hint where PostgreSQL is not installed (never under CI).
 */
@DisplayName("store on PostgreSQL")
@ExtendWith(PostgresCluster.Extension.class)
class PostgresStoreTest {
  static StoreSettings fresh(Path dir) {
    return PostgresCluster.get().newDatabase();
  }

  @Nested
  class MessageProperties extends MessagePropertiesTest {
    @Override
    StoreSettings newDatabase(Path dir) {
      return fresh(dir);
    }
  }

  @Nested
  class BadInput extends BadInputTest {
    @Override
    StoreSettings newDatabase(Path dir) {
      return fresh(dir);
    }
  }

  @Nested
  class Mailbox extends MailboxTest {
    @Override
    StoreSettings newDatabase(Path dir) {
      return fresh(dir);
    }
  }

  @Nested
  class Attachments extends AttachmentTest {
    @Override
    StoreSettings newDatabase(Path dir) {
      return fresh(dir);
    }
  }

  @Nested
  class Submit extends SubmitTest {
    @Override
    StoreSettings newDatabase(Path dir) {
      return fresh(dir);
    }
  }

  @Nested
  class SpoolerMethods extends SpoolerMethodsTest {
    @Override
    StoreSettings newDatabase(Path dir) {
      return fresh(dir);
    }
  }

  @Nested
  class CoupledSubmit extends CoupledSubmitTest {
    @Override
    StoreSettings newDatabase(Path dir) {
      return fresh(dir);
    }
  }

  @Nested
  class ConcurrentSubmit extends ConcurrentSubmitTest {
    @Override
    StoreSettings newDatabase(Path dir) {
      return fresh(dir);
    }
  }

  @Nested
  class ConcurrentClaim extends ConcurrentClaimTest {
    @Override
    StoreSettings newDatabase(Path dir) {
      return fresh(dir);
    }
  }

  @Nested
  class PreparedXaBranch extends PreparedXaBranchTest {
    @Override
    StoreSettings newDatabase(Path dir) {
      return fresh(dir);
    }

    @Override
    void restartDatabase() throws Exception {
      PostgresCluster.get().crashAndRestart();
    }
  }
}
