package io.lanekeeper.anpr;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Turns a model location into a file ONNX Runtime can open. Classpath models are copied once into the cache
 * directory under a name carrying their content hash, so a new jar with new models never reuses stale files.
 */
final class ModelFiles {

  static final String CLASSPATH = "classpath:";

  private ModelFiles() {
  }

  static boolean onClasspath(String location) {
    if (!location.startsWith(CLASSPATH)) {
      return Files.isRegularFile(Path.of(location));
    }
    return ModelFiles.class.getClassLoader().getResource(location.substring(CLASSPATH.length())) != null;
  }

  static Path resolve(String location, Path cacheDir) throws IOException {
    if (!location.startsWith(CLASSPATH)) {
      Path p = Path.of(location);
      if (!Files.isRegularFile(p)) {
        throw new FileNotFoundException("model file " + p.toAbsolutePath() + " does not exist");
      }
      return p;
    }
    String resource = location.substring(CLASSPATH.length());
    byte[] bytes;
    try (InputStream in = ModelFiles.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new FileNotFoundException("classpath resource " + resource + " is missing: this build has no "
            + "trained model (see models/README.md), or set anpr.detector / anpr.ocr to a file");
      }
      bytes = in.readAllBytes();
    }
    String name = Path.of(resource).getFileName().toString();
    String base = name.endsWith(".onnx") ? name.substring(0, name.length() - 5) : name;
    Path target = cacheDir.resolve(base + "-" + sha256(bytes).substring(0, 16) + ".onnx");
    if (Files.isRegularFile(target) && Files.size(target) == bytes.length) {
      return target;
    }
    Files.createDirectories(cacheDir);
    Path tmp = Files.createTempFile(cacheDir, base, ".part");
    Files.write(tmp, bytes);
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return target;
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
