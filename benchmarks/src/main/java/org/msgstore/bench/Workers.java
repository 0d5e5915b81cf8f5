package org.msgstore.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/** Runs a measurement's threads: starts them all, then waits for every one to end. */
final class Workers {
  private Workers() {}

  /**
   * Starts {@code count} threads named {@code name-0}, {@code name-1}, ..., thread t running {@code
   * worker.apply(t)} (made in the caller's thread, before thread t starts), and joins them all.
   */
  static void runAll(int count, String name, IntFunction<Runnable> worker)
      throws InterruptedException {
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < count; t++) {
      Thread thread = new Thread(worker.apply(t), name + "-" + t);
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
  }
}
