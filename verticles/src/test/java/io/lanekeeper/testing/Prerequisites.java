package io.lanekeeper.testing;

import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs from the machine (the trained models, a browser, a broker's binary, a native library). On a
 * developer's machine a missing one skips the test with what to install; under {@code CI=true} it fails the test,
 * so that a run in which a test could not run never reads as a pass. {@code scripts/test} installs all of them.
 */
public final class Prerequisites {

  private Prerequisites() {
  }

  /** Whether this run is CI's: {@code CI=true} in the environment, or {@code -Dlanekeeper.ci=true}. */
  public static boolean ci() {
    return "true".equals(System.getenv("CI")) || Boolean.getBoolean("lanekeeper.ci");
  }

  /** Goes on when {@code present}; else skips the test, or fails it in CI, saying what is missing. */
  public static void need(boolean present, String what) {
    if (present) {
      return;
    }
    if (ci()) {
      throw new AssertionError("missing in CI, where every test must run: " + what);
    }
    Assumptions.abort(what + ": test skipped");
  }
}
