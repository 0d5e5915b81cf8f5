package org.msgstore.spooler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msgstore.EntryId;
import org.msgstore.FolderKind;
import org.msgstore.PropTag;
import org.msgstore.RecipientType;
import org.msgstore.Row;
import org.msgstore.examples.PagerTextPreprocessor;
import org.msgstore.examples.PagerTransport;
import org.msgstore.store.SettableClock;

/**
 * The example of docs/transports.md runs through the real spooler, and the document quotes its
 * sources exactly as they are compiled here.
 */
class PagerExampleTest {
  @TempDir Path dir;
  SettableClock clock = new SettableClock(Instant.parse("2026-11-24T03:15:00Z"));
  @AutoClose SpoolerFixture f;
  final List<String> pages = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void open() {
    f = new SpoolerFixture(dir, clock);
    // What the adapter does at start for the transports in transportOrder: submit() accepts
    // PAGER recipients, and the preprocessor is registered.
    f.store.submitSupport().setClaimedAddressTypes(Set.of("SMTP", "MSGSTORE", "PAGER"), false);
    f.store.submitSupport().registerPreprocessor(new PagerTextPreprocessor(), 0);
  }

  private EntryId submitAlert(String... pagers) {
    byte[] sentItems = f.client("ops").getStoreProperty(PropTag.PR_IPM_SENTMAIL_ENTRYID);
    return f.submit(
        "ops",
        "Server room above 35 degrees since 03:12",
        m -> {
          m.set(PropTag.PR_SENTMAIL_ENTRYID, sentItems);
          for (String number : pagers) {
            m.addRecipient(RecipientType.TO, "On call", "PAGER", number);
          }
        });
  }

  private List<Row> folder(FolderKind kind) {
    return f.client("ops").openFolder(kind).getContentsTable();
  }

  @Test
  void
      the_preprocessor_writes_the_pager_text_the_transport_pages_it_and_a_bad_number_gets_an_ndr() {
    submitAlert("+4930123456", "on-call");
    f.spooler("node-1", new PagerTransport((number, text) -> pages.add(number + " " + text)))
        .runOnce();

    assertEquals(
        List.of("+4930123456 ops: Server room above 35 degrees since…"),
        pages,
        "the text the preprocessor wrote, cut to 40 characters");
    List<Row> inbox = folder(FolderKind.INBOX);
    assertEquals(1, inbox.size());
    assertEquals("Report.IPM.Note.NDR", inbox.get(0).get(PropTag.PR_MESSAGE_CLASS));
    assertEquals(1, folder(FolderKind.SENT_ITEMS).size(), "done with every recipient: filed");
  }

  @Test
  void a_paging_service_that_is_down_defers_and_the_spooler_pages_again_after_its_back_off() {
    submitAlert("+4930123456");
    PagerTransport transport =
        new PagerTransport(
            (number, text) -> {
              if (pages.isEmpty()) {
                pages.add("refused");
                throw new IOException("503 Service Unavailable");
              }
              pages.add(number + " " + text);
            });
    Spooler spooler = f.spooler("node-1", transport);
    spooler.runOnce();
    assertTrue(folder(FolderKind.SENT_ITEMS).isEmpty(), "deferred: still queued");
    assertTrue(
        f.events.stream().anyMatch(e -> e.kind() == SpoolerEvent.Kind.DEFERRED), "a DEFERRED");

    clock.advance(Duration.ofMinutes(5)); // the fixture's first retry delay
    spooler.runOnce();
    assertEquals(2, pages.size(), pages.toString());
    assertEquals(1, folder(FolderKind.SENT_ITEMS).size(), "paged on the second attempt");
    assertTrue(folder(FolderKind.INBOX).isEmpty(), "no report");
  }

  @Test
  void docs_transports_md_quotes_each_example_source_exactly() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "transports.md"), StandardCharsets.UTF_8);
    for (Class<?> example : List.of(PagerTransport.class, PagerTextPreprocessor.class)) {
      Path source = Path.of("src", "test", "java", example.getName().replace('.', '/') + ".java");
      String code = Files.readString(source, StandardCharsets.UTF_8);
      assertTrue(
          doc.contains("```java\n" + code + "```\n"),
          "docs/transports.md quotes " + source + " as it is; copy the file into its code block");
    }
    String services =
        Files.readString(
            Path.of("src/test/resources/META-INF/services/org.msgstore.spi.TransportProvider"));
    assertTrue(doc.contains("```\n" + services + "```\n"), "and the service file");
  }
}
