package org.msgstore.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.msgstore.MessageStoreConnection;

class CallHandlesTest {
  final Fakes.Handles opened = new Fakes.Handles();

  @Test
  void handles_of_nested_bean_calls_are_shared_and_closed_when_the_outermost_call_returns() {
    assertNull(CallHandles.current(), "no bean call yet");
    CallHandles.enter();
    MessageStoreConnection outer = CallHandles.current().handle("shop", opened::open);
    CallHandles.enter();
    assertSame(outer, CallHandles.current().handle("shop", opened::open));
    CallHandles.exit();
    assertEquals(0, opened.closed(outer), "the outer call still runs");
    CallHandles.exit();
    assertEquals(1, opened.closed(outer));
    assertNull(CallHandles.current());
  }
}
