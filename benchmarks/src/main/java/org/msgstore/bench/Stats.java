package org.msgstore.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Small helpers: percentiles of latencies, medians of runs, the 1-minute load average. */
final class Stats {
  private Stats() {}

  /** p in 0..100 of sorted nanosecond latencies, in milliseconds. */
  static double percentileMs(long[] sortedNanos, double p) {
    if (sortedNanos.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.ceil(p / 100.0 * sortedNanos.length) - 1;
    return sortedNanos[Math.max(0, Math.min(i, sortedNanos.length - 1))] / 1e6;
  }

  static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  /** A growable array of longs (latencies), one per worker thread. */
  static final class Longs {
    long[] values = new long[1024];
    int size;

    void add(long v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }
  }
}
