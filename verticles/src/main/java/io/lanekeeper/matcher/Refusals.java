package io.lanekeeper.matcher;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The vehicles this matcher refused lately, which an operator may still open the barrier for: a manual open that
 * names one is checked against it (same lane, not too old, not opened for already) and counts the vehicle into or
 * out of the lot as an automatic open would. Bounded in number and age: a vehicle refused an hour ago is not at the
 * barrier any more. One thread owns an instance.
 */
final class Refusals {

  /** How long after its refusal a vehicle may be let through on its decision. */
  static final Duration MAX_AGE = Duration.ofHours(1);
  static final int MAX_REMEMBERED = 1000;

  /** What {@link #check} finds: the refusal to act on, or the problem. */
  sealed interface Check permits Refused, Problem {
  }

  /** A refused vehicle: where, what was read (normalised; null when unreadable), when, and whether deny-listed. */
  record Refused(UUID vehicle, String lane, String plate, Instant at, boolean denyListed) implements Check {
  }

  /** Why an open for a vehicle cannot go ahead: an HTTP-like code and words for the operator. */
  record Problem(int code, String message) implements Check {
  }

  private final Map<UUID, Refused> refused = new LinkedHashMap<>(64, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<UUID, Refused> e) {
      return size() > MAX_REMEMBERED;
    }
  };
  private final Set<UUID> opening = new HashSet<>();

  void refused(UUID vehicle, String lane, String plate, Instant at, boolean denyListed) {
    refused.put(vehicle, new Refused(vehicle, lane, plate, at, denyListed));
  }

  /** The refusal an open for the vehicle at the lane would act on, or a problem saying why there is none. */
  Check check(UUID vehicle, String lane, Instant now) {
    Refused r = refused.get(vehicle);
    if (r == null) {
      return new Problem(404, "vehicle " + vehicle + " is not a refusal this controller remembers (allowed, decided"
          + " elsewhere, or before a restart): open the barrier without naming it");
    }
    if (!r.lane().equals(lane)) {
      return new Problem(400, "vehicle " + vehicle + " was refused at lane " + r.lane() + ", not " + lane);
    }
    if (Duration.between(r.at(), now).compareTo(MAX_AGE) > 0) {
      refused.remove(vehicle);
      return new Problem(404, "vehicle " + vehicle + " was refused more than " + MAX_AGE.toMinutes()
          + " minutes ago: open the barrier without naming it");
    }
    if (r.denyListed()) {
      // a deny-listed plate never gets in on its own refusal: the deny entry is an admin's to lift
      return new Problem(403, "vehicle " + vehicle + " is deny-listed (" + r.plate() + "): it is not let in on its "
          + "refusal; an admin removes the deny entry first");
    }
    if (opening.contains(vehicle)) {
      return new Problem(409, "the barrier is already being opened for vehicle " + vehicle);
    }
    return r;
  }

  /** An open for the vehicle was sent; no second one until it is done. */
  void opening(UUID vehicle) {
    opening.add(vehicle);
  }

  /** The open is done: the vehicle went through and is no longer waiting. */
  void opened(UUID vehicle) {
    opening.remove(vehicle);
    refused.remove(vehicle);
  }

  /** The open failed: the vehicle is still waiting and may be opened for again. */
  void failed(UUID vehicle) {
    opening.remove(vehicle);
  }

  int size() {
    return refused.size();
  }
}
