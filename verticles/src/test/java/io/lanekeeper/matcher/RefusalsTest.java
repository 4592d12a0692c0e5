package io.lanekeeper.matcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Which refused vehicles an operator may still open for. */
class RefusalsTest {

  private static final Instant T0 = Instant.parse("2026-12-04T08:00:00Z");

  @Test
  @DisplayName("A refusal is open for an hour, at its own lane, once; a failed open leaves it waiting; a "
      + "deny-listed one never")
  void lifecycle() {
    Refusals r = new Refusals();
    UUID v = UUID.randomUUID();
    r.refused(v, "e1", "ABC1234", T0, false);
    assertThat(r.check(v, "e1", T0.plusSeconds(30))).isInstanceOf(Refusals.Refused.class);
    assertThat(r.check(v, "x1", T0.plusSeconds(30))).isEqualTo(new Refusals.Problem(400,
        "vehicle " + v + " was refused at lane e1, not x1"));
    r.opening(v);
    assertThat(((Refusals.Problem) r.check(v, "e1", T0.plusSeconds(31))).code()).isEqualTo(409);
    r.failed(v);
    assertThat(r.check(v, "e1", T0.plusSeconds(32))).isInstanceOf(Refusals.Refused.class);
    r.opening(v);
    r.opened(v);
    assertThat(((Refusals.Problem) r.check(v, "e1", T0.plusSeconds(33))).code()).isEqualTo(404);

    UUID late = UUID.randomUUID();
    r.refused(late, "e1", null, T0, false);
    assertThat(r.check(late, "e1", T0.plus(Refusals.MAX_AGE))).isInstanceOf(Refusals.Refused.class);
    Refusals.Check old = r.check(late, "e1", T0.plus(Refusals.MAX_AGE).plusSeconds(1));
    assertThat(old).isInstanceOf(Refusals.Problem.class);
    assertThat(((Refusals.Problem) old).message()).contains("more than 60 minutes ago");
    assertThat(r.size()).isZero();

    UUID denied = UUID.randomUUID();
    r.refused(denied, "e1", "DNY6666", T0, true);
    Refusals.Check deny = r.check(denied, "e1", T0.plusSeconds(5));
    assertThat(deny).isInstanceOf(Refusals.Problem.class);
    assertThat(((Refusals.Problem) deny).code()).isEqualTo(403);
    assertThat(((Refusals.Problem) deny).message()).contains("deny-listed");
  }

  @Test
  @DisplayName("Memory is bounded: past 1,000 refusals the oldest are forgotten")
  void bounded() {
    Refusals r = new Refusals();
    UUID first = UUID.randomUUID();
    r.refused(first, "e1", "ABC1234", T0, false);
    for (int i = 0; i < Refusals.MAX_REMEMBERED; i++) {
      r.refused(UUID.randomUUID(), "e1", "X" + i, T0, false);
    }
    assertThat(r.size()).isEqualTo(Refusals.MAX_REMEMBERED);
    assertThat(((Refusals.Problem) r.check(first, "e1", T0)).code()).isEqualTo(404);
  }
}
