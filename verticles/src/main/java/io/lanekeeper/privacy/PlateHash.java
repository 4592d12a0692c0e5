package io.lanekeeper.privacy;

import io.lanekeeper.config.PrivateFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keyed hash that replaces a plate once it may no longer be read: {@code #} and 20 hex digits of HMAC-SHA256
 * under a key kept on the device ({@code dataDir/privacy-key}, 0600), not in the database. The same plate always
 * gives the same hash, so an admin can still find and erase a person's pseudonymised records by their plate; a copy
 * of the database alone cannot turn a hash back into a plate by trying every plate, which a plain hash would allow
 * (plates are few enough to enumerate).
 */
public final class PlateHash {

  public static final String PREFIX = "#";
  private final byte[] key;

  private PlateHash(byte[] key) {
    this.key = key.clone();
  }

  /** Reads the key, or makes one (32 random bytes) the first time. */
  public static PlateHash load(Path file) throws IOException {
    if (Files.exists(file)) {
      byte[] k = HexFormat.of().parseHex(Files.readString(file, StandardCharsets.US_ASCII).strip());
      if (k.length < 16) {
        throw new IOException(file + " holds a key shorter than 16 bytes");
      }
      return new PlateHash(k);
    }
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    Files.createDirectories(file.toAbsolutePath().getParent());
    PrivateFile.write(file, HexFormat.of().formatHex(k) + "\n");
    return new PlateHash(k);
  }

  public static PlateHash of(byte[] key) {
    return new PlateHash(key);
  }

  public static boolean hashed(String plate) {
    return plate != null && plate.startsWith(PREFIX);
  }

  public String of(String plate) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] h = mac.doFinal(plate.getBytes(StandardCharsets.UTF_8));
      return PREFIX + HexFormat.of().formatHex(h, 0, 10);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
