package org.msgstore.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.msgstore.FolderKind;
import org.msgstore.MessageStoreConnection;

class InjectedMailboxTest {
  final Fakes.Handles opened = new Fakes.Handles();

  @Test
  void each_call_goes_to_the_handle_current_at_that_moment_and_close_leaves_it_to_the_container() {
    List<String> asked = new ArrayList<>();
    MessageStoreConnection[] current = {opened.open("shop")};
    InjectedMailbox shop =
        new InjectedMailbox(
            "shop",
            mailbox -> {
              asked.add(mailbox);
              return current[0];
            });
    assertEquals("shop", shop.mailbox());
    assertEquals(List.of(), asked, "naming the mailbox opens nothing");
    shop.openFolder(FolderKind.OUTBOX);
    shop.close();
    assertEquals(0, opened.closed(current[0]), "close() on the injected mailbox does nothing");
    current[0] = opened.open("shop");
    shop.openFolder(FolderKind.INBOX);
    assertEquals(List.of("shop", "shop"), asked);
  }
}
