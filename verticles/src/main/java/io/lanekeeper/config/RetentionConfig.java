package io.lanekeeper.config;

import io.vertx.core.json.JsonObject;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;

/**
 * How long the controller keeps what it records ({@code retention}), in days; 0 keeps forever. Defaults a European
 * site can defend (docs/privacy.md).
 *
 * @param readsDays every plate read of every frame ({@code plate_reads}, with their crops)
 * @param eventsDays the decisions on vehicles ({@code events}) and the barrier's actions ({@code gate_actions})
 * @param cropsDays the plate crops kept with the decisions (the rows stay, the image goes)
 * @param framesDays the whole frames kept with the decisions under {@code dataDir/frames}
 * @param unregisteredDays how long the plate text of a vehicle no registration or pass names stays readable before
 *     it is replaced by a keyed hash (and its crop and frame go)
 * @param purgeAt the local time of the daily purge
 */
public record RetentionConfig(int readsDays, int eventsDays, int cropsDays, int framesDays, int unregisteredDays,
                              LocalTime purgeAt) {

  public static final RetentionConfig DEFAULTS = from(new JsonObject());

  public static RetentionConfig from(JsonObject j) {
    String p = "retention.";
    String at = Json.string(j, p, "purgeAt", "03:30");
    LocalTime time;
    try {
      time = LocalTime.parse(at);
    } catch (DateTimeParseException e) {
      throw new ConfigException(p + "purgeAt", "must be a time of day such as 03:30, got '" + at + "'");
    }
    int unregistered = Json.integer(j, p, "unregisteredDays", 7, 0, 36_500);
    return new RetentionConfig(Json.integer(j, p, "readsDays", 7, 0, 36_500),
        Json.integer(j, p, "eventsDays", 365, 0, 36_500), Json.integer(j, p, "cropsDays", 30, 0, 36_500),
        Json.integer(j, p, "framesDays", 7, 0, 36_500), unregistered, time);
  }
}
