package io.lanekeeper.matcher;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * When in the week a registered plate may use the gates: windows of days and times of day in the site's time zone
 * (or the schedule's own). A window whose end is before its start runs over midnight into the next day, so a night
 * shift is one window, {@code {"days":["fri"],"from":"22:00","to":"06:00"}}, which also covers Saturday until six.
 *
 * <pre>{"timezone": "America/Sao_Paulo",
 *  "windows": [{"days": ["mon","tue","wed","thu","fri"], "from": "07:00", "to": "19:00"}]}</pre>
 */
public record WeeklySchedule(ZoneId zone, List<Window> windows) {

  static final int MAX_WINDOWS = 28;
  private static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");

  /** Days on which the window starts, and its times; {@code to} at or before {@code from} ends the next day. */
  public record Window(Set<DayOfWeek> days, LocalTime from, LocalTime to) {

    boolean contains(ZonedDateTime t) {
      LocalTime time = t.toLocalTime();
      if (to.isAfter(from)) {
        return days.contains(t.getDayOfWeek()) && !time.isBefore(from) && time.isBefore(to);
      }
      return (days.contains(t.getDayOfWeek()) && !time.isBefore(from))
          || (days.contains(t.getDayOfWeek().minus(1)) && time.isBefore(to));
    }
  }

  /**
   * Parses and validates a schedule.
   *
   * @param zone the zone when the schedule names none (the site's)
   * @throws IllegalArgumentException saying which part is wrong
   */
  public static WeeklySchedule parse(JsonObject j, ZoneId zone) {
    ZoneId z = zone;
    Object tz = j.getValue("timezone");
    if (tz != null) {
      try {
        z = ZoneId.of(String.valueOf(tz));
      } catch (DateTimeException e) {
        throw new IllegalArgumentException("timezone: unknown time zone '" + tz + "'");
      }
    }
    if (!(j.getValue("windows") instanceof JsonArray arr) || arr.isEmpty()) {
      throw new IllegalArgumentException("windows: must be a non-empty list of {days, from, to}");
    }
    if (arr.size() > MAX_WINDOWS) {
      throw new IllegalArgumentException("windows: at most " + MAX_WINDOWS);
    }
    List<Window> windows = new ArrayList<>();
    for (int i = 0; i < arr.size(); i++) {
      String at = "windows[" + i + "]";
      if (!(arr.getValue(i) instanceof JsonObject w)) {
        throw new IllegalArgumentException(at + ": must be an object {days, from, to}");
      }
      if (!(w.getValue("days") instanceof JsonArray days) || days.isEmpty()) {
        throw new IllegalArgumentException(at + ".days: must list days, e.g. [\"mon\",\"tue\"]");
      }
      Set<DayOfWeek> set = EnumSet.noneOf(DayOfWeek.class);
      for (Object d : days) {
        int k = DAYS.indexOf(String.valueOf(d).toLowerCase(Locale.ROOT));
        if (k < 0) {
          throw new IllegalArgumentException(at + ".days: '" + d + "' is not one of " + DAYS);
        }
        set.add(DayOfWeek.of(k + 1));
      }
      windows.add(new Window(set, time(w, at, "from"), time(w, at, "to")));
    }
    return new WeeklySchedule(z, List.copyOf(windows));
  }

  private static LocalTime time(JsonObject w, String at, String key) {
    Object v = w.getValue(key);
    if ("24:00".equals(v)) {
      return LocalTime.MIDNIGHT;
    }
    try {
      return LocalTime.parse(String.valueOf(v));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(at + "." + key + ": must be a time of day HH:MM, got " + v);
    }
  }

  public boolean allows(Instant t) {
    ZonedDateTime local = t.atZone(zone);
    return windows.stream().anyMatch(w -> w.contains(local));
  }

  public JsonObject toJson() {
    JsonArray ws = new JsonArray();
    for (Window w : windows) {
      JsonArray days = new JsonArray();
      w.days().forEach(d -> days.add(DAYS.get(d.getValue() - 1)));
      ws.add(new JsonObject().put("days", days).put("from", w.from().toString()).put("to", w.to().toString()));
    }
    return new JsonObject().put("timezone", zone.getId()).put("windows", ws);
  }
}
