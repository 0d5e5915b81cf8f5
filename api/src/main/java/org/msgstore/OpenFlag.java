package org.msgstore;

/**
 * Flags of {@link MessageStoreConnection#openEntry} (MAPIDefS.h). With none, an entry opens
 * read-only.
 */
public enum OpenFlag {
  /** Open for writing; a queued message refuses with {@code MAPI_E_SUBMITTED}. */
  MAPI_MODIFY(0x00000001),
  /** Accepted; errors are reported at once in MsgStore either way. */
  MAPI_DEFERRED_ERRORS(0x00000008),
  /** Open for writing when allowed, else read-only (a queued message opens read-only). */
  MAPI_BEST_ACCESS(0x00000010),
  /** Accepted; MsgStore keeps no client-side cache. */
  MAPI_NO_CACHE(0x00000200);

  private final int value;

  OpenFlag(int value) {
    this.value = value;
  }

  public int value() {
    return value;
  }
}
