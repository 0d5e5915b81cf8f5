package org.msgstore.it.scenario;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips an IT that needs a PostgreSQL server where none is installed, except under CI ({@code
 * CI=true}), where it must run. JDK types only: the condition is evaluated in the server too, where
 * the in-server test methods run.
 */
public final class PostgresInstalled implements ExecutionCondition {
  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    Path root = Path.of(System.getProperty("msgstore.test.postgresql", "/usr/lib/postgresql"));
    if (Files.isDirectory(root) || "true".equals(System.getenv("CI"))) {
      return ConditionEvaluationResult.enabled(
          "PostgreSQL server binaries under " + root + " (or CI=true)");
    }
    return ConditionEvaluationResult.disabled(
        "no PostgreSQL server under " + root + "; apt-get install postgresql to run this IT");
  }
}
