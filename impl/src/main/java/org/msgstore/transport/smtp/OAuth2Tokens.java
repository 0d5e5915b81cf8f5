package org.msgstore.transport.smtp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Reads {@code smtpOAuth2Token} into the {@link SmtpTokenSource} to log in with: the token itself,
 * {@code file:/absolute/path} (read at each login, so a refresher can keep the file current), or
 * {@code provider:<id>} (a source found with {@link ServiceLoader} next to the adapter).
 */
final class OAuth2Tokens {
  private static final String FILE = "file:";
  private static final String PROVIDER = "provider:";

  private OAuth2Tokens() {}

  /** The source, or null for a password login; problems are added, never naming the token. */
  static SmtpTokenSource parse(String value, List<String> problems) {
    if (value == null) {
      return null;
    }
    if (value.startsWith(FILE)) {
      Path file = Path.of(value.substring(FILE.length()));
      if (!file.isAbsolute()) {
        problems.add("smtpOAuth2Token " + value + " must name an absolute path");
        return null;
      }
      return new FromFile(file);
    }
    if (value.startsWith(PROVIDER)) {
      String id = value.substring(PROVIDER.length()).trim();
      List<String> available = new ArrayList<>();
      for (SmtpTokenSource s :
          ServiceLoader.load(SmtpTokenSource.class, OAuth2Tokens.class.getClassLoader())) {
        if (s.id().equals(id)) {
          return s;
        }
        available.add(s.id());
      }
      problems.add(
          "smtpOAuth2Token names the token source provider:"
              + id
              + ", but the adapter has none with that id (available: "
              + (available.isEmpty() ? "none" : String.join(", ", available))
              + ")");
      return null;
    }
    return new Fixed(value);
  }

  /** The token given in the setting; for tests and short-lived set-ups. */
  private record Fixed(String token) implements SmtpTokenSource {
    @Override
    public String id() {
      return "setting";
    }

    @Override
    public String accessToken(String user, String relay) {
      return token;
    }

    @Override
    public String toString() {
      return "the token in smtpOAuth2Token";
    }
  }

  /** The file's content, trimmed, read at each login. */
  private record FromFile(Path file) implements SmtpTokenSource {
    @Override
    public String id() {
      return "file";
    }

    @Override
    public String accessToken(String user, String relay) throws IOException {
      String token = Files.readString(file, StandardCharsets.UTF_8).trim();
      if (token.isEmpty()) {
        throw new IOException("the token file " + file + " is empty");
      }
      return token;
    }

    @Override
    public String toString() {
      return "the token file " + file;
    }
  }
}
