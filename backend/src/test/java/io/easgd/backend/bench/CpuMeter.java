package io.easgd.backend.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How busy the whole machine was while a benchmark ran (from {@code /proc/stat}: non-idle jiffies /
 * all jiffies), and how much CPU this process took, so a report can say how much other processes
 * took meanwhile. Outside Linux the machine figure is NaN.
 */
final class CpuMeter {
    record Usage(double wallSeconds, double machineBusy, double processCpuSeconds) {
    }

    private final long startNanos = System.nanoTime();
    private final long[] startJiffies = jiffies();
    private final long startProcessCpu = processCpuNanos();

    static CpuMeter start() {
        return new CpuMeter();
    }

    Usage stop() {
        long[] end = jiffies();
        double busy = Double.NaN;
        if (startJiffies != null && end != null && end[1] > startJiffies[1]) {
            busy = (double) (end[0] - startJiffies[0]) / (end[1] - startJiffies[1]);
        }
        return new Usage((System.nanoTime() - startNanos) / 1e9, busy,
                (processCpuNanos() - startProcessCpu) / 1e9);
    }

    /** {busy, total} jiffies of all CPUs, or null when /proc/stat cannot be read. */
    private static long[] jiffies() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = cpu.trim().split("\\s+");
            long total = 0;
            long idle = 0;
            for (int i = 1; i < f.length; i++) {
                long v = Long.parseLong(f[i]);
                total += v;
                if (i == 4 || i == 5) {                  // idle, iowait
                    idle += v;
                }
            }
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }
}
