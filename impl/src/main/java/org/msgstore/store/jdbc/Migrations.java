package org.msgstore.store.jdbc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.resource.LoadableResource;
import org.msgstore.MapiError;
import org.msgstore.MapiException;

/**
 * Applies the schema migrations of a dialect with Flyway.
 *
 * <p>The migration files are listed in {@code db/migration/<dialect>/index.txt} instead of being
 * found by classpath scanning: inside an application server the rar's classes live in a virtual
 * file system that scanners do not all understand, and a listed file is found the same everywhere.
 */
public final class Migrations {

  private Migrations() {}

  /** Brings the schema up to date; returns the schema version now in force. */
  public static String apply(Dialect dialect, DataSource dataSource, StoreSchema schema) {
    return apply(dialect, dataSource, schema, "latest");
  }

  /**
   * Brings the schema up to version {@code target} ("latest" for all): tests build a store as an
   * older release left it and then migrate it.
   */
  static String apply(Dialect dialect, DataSource dataSource, StoreSchema schema, String target) {
    String folder = "db/migration/" + dialect.name();
    ClassLoader loader = Migrations.class.getClassLoader();
    try {
      FluentConfiguration configuration =
          Flyway.configure(loader)
              .dataSource(dataSource)
              .table("msgstore_schema_history")
              .resourceProvider(new IndexedResources(loader, folder))
              .failOnMissingLocations(false)
              .target(target);
      if (!schema.isDefault()) {
        // Flyway creates the schema, makes it the current one while the migrations run (so they
        // create their tables in it unqualified) and keeps its history table there.
        String name = dialect.storedIdentifier(schema.name());
        configuration = configuration.schemas(name).defaultSchema(name);
      }
      MigrateResult result = configuration.load().migrate();
      String version =
          result.targetSchemaVersion != null
              ? result.targetSchemaVersion
              : result.initialSchemaVersion;
      StoreLog.schemaMigrated(version, result.migrationsExecuted);
      return version;
    } catch (RuntimeException e) {
      throw new MapiException(
          MapiError.MAPI_E_CORRUPT_STORE,
          "the store schema could not be migrated ("
              + e.getMessage()
              + "); check that the store's database is reachable and that its user may create tables"
              + (schema.isDefault() ? "" : " and the schema " + schema.name()),
          e);
    }
  }

  /** Serves the files named in the folder's index, in the given class loader. */
  private static final class IndexedResources implements ResourceProvider {
    private final ClassLoader loader;
    private final String folder;
    private final List<LoadableResource> resources;

    IndexedResources(ClassLoader loader, String folder) {
      this.loader = loader;
      this.folder = folder;
      this.resources = readIndex();
    }

    private List<LoadableResource> readIndex() {
      String index = folder + "/index.txt";
      InputStream in = loader.getResourceAsStream(index);
      if (in == null) {
        throw new IllegalStateException("no migration index " + index + " on the class path");
      }
      List<LoadableResource> list = new ArrayList<>();
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          String name = line.strip();
          if (!name.isEmpty() && !name.startsWith("#")) {
            list.add(new ClassPathFile(loader, folder, name));
          }
        }
      } catch (IOException e) {
        throw new IllegalStateException("cannot read " + index, e);
      }
      return list;
    }

    @Override
    public LoadableResource getResource(String name) {
      return resources.stream()
          .filter(r -> r.getFilename().equals(name) || r.getRelativePath().equals(name))
          .findFirst()
          .orElse(null);
    }

    @Override
    public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
      List<LoadableResource> matching = new ArrayList<>();
      for (LoadableResource r : resources) {
        if (!r.getFilename().startsWith(prefix)) {
          continue;
        }
        for (String suffix : suffixes) {
          if (r.getFilename().endsWith(suffix)) {
            matching.add(r);
            break;
          }
        }
      }
      return matching;
    }
  }

  private static final class ClassPathFile extends LoadableResource {
    private final ClassLoader loader;
    private final String path;
    private final String name;

    ClassPathFile(ClassLoader loader, String folder, String name) {
      this.loader = loader;
      this.path = folder + "/" + name;
      this.name = name;
    }

    @Override
    public Reader read() {
      InputStream in = loader.getResourceAsStream(path);
      if (in == null) {
        throw new IllegalStateException("migration " + path + " is listed but missing");
      }
      return new InputStreamReader(in, StandardCharsets.UTF_8);
    }

    @Override
    public String getAbsolutePath() {
      return path;
    }

    @Override
    public String getAbsolutePathOnDisk() {
      return path;
    }

    @Override
    public String getFilename() {
      return name;
    }

    @Override
    public String getRelativePath() {
      return name;
    }
  }
}
