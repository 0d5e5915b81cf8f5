package org.msgstore.it;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.msgstore.it.app.Compose;
import org.msgstore.it.app.DeliberateFailure;
import org.msgstore.it.app.StoreProbe;

/** The test application each IT deploys next to the adapter. */
final class Deployments {
  private Deployments() {}

  /**
   * A war with {@code testClass}, the given beans, the composing helper and the {@link StoreProbe}. It carries no copy of the API: it sees
   * org.msgstore through the rar's module, named after the rar's file name (jca-notes §1.4, P2).
   * The setup-task classes are included only so the test class's annotations resolve in the server;
   * they run on the client.
   */
  static WebArchive app(String name, Class<?> testClass, Class<?>... beans) {
    return ShrinkWrap.create(WebArchive.class, name + ".war")
        .addClasses(Compose.class, DeliberateFailure.class, StoreProbe.class)
        .addClasses(beans)
        .addClasses(
            testClass,
            MsgStoreAdapterSetup.class,
            FullyConfiguredAdapterSetup.class,
            SpoolingAdapterSetup.class,
            MdbSupportSetup.class,
            // Only the record: test classes mention it (lambdas in client-side tests become
            // methods JUnit reflects on in the server too); TestSmtp itself stays client-side.
            TestSmtp.Received.class,
            AppDataSourceSetup.class,
            Management.class)
        .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml")
        .setManifest(
            new StringAsset(
                "Manifest-Version: 1.0\nDependencies: deployment." + MsgStoreAdapterSetup.RAR + "\n"));
  }
}
