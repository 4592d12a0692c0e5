package io.lanekeeper.agent;

import io.lanekeeper.app.SiteCertificates;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * {@code lanekeeper site-certs DIR NODE...}: the certificates of a site cluster (docs/site.md). Makes the site's CA in
 * DIR once, and a keystore per named device; prints the password the stores share and the {@code cluster} entries
 * to give each device. Run it on an admin's machine, not on a gate: the CA's key stays there.
 */
public final class SiteCertsCommand {

  private SiteCertsCommand() {
  }

  public static int run(String[] args, PrintStream out) {
    if (args.length < 2) {
      System.err.println("usage: lanekeeper site-certs DIR NODE [NODE...]   (set LANEKEEPER_SITE_PASSWORD to reuse a "
          + "password; a new one is made otherwise)");
      return 2;
    }
    Path dir = Path.of(args[0]);
    List<String> nodes = Arrays.asList(args).subList(1, args.length);
    String password = System.getenv("LANEKEEPER_SITE_PASSWORD");
    boolean made = password == null || password.isBlank();
    if (made) {
      byte[] b = new byte[18];
      new SecureRandom().nextBytes(b);
      password = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
    try {
      SiteCertificates.create(dir, nodes, password);
    } catch (IllegalArgumentException e) {
      System.err.println("site-certs: " + e.getMessage());
      return 2;
    } catch (Exception e) {
      System.err.println("site-certs: " + e.getMessage());
      return 1;
    }
    out.println("in " + dir.toAbsolutePath() + ":");
    out.println("  site-ca.p12      the site's CA with its key: keep it here, off the devices");
    out.println("  site-trust.p12   the CA's certificate: copy it to every device");
    nodes.forEach(n -> out.println("  " + n + ".p12" + " ".repeat(Math.max(1, 13 - n.length()))
        + "the key and certificate of device " + n + ": copy it to that device only"));
    if (made) {
      out.println("the stores' password (not stored anywhere; keep it, it is needed to add a device):");
      out.println("  " + password);
    }
    out.println("each device's configuration: cluster.enabled true, cluster.node its name, cluster.host its address, "
        + "cluster.members every device as host:7800, cluster.keyStore its .p12, cluster.trustStore site-trust.p12, "
        + "both passwords the one above");
    return 0;
  }
}
