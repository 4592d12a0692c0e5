package io.lanekeeper.web;

import io.lanekeeper.bus.Addresses;
import io.lanekeeper.bus.FrameRef;
import io.lanekeeper.bus.FrameRequest;
import io.lanekeeper.bus.FrameResult;
import io.lanekeeper.config.LaneConfig;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * {@code POST /api/lanes/{lane}/frames}: a camera or motion detector pushes a JPEG or PNG; the camera
 * verticle of the lane takes it through recognition and the reads come back in the reply.
 */
final class FramesApi {

  private static final long PUSH_TIMEOUT_MS = 5000;
  private static final Set<String> MEDIA_TYPES = Set.of("image/jpeg", "image/png", "application/octet-stream");
  private static final String LANE = "lanekeeper.lane";

  private final Vertx vertx;
  private final WebConfig config;

  private final LaneDirectory lanes;
  /** Bytes of pushed frames reserved by requests under way; the event loop's only (one server, one verticle). */
  private long inFlight;
  /** The site's devices, when this device is a member of a site: another device's lane's frames are asked there. */
  private SiteDirectory site;

  FramesApi(Vertx vertx, WebConfig config, LaneDirectory lanes) {
    this.lanes = lanes;
    this.vertx = vertx;
    this.config = config;
  }

  /** In a site: the frames of a lane another device runs come from that device (its region editor's view). */
  FramesApi site(SiteDirectory directory) {
    this.site = directory;
    return this;
  }

  void mount(ApiRoutes api) {
    // The lane and the media type are checked before the body is read: a camera pushing to the wrong
    // place learns it without sending megabytes first.
    api.get("/api/lanes/:lane/frames/:frame", Role.VIEWER, this::frame);
    api.post("/api/lanes/:lane/frames", Role.OPERATOR,
        List.of(this::knownLane, this::mediaType, this::reserve, ApiRoutes.body(config.http().maxFrameBytes()),
            this::push));
  }

  /**
   * Holds the request's share of {@code http.maxFrameBytesInFlight} until it ends, before its body is read: 40
   * pushes of 10 MB at once once took the resident memory from 497 to 1,454 MB. A push whose body could be over the
   * per-frame limit reserves only that limit (the body handler refuses it with a 413 at the limit).
   */
  private void reserve(RoutingContext ctx) {
    long max = config.http().maxFrameBytes();
    String declared = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
    long stated = -1;
    if (declared != null) {
      try {
        stated = Math.max(0, Long.parseLong(declared.strip()));
      } catch (NumberFormatException e) {
        throw new ApiError(400, "bad_request", null, "Content-Length is not a number");
      }
    }
    long want = stated < 0 ? max : Math.min(max, stated);
    long budget = config.http().maxFrameBytesInFlight();
    if (inFlight + want > budget) {
      if (stated < 0 || stated > max) {
        // busy, and a body of no stated length or over the limit: not worth passing through; the connection goes
        ctx.request().connection().close();
        return;
      }
      ApiError busy = ApiError.unavailable("frames_busy", "the controller holds " + inFlight + " bytes of frames now "
          + "(at most " + budget + "); send this one again in a second");
      ctx.response().putHeader(HttpHeaders.RETRY_AFTER, "1");
      // the body (at most the per-frame limit) passes through unkept and the answer follows it (answered before
      // its body was read, a push got no answer at all in FrameBudgetTest); the connection stays usable
      ctx.request().handler(chunk -> { }).endHandler(v -> ctx.fail(busy)).exceptionHandler(e -> { }).resume();
      return;
    }
    long held = want;
    inFlight += held;
    ctx.addEndHandler(ar -> inFlight -= held);
    ctx.next();
  }


  /**
   * A recent frame of the lane as the camera keeps it (the last few that went to recognition, and the best reads of
   * vehicles being decided), or with the id {@code latest} the newest frame it received. In a site, a lane another
   * device runs is asked of that device, over the site's TLS event bus.
   */
  private void frame(RoutingContext ctx) {
    String laneId = ctx.pathParam("lane");
    String other = site == null ? null : site.elsewhere(lanes, laneId);
    if (other == null) {
      knownLane(laneId);
    }
    String frame = ctx.pathParam("frame");
    if (!frame.matches("[A-Za-z0-9._-]{1,100}")) {
      throw ApiError.notFound("no frame '" + frame + "'");
    }
    if (other != null && site.away(other)) {
      throw ApiError.unavailable("camera_unavailable", "lane " + laneId + " runs on device " + other
          + ", which is away from the site");
    }
    String address = other == null ? Addresses.cameraFrame(laneId) : Addresses.lanesOf(other, "frame");
    vertx.eventBus().<Buffer>request(address, new FrameRef(frame).toJson().put("lane", laneId),
            new DeliveryOptions().setSendTimeout(other == null ? 2000 : 5000))
        .onSuccess(m -> {
          Buffer b = m.body();
          // a frame id names one frame for good; "latest" is whatever the camera saw last (the region editor's view)
          ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, isPng(b) ? "image/png" : "image/jpeg")
              .putHeader(HttpHeaders.CACHE_CONTROL, frame.equals("latest") ? "no-store"
                  : "private, max-age=3600, immutable").end(b);
        })
        .onFailure(t -> ctx.fail(t instanceof ReplyException r && r.failureCode() == Addresses.NO_LANE
            ? ApiError.notFound("no lane '" + laneId + "' on device " + other)
            : t instanceof ReplyException gone && gone.failureCode() == 404
            ? ApiError.notFound(frame.equals("latest") ? "the camera of lane " + ctx.pathParam("lane")
                + " has no frame yet" : "frame " + frame + " is no longer kept by the camera")
            : ApiError.unavailable("camera_unavailable", "the camera of lane " + laneId
                + (other == null ? "" : " on device " + other) + " does not answer")));
  }

  private LaneConfig knownLane(String id) {
    LaneConfig lane = lanes.get(id);
    if (lane == null) {
      throw ApiError.notFound("no lane '" + id + "' on this controller");
    }
    return lane;
  }

  private void knownLane(RoutingContext ctx) {
    ctx.put(LANE, knownLane(ctx.pathParam("lane")));
    ctx.next();
  }

  private void mediaType(RoutingContext ctx) {
    if (!MEDIA_TYPES.contains(ApiRoutes.mediaType(ctx, "application/octet-stream"))) {
      throw unsupported("Content-Type must be image/jpeg, image/png or application/octet-stream, got "
          + ctx.request().getHeader(HttpHeaders.CONTENT_TYPE));
    }
    ctx.next();
  }

  private void push(RoutingContext ctx) {
    LaneConfig lane = ctx.get(LANE);
    Buffer body = ctx.body().buffer();
    if (body == null || body.length() == 0) {
      throw unsupported("the body is empty; send a JPEG or PNG image");
    }
    if (!isJpeg(body) && !isPng(body)) {
      throw unsupported("the body is neither a JPEG nor a PNG image");
    }
    FrameRequest frame = new FrameRequest(lane.id(), UUID.randomUUID().toString(), Instant.now(), body.getBytes(),
        lane.formats());
    vertx.eventBus()
        .<FrameResult>request(Addresses.cameraPush(lane.id()), frame,
            new DeliveryOptions().setSendTimeout(PUSH_TIMEOUT_MS))
        .onSuccess(reply -> Replies.json(ctx, reply.body().toJson()))
        .onFailure(t -> ctx.fail(refusal(lane.id(), t)));
  }

  /** What the camera's refusal means to the client that pushed the frame. */
  private static ApiError refusal(String lane, Throwable t) {
    if (!(t instanceof ReplyException r)) {
      return new ApiError(500, "internal", null, "the frame could not be handed to the camera: " + t.getMessage());
    }
    return switch (r.failureType()) {
      case TIMEOUT -> ApiError.unavailable("recognition_timeout",
          "recognition did not answer in time; the frame was dropped");
      case NO_HANDLERS -> ApiError.unavailable("camera_unavailable", "no camera is running for lane '" + lane + "'");
      default -> switch (r.failureCode()) {
        case 400 -> new ApiError(400, "bad_image", null, r.getMessage());
        case 413 -> new ApiError(413, "too_large", null, r.getMessage());
        case 415 -> new ApiError(415, "unsupported_media_type", null, r.getMessage());
        case 422 -> new ApiError(422, "unreadable_image", null, r.getMessage());
        case 503 -> ApiError.unavailable("recognition_busy", "recognition is busy; the frame was dropped");
        default -> new ApiError(500, "recognition_failed", null, "recognition failed: " + r.getMessage());
      };
    };
  }

  private static ApiError unsupported(String message) {
    return new ApiError(415, "unsupported_media_type", null, message);
  }

  private static boolean isJpeg(Buffer b) {
    return b.length() >= 3 && (b.getByte(0) & 0xFF) == 0xFF && (b.getByte(1) & 0xFF) == 0xD8
        && (b.getByte(2) & 0xFF) == 0xFF;
  }

  private static boolean isPng(Buffer b) {
    byte[] magic = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    if (b.length() < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if (b.getByte(i) != magic[i]) {
        return false;
      }
    }
    return true;
  }
}
