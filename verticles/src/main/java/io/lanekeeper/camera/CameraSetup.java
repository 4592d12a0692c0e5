package io.lanekeeper.camera;

import io.lanekeeper.config.LaneConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * What a lane's camera is deployed with.
 *
 * @param lane the lane as validated (its camera, formats and id)
 * @param archive the folder the decisions' frames are kept in ({@code dataDir/frames}), or null to keep none
 * @param archiveMaxBytes the most a lane's kept frames may take ({@code history.frameMbPerLane}); 0 keeps none
 * @param execArgv the program an {@code exec} camera runs, resolved from the configuration file's
 *     {@code cameraCommands}; empty for the other types
 */
public record CameraSetup(LaneConfig lane, Path archive, long archiveMaxBytes, List<String> execArgv) {

  public CameraSetup {
    execArgv = execArgv == null ? List.of() : List.copyOf(execArgv);
  }

  /** A camera that keeps no frames of its decisions (tests, tools). */
  public static CameraSetup of(LaneConfig lane, List<String> execArgv) {
    return new CameraSetup(lane, null, 0, execArgv);
  }
}
