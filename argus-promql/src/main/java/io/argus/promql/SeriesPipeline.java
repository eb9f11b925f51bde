package io.argus.promql;

import io.argus.promql.Evaluator.BufferedSource;
import io.argus.promql.Evaluator.SeriesBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Evaluates a per-series function over the series a storage source decodes, in parallel: the
 * calling thread decodes series (storage cursors are single-threaded) into batches of reusable
 * buffers, which virtual worker threads and, whenever no free batch is left, the calling thread
 * itself evaluate. The results come back in source order whatever thread computed them, so output
 * is deterministic. A bounded number of batches keeps memory flat. Cancellation and timeouts are
 * checked per series by the source and per batch by the workers; the first failure of any thread
 * is rethrown on the calling thread after all workers have stopped.
 */
final class SeriesPipeline {
  /** Worker threads besides the calling one; 0 evaluates everything on the calling thread. */
  static final int WORKERS = Math.max(0, Runtime.getRuntime().availableProcessors() - 1);

  private static final int BATCH_SIZE = 16;

  /** Series count up to which starting workers does not pay; they start after this many. */
  private static final int SEQUENTIAL_PREFIX = 2 * BATCH_SIZE;

  private SeriesPipeline() {}

  /**
   * Runs {@code source} and applies a function from {@code functions} to every series it yields.
   * Each thread asks {@code functions} for its own function once, so functions may keep per-thread
   * scratch state. Returns one entry per series in source order (null where the function returned
   * null).
   */
  static List<@Nullable StepSeries> run(
      Evaluator.Context ctx,
      BufferedSource source,
      Supplier<Function<SeriesBuffer, @Nullable StepSeries>> functions) {
    return run(ctx, source, functions, WORKERS);
  }

  /** As {@link #run(Evaluator.Context, BufferedSource, Supplier)} with {@code workers} workers. */
  static List<@Nullable StepSeries> run(
      Evaluator.Context ctx,
      BufferedSource source,
      Supplier<Function<SeriesBuffer, @Nullable StepSeries>> functions,
      int workers) {
    if (workers == 0) {
      Function<SeriesBuffer, @Nullable StepSeries> fn = functions.get();
      List<@Nullable StepSeries> out = new ArrayList<>();
      SeriesBuffer shared = new SeriesBuffer();
      source.run(() -> shared, b -> out.add(fn.apply(b)));
      return out;
    }
    return new Run(ctx, functions, workers).execute(source);
  }

  /** A group of consecutive series; results[i] belongs to series {@code first + i}. */
  private static final class Batch {
    final SeriesBuffer[] buffers = new SeriesBuffer[BATCH_SIZE];
    int first;
    int count;

    SeriesBuffer buffer() {
      SeriesBuffer b = buffers[count];
      if (b == null) {
        b = new SeriesBuffer();
        buffers[count] = b;
      }
      return b;
    }
  }

  /** The state of one pipeline run. */
  private static final class Run {
    private static final Batch STOP = new Batch();

    private final Evaluator.Context ctx;
    private final Supplier<Function<SeriesBuffer, @Nullable StepSeries>> functions;
    private final Function<SeriesBuffer, @Nullable StepSeries> callerFunction;
    private final int maxWorkers;

    /** Batches in flight: enough to keep every worker and the caller busy. */
    private final int batches;

    private final ArrayBlockingQueue<Batch> free;
    private final LinkedBlockingQueue<Batch> work = new LinkedBlockingQueue<>();
    private final ConcurrentHashMap<Integer, @Nullable StepSeries[]> results =
        new ConcurrentHashMap<>();
    private final AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
    private final List<Thread> workers = new ArrayList<>();
    private Batch current;
    private int series;

    Run(
        Evaluator.Context ctx,
        Supplier<Function<SeriesBuffer, @Nullable StepSeries>> functions,
        int maxWorkers) {
      this.ctx = ctx;
      this.functions = functions;
      this.callerFunction = functions.get();
      this.maxWorkers = maxWorkers;
      this.batches = 2 * maxWorkers + 2;
      this.free = new ArrayBlockingQueue<>(batches);
      for (int i = 0; i < batches; i++) {
        free.add(new Batch());
      }
      current = free.remove();
    }

    List<@Nullable StepSeries> execute(BufferedSource source) {
      boolean completed = false;
      try {
        source.run(() -> current.buffer(), this::accept);
        if (current.count > 0) {
          Batch last = current;
          process(last, callerFunction);
        } else {
          free.add(current);
        }
        Batch queued;
        while ((queued = work.poll()) != null) {
          process(queued, callerFunction);
        }
        for (int i = 0; i < batches; i++) {
          free.take();
          rethrowFailure();
        }
        completed = true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new QueryException(
            QueryException.Kind.CANCELED, "query was canceled in expression evaluation", e);
      } finally {
        stopWorkers(!completed);
      }
      rethrowFailure();
      List<@Nullable StepSeries> out = new ArrayList<>(series);
      for (int first = 0; first < series; first += BATCH_SIZE) {
        for (StepSeries s : results.get(first)) {
          out.add(s);
        }
      }
      return out;
    }

    private void accept(SeriesBuffer filled) {
      if (current.count == 0) {
        current.first = series;
      }
      current.count++;
      series++;
      if (current.count < BATCH_SIZE) {
        return;
      }
      rethrowFailure();
      if (series <= SEQUENTIAL_PREFIX) {
        process(current, callerFunction);
      } else {
        if (workers.size() < maxWorkers) {
          startWorker();
        }
        work.add(current);
      }
      current = acquire();
    }

    /** Takes a free batch, evaluating queued batches on this thread while there is none. */
    private Batch acquire() {
      try {
        while (true) {
          Batch b = free.poll();
          if (b != null) {
            return b;
          }
          Batch queued = work.poll();
          if (queued != null) {
            process(queued, callerFunction);
            continue;
          }
          b = free.take();
          rethrowFailure();
          return b;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new QueryException(
            QueryException.Kind.CANCELED, "query was canceled in expression evaluation", e);
      }
    }

    /** Evaluates a batch, records its results and returns it to the free list. */
    private void process(Batch b, Function<SeriesBuffer, @Nullable StepSeries> fn) {
      try {
        if (failure.get() == null) {
          ctx.check();
          @Nullable StepSeries[] out = new StepSeries[b.count];
          for (int i = 0; i < b.count; i++) {
            out[i] = fn.apply(b.buffers[i]);
          }
          results.put(b.first, out);
        }
      } finally {
        b.count = 0;
        free.add(b);
      }
    }

    private void startWorker() {
      Thread t =
          Thread.ofVirtual()
              .name("promql-series-worker")
              .start(
                  () -> {
                    Function<SeriesBuffer, @Nullable StepSeries> fn = functions.get();
                    try {
                      while (true) {
                        Batch b = work.take();
                        if (b == STOP) {
                          return;
                        }
                        try {
                          process(b, fn);
                        } catch (Throwable e) {
                          failure.compareAndSet(null, e);
                        }
                      }
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  });
      workers.add(t);
    }

    private void stopWorkers(boolean failed) {
      if (failed) {
        failure.compareAndSet(null, new QueryException(QueryException.Kind.CANCELED, "stopped"));
        work.clear();
      }
      for (int i = 0; i < workers.size(); i++) {
        work.add(STOP);
      }
      boolean interrupted = false;
      for (Thread t : workers) {
        while (true) {
          try {
            t.join();
            break;
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }

    private void rethrowFailure() {
      Throwable t = failure.get();
      if (t == null) {
        return;
      }
      if (t instanceof RuntimeException r) {
        throw r;
      }
      if (t instanceof Error e) {
        throw e;
      }
      throw new IllegalStateException(t);
    }
  }
}
