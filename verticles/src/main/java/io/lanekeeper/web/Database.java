package io.lanekeeper.web;

import io.lanekeeper.db.DbTarget;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The web's connection pool. Every query goes through {@link #query} so that a database that is
 * away becomes a 503 the client understands, and a constraint the request broke becomes a 4xx,
 * instead of a 500 for both. Every query, and the wait for a connection, is bounded: a database
 * that stops answering (frozen, a network that drops packets) costs a request {@code timeoutMs},
 * not the minutes TCP would take to notice; the server cancels a statement after as long, so what
 * the client gave up on does not keep a connection busy once the server runs again.
 */
final class Database {

  /** Short: a dashboard waiting for a dead database is worse than one that says so. */
  private static final int CONNECT_TIMEOUT_MS = 2000;

  private final Pool pool;
  private final DbTarget target;
  private final long timeoutMs;

  Database(Vertx vertx, DbTarget target, int maxSize, long timeoutMs) {
    this.target = target;
    this.timeoutMs = timeoutMs;
    // The pool connects lazily, so the verticle starts even while the database is down.
    this.pool = PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(maxSize).setMaxWaitQueueSize(64)
            .setConnectionTimeout((int) timeoutMs).setConnectionTimeoutUnit(TimeUnit.MILLISECONDS))
        .with(new NetClientOptions().setConnectTimeout((int) Math.min(CONNECT_TIMEOUT_MS, timeoutMs)))
        .connectingTo(target.connectOptions().addProperty("statement_timeout", Long.toString(timeoutMs)))
        .using(vertx)
        .build();
  }

  Future<RowSet<Row>> query(String sql, Tuple args) {
    return bounded(pool.preparedQuery(sql).execute(args));
  }

  /**
   * A change made by a person: runs in a transaction that names them ({@code lanekeeper.actor}), so the audit
   * triggers put the change on them.
   */
  Future<RowSet<Row>> change(String actor, String sql, Tuple args) {
    return inTransaction(actor, c -> c.preparedQuery(sql).execute(args));
  }

  /** Several statements of one person's change, in one transaction that names them. */
  <T> Future<T> inTransaction(String actor, java.util.function.Function<SqlConnection, Future<T>> work) {
    return pool.withTransaction(c -> c.preparedQuery(WebQueries.SET_ACTOR).execute(Tuple.of(actor))
            .compose(v -> work.apply(c)))
        .timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .recover(t -> Future.failedFuture(t instanceof TimeoutException ? outcomeUnknown() : classify(t)));
  }

  /**
   * A change we stopped waiting for may still commit when a frozen database runs again: the person must look
   * before trying again, not take the 503 for a refusal.
   */
  private ApiError outcomeUnknown() {
    return ApiError.unavailable("outcome_unknown", "the database did not confirm the change within " + timeoutMs
        + " ms; it may still be made when the database answers again: look before you try again");
  }

  /** One statement run for each tuple, all in one transaction, on the person's account. */
  Future<RowSet<Row>> batchInTransaction(String actor, String sql, java.util.List<Tuple> batch) {
    return inTransaction(actor, c -> c.preparedQuery(sql).executeBatch(batch));
  }

  /** {@code SELECT 1} within the given time: the database health. */
  Future<Void> ping(long timeoutMs) {
    return pool.query(WebQueries.PING).execute().<Void>mapEmpty().timeout(timeoutMs, TimeUnit.MILLISECONDS);
  }

  /** Within the bound, or failed as unavailable; the database's own refusals classified (see {@link #classify}). */
  private <T> Future<T> bounded(Future<T> f) {
    return f.timeout(timeoutMs, TimeUnit.MILLISECONDS).recover(t -> Future.failedFuture(t instanceof TimeoutException
        ? unavailable("no answer within " + timeoutMs + " ms") : classify(t)));
  }

  String describe() {
    return target.describe();
  }

  Future<Void> close() {
    return pool.close();
  }

  /**
   * SQLSTATE classes: 23 (integrity) and 22 (data) are the request's fault; 08 (connection), 28
   * (authorisation), 3D (no database), 53 (resources) and 57 (operator intervention) mean the
   * database is away; anything else is ours. Failures without a SQLSTATE come from the network.
   */
  static Throwable classify(Throwable t) {
    if (t instanceof ApiError) {
      return t;
    }
    if (t instanceof PgException pg) {
      String state = pg.getSqlState() == null ? "" : pg.getSqlState();
      if (state.equals("23505")) {
        return new ApiError(409, "duplicate", pg.getConstraint(), "already registered: " + pg.getDetail());
      }
      if (state.startsWith("23") || state.startsWith("22")) {
        return new ApiError(400, "invalid_field", pg.getColumn(), pg.getErrorMessage());
      }
      if (state.startsWith("08") || state.startsWith("28") || state.startsWith("3D") || state.startsWith("53")
          || state.startsWith("57")) {
        return unavailable(pg.getErrorMessage());
      }
      return t;
    }
    return unavailable(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
  }

  private static ApiError unavailable(String why) {
    return ApiError.unavailable("database_unavailable", "the database is unavailable (" + why + ")");
  }
}
