package org.msgstore;

import java.util.List;

/**
 * What {@link Folder#deleteMessages} did: submitted messages are never deleted and make the result
 * {@link MapiWarning#MAPI_W_PARTIAL_COMPLETION}.
 */
public final class DeleteResult {
  private final List<EntryId> deleted;
  private final List<EntryId> skipped;

  public DeleteResult(List<EntryId> deleted, List<EntryId> skipped) {
    this.deleted = List.copyOf(deleted);
    this.skipped = List.copyOf(skipped);
  }

  public List<EntryId> deleted() {
    return deleted;
  }

  /** Messages left in place because they are submitted (or no longer in the folder). */
  public List<EntryId> skipped() {
    return skipped;
  }

  public MapiWarning status() {
    return skipped.isEmpty() ? MapiWarning.S_OK : MapiWarning.MAPI_W_PARTIAL_COMPLETION;
  }

  @Override
  public String toString() {
    return status() + " deleted=" + deleted.size() + " skipped=" + skipped.size();
  }
}
