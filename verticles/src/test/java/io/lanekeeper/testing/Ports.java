package io.lanekeeper.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/** Ports for servers a test starts itself (a broker, a camera, a site's devices) some time after it picks them. */
public final class Ports {

  /** Ports handed out by {@link #freePort} in this JVM: none twice, even before its server binds it. */
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
  private static final int LOWEST_PORT = 10000;

  private Ports() {
  }

  /**
   * A port no one listens on, below the kernel's ephemeral range ({@code ip_local_port_range}) where there is room:
   * a port of that range (what {@code new ServerSocket(0)} gives) can be taken by any outgoing connection, a database
   * pool's or a browser's, between the pick and the server's bind, seconds later (SiteControllersTest failed so
   * once: "No available port to bind to in range [36307 .. 36307]"). Outgoing connections never take a port below
   * the range.
   */
  public static int freePort() {
    int ephemeralLow = ephemeralLow();
    for (int i = 0; i < 200 && ephemeralLow > LOWEST_PORT + 1000; i++) {
      int p = LOWEST_PORT + ThreadLocalRandom.current().nextInt(ephemeralLow - LOWEST_PORT);
      if (!HANDED_OUT.contains(p) && bindable(p) && HANDED_OUT.add(p)) {
        return p;
      }
    }
    try (ServerSocket s = new ServerSocket(0)) {
      HANDED_OUT.add(s.getLocalPort());
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first port of the kernel's ephemeral range, or 0 when it cannot be read (not Linux). */
  private static int ephemeralLow() {
    try {
      return Integer.parseInt(Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim()
          .split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  private static boolean bindable(int port) {
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
