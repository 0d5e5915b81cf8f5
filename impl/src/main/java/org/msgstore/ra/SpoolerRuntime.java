package org.msgstore.ra;

import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.ResourceAdapterInternalException;
import jakarta.resource.spi.work.HintsContext;
import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkContext;
import jakarta.resource.spi.work.WorkContextProvider;
import jakarta.resource.spi.work.WorkException;
import jakarta.resource.spi.work.WorkManager;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.msgstore.config.ConfigProperties;
import org.msgstore.spi.TransportProvider;
import org.msgstore.spooler.Spooler;
import org.msgstore.spooler.SpoolerCounters;
import org.msgstore.store.LocalCoupling;
import org.msgstore.store.MessageStore;
import org.msgstore.transport.local.LocalMailboxTransport;
import org.msgstore.transport.smtp.SmtpTransport;

/**
 * The spooler as the adapter runs it: transports found with {@link ServiceLoader} and ordered by
 * {@code transportOrder}, the spooler loop as one long-running {@link Work} on the connector's
 * WorkManager, deliveries as short works beside it. {@link #stop} ends them all within a bound and
 * leaves no message locked.
 */
final class SpoolerRuntime {
  private final Spooler spooler;
  private final SpoolerCounters counters = new SpoolerCounters();
  private final CountDownLatch loopEnded = new CountDownLatch(1);
  private volatile boolean stopping;

  private final List<TransportProvider> transports;

  private SpoolerRuntime(Spooler spooler, List<TransportProvider> transports) {
    this.spooler = spooler;
    this.transports = List.copyOf(transports);
    spooler.addListener(counters);
  }

  /** Builds, wires and schedules the spooler; fails start() with every problem found. */
  static SpoolerRuntime start(MessageStore store, SpoolerConfig config, BootstrapContext context)
      throws ResourceAdapterInternalException {
    Map<String, TransportProvider> available = new LinkedHashMap<>();
    for (TransportProvider t :
        ServiceLoader.load(TransportProvider.class, SpoolerRuntime.class.getClassLoader())) {
      available.put(t.id(), t);
    }
    List<TransportProvider> ordered = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (String id : config.settings().transportOrder()) {
      TransportProvider t = available.get(id);
      if (t == null) {
        problems.add(
            "transportOrder names '"
                + id
                + "', which is not a transport of this adapter (available: "
                + String.join(", ", available.keySet())
                + ")");
      } else {
        ordered.add(t);
      }
    }
    if (!problems.isEmpty()) {
      throw new ResourceAdapterInternalException(RaLog.spoolerConfigurationInvalid(problems));
    }
    WorkManager workManager = context.getWorkManager();
    SpoolerRuntime[] self = new SpoolerRuntime[1];
    Executor deliveries = task -> self[0].runDelivery(workManager, task);
    Spooler spooler = new Spooler(store, config.settings(), ordered, deliveries, config.threads());
    SpoolerRuntime runtime = new SpoolerRuntime(spooler, ordered);
    self[0] = runtime;
    try {
      spooler.startTransports(config.transportSettings());
    } catch (RuntimeException e) {
      spooler.close();
      throw new ResourceAdapterInternalException(RaLog.transportDidNotStart(e), e);
    }
    configureSubmit(store, ordered, config);
    try {
      workManager.scheduleWork(runtime.new LoopWork(), WorkManager.INDEFINITE, null, null);
    } catch (WorkException e) {
      spooler.close();
      throw new ResourceAdapterInternalException(RaLog.spoolerNotScheduled(e), e);
    }
    RaLog.spoolerStarted(
        config.settings().owner(),
        ordered.stream().map(TransportProvider::id).toList(),
        config.threads());
    return runtime;
  }

  /** Tells submit() which address types the transports claim, and couples the local transport. */
  private static void configureSubmit(
      MessageStore store, List<TransportProvider> transports, SpoolerConfig config) {
    Set<String> types = new HashSet<>();
    boolean claimsAll = false;
    for (TransportProvider t : transports) {
      if (t.addressTypes() == null) {
        claimsAll = true;
      } else {
        types.addAll(t.addressTypes());
      }
    }
    store.submitSupport().setClaimedAddressTypes(types, claimsAll);
    if (transports.stream().anyMatch(t -> t.id().equals("local"))) {
      Set<String> domains =
          LocalMailboxTransport.parseDomains(
              config.transportSettings().get(ConfigProperties.LOCAL_DOMAINS.name()));
      store.submitSupport().setCoupledTransport(new LocalCoupling(domains));
    }
  }

  /** A delivery runs as its own short work; once stopping began nothing new is scheduled. */
  private void runDelivery(WorkManager workManager, Runnable task) {
    if (stopping) {
      task.run();
      return;
    }
    try {
      workManager.scheduleWork(new DeliveryWork(task));
    } catch (WorkException | RuntimeException e) {
      // The WorkManager is full or shutting down: deliver on the spooler's own thread instead.
      task.run();
    }
  }

  /**
   * Stops the loop and waits up to {@code timeoutMs} for it to end; the loop releases its locks on
   * the way out. Returns whether it ended in time.
   */
  boolean stop(long timeoutMs) {
    stopping = true;
    spooler.stop();
    boolean ended;
    try {
      ended = loopEnded.await(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ended = false;
    }
    if (!ended) {
      RaLog.spoolerStopSlow(timeoutMs);
      spooler.releaseLocks();
    }
    spooler.close();
    return ended;
  }

  SpoolerCounters counters() {
    return counters;
  }

  Spooler spooler() {
    return spooler;
  }

  /** The SMTP transport's flow control now, one line each, for the Spooler MBean. */
  String[] flowControl() {
    for (TransportProvider t : transports) {
      if (t instanceof SmtpTransport smtp && smtp.flowView() != null) {
        return smtp.flowView().lines();
      }
    }
    return new String[0];
  }

  /** The spooler loop: long-running, so the container gives it a thread of its own. */
  private final class LoopWork implements Work, WorkContextProvider {

    @Override
    public void run() {
      try {
        spooler.run();
      } finally {
        loopEnded.countDown();
      }
    }

    @Override
    public void release() {
      spooler.stop();
    }

    @Override
    public List<WorkContext> getWorkContexts() {
      HintsContext hints = new HintsContext();
      hints.setName("MsgStore spooler");
      hints.setHint(HintsContext.LONGRUNNING_HINT, Boolean.TRUE);
      return List.of(hints);
    }
  }

  /** One message's delivery. */
  private static final class DeliveryWork implements Work {
    private final Runnable task;

    DeliveryWork(Runnable task) {
      this.task = task;
    }

    @Override
    public void run() {
      task.run();
    }

    @Override
    public void release() {
      // A delivery ends by itself within the transports' timeouts.
    }
  }
}
