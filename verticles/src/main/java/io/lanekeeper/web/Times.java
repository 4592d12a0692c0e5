package io.lanekeeper.web;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Times a request may give: ISO-8601 with an offset, within {@link #EARLIEST} and {@link #LATEST}. Java parses
 * years from -999999999 to +999999999, PostgreSQL stores 4713 BC to 294276 AD, and the matcher reads neither end
 * back: a deny entry "valid from" 4714 BC was stored and then silently ignored, letting the car in. Nothing a
 * parking site schedules lies outside this range, so a time outside it is a mistake or an attack, refused with a
 * 400 naming the field.
 */
final class Times {

  static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
  static final Instant LATEST = Instant.parse("2100-01-01T00:00:00Z");

  private Times() {
  }

  static OffsetDateTime parse(String field, String text) {
    OffsetDateTime t;
    try {
      t = OffsetDateTime.parse(text);
    } catch (DateTimeParseException e) {
      throw ApiError.invalid(field, "must be an ISO-8601 time with an offset, e.g. 2026-01-31T18:00:00Z");
    }
    Instant i = t.toInstant();
    if (i.isBefore(EARLIEST) || i.isAfter(LATEST)) {
      throw ApiError.invalid(field, "must lie between " + EARLIEST + " and " + LATEST);
    }
    return t;
  }
}
