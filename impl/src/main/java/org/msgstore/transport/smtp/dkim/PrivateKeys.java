package org.msgstore.transport.smtp.dkim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * Reads a DKIM private key from a PKCS#8 PEM file or a keystore entry and checks it can sign
 * rsa-sha256. The errors say what to do (convert the file, make a longer key) and never carry key
 * material: only the file or alias and the kind of problem.
 */
final class PrivateKeys {
  /** RFC 8301: verifiers must not accept shorter RSA keys. */
  static final int MIN_RSA_BITS = 1024;

  private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
  private static final String END = "-----END PRIVATE KEY-----";

  private PrivateKeys() {}

  /** The RSA key of an unencrypted PKCS#8 PEM file ({@code BEGIN PRIVATE KEY}). */
  static RSAPrivateKey fromPem(Path file) throws KeyProblem {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new KeyProblem("cannot read " + file + " (" + e.getClass().getSimpleName() + ")", e);
    }
    if (text.contains("BEGIN RSA PRIVATE KEY")) {
      throw new KeyProblem(
          file
              + " is a PKCS#1 key; convert it to PKCS#8 with openssl pkcs8 -topk8 -nocrypt -in"
              + " OLD.pem -out NEW.pem");
    }
    if (text.contains("BEGIN ENCRYPTED PRIVATE KEY")) {
      throw new KeyProblem(
          file
              + " is encrypted; give an unencrypted PKCS#8 file readable by the server only, or"
              + " put the key in dkimKeyStore");
    }
    int begin = text.indexOf(BEGIN);
    int end = text.indexOf(END);
    if (begin < 0 || end < begin) {
      throw new KeyProblem(file + " holds no PEM private key (" + BEGIN + ")");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(text.substring(begin + BEGIN.length(), end));
    } catch (IllegalArgumentException e) {
      throw new KeyProblem(file + " has a damaged PEM body (not base64)");
    }
    return rsa(decode(der, file.toString()), file.toString());
  }

  /** The RSA key under {@code alias} in the keystore {@code file}. */
  static RSAPrivateKey fromKeyStore(Path file, char[] password, String alias) throws KeyProblem {
    String where = "keystore:" + alias + " in " + file;
    Key key;
    try {
      KeyStore store = KeyStore.getInstance(file.toFile(), password);
      if (!store.containsAlias(alias)) {
        throw new KeyProblem(file + " has no entry " + alias);
      }
      key = store.getKey(alias, password);
    } catch (IOException | GeneralSecurityException e) {
      // The keystore's own message (wrong password, unknown format) has no key material.
      throw new KeyProblem("cannot open " + where + ": " + e.getMessage(), e);
    }
    if (!(key instanceof PrivateKey)) {
      throw new KeyProblem(where + " is not a private key entry");
    }
    return rsa((PrivateKey) key, where);
  }

  private static PrivateKey decode(byte[] der, String where) throws KeyProblem {
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    try {
      return KeyFactory.getInstance("RSA").generatePrivate(spec);
    } catch (GeneralSecurityException notRsa) {
      try {
        return KeyFactory.getInstance("Ed25519").generatePrivate(spec);
      } catch (GeneralSecurityException neither) {
        throw new KeyProblem(where + " is not a PKCS#8 RSA private key");
      }
    }
  }

  private static RSAPrivateKey rsa(PrivateKey key, String where) throws KeyProblem {
    if (!(key instanceof RSAPrivateKey rsa)) {
      throw new KeyProblem(
          where
              + " is an "
              + key.getAlgorithm()
              + " key, but MsgStore signs with rsa-sha256 only: give an RSA key of 2048 bits");
    }
    int bits = rsa.getModulus().bitLength();
    if (bits < MIN_RSA_BITS) {
      throw new KeyProblem(
          where + " is a " + bits + "-bit RSA key; receivers refuse less than 1024, use 2048");
    }
    return rsa;
  }
}
