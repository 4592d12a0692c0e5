package io.lanekeeper.agent;

import io.lanekeeper.config.ApiTokens;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;

/**
 * {@code lanekeeper token NAME ROLE}: makes an API token for a device or a script (a push camera, a building system).
 * Prints the secret once, to give to the device, and the {@code http.tokens} entry for the configuration, which holds
 * only the secret's SHA-256: the controller never stores the token itself, so a lost one is replaced, not recovered.
 */
public final class TokenCommand {

  private static final SecureRandom RANDOM = new SecureRandom();

  private TokenCommand() {
  }

  public static int run(String[] args, PrintStream out) {
    if (args.length != 2) {
      System.err.println("usage: lanekeeper token NAME ROLE   (ROLE: " + String.join(", ", ApiTokens.ROLES) + ")");
      return 2;
    }
    String name = args[0].strip();
    String role = args[1].toLowerCase(Locale.ROOT);
    if (!name.matches("[\\p{L}\\p{N} ._-]{1,64}")) {
      System.err.println("token: NAME must be 1 to 64 letters, digits, spaces, '.', '_' or '-'");
      return 2;
    }
    if (!ApiTokens.ROLES.contains(role)) {
      System.err.println("token: ROLE must be one of " + String.join(", ", ApiTokens.ROLES) + ", not '" + args[1]
          + "'");
      return 2;
    }
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    String token = "lk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    JsonObject entry = new JsonObject().put("name", name).put("role", role).put("sha256", ApiTokens.sha256Hex(token));
    out.println("token (give it to the device; it is not stored anywhere and is not shown again):");
    out.println("  " + token);
    out.println("add to http.tokens in the configuration (the device sends 'Authorization: Bearer <token>'):");
    out.println("  " + entry.encode());
    return 0;
  }
}
