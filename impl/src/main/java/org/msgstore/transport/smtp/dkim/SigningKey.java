package org.msgstore.transport.smtp.dkim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.interfaces.RSAPrivateKey;
import java.util.Arrays;
import java.util.List;

/**
 * One configured private key and the file it comes from (a PEM file or a keystore), read again when
 * that file changes. Signing happens when a message leaves, so a message queued before a key was
 * replaced goes out signed with the new key.
 *
 * <p>A change is seen by the file's modification time, size and identity (inode), looked at before
 * each message: one {@code stat}, no read while the file stays the same. Replacing the file (write
 * the new one beside it, then move it over the old) always changes the identity. Thread-safe: the
 * key in use is swapped whole, and a reload happens once however many threads see the change.
 */
final class SigningKey {
  /** How a key is read from its file. */
  @FunctionalInterface
  interface Reader {
    RSAPrivateKey read(Path file) throws KeyProblem;
  }

  private record Loaded(List<Object> stamp, RSAPrivateKey key) {}

  private final Path file;
  private final String source;
  private final Reader reader;
  private volatile Loaded loaded;

  private SigningKey(Path file, String source, Reader reader) {
    this.file = file;
    this.source = source;
    this.reader = reader;
  }

  static SigningKey pemFile(Path file) {
    return new SigningKey(file, file.toString(), PrivateKeys::fromPem);
  }

  static SigningKey keyStoreEntry(Path store, char[] password, String alias) {
    char[] copy = Arrays.copyOf(password, password.length);
    return new SigningKey(
        store, "keystore:" + alias, f -> PrivateKeys.fromKeyStore(f, copy, alias));
  }

  /** Where the key comes from, for messages: a path or keystore:ALIAS, never key material. */
  String source() {
    return source;
  }

  /**
   * The key as its file holds it now.
   *
   * @return the key, and whether it was just read again because the file changed
   * @throws KeyProblem when the file is missing or no longer holds a usable key
   */
  Current current() throws KeyProblem {
    List<Object> stamp = stamp();
    Loaded l = loaded;
    if (l != null && l.stamp().equals(stamp)) {
      return new Current(l.key(), false);
    }
    synchronized (this) {
      l = loaded;
      if (l != null && l.stamp().equals(stamp)) {
        return new Current(l.key(), false);
      }
      // The stamp is taken before the read: a file replaced during the read is read again next
      // time.
      RSAPrivateKey key = reader.read(file);
      loaded = new Loaded(stamp, key);
      return new Current(key, l != null);
    }
  }

  /** A key and whether this call read it anew after its file changed. */
  record Current(RSAPrivateKey key, boolean reloaded) {}

  private List<Object> stamp() throws KeyProblem {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      Object identity = a.fileKey() == null ? "" : a.fileKey();
      return List.of(a.lastModifiedTime(), a.size(), identity);
    } catch (IOException e) {
      throw new KeyProblem("cannot read " + file + " (" + e.getClass().getSimpleName() + ")", e);
    }
  }
}
