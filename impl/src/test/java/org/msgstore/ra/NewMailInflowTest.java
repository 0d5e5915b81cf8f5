package org.msgstore.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.UnavailableException;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.transaction.xa.XAResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.msgstore.FolderKind;
import org.msgstore.Message;
import org.msgstore.MessageStoreConnection;
import org.msgstore.MessageStoreConnectionFactory;
import org.msgstore.PropTag;
import org.msgstore.RecipientType;
import org.msgstore.inflow.NewMailEvent;
import org.msgstore.inflow.NewMailListener;
import org.msgstore.ra.inflow.NewMailActivationSpec;

/** Message inflow: NewMailListener endpoints get each new mail of their mailbox (R77, R78). */
class NewMailInflowTest {
  ExecutorService containerThreads = Executors.newCachedThreadPool();
  MsgStoreResourceAdapter ra;
  MessageStoreConnectionFactory factory;
  EnlistingConnectionManager cm;

  /** An MDB as the container would build it: a proxy for the listener and MessageEndpoint. */
  static final class RecordingEndpoints implements MessageEndpointFactory {
    final BlockingQueue<NewMailEvent> events = new LinkedBlockingQueue<>();
    final BlockingQueue<String> threads = new LinkedBlockingQueue<>();
    final java.util.concurrent.Semaphore released = new java.util.concurrent.Semaphore(0);

    @Override
    public MessageEndpoint createEndpoint(XAResource xaResource) throws UnavailableException {
      return (MessageEndpoint)
          Proxy.newProxyInstance(
              getClass().getClassLoader(),
              new Class<?>[] {MessageEndpoint.class, NewMailListener.class},
              (proxy, method, args) -> {
                switch (method.getName()) {
                  case "onNewMail" -> {
                    threads.add(Thread.currentThread().getName());
                    events.add((NewMailEvent) args[0]);
                  }
                  case "release" -> released.release();
                  default -> {}
                }
                return null;
              });
    }

    @Override
    public MessageEndpoint createEndpoint(XAResource xaResource, long timeout)
        throws UnavailableException {
      return createEndpoint(xaResource);
    }

    @Override
    public boolean isDeliveryTransacted(Method method) {
      return false;
    }

    @Override
    public String getActivationName() {
      return "recording";
    }

    @Override
    public Class<?> getEndpointClass() {
      return NewMailListener.class;
    }
  }

  @BeforeEach
  void start() throws Exception {
    ra = new MsgStoreResourceAdapter();
    ra.setStoreDirectory(H2Databases.newDirectory("inflow").toString());
    ra.setTransportOrder("local");
    ra.setRetryMinMs(50);
    ra.setRetryMaxMs(50);
    ra.start(FakeBootstrapContext.threaded(containerThreads));
    MsgStoreManagedConnectionFactory mcf = new MsgStoreManagedConnectionFactory();
    mcf.setResourceAdapter(ra);
    cm = new EnlistingConnectionManager(Narayana.transactionManager());
    factory = (MessageStoreConnectionFactory) mcf.createConnectionFactory(cm);
    createMailbox("bob");
  }

  @AfterEach
  void stop() throws Exception {
    cm.destroyAll();
    ra.stop();
    containerThreads.shutdownNow();
  }

  /** Mailboxes come into being on first use; delivery never creates one. */
  private void createMailbox(String name) {
    try (MessageStoreConnection c = factory.getConnection(name)) {
      c.openFolder(FolderKind.INBOX);
    }
  }

  private static NewMailActivationSpec spec(String mailbox) {
    NewMailActivationSpec spec = new NewMailActivationSpec();
    spec.setMailbox(mailbox);
    return spec;
  }

  private void send(String from, String toMailbox, String subject) {
    try (MessageStoreConnection c = factory.getConnection(from)) {
      Message m = c.openFolder(FolderKind.OUTBOX).createMessage();
      m.set(PropTag.PR_SUBJECT, subject);
      m.addRecipient(RecipientType.TO, toMailbox, "MSGSTORE", toMailbox);
      m.submit();
    }
  }

  @Test
  void R77_an_endpoint_for_a_mailbox_receives_its_new_mail_on_a_work_thread_and_is_released()
      throws Exception {
    RecordingEndpoints bob = new RecordingEndpoints();
    ra.endpointActivation(bob, spec("bob"));
    send("alice", "bob", "hello bob");
    NewMailEvent event = bob.events.poll(10, TimeUnit.SECONDS);
    assertTrue(event != null, "bob's endpoint got the new mail");
    assertEquals("bob", event.mailbox());
    assertEquals("IPM.Note", event.messageClass());
    try (MessageStoreConnection c = factory.getConnection("bob")) {
      assertEquals(
          event.entryId(), c.openFolder(FolderKind.INBOX).getContentsTable().get(0).entryId());
      assertEquals(event.parentId(), c.openFolder(FolderKind.INBOX).entryId());
    }
    assertNotEquals(
        Thread.currentThread().getName(),
        bob.threads.poll(1, TimeUnit.SECONDS),
        "not on the committing thread");
    assertTrue(bob.released.tryAcquire(10, TimeUnit.SECONDS), "the endpoint instance was released");
  }

  @Test
  void R78_a_non_delivery_report_raises_new_mail_for_the_sender() throws Exception {
    RecordingEndpoints alice = new RecordingEndpoints();
    ra.endpointActivation(alice, spec("alice"));
    send("alice", "nobody", "to no one");
    NewMailEvent event = alice.events.poll(10, TimeUnit.SECONDS);
    assertTrue(event != null, "the NDR reached alice's endpoint");
    assertEquals("Report.IPM.Note.NDR", event.messageClass());
  }

  @Test
  void after_deactivation_an_endpoint_receives_nothing_and_other_mailboxes_never_reach_it()
      throws Exception {
    RecordingEndpoints bob = new RecordingEndpoints();
    NewMailActivationSpec spec = spec("bob");
    ra.endpointActivation(bob, spec);
    createMailbox("carol");
    send("alice", "carol", "for carol");
    ra.endpointDeactivation(bob, spec);
    send("alice", "bob", "too late");
    try (MessageStoreConnection c = factory.getConnection("bob")) {
      assertEquals(
          1, c.openFolder(FolderKind.INBOX).getContentsTable().size(), "delivered all the same");
    }
    // The barrier, instead of a time window: the same endpoint activated again and one more mail
    // through the same path. Had "too late" or carol's mail reached the endpoint, that work was
    // handed to the WorkManager before this mail was even sent: the first event the endpoint gets
    // must be this one.
    ra.endpointActivation(bob, spec("bob"));
    send("alice", "bob", "barrier");
    NewMailEvent first = bob.events.poll(10, TimeUnit.SECONDS);
    assertTrue(first != null, "the endpoint activated again got the barrier mail");
    assertEquals(entryIdOf("bob", "barrier"), first.entryId(), "nothing reached it before");
  }

  @Test
  void an_endpoint_for_every_mailbox_receives_the_new_mail_of_each_mailbox_and_its_ndrs()
      throws Exception {
    RecordingEndpoints every = new RecordingEndpoints();
    RecordingEndpoints bob = new RecordingEndpoints();
    ra.endpointActivation(every, spec("*"));
    ra.endpointActivation(bob, spec("bob"));
    createMailbox("carol");
    send("alice", "bob", "for bob");
    send("alice", "carol", "for carol");
    send("alice", "nobody", "for nobody");
    List<String> seen = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      NewMailEvent event = every.events.poll(10, TimeUnit.SECONDS);
      assertTrue(event != null, "event " + (i + 1) + " of 3; got " + seen);
      seen.add(event.mailbox() + " " + event.messageClass());
    }
    assertEquals(
        List.of("alice Report.IPM.Note.NDR", "bob IPM.Note", "carol IPM.Note"),
        seen.stream().sorted().toList());
    // The mailbox's own endpoint still gets its mail, once.
    assertEquals("bob", bob.events.poll(10, TimeUnit.SECONDS).mailbox());
  }

  private org.msgstore.EntryId entryIdOf(String mailbox, String subject) {
    try (MessageStoreConnection c = factory.getConnection(mailbox)) {
      return c.openFolder(FolderKind.INBOX).getContentsTable().stream()
          .filter(r -> subject.equals(r.get(PropTag.PR_SUBJECT)))
          .findFirst()
          .orElseThrow()
          .entryId();
    }
  }

  @Test
  void an_activation_without_a_mailbox_is_refused_naming_the_property() {
    InvalidPropertyException e =
        assertThrows(
            InvalidPropertyException.class,
            () -> ra.endpointActivation(new RecordingEndpoints(), spec(" ")));
    assertTrue(e.getMessage().contains("mailbox"), e.getMessage());
    assertEquals(List.of("mailbox"), List.of(e.getInvalidPropertyDescriptors()[0].getName()));
  }
}
