package org.msgstore.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.arjuna.ats.arjuna.recovery.RecoveryManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.as.arquillian.api.ServerSetup;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * XA recovery as configured by the setup (recovery credentials on the connection definition): the
 * server's recovery manager reaches the store through a fresh managed connection (jca-notes P1, §4
 * rule 15) and the scan raises no warning.
 */
@ExtendWith(ArquillianExtension.class)
@ServerSetup({MsgStoreAdapterSetup.class, RecoveryTraceSetup.class})
class XaRecoveryIT {
  @Deployment(name = "app")
  static WebArchive app() {
    // org.jboss.jts: the test drives the server's own recovery manager.
    return Deployments.app("xa-recovery-it", XaRecoveryIT.class)
        .addClass(RecoveryTraceSetup.class)
        .setManifest(
            new StringAsset(
                "Manifest-Version: 1.0\nDependencies: deployment."
                    + MsgStoreAdapterSetup.RAR
                    + ", org.jboss.jts\n"));
  }

  @Test
  @OperateOnDeployment("app")
  void a_recovery_scan_asks_the_store_for_in_doubt_branches_and_logs_no_warning() throws Exception {
    Path log = Path.of(System.getProperty("jboss.server.log.dir"), "server.log");
    int before = Files.readAllLines(log).size();

    // scan() blocks; if a periodic scan is already under way it only waits for that one, which may
    // have begun before the adapter was deployed: the second call is a full scan of our own.
    RecoveryManager.manager().scan();
    RecoveryManager.manager().scan();

    List<String> scan = Files.readAllLines(log).stream().skip(before).toList();
    assertEquals(
        List.of(),
        scan.stream().filter(line -> line.contains(" WARN ") || line.contains(" ERROR ")).toList(),
        "warnings during the recovery scan");
    assertTrue(
        scan.stream()
            .anyMatch(
                line ->
                    line.contains("xarecovery of")
                        && line.contains("jndiName=" + MsgStoreAdapterSetup.JNDI_NAME)),
        "the scan never asked the MsgStore resource:\n" + String.join("\n", scan));
  }
}
