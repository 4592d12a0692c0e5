package io.lanekeeper.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * API tokens as the controller knows them: by the SHA-256 of the secret, never the secret itself. The launcher's
 * {@code lanekeeper token NAME ROLE} makes one; {@code http.tokens} holds its hash; a presented token is hashed and
 * compared.
 */
public final class ApiTokens {

  /** Roles a token may have, least first (the same names as the accounts'). */
  public static final List<String> ROLES = List.of("viewer", "operator", "admin");

  private ApiTokens() {
  }

  /** The hex SHA-256 of a token's UTF-8 bytes, as {@code http.tokens} holds it. */
  public static String sha256Hex(String token) {
    return HexFormat.of().formatHex(sha256(token));
  }

  /** The SHA-256 of a token's UTF-8 bytes: what a presented token is compared by. */
  public static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no SHA-256 in this JVM", e);
    }
  }
}
