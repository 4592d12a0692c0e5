package io.lanekeeper.config;

/** Invalid configuration: the message names the key and what is wrong with it. */
public class ConfigException extends RuntimeException {

  private final String key;
  private final String problem;

  public ConfigException(String key, String problem) {
    super("configuration key '" + key + "': " + problem);
    this.key = key;
    this.problem = problem;
  }

  /** What is wrong, without the key. */
  public String problem() {
    return problem;
  }

  public String key() {
    return key;
  }
}
