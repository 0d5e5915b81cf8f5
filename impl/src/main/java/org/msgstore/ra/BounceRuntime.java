package org.msgstore.ra;

import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.ResourceAdapterInternalException;
import jakarta.resource.spi.UnavailableException;
import jakarta.resource.spi.work.HintsContext;
import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkContext;
import jakarta.resource.spi.work.WorkContextProvider;
import jakarta.resource.spi.work.WorkException;
import jakarta.resource.spi.work.WorkManager;
import java.util.List;
import java.util.Timer;
import javax.management.JMException;
import javax.management.ObjectName;
import org.msgstore.bounce.BounceIntake;
import org.msgstore.bounce.BounceLog;
import org.msgstore.bounce.IntakeSettings;
import org.msgstore.bounce.SuppressionAdmin;
import org.msgstore.ra.management.BounceIntakeStatus;
import org.msgstore.ra.management.Spooler;
import org.msgstore.ra.management.SuppressionListAdmin;
import org.msgstore.store.MessageStore;

/**
 * What the adapter runs for late reports: the suppression list's administration MBean (always),
 * and, where {@code bounceMailbox} is set and the spooler runs, the bounce intake as one
 * long-running {@link Work} on the connector's WorkManager with its counters' MBean. {@link #stop}
 * ends the intake within a bound and unregisters both.
 */
final class BounceRuntime {
  /** How long stop() waits for the intake to leave the mailbox. */
  static final long STOP_TIMEOUT_MS = 5_000;

  private final BounceIntake intake;
  private final Timer timer;
  private final ObjectName suppressionMBean;
  private final ObjectName intakeMBean;

  private BounceRuntime(
      BounceIntake intake, Timer timer, ObjectName suppressionMBean, ObjectName intakeMBean) {
    this.intake = intake;
    this.timer = timer;
    this.suppressionMBean = suppressionMBean;
    this.intakeMBean = intakeMBean;
  }

  /**
   * Sets the suppression list's expiry, registers its MBean, and schedules the intake when {@code
   * settings} asks for one.
   */
  static BounceRuntime start(MessageStore store, AdapterSettings settings, BootstrapContext context)
      throws ResourceAdapterInternalException {
    store.suppressionList().setReportExpiry(settings.suppressionExpiry());
    BounceIntake intake = null;
    Timer timer = null;
    IntakeSettings wanted = settings.bounceIntake().orElse(null);
    if (wanted != null && settings.spooler().enabled()) {
      timer = timer(context);
      intake = new BounceIntake(store, wanted, timer);
      try {
        context
            .getWorkManager()
            .scheduleWork(new IntakeWork(intake), WorkManager.INDEFINITE, null, null);
      } catch (WorkException e) {
        if (timer != null) {
          timer.cancel(); // the intake that would have cancelled it never runs
        }
        throw new ResourceAdapterInternalException(BounceLog.intakeNotScheduled(e), e);
      }
    }
    ObjectName suppression = null;
    ObjectName counters = null;
    try {
      suppression = SuppressionListAdmin.register(new SuppressionAdmin(store));
      if (intake != null) {
        counters = BounceIntakeStatus.register(wanted.mailbox(), intake.counters());
      }
    } catch (JMException | RuntimeException e) {
      // Then only not visible over JMX: never a reason to refuse to start.
      BounceLog.mbeanFailed(
          suppression == null ? SuppressionListAdmin.OBJECT_NAME : BounceIntakeStatus.OBJECT_NAME,
          e);
    }
    return new BounceRuntime(intake, timer, suppression, counters);
  }

  /** The container's timer, which bounds an IDLE; null when the container has none to give. */
  private static Timer timer(BootstrapContext context) {
    try {
      return context.createTimer();
    } catch (UnavailableException | RuntimeException e) {
      return null;
    }
  }

  /** The intake, or null when none runs on this server. */
  BounceIntake intake() {
    return intake;
  }

  void stop() {
    Spooler.unregister(intakeMBean);
    Spooler.unregister(suppressionMBean);
    if (intake != null) {
      intake.stop(STOP_TIMEOUT_MS);
    }
    if (timer != null) {
      timer.cancel(); // also when the container never ran the intake's work
    }
  }

  /** The intake's loop: long-running, so the container gives it a thread of its own. */
  private static final class IntakeWork implements Work, WorkContextProvider {
    private final BounceIntake intake;

    IntakeWork(BounceIntake intake) {
      this.intake = intake;
    }

    @Override
    public void run() {
      intake.run();
    }

    @Override
    public void release() {
      intake.requestStop();
    }

    @Override
    public List<WorkContext> getWorkContexts() {
      HintsContext hints = new HintsContext();
      hints.setName("MsgStore bounce intake");
      hints.setHint(HintsContext.LONGRUNNING_HINT, Boolean.TRUE);
      return List.of(hints);
    }
  }
}
