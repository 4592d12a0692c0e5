package io.lanekeeper.web;

import java.util.List;

/**
 * The languages of the browser's interface, each an account's choice ({@code users.language}). The page holds a
 * catalog per language ({@code webroot/i18n/<tag>.json}, English being the texts themselves); the API and what it
 * sends to scripts, MQTT, e-mail and logs stay in English.
 */
final class Languages {

  static final String DEFAULT = "en";
  static final List<String> SUPPORTED = List.of(DEFAULT, "pt-BR");

  private Languages() {
  }

  /** The language a request names in {@code field}: absent is {@code fallback}; anything unsupported is refused. */
  static String of(Object v, String field, String fallback) {
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof String s) || !SUPPORTED.contains(s)) {
      throw ApiError.invalid(field, "must be one of " + String.join(", ", SUPPORTED));
    }
    return s;
  }
}
