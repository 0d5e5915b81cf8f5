package org.msgstore.log;

import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One stable message code of a log catalog ({@code RaLog}, {@code InflowLog}, {@code StoreLog},
 * {@code SpoolerLog}, {@code SmtpLog}): its level, what it means and what an operator does about
 * it. Each catalog declares each of its codes once, and every message of the catalog is one method
 * using one of them; {@code docs/log-codes.md} is written from these. Operators and tests search
 * for the codes, so a code keeps its meaning for good: a new meaning gets a new code.
 *
 * @param id {@code MSGS} and four digits; the first digit names the family (1 adapter, 2 store, 3
 *     spooler, 4 transports, 5 bounce intake)
 * @param action what the operator does when it appears (empty: nothing)
 */
public record LogCode(String id, Severity severity, String meaning, String action) {

  /** How a message with this code reaches the operator. */
  public enum Severity {
    FINE(Level.FINE),
    INFO(Level.INFO),
    WARNING(Level.WARNING),
    SEVERE(Level.SEVERE),
    /** Only in the text of an exception the caller gets (which the server usually logs). */
    EXCEPTION(null);

    private final Level level;

    Severity(Level level) {
      this.level = level;
    }

    /** The java.util.logging level; an exception-only code has none. */
    public Level level() {
      if (level == null) {
        throw new IllegalStateException("an exception-only code is not logged by MsgStore");
      }
      return level;
    }

    public System.Logger.Level systemLevel() {
      return switch (this) {
        case FINE -> System.Logger.Level.DEBUG;
        case INFO -> System.Logger.Level.INFO;
        case WARNING -> System.Logger.Level.WARNING;
        case SEVERE -> System.Logger.Level.ERROR;
        case EXCEPTION -> throw new IllegalStateException("an exception-only code is not logged");
      };
    }
  }

  private static final StackWalker WALKER =
      StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

  /** {@code "<code>: text"}: exception texts and the adapter's own log lines. */
  public String colon(String text) {
    return id + ": " + text;
  }

  /** {@code "<code> text"}: log lines of the spooler, the store, inflow and transports. */
  public String space(String text) {
    return id + " " + text;
  }

  /**
   * Logs {@code text} at this code's level on {@code logger}. The record's source is the class and
   * method that called the catalog, as when that class logged on its own (JUL would otherwise name
   * the catalog).
   */
  public void log(Logger logger, Supplier<String> text, Throwable cause) {
    Level level = severity.level();
    if (!logger.isLoggable(level)) {
      return;
    }
    StackWalker.StackFrame caller = WALKER.walk(frames -> callerOfCatalog(frames.iterator()));
    logger.logp(level, caller.getClassName(), caller.getMethodName(), text.get(), cause);
  }

  /** The first frame after this class and the catalog that called it. */
  private static StackWalker.StackFrame callerOfCatalog(
      java.util.Iterator<StackWalker.StackFrame> frames) {
    StackWalker.StackFrame frame = frames.next();
    while (frame.getDeclaringClass() == LogCode.class && frames.hasNext()) {
      frame = frames.next();
    }
    Class<?> catalog = frame.getDeclaringClass();
    while (frame.getDeclaringClass() == catalog && frames.hasNext()) {
      frame = frames.next();
    }
    return frame;
  }
}
