package org.msgstore.store;

import java.security.SecureRandom;
import org.msgstore.EntryId;
import org.msgstore.MapiError;
import org.msgstore.MapiException;

/**
 * Makes and checks entry ids: a format byte, a kind byte and 16 random bytes. Random rather than
 * sequential, so an id reveals nothing and cannot be guessed to reach another mailbox's data.
 */
final class EntryIds {
  private static final byte FORMAT = 1;
  private static final byte FOLDER = 'F';
  private static final byte MESSAGE = 'M';
  private static final int LENGTH = 18;
  private static final SecureRandom RANDOM = new SecureRandom();

  private EntryIds() {}

  static byte[] newFolderId() {
    return create(FOLDER);
  }

  static byte[] newMessageId() {
    return create(MESSAGE);
  }

  private static byte[] create(byte kind) {
    byte[] id = new byte[LENGTH];
    RANDOM.nextBytes(id);
    id[0] = FORMAT;
    id[1] = kind;
    return id;
  }

  /** The bytes of a message entry id, or MAPI_E_INVALID_ENTRYID when it is not one. */
  static byte[] messageBytes(EntryId id) {
    return check(id, MESSAGE, "message");
  }

  static byte[] folderBytes(EntryId id) {
    return check(id, FOLDER, "folder");
  }

  static boolean isFolder(EntryId id) {
    byte[] b = id.toBytes();
    return b.length == LENGTH && b[0] == FORMAT && b[1] == FOLDER;
  }

  private static byte[] check(EntryId id, byte kind, String what) {
    if (id == null) {
      throw new MapiException(
          MapiError.MAPI_E_INVALID_ENTRYID, "the " + what + " entry id is null");
    }
    byte[] b = id.toBytes();
    if (b.length != LENGTH || b[0] != FORMAT || b[1] != kind) {
      throw new MapiException(
          MapiError.MAPI_E_INVALID_ENTRYID, id + " is not a " + what + " entry id of MsgStore");
    }
    return b;
  }
}
