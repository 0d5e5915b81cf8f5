package org.msgstore.ra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The embedded store's directory, private to the server's user: the database holds every mailbox's
 * mail. Java cannot set the umask, and H2 creates its files (the database, its trace, temporary
 * files) with it, so the directory itself is what keeps them private: it is made {@code rwx------}
 * before H2 opens, so no other user can reach a file in it, also one H2 creates while the store
 * runs; {@link #privateFiles} narrows the files themselves to {@code rw-------} after the store
 * opened and after it closed. On a file system without POSIX permissions the directory is only
 * created.
 */
final class PrivateStoreDirectory {
  private static final Set<PosixFilePermission> DIRECTORY =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private PrivateStoreDirectory() {}

  /**
   * Creates {@code dir} as {@code rwx------}, or makes an existing one so (an earlier version
   * created it with the umask) with a warning; before the database opens.
   */
  static void prepare(Path dir) throws IOException {
    if (!posix(dir)) {
      Files.createDirectories(dir);
      return;
    }
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir.getParent());
      // The attribute is narrowed by the umask only, never widened; set again to be explicit.
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
      Files.setPosixFilePermissions(dir, DIRECTORY);
      return;
    }
    Set<PosixFilePermission> was = Files.getPosixFilePermissions(dir);
    if (!was.equals(DIRECTORY)) {
      try {
        Files.setPosixFilePermissions(dir, DIRECTORY);
        RaLog.storeDirectoryMadePrivate(dir, PosixFilePermissions.toString(was));
      } catch (IOException | SecurityException e) {
        // Not the directory's owner: the store still works; the operator is told how to close it.
        RaLog.storeDirectoryNotPrivate(dir, PosixFilePermissions.toString(was), e);
      }
    }
  }

  /** Narrows the files H2 created in {@code dir} (and older ones) to {@code rw-------}. */
  static void privateFiles(Path dir) throws IOException {
    if (!posix(dir)) {
      return;
    }
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).toList();
    }
    for (Path f : files) {
      try {
        if (!Files.getPosixFilePermissions(f, LinkOption.NOFOLLOW_LINKS).equals(FILE)) {
          Files.setPosixFilePermissions(f, FILE);
        }
      } catch (java.nio.file.NoSuchFileException gone) {
        // A temporary file H2 removed meanwhile.
      }
    }
  }

  private static boolean posix(Path dir) {
    return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
