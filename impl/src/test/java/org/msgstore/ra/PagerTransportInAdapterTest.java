package org.msgstore.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.msgstore.FolderKind;
import org.msgstore.Message;
import org.msgstore.MessageStoreConnection;
import org.msgstore.MessageStoreConnectionFactory;
import org.msgstore.PropTag;
import org.msgstore.RecipientType;
import org.msgstore.examples.PagerTextPreprocessor;
import org.msgstore.examples.PagerTransport;

/**
 * The example of docs/transports.md as a deployment gets it: found by ServiceLoader through the
 * test resources' META-INF/services file, used because transportOrder names it, and built with its
 * no-argument constructor, which logs each page.
 */
class PagerTransportInAdapterTest {
  final ExecutorService containerThreads = Executors.newCachedThreadPool();
  final BlockingQueue<String> pages = new LinkedBlockingQueue<>();
  final Logger pagerLog = Logger.getLogger(PagerTransport.class.getName());
  final Handler recorder =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          pages.add(record.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  MsgStoreResourceAdapter ra;
  EnlistingConnectionManager cm;
  MessageStoreConnectionFactory factory;

  @BeforeEach
  void start() throws Exception {
    pagerLog.addHandler(recorder);
    ra = new MsgStoreResourceAdapter();
    ra.setStoreDirectory(H2Databases.newDirectory("pager").toString());
    ra.setTransportOrder("local, pager");
    ra.start(FakeBootstrapContext.threaded(containerThreads));
    MsgStoreManagedConnectionFactory mcf = new MsgStoreManagedConnectionFactory();
    mcf.setResourceAdapter(ra);
    cm = new EnlistingConnectionManager(Narayana.transactionManager());
    factory = (MessageStoreConnectionFactory) mcf.createConnectionFactory(cm);
  }

  @AfterEach
  void stop() throws Exception {
    cm.destroyAll();
    ra.stop();
    containerThreads.shutdownNow();
    pagerLog.removeHandler(recorder);
  }

  @Test
  void
      the_adapter_loads_the_pager_transport_named_in_transportOrder_and_a_PAGER_recipient_is_paged()
          throws Exception {
    ra.store().submitSupport().registerPreprocessor(new PagerTextPreprocessor(), 0);
    try (MessageStoreConnection c = factory.getConnection("ops")) {
      Message m = c.openFolder(FolderKind.OUTBOX).createMessage();
      m.set(PropTag.PR_SUBJECT, "Disk full on db-2");
      m.addRecipient(RecipientType.TO, "On call", "PAGER", "+4930123456");
      m.submit(); // refused if no configured transport claimed PAGER
    }
    assertEquals("page to +4930123456: ops: Disk full on db-2", pages.poll(10, TimeUnit.SECONDS));
  }
}
