package org.msgstore.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.msgstore.Attachment;
import org.msgstore.EntryId;
import org.msgstore.FolderKind;
import org.msgstore.Message;
import org.msgstore.MessageFlags;
import org.msgstore.OpenFlag;
import org.msgstore.PropTag;
import org.msgstore.testing.Slow;

class AttachmentTest extends StoreContract {

  @Test
  void attachments_round_trip_with_name_type_size_and_content_and_can_be_removed()
      throws Exception {
    try (StoreFixture fixture = openFixture()) {
      MailboxSession s = fixture.session("alice");
      byte[] pdf = "%PDF-1.7 pretend".getBytes(StandardCharsets.US_ASCII);
      EntryId id;
      try (Message m = s.openFolder(FolderKind.DRAFTS).createMessage()) {
        m.addAttachment("invoice 4711.pdf", "application/PDF", new ByteArrayInputStream(pdf));
        m.addAttachment(
            "notes.txt",
            "text/plain",
            new ByteArrayInputStream("ß".getBytes(StandardCharsets.UTF_8)));
        assertTrue(m.get(PropTag.PR_HASATTACH));
        m.saveChanges();
        id = m.entryId();
      }
      try (Message m = s.openEntry(id, OpenFlag.MAPI_MODIFY)) {
        List<Attachment> as = m.getAttachments();
        assertEquals(2, as.size());
        assertEquals("invoice 4711.pdf", as.get(0).fileName());
        assertEquals("application/pdf", as.get(0).mimeType());
        assertEquals(pdf.length, as.get(0).size());
        try (InputStream in = as.get(0).openStream()) {
          assertArrayEquals(pdf, in.readAllBytes());
        }
        assertEquals(
            MessageFlags.MSGFLAG_HASATTACH,
            m.get(PropTag.PR_MESSAGE_FLAGS) & MessageFlags.MSGFLAG_HASATTACH);
        m.removeAttachment(as.get(0).number());
        m.removeAttachment(as.get(1).number());
        m.saveChanges();
      }
      try (Message m = s.openEntry(id)) {
        assertTrue(m.getAttachments().isEmpty());
        assertFalse(m.get(PropTag.PR_HASATTACH));
      }
    }
  }

  @Test
  @Slow
  void a_50_MB_attachment_is_stored_and_read_back_in_a_JVM_with_a_48_MB_heap() throws Exception {
    long size = 50L * 1024 * 1024;
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx48m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(LargeAttachmentRoundTrip.class.getName());
    command.add(database().jdbcUrl());
    command.add(database().user());
    command.add(database().password());
    command.add(Long.toString(size));
    command.add(database().schema());
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish");
    assertEquals(0, p.exitValue(), out);
    String written = line(out, "written ");
    assertEquals(written, line(out, "read    "), out);
    assertEquals(Long.toString(size), line(out, "bytes   "));
    assertTrue(
        Long.parseLong(line(out, "maxHeap ")) < size,
        "the heap must be smaller than the attachment");
  }

  private static String line(String out, String prefix) {
    return out.lines()
        .filter(l -> l.startsWith(prefix))
        .map(l -> l.substring(prefix.length()))
        .findFirst()
        .orElse("missing: " + out);
  }
}
