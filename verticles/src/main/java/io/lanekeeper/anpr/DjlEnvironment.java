package io.lanekeeper.anpr;

/**
 * DJL settings that must be in place before its engines load. A gate runs offline: DJL may not download
 * engines, natives or models, and the OnnxRuntime engine may not fetch PyTorch as its "alternative engine"
 * for NDArray operations (the translators do their pixel work in Java, so none is needed).
 */
public final class DjlEnvironment {

  private DjlEnvironment() {
  }

  public static synchronized void prepare(AnprConfig cfg) {
    if (cfg.offline()) {
      System.setProperty("ai.djl.offline", "true");
    }
    System.setProperty("ai.djl.onnx.disable_alternative", "true");
    if (System.getProperty("OPT_OUT_TRACKING") == null) {
      System.setProperty("OPT_OUT_TRACKING", "true");
    }
  }
}
