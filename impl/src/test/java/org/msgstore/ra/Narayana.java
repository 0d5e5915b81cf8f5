package org.msgstore.ra;

import com.arjuna.ats.arjuna.common.CoreEnvironmentBeanException;
import com.arjuna.ats.arjuna.common.arjPropertyManager;
import com.arjuna.ats.internal.jta.transaction.arjunacore.TransactionSynchronizationRegistryImple;
import jakarta.transaction.TransactionManager;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.nio.file.Path;

/**
 * The real Narayana transaction manager in the test JVM, with its object store under target/.
 * Narayana reads its configuration once per JVM, so the first caller's directory wins; each JVM
 * (the surefire fork, a crash-test child) passes its own.
 */
final class Narayana {
  private static boolean configured;

  private Narayana() {}

  static synchronized TransactionManager transactionManager(Path objectStoreDir) {
    if (!configured) {
      arjPropertyManager
          .getObjectStoreEnvironmentBean()
          .setObjectStoreDir(objectStoreDir.toString());
      try {
        arjPropertyManager.getCoreEnvironmentBean().setNodeIdentifier("msgstore-test");
      } catch (CoreEnvironmentBeanException e) {
        throw new IllegalStateException(e);
      }
      configured = true;
    }
    return com.arjuna.ats.jta.TransactionManager.transactionManager();
  }

  static TransactionManager transactionManager() {
    return transactionManager(Path.of("target", "narayana-objectstore").toAbsolutePath());
  }

  static TransactionSynchronizationRegistry synchronizationRegistry() {
    transactionManager();
    return new TransactionSynchronizationRegistryImple();
  }
}
