package io.lanekeeper.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The certificates of a site cluster, made with the JDK's keytool (nothing to install): the site's CA
 * ({@code site-ca.p12}, its key: keep it off the devices), the CA certificate every device trusts
 * ({@code site-trust.p12}), and per device a key with a certificate the CA signed ({@code <node>.p12}), good for
 * both ends of a TLS connection. EC P-256 keys; the devices' certificates last 825 days, the CA's ten years.
 */
public final class SiteCertificates {

  static final String CA = "site-ca";
  private static final String PASSWORD_VARIABLE = "LANEKEEPER_KEYTOOL_PASSWORD";
  private static final long KEYTOOL_TIMEOUT_S = 60;

  private SiteCertificates() {
  }

  /** Makes the CA and its trust store in {@code dir} (unless there), then a keystore for each node. */
  public static void create(Path dir, List<String> nodes, String password) throws IOException, InterruptedException {
    for (String node : nodes) {
      if (!node.matches(io.lanekeeper.config.ClusterConfig.NODE_NAME)) {
        throw new IllegalArgumentException("a node's name is letters, digits, dashes and underscores: " + node);
      }
    }
    if (!Files.isDirectory(dir)) {
      // the stores hold private keys: the folder is its owner's alone from the start
      try {
        Files.createDirectories(dir, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
            java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
      } catch (UnsupportedOperationException e) {
        Files.createDirectories(dir);
      }
    }
    Path ca = dir.resolve(CA + ".p12");
    Path caPem = dir.resolve(CA + ".pem");
    Path trust = dir.resolve("site-trust.p12");
    if (!Files.exists(ca)) {
      keytool(password, "-genkeypair", "-alias", CA, "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
          "CN=Lanekeeper site CA", "-ext", "bc:c", "-validity", "3650", "-keystore", ca.toString(), "-storetype",
          "pkcs12");
      ownerOnly(ca);
      keytool(password, "-exportcert", "-rfc", "-alias", CA, "-keystore", ca.toString(), "-file", caPem.toString());
      keytool(password, "-importcert", "-noprompt", "-alias", CA, "-file", caPem.toString(), "-keystore",
          trust.toString(), "-storetype", "pkcs12");
    }
    for (String node : nodes) {
      Path store = dir.resolve(node + ".p12");
      Path csr = dir.resolve(node + ".csr");
      Path pem = dir.resolve(node + ".pem");
      Files.deleteIfExists(store);
      keytool(password, "-genkeypair", "-alias", node, "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
          "CN=" + node, "-validity", "825", "-keystore", store.toString(), "-storetype", "pkcs12");
      ownerOnly(store);
      keytool(password, "-certreq", "-alias", node, "-keystore", store.toString(), "-file", csr.toString());
      keytool(password, "-gencert", "-rfc", "-alias", CA, "-keystore", ca.toString(), "-infile", csr.toString(),
          "-outfile", pem.toString(), "-validity", "825", "-ext", "ku:c=digitalSignature", "-ext",
          "eku=serverAuth,clientAuth");
      keytool(password, "-importcert", "-noprompt", "-alias", CA, "-file", caPem.toString(), "-keystore",
          store.toString());
      keytool(password, "-importcert", "-alias", node, "-file", pem.toString(), "-keystore", store.toString());
      Files.delete(csr);
      Files.delete(pem);
    }
    ownerOnly(ca);
  }

  /** A store with a private key: readable by its owner only, where the file system says who that is. */
  private static void ownerOnly(Path f) throws IOException {
    try {
      Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: its own permissions apply
    }
  }

  private static void keytool(String password, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(List.of(args));
    cmd.add("-storepass:env");
    cmd.add(PASSWORD_VARIABLE);
    ProcessBuilder b = new ProcessBuilder(cmd).redirectErrorStream(true);
    // the password by the environment, not the command line that any user's ps shows
    b.environment().put(PASSWORD_VARIABLE, password);
    Process p = b.start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    if (!p.waitFor(KEYTOOL_TIMEOUT_S, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException("keytool " + args[0] + " failed: " + out.strip());
    }
  }
}
