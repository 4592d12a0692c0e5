package io.lanekeeper.synth;

import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Runs {@code n} numbered jobs on a thread pool in chunks, hands their results to a single
 * consumer in index order (so label files are deterministic), and reports progress every 5 s.
 */
final class Batches {

  private static final long REPORT_NANOS = 5_000_000_000L;

  private Batches() {
  }

  static void run(String what, int n, int chunk, int threads, PrintStream out, IntFunction<String> job,
                  Consumer<String> sink) {
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "synth-" + what);
      t.setDaemon(true);
      return t;
    });
    try {
      ArrayDeque<Future<List<String>>> pending = new ArrayDeque<>();
      int next = 0;
      int done = 0;
      long start = System.nanoTime();
      long lastReport = start;
      while (done < n) {
        while (next < n && pending.size() < threads * 3) {
          int from = next;
          int to = Math.min(n, from + chunk);
          pending.add(pool.submit(() -> {
            List<String> lines = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
              lines.add(job.apply(i));
            }
            return lines;
          }));
          next = to;
        }
        List<String> lines = await(pending.poll());
        lines.forEach(sink);
        done += lines.size();
        long now = System.nanoTime();
        if (now - lastReport >= REPORT_NANOS) {
          lastReport = now;
          double rate = done / ((now - start) / 1e9);
          out.printf("%s %d/%d (%.0f/s) eta %.0fs%n", what, done, n, rate, (n - done) / rate);
        }
      }
      double secs = (System.nanoTime() - start) / 1e9;
      out.printf("%s %d/%d (%.0f/s) in %.1fs%n", what, done, n, n / secs, secs);
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<String> await(Future<List<String>> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(c);
    }
  }
}
