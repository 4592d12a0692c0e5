package io.lanekeeper.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes (Bouncy Castle), stored in the PHC string format
 * {@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash} so that the parameters travel with each hash and can be raised
 * later without invalidating old ones. The defaults are OWASP's minimum for argon2id (19 MiB, 2 passes): about
 * 60 ms on one core of the 2-core test machine. Hashing is slow on purpose; call it on a worker thread.
 */
public final class Passwords {

  /** Minimum length of a new password; long passphrases beat composition rules. */
  public static final int MIN_LENGTH = 10;
  public static final int MAX_LENGTH = 256;

  private static final int MEMORY_KIB = 19 * 1024;
  private static final int ITERATIONS = 2;
  private static final int PARALLELISM = 1;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  /** A hash to compare against when the user does not exist, so that a wrong name costs as long as a wrong password. */
  private static final String DUMMY = hash("not a password of anyone".toCharArray());

  private Passwords() {
  }

  /** A new salted argon2id hash of the password. */
  public static String hash(char[] password) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    byte[] out = derive(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
    return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$" + B64.encodeToString(salt)
        + "$" + B64.encodeToString(out);
  }

  /** Whether the password matches the stored hash; a null or malformed hash matches nothing (in the same time). */
  public static boolean verify(char[] password, String stored) {
    Parsed p = parse(stored);
    if (p == null) {
      parse(DUMMY).matches(password);
      return false;
    }
    return p.matches(password);
  }

  /** Spends the time of a verification without a user: login answers alike for unknown names and wrong passwords. */
  static void verifyNobody(char[] password) {
    verify(password, DUMMY);
  }

  /** Why a new password is refused, or null when it is acceptable. */
  public static String problem(String password, String userName) {
    if (password == null || password.length() < MIN_LENGTH) {
      return "must be at least " + MIN_LENGTH + " characters";
    }
    if (password.length() > MAX_LENGTH) {
      return "must be at most " + MAX_LENGTH + " characters";
    }
    if (userName != null && password.equalsIgnoreCase(userName)) {
      return "must not be the user name";
    }
    if (password.chars().distinct().count() < 4) {
      return "is too repetitive";
    }
    return null;
  }

  private static byte[] derive(char[] password, byte[] salt, int memory, int iterations, int parallelism, int len) {
    Argon2BytesGenerator g = new Argon2BytesGenerator();
    g.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withMemoryAsKB(memory).withIterations(iterations).withParallelism(parallelism).withSalt(salt).build());
    byte[] out = new byte[len];
    byte[] pw = new String(password).getBytes(StandardCharsets.UTF_8);
    g.generateBytes(pw, out);
    java.util.Arrays.fill(pw, (byte) 0);
    return out;
  }

  private static Parsed parse(String s) {
    if (s == null) {
      return null;
    }
    String[] parts = s.split("\\$");
    // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
    if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) {
      return null;
    }
    try {
      int m = 0;
      int t = 0;
      int p = 0;
      for (String kv : parts[3].split(",")) {
        String[] e = kv.split("=", 2);
        int v = Integer.parseInt(e[1]);
        switch (e[0]) {
          case "m" -> m = v;
          case "t" -> t = v;
          case "p" -> p = v;
          default -> {
            return null;
          }
        }
      }
      // bounds: a stored hash must not make a login allocate gigabytes
      if (m < 8 || m > 1 << 20 || t < 1 || t > 20 || p < 1 || p > 8) {
        return null;
      }
      byte[] salt = B64D.decode(parts[4]);
      byte[] hash = B64D.decode(parts[5]);
      if (salt.length < 8 || hash.length < 16 || hash.length > 64) {
        return null;
      }
      return new Parsed(m, t, p, salt, hash);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private record Parsed(int memory, int iterations, int parallelism, byte[] salt, byte[] hash) {
    boolean matches(char[] password) {
      return MessageDigest.isEqual(hash, derive(password, salt, memory, iterations, parallelism, hash.length));
    }
  }
}
