package org.msgstore;

/** The folders every mailbox has from its first use. */
public enum FolderKind {
  INBOX("Inbox"),
  OUTBOX("Outbox"),
  SENT_ITEMS("Sent Items"),
  DELETED_ITEMS("Deleted Items"),
  DRAFTS("Drafts");

  private final String displayName;

  FolderKind(String displayName) {
    this.displayName = displayName;
  }

  public String displayName() {
    return displayName;
  }
}
