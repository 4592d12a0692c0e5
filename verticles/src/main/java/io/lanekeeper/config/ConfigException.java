package io.lanekeeper.config;

/** Invalid configuration: the message names the key and what is wrong with it. */
public class ConfigException extends RuntimeException {

  private final String key;

  public ConfigException(String key, String problem) {
    super("configuration key '" + key + "': " + problem);
    this.key = key;
  }

  public String key() {
    return key;
  }
}
