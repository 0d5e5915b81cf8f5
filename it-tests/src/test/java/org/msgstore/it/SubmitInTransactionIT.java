package org.msgstore.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.api.ServerSetup;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.msgstore.it.scenario.ServerUnderTest;
import org.msgstore.it.scenario.SubmitInTransactionScenarios;

/**
 * {@link SubmitInTransactionScenarios} on WildFly, with the adapter deployed and configured through
 * the management model with the spooler off ({@link MsgStoreAdapterSetup}).
 */
@ExtendWith(ArquillianExtension.class)
@ServerSetup(MsgStoreAdapterSetup.class)
class SubmitInTransactionIT extends SubmitInTransactionScenarios {
  @Deployment(name = APP)
  static WebArchive app() {
    return Deployments.app("submit-it", SubmitInTransactionIT.class, beans());
  }

  @ArquillianResource private ManagementClient management;

  @Override
  protected ServerUnderTest server() {
    return new WildFly(management);
  }

  @Test
  @RunAsClient
  void
      with_no_config_properties_the_adapter_runs_the_embedded_store_under_the_server_data_directory() {
    String started = Management.lastAdapterStart(Management.serverLog(management));
    assertTrue(started.contains("embedded=true"), started);
    assertTrue(
        started.contains(
            "storeDirectory=" + Path.of(Management.dataDirectory(management), "msgstore")),
        started);
    assertTrue(started.contains("WRITE_DELAY=0"), started);
  }
}
