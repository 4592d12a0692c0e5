package io.lanekeeper.store;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's durable outbox: every write is appended here (and forced to disk) before or while it goes to
 * PostgreSQL, and counted as done only when PostgreSQL has it. A restart, with or without PostgreSQL, resumes
 * from the first write not yet acknowledged; writes are idempotent (ids), so one that reached PostgreSQL just
 * before a crash and is sent again lands once.
 *
 * <p>On disk: segments {@code seg-<first seq>.log} of lines {@code seq TAB kind TAB json}, and {@code acked}
 * holding the highest sequence number PostgreSQL has (written to a temporary file and moved over). A segment
 * whose last entry is acknowledged is deleted. A line cut short by a crash ends its segment's reading.
 *
 * <p>Threads: {@link #add} and {@link #acked} on the store's event loop; {@link #sync} on one worker at a time.
 */
final class Outbox {

  private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
  static final long SEGMENT_BYTES = 8L << 20;

  /** One write waiting for PostgreSQL. */
  record Entry(long seq, String kind, JsonObject body) {
  }

  private record Segment(Path path, long firstSeq, long lastSeq, long bytes) {
  }

  private final Path dir;
  private final long maxBytes;
  private final Deque<Segment> segments = new ArrayDeque<>();
  private final List<Entry> loaded = new ArrayList<>();
  // event-loop side
  private long nextSeq;
  private long ackedSeq;
  private long queuedBytes;
  private List<String> toWrite = new ArrayList<>();
  private long dropped;
  // worker side
  private FileChannel current;
  private Path currentPath;
  private long currentFirst;
  private long currentLast;
  private long currentBytes;
  private long writtenAck;
  private long diskBytes;

  private Outbox(Path dir, long maxBytes) {
    this.dir = dir;
    this.maxBytes = maxBytes;
  }

  /** Opens (creating) the outbox and reads the writes not yet acknowledged. Blocking. */
  static Outbox open(Path dir, long maxBytes) throws IOException {
    Files.createDirectories(dir);
    Outbox o = new Outbox(dir, maxBytes);
    o.load();
    return o;
  }

  private void load() throws IOException {
    Path ack = dir.resolve("acked");
    if (Files.exists(ack)) {
      String s = Files.readString(ack).trim();
      ackedSeq = s.isEmpty() ? 0 : Long.parseLong(s);
    }
    writtenAck = ackedSeq;
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(p -> p.getFileName().toString().matches("seg-\\d+\\.log")).sorted().toList();
    }
    long last = ackedSeq;
    for (Path f : files) {
      long first = -1;
      long lastInFile = -1;
      try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
        String line;
        while ((line = r.readLine()) != null) {
          Entry e = parse(line);
          if (e == null) {
            LOG.warn("Outbox {}: a line cut short (a crash while writing) ends the segment", f.getFileName());
            break;
          }
          first = first < 0 ? e.seq() : first;
          lastInFile = e.seq();
          if (e.seq() > ackedSeq) {
            loaded.add(e);
          }
        }
      }
      long bytes = Files.size(f);
      if (lastInFile < 0 || lastInFile <= ackedSeq) {
        Files.delete(f);
      } else {
        segments.add(new Segment(f, first, lastInFile, bytes));
        diskBytes += bytes;
      }
      last = Math.max(last, lastInFile);
    }
    nextSeq = last + 1;
    if (!loaded.isEmpty()) {
      LOG.info("Outbox {}: {} writes not yet in PostgreSQL, from #{}", dir, loaded.size(), loaded.getFirst().seq());
    }
  }

  private static Entry parse(String line) {
    int a = line.indexOf('\t');
    int b = a < 0 ? -1 : line.indexOf('\t', a + 1);
    if (b < 0) {
      return null;
    }
    try {
      return new Entry(Long.parseLong(line, 0, a, 10), line.substring(a + 1, b), new JsonObject(line.substring(b + 1)));
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The writes found at open, oldest first. */
  List<Entry> loaded() {
    return List.copyOf(loaded);
  }

  /**
   * Takes a write; it is on disk after the next {@link #sync}. When the outbox holds {@code maxBytes}, plate reads
   * (one per frame, the least needed) are dropped and null is returned; decisions and gate actions are always kept.
   */
  Entry add(String kind, JsonObject body) {
    String json = body.encode();
    if (kind.equals("read") && diskBytes + queuedBytes + json.length() > maxBytes) {
      if (dropped++ % 1000 == 0) {
        LOG.error("Outbox full ({} bytes): plate reads dropped ({} so far); decisions and gate actions are kept",
            maxBytes, dropped);
      }
      return null;
    }
    Entry e = new Entry(nextSeq++, kind, body);
    String line = e.seq() + "\t" + kind + "\t" + json + "\n";
    toWrite.add(line);
    queuedBytes += line.length();
    return e;
  }

  /** Everything up to {@code seq} is in PostgreSQL; recorded on disk at the next {@link #sync}. */
  void acked(long seq) {
    ackedSeq = Math.max(ackedSeq, seq);
  }

  boolean needsSync() {
    return !toWrite.isEmpty() || ackedSeq != writtenAck;
  }

  /** Takes what the event loop queued; hand the result to {@link #sync}. Called on the event loop. */
  Batch drain() {
    Batch b = new Batch(toWrite, ackedSeq);
    toWrite = new ArrayList<>();
    queuedBytes = 0;
    return b;
  }

  record Batch(List<String> lines, long acked) {
  }

  /** Appends and forces the lines, records the acknowledgement, deletes acknowledged segments. On a worker. */
  void sync(Batch b) throws IOException {
    if (!b.lines().isEmpty()) {
      for (String line : b.lines()) {
        long seq = Long.parseLong(line, 0, line.indexOf('\t'), 10);
        if (current == null || currentBytes >= SEGMENT_BYTES) {
          roll(seq);
        }
        ByteBuffer buf = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
        currentBytes += buf.remaining();
        diskBytes += buf.remaining();
        while (buf.hasRemaining()) {
          current.write(buf);
        }
        currentLast = seq;
      }
      current.force(false);
    }
    if (b.acked() != writtenAck) {
      Path tmp = dir.resolve("acked.tmp");
      Files.writeString(tmp, Long.toString(b.acked()));
      try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        c.force(true);
      }
      try {
        Files.move(tmp, dir.resolve("acked"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, dir.resolve("acked"), StandardCopyOption.REPLACE_EXISTING);
      }
      writtenAck = b.acked();
      while (!segments.isEmpty() && segments.peekFirst().lastSeq() <= writtenAck) {
        Segment s = segments.pollFirst();
        Files.deleteIfExists(s.path());
        diskBytes -= s.bytes();
      }
      if (current != null && currentLast <= writtenAck && currentBytes >= SEGMENT_BYTES) {
        closeCurrent();
      }
    }
  }

  private void roll(long firstSeq) throws IOException {
    closeCurrent();
    currentPath = dir.resolve(String.format("seg-%020d.log", firstSeq));
    current = FileChannel.open(currentPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND);
    currentFirst = firstSeq;
    currentBytes = Files.size(currentPath);
  }

  private void closeCurrent() throws IOException {
    if (current != null) {
      current.close();
      boolean acked = currentLast <= writtenAck;
      if (acked) {
        Files.deleteIfExists(currentPath);
        diskBytes -= currentBytes;
      } else {
        segments.add(new Segment(currentPath, currentFirst, currentLast, currentBytes));
      }
      current = null;
    }
  }

  /** Closes the current segment (it stays on disk while it holds writes PostgreSQL lacks). On a worker. */
  void close() throws IOException {
    closeCurrent();
  }

  long dropped() {
    return dropped;
  }
}
