package io.lanekeeper.synth;

import io.lanekeeper.plates.PlateProfile;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/** Draws profiles by weight (1 unless {@code --weights} says otherwise). */
final class ProfileSampler {

  private final List<PlateProfile> profiles;
  private final double[] cumulative;

  ProfileSampler(List<PlateProfile> profiles, Map<String, Double> weights) {
    this.profiles = List.copyOf(profiles);
    this.cumulative = new double[profiles.size()];
    double sum = 0;
    for (int i = 0; i < profiles.size(); i++) {
      sum += weights.getOrDefault(profiles.get(i).id(), 1.0);
      cumulative[i] = sum;
    }
  }

  PlateProfile pick(RandomGenerator rnd) {
    double x = rnd.nextDouble() * cumulative[cumulative.length - 1];
    for (int i = 0; i < cumulative.length; i++) {
      if (x < cumulative[i]) {
        return profiles.get(i);
      }
    }
    return profiles.get(profiles.size() - 1);
  }
}
