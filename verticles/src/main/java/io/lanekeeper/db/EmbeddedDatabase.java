package io.lanekeeper.db;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL server that runs inside the controller when no database URL is configured, its data directory
 * ({@code <dataDir>/postgres}) kept across restarts. Durable (fsync, synchronous commits, full pages), on 127.0.0.1
 * with password logins only, and supervised: when the server dies it is started again after a back-off (1 s,
 * doubling to 60 s, back to 1 s once it has run a minute), and a start that fails is tried again the same way for
 * as long as the controller runs, which meanwhile decides from its matcher snapshot and keeps its outbox.
 *
 * <p>{@link #target()} is the controller's role {@code lanekeeper}, which owns the database {@code lanekeeper} and
 * nothing else; {@link #adminTarget()} is the superuser, for tools and tests that create databases.
 */
public final class EmbeddedDatabase implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
  private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(60);
  /** Up this long, the server's next death counts as the first again. */
  private static final Duration STABLE = Duration.ofSeconds(60);
  /** How long a starting server may take to take logins (recovery after a power cut included). */
  private static final Duration READY_LIMIT = Duration.ofMinutes(5);
  /** How long the controller's start waits for the first start of the server before it goes on without it. */
  private static final Duration FIRST_WAIT = Duration.ofSeconds(20);

  private final Path dataDir;
  private final Path pgDir;
  private final int port;
  private final PgSecrets secrets;
  private final ScheduledExecutorService supervisor;
  private final List<Consumer<DatabaseStatus>> listeners = new CopyOnWriteArrayList<>();
  private volatile DatabaseStatus status = new DatabaseStatus(DatabaseStatus.STARTING, 0, 0, null, Instant.now());
  private volatile boolean closing;

  // touched on the supervisor's thread only
  private FileChannel lockChannel;
  private FileLock lock;
  private PgTools tools;
  private PgDataDir data;
  private Postmaster running;
  private Instant upSince;
  private int strikes;
  private ScheduledFuture<?> nextTry;

  private EmbeddedDatabase(Path dataDir, int port) throws IOException {
    this.dataDir = dataDir.toAbsolutePath();
    this.pgDir = this.dataDir.resolve("postgres");
    Files.createDirectories(this.dataDir);
    this.port = port > 0 ? port : freePort();
    this.secrets = PgSecrets.read(pgDir).orElseGet(PgSecrets::generate);
    this.supervisor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "lanekeeper-postgres");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Blocking: starts the server (creating or upgrading its data directory) and supervises it from then on. Fails
   * when this first start fails: for tools and tests, which need the server now.
   */
  public static EmbeddedDatabase start(Path dataDir, int port) throws IOException {
    EmbeddedDatabase db = new EmbeddedDatabase(dataDir, port);
    Optional<String> error = db.firstStart(false);
    if (error.isPresent()) {
      db.close();
      throw new IOException("embedded PostgreSQL did not start: " + error.get());
    }
    return db;
  }

  /**
   * Blocking until the first start succeeded or failed, or for at most 20 s (a server recovering from a power cut
   * on a slow card may take minutes; its start goes on); after a failure it keeps trying with back-off. For the
   * controller, which decides without its database meanwhile and must never stay without it for good.
   */
  public static EmbeddedDatabase startRetrying(Path dataDir, int port) throws IOException {
    EmbeddedDatabase db = new EmbeddedDatabase(dataDir, port);
    db.firstStart(true);
    return db;
  }

  /** The controller's role on its database: not a superuser, owner of the database and what is in it. */
  public DbTarget target() {
    return new DbTarget("127.0.0.1", port, PgDataDir.DATABASE, PgDataDir.ROLE, secrets.rolePassword());
  }

  /**
   * The superuser on the database {@code postgres}: for tools and tests that create databases, never the controller.
   */
  public DbTarget adminTarget() {
    return new DbTarget("127.0.0.1", port, "postgres", PgDataDir.SUPERUSER, secrets.superuserPassword());
  }

  public DatabaseStatus status() {
    return status;
  }

  /** Called on the supervisor's thread at every change of {@link #status()}: the alert. */
  public void onStatus(Consumer<DatabaseStatus> listener) {
    listeners.add(listener);
  }

  private Optional<String> firstStart(boolean retry) {
    try {
      java.util.concurrent.Future<Optional<String>> started = supervisor.submit(() -> {
        try {
          startServer();
          setStatus(status.with(DatabaseStatus.UP));
          LOG.info("Embedded PostgreSQL ready at {} (PID {}, data {})", target().describe(), running.pid(), pgDir);
          return Optional.<String>empty();
        } catch (Exception | LinkageError e) {
          if (retry) {
            failed(e);
          } else {
            LOG.error("Embedded PostgreSQL in {} did not start: {}", pgDir, message(e));
          }
          return Optional.of(message(e));
        }
      });
      if (!retry) {
        return started.get();
      }
      try {
        return started.get(FIRST_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        // crash recovery on a slow card can take minutes: the controller decides meanwhile, the start goes on
        LOG.warn("Embedded PostgreSQL in {} is still starting after {} s (crash recovery?); the controller starts "
            + "without it and uses it once it is up", pgDir, FIRST_WAIT.toSeconds());
        return Optional.empty();
      }
    } catch (Exception e) {
      return Optional.of(message(e));
    }
  }

  /** On the supervisor's thread: one start, from whatever the last run left to a server taking logins. */
  private void startServer() throws Exception {
    holdLock();
    if (tools == null) {
      tools = new PgTools(PgBinaries.binUnder(dataDir.resolve("postgres-bin")));
      data = new PgDataDir(pgDir, tools);
    }
    new StalePostmaster(data, tools).clear();
    if (!data.exists()) {
      data.create(secrets);
    } else if (!PgSecrets.read(pgDir).equals(Optional.of(secrets))) {
      data.setPasswords(secrets);
    } else {
      data.writeHba();
    }
    Postmaster pm = Postmaster.spawn(tools, data, port);
    try {
      pm.awaitReady(adminTarget().withDatabase("template1"), READY_LIMIT, () -> closing);
      PgRoles.provision(adminTarget(), secrets);
    } catch (Exception e) {
      pm.stop(tools, data);
      throw e;
    }
    running = pm;
    upSince = Instant.now();
    pm.process().onExit().thenRunAsync(() -> exited(pm), supervisor);
  }

  /** The lock says a live controller supervises this directory: a server without one is an orphan, safe to stop. */
  private void holdLock() throws IOException {
    if (lock != null) {
      return;
    }
    Path f = dataDir.resolve("postgres.lock");
    FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      FileLock l = ch.tryLock();
      if (l == null) {
        throw new IOException("another running Lanekeeper supervises " + pgDir + " (lock " + f + ")");
      }
      lockChannel = ch;
      lock = l;
    } catch (OverlappingFileLockException e) {
      ch.close();
      throw new IOException("another embedded PostgreSQL in this process supervises " + pgDir);
    } catch (IOException e) {
      ch.close();
      throw e;
    }
  }

  private void exited(Postmaster pm) {
    if (pm != running || closing) {
      return;
    }
    running = null;
    if (Duration.between(upSince, Instant.now()).compareTo(STABLE) >= 0) {
      strikes = 0;
    }
    strikes++;
    Duration wait = backoff();
    String why = "PostgreSQL (PID " + pm.pid() + ") exited with " + pm.process().exitValue();
    DatabaseStatus s = status;
    setStatus(new DatabaseStatus(DatabaseStatus.DOWN, s.restarts() + 1, s.failedStarts(), why, Instant.now()));
    LOG.error("Embedded PostgreSQL died: {}; starting it again in {} s (restart {})", why, wait.toSeconds(),
        s.restarts() + 1);
    retryIn(wait);
  }

  private void failed(Throwable e) {
    strikes++;
    Duration wait = backoff();
    DatabaseStatus s = status;
    setStatus(new DatabaseStatus(DatabaseStatus.DOWN, s.restarts(), s.failedStarts() + 1, message(e), Instant.now()));
    LOG.error("Embedded PostgreSQL in {} did not start: {}; trying again in {} s", pgDir, message(e),
        wait.toSeconds());
    retryIn(wait);
  }

  private void retryIn(Duration wait) {
    if (closing) {
      return;
    }
    nextTry = supervisor.schedule(() -> {
      if (closing) {
        return;
      }
      setStatus(status.with(DatabaseStatus.RESTARTING));
      try {
        startServer();
        setStatus(status.with(DatabaseStatus.UP));
        LOG.warn("Embedded PostgreSQL is back (PID {}) after {} restarts and {} failed starts", running.pid(),
            status.restarts(), status.failedStarts());
      } catch (Exception | LinkageError e) { // whatever it was, the next try must still be scheduled
        if (!closing) {
          failed(e);
        }
      }
    }, wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** 1 s, 2 s, 4 s ... 60 s: the {@code strikes}-th try since the server last ran a minute. */
  private Duration backoff() {
    long ms = FIRST_BACKOFF.toMillis() << Math.min(strikes - 1, 16);
    return Duration.ofMillis(Math.min(ms, MAX_BACKOFF.toMillis()));
  }

  private void setStatus(DatabaseStatus s) {
    status = s;
    for (Consumer<DatabaseStatus> l : listeners) {
      try {
        l.accept(s);
      } catch (RuntimeException e) {
        LOG.warn("A database status listener failed: {}", e.toString());
      }
    }
  }

  private static String message(Throwable e) {
    Throwable t = e;
    while ((t instanceof java.util.concurrent.ExecutionException || t.getMessage() == null) && t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Blocking: stops the server (fast shutdown) and its supervision. */
  @Override
  public void close() {
    if (closing) {
      return;
    }
    closing = true;
    try {
      supervisor.submit(() -> {
        if (nextTry != null) {
          nextTry.cancel(false);
        }
        if (running != null) {
          try {
            running.stop(tools, data);
          } catch (IOException e) {
            LOG.warn("Embedded PostgreSQL did not stop cleanly: {}", e.toString());
          }
          running = null;
        }
        releaseLock();
        setStatus(status.with(DatabaseStatus.STOPPED));
      }).get(3, TimeUnit.MINUTES);
      LOG.info("Embedded PostgreSQL stopped");
    } catch (Exception e) {
      LOG.warn("Embedded PostgreSQL did not stop cleanly: {}", message(e));
    } finally {
      supervisor.shutdownNow();
    }
  }

  private void releaseLock() {
    try {
      if (lock != null) {
        lock.release();
        lockChannel.close();
      }
    } catch (IOException e) {
      LOG.warn("Cannot release {}: {}", dataDir.resolve("postgres.lock"), e.toString());
    }
    lock = null;
  }
}
