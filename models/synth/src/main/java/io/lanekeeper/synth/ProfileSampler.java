package io.lanekeeper.synth;

import io.lanekeeper.plates.PlateProfile;
import io.lanekeeper.plates.PlateTexts;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Draws profiles by weight (1 unless {@code --weights} says otherwise), and their plates' texts: each variant as
 * often as the texts it prints ({@code --lengths issued}) or as any other ({@code --lengths even}).
 */
final class ProfileSampler {

  private final List<PlateProfile> profiles;
  private final double[] cumulative;
  private final boolean evenLengths;

  ProfileSampler(List<PlateProfile> profiles, Map<String, Double> weights, boolean evenLengths) {
    this.evenLengths = evenLengths;
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

  /** A random plate of the profile, its variant drawn as this sampler's {@code --lengths} says. */
  PlateTexts.Printed text(PlateProfile p, RandomGenerator rnd) {
    return PlateTexts.random(p, rnd, evenLengths);
  }
}
