package org.msgstore.transport.smtp.dkim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.testing.DkimKeys;

/**
 * The DKIM settings are checked, and every key read, at start: each problem is named with its
 * setting and entry, all in one exception, and no message ever carries key material.
 */
class DkimSettingsTest {
  static KeyPair rsa;

  @TempDir Path dir;

  @BeforeAll
  static void key() {
    rsa = DkimKeys.rsa(2048);
  }

  private Path pem(String name, String text) throws Exception {
    return Files.writeString(dir.resolve(name), text, StandardCharsets.US_ASCII);
  }

  private static String refused(Map<String, String> settings) {
    MapiException e = assertThrows(MapiException.class, () -> DkimSettings.parse(settings));
    assertEquals(MapiError.MAPI_E_INVALID_PARAMETER, e.error());
    return e.getMessage();
  }

  @Test
  void entries_name_their_domain_selector_and_key_and_international_domains_are_kept_as_a_labels()
      throws Exception {
    Path key = pem("k.pem", DkimKeys.pem(rsa.getPrivate()));
    DkimSettings s =
        DkimSettings.parse(
            Map.of("dkimKeys", " Example.COM=S2026:" + key + ",\n bücher.example=sel1:" + key));
    assertEquals("s2026", s.domains.get("example.com").selector());
    assertEquals(key.toString(), s.domains.get("example.com").key().source());
    assertEquals("sel1", s.domains.get("xn--bcher-kva.example").selector());
    assertFalse(s.required);
  }

  @Test
  void no_setting_means_no_signing() {
    DkimSettings s = DkimSettings.parse(Map.of());
    assertTrue(s.domains.isEmpty());
  }

  @Test
  void every_bad_entry_is_named_in_one_exception() throws Exception {
    String m =
        refused(
            Map.of(
                "dkimKeys",
                "example.com, shop.example=s1:relative/key.pem, nodot=s1:/k.pem,"
                    + " other.example=bad_selector!:/k.pem, x.example=s1:keystore:shop",
                "dkimRequired",
                "maybe"));
    assertTrue(m.contains("6 problem(s)"), m);
    assertTrue(m.contains("dkimKeys entry 'example.com' is not domain=selector:key"), m);
    assertTrue(m.contains("'relative/key.pem' is not an absolute path"), m);
    assertTrue(m.contains("'nodot' is not a domain name"), m);
    assertTrue(m.contains("'bad_selector!' is not a selector"), m);
    assertTrue(m.contains("names a keystore key but dkimKeyStore is not set"), m);
    assertTrue(m.contains("dkimRequired is 'maybe' but must be true or false"), m);
  }

  @Test
  void a_missing_key_file_fails_the_start_naming_the_entry_and_the_file() {
    Path missing = dir.resolve("gone.pem");
    String m = refused(Map.of("dkimKeys", "example.com=s1:" + missing));
    assertTrue(m.contains("dkimKeys entry 'example.com=s1:" + missing + "'"), m);
    assertTrue(m.contains("cannot read " + missing + " (NoSuchFileException)"), m);
  }

  @Test
  void a_pkcs1_file_is_refused_with_the_command_that_converts_it() throws Exception {
    Path key =
        pem(
            "old.pem",
            "-----BEGIN RSA PRIVATE KEY-----\nMIIEow==\n-----END RSA PRIVATE KEY-----\n");
    String m = refused(Map.of("dkimKeys", "example.com=s1:" + key));
    assertTrue(m.contains("is a PKCS#1 key; convert it to PKCS#8 with openssl pkcs8 -topk8"), m);
  }

  @Test
  void an_ed25519_key_is_refused_because_the_library_signs_rsa_sha256_only() throws Exception {
    Path key = pem("ed.pem", DkimKeys.pem(DkimKeys.ed25519().getPrivate()));
    String m = refused(Map.of("dkimKeys", "example.com=s1:" + key));
    assertTrue(m.contains("is an EdDSA key, but MsgStore signs with rsa-sha256 only"), m);
  }

  @Test
  void an_rsa_key_shorter_than_1024_bits_is_refused() throws Exception {
    Path key = pem("short.pem", DkimKeys.pem(DkimKeys.rsa(512).getPrivate()));
    String m = refused(Map.of("dkimKeys", "example.com=s1:" + key));
    assertTrue(m.contains("is a 512-bit RSA key; receivers refuse less than 1024"), m);
  }

  @Test
  void a_damaged_key_file_is_refused_without_showing_its_content() throws Exception {
    Path key =
        pem(
            "damaged.pem",
            "-----BEGIN PRIVATE KEY-----\nU0VDUkVUU0VDUkVUU0VDUkVU\n-----END PRIVATE KEY-----\n");
    String m = refused(Map.of("dkimKeys", "example.com=s1:" + key));
    assertTrue(m.contains(key + " is not a PKCS#8 RSA private key"), m);
    assertFalse(m.contains("U0VDUkVU"), m);
    assertFalse(m.contains("SECRET"), m);
  }

  @Test
  void a_wrong_keystore_password_is_refused_without_showing_the_password() throws Exception {
    Path store = dir.resolve("k.p12");
    java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    try (var out = Files.newOutputStream(store)) {
      ks.store(out, "right-pass".toCharArray());
    }
    String m =
        refused(
            Map.of(
                "dkimKeys", "example.com=s1:keystore:shop",
                "dkimKeyStore", store.toString(),
                "dkimKeyStorePassword", "wrong-pass"));
    assertTrue(m.contains("cannot open keystore:shop in " + store), m);
    assertFalse(m.contains("wrong-pass"), m);
  }

  @Test
  void a_domain_named_twice_and_dkimRequired_without_keys_are_refused() throws Exception {
    Path key = pem("k.pem", DkimKeys.pem(rsa.getPrivate()));
    String twice = refused(Map.of("dkimKeys", "example.com=a:" + key + ",EXAMPLE.com=b:" + key));
    assertTrue(twice.contains("dkimKeys names the domain example.com twice"), twice);
    String required = refused(Map.of("dkimRequired", "true"));
    assertTrue(required.contains("dkimRequired is true but dkimKeys is empty"), required);
  }
}
