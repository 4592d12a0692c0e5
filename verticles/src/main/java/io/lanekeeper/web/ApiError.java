package io.lanekeeper.web;

/**
 * A refusal the API answers as {@code {"error": code, "message": ..., "field": ...}} with an HTTP
 * status; thrown or failed into the routing context, rendered by {@link Failures}.
 */
public final class ApiError extends RuntimeException {

  private final int status;
  private final String code;
  private final String field;

  public ApiError(int status, String code, String field, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.field = field;
  }

  public static ApiError invalid(String field, String problem) {
    return new ApiError(400, "invalid_field", field, field + ": " + problem);
  }

  public static ApiError badJson(String problem) {
    return new ApiError(400, "bad_json", null, problem);
  }

  public static ApiError notFound(String what) {
    return new ApiError(404, "not_found", null, what);
  }

  public static ApiError unavailable(String code, String message) {
    return new ApiError(503, code, null, message);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public String field() {
    return field;
  }
}
