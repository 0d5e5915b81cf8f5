package org.msgstore.it;

import java.util.ArrayList;
import java.util.List;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;
import org.msgstore.it.scenario.ServerUnderTest;

/** The WildFly of the run, seen through its management model (client side only). */
final class WildFly implements ServerUnderTest {
  private final ManagementClient management;

  WildFly(ManagementClient management) {
    this.management = management;
  }

  @Override
  public List<String> serverLog() {
    return Management.serverLog(management);
  }

  @Override
  public boolean isProblem(String logLine) {
    return logLine.contains(" ERROR ");
  }

  /** The cached connection manager closed a handle (IJ000100; debug is on, see the setup). */
  @Override
  public void assertNoLeakedHandles() {
    Management.assertNoLeakedHandles(management);
  }

  /** From the platform ThreadMXBean through the management model ({@code dump-all-threads}). */
  @Override
  public List<String> adapterThreads() {
    ModelNode op =
        Operations.createOperation(
            "dump-all-threads",
            Operations.createAddress("core-service", "platform-mbean", "type", "threading"));
    op.get("locked-monitors").set(false);
    op.get("locked-synchronizers").set(false);
    List<String> found = new ArrayList<>();
    for (ModelNode thread : Management.execute(management, op).asList()) {
      for (ModelNode frame : thread.get("stack-trace").asListOrEmpty()) {
        String className = frame.get("class-name").asString("");
        if (className.startsWith("org.msgstore.")) {
          found.add(
              thread.get("thread-name").asString()
                  + " at "
                  + className
                  + "."
                  + frame.get("method-name").asString(""));
          break;
        }
      }
    }
    return found;
  }

  /** {@code undeploy msgstore.rar}: the resource-adapter entry stays in the model. */
  @Override
  public void undeployAdapter() {
    Management.execute(
        management,
        Operations.createOperation(
            "undeploy", Operations.createAddress("deployment", MsgStoreAdapterSetup.RAR)));
  }

  /**
   * {@code deploy} of the same archive: the resource-adapter entry (archive=msgstore.rar) still in
   * the model starts the adapter with it; {@code activate()} when it did not.
   */
  @Override
  public void redeployAdapter() {
    int before = serverLog().size();
    Management.execute(
        management,
        Operations.createOperation(
            "deploy", Operations.createAddress("deployment", MsgStoreAdapterSetup.RAR)));
    if (serverLogSince(before).stream().noneMatch(l -> l.contains("MSGS1001"))) {
      MsgStoreAdapterSetup.activate(management);
    }
  }
}
