package org.msgstore.it.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.msgstore.it.app.HaltingXAResource;

/**
 * The fault ITs' application, {@value #NAME}: {@link FaultsServlet} and the beans behind it,
 * written to a file for {@link StandaloneServer#deploy}. Like every test war it carries no copy of
 * the API: it sees org.msgstore through the rar's module (jca-notes §1.4, P2). (The beans' lookup
 * name is {@link AdapterInstall}'s constant, compiled into them: that class stays out.)
 */
final class FaultsWar {
  static final String NAME = "faults-it.war";

  /** The context path the war's servlet answers under. */
  static final String PATH = "/faults-it";

  private FaultsWar() {}

  /** Writes the war to {@code target/faults/}{@value #NAME} (replacing it); returns the file. */
  static Path write() throws IOException {
    Path file = Path.of("target", "faults", NAME).toAbsolutePath();
    Files.createDirectories(file.getParent());
    ShrinkWrap.create(WebArchive.class, NAME)
        .addClasses(
            FaultsServlet.class,
            MailboxWork.class,
            InDoubtWork.class,
            HaltingXAResource.class,
            HaltingXAResource.Moment.class)
        .setManifest(
            new StringAsset(
                "Manifest-Version: 1.0\nDependencies: deployment." + AdapterInstall.RAR + "\n"))
        .as(ZipExporter.class)
        .exportTo(file.toFile(), true);
    return file;
  }
}
