package org.msgstore.config;

/**
 * Who reads a setting. It fixes the setting's level (the resource adapter or a connection
 * definition), who validates it, and where the adapter's start line shows it.
 */
public enum Scope {
  /** The store's database and files: validated by the adapter at start. */
  STORE("adapter"),
  /** The spooler: validated by the adapter at start. */
  SPOOLER("adapter"),
  /**
   * Handed to the transports as text; each transport validates its own when it starts (so a
   * transport left out of {@code transportOrder} is never held to its settings).
   */
  TRANSPORT("adapter"),
  /** A connection definition's (the managed connection factory's) own setting. */
  CONNECTION("connection definition");

  private final String level;

  Scope(String level) {
    this.level = level;
  }

  /** The level as ra.xml and the README name it: "adapter" or "connection definition". */
  public String level() {
    return level;
  }

  /** Whether the adapter checks this scope's ranges at start (the transports check their own). */
  boolean checkedByAdapter() {
    return this == STORE || this == SPOOLER;
  }
}
