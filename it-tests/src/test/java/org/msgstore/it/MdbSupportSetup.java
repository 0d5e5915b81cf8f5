package org.msgstore.it;

import org.jboss.as.arquillian.api.ServerSetupTask;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;

/**
 * Lets MDBs deploy on {@code standalone.xml}. That configuration has no messaging, so the ejb3
 * subsystem defines no {@code default-resource-adapter-name}, and WildFly 39 then refuses
 * <em>every</em> MDB deployment with "service jboss.ejb.default-resource-adapter-name-service not
 * found" — even an MDB that names its adapter with {@code @ResourceAdapter("msgstore.rar")}.
 * Setting the attribute installs that service at runtime (no reload); with msgstore.rar as the
 * value, MDBs that name no adapter get MsgStore's, too. Applications on {@code standalone.xml} need
 * the same one-line CLI step: {@code
 * /subsystem=ejb3:write-attribute(name=default-resource-adapter-name,value=msgstore.rar)}.
 */
public class MdbSupportSetup implements ServerSetupTask {
  private static final ModelNode EJB3 = Operations.createAddress("subsystem", "ejb3");
  private static final String ATTRIBUTE = "default-resource-adapter-name";

  @Override
  public void setup(ManagementClient client, String containerId) {
    Management.execute(
        client,
        Operations.createWriteAttributeOperation(EJB3, ATTRIBUTE, MsgStoreAdapterSetup.RAR));
  }

  @Override
  public void tearDown(ManagementClient client, String containerId) {
    Management.execute(client, Operations.createUndefineAttributeOperation(EJB3, ATTRIBUTE));
  }
}
