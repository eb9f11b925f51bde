package io.argus.bench;

import io.argus.model.labels.Labels;
import java.util.SplittableRandom;

/**
 * A deterministic head workload shaped like node-exporter targets: each host exposes 500 series
 * (CPU seconds by cpu and mode, disk and network counters by device, filesystem gauges by device,
 * fstype and mountpoint, memory gauges and vmstat counters), all with {@code instance}, {@code
 * job}, {@code env} and {@code region} labels, so that 5 to 9 labels per series share their
 * values as on real targets. Values follow the usual kinds: many constant or idle series, integer
 * counters, CPU seconds with 0.01 s resolution and page-sized memory gauges.
 *
 * <p>Label strings are built anew for every call of {@link #labels}, as a scrape parser would,
 * so that sharing them is up to the head. Not thread-safe.
 */
final class NodeExporterWorkload {
  static final int SERIES_PER_HOST = 500;

  private static final String[] CPU_MODES = {
    "guest", "guest_nice", "idle", "iowait", "irq", "nice", "softirq", "steal", "system", "user"
  };
  private static final String[] DISKS = {"nvme0n1", "nvme1n1", "sda", "sdb", "dm-0", "dm-1"};
  private static final String[] NET_DEVICES = {"eth0", "eth1", "lo", "docker0", "bond0", "veth1"};
  private static final String[] MOUNTS = {
    "/", "/boot", "/home", "/var", "/var/log", "/tmp", "/srv", "/opt", "/run", "/data"
  };

  private final int series;
  /** Per series: value kind (0 constant, 1 integer counter, 2 cpu seconds, 3 page gauge). */
  private final byte[] kind;

  private final double[] value;
  private final int[] rate;
  private final SplittableRandom random = new SplittableRandom(42);

  NodeExporterWorkload(int series) {
    this.series = series;
    kind = new byte[series];
    value = new double[series];
    rate = new int[series];
    for (int i = 0; i < series; i++) {
      Labels l = labels(i);
      kind[i] = kindOf(l);
      rate[i] = 1 + random.nextInt(kind[i] == 1 ? 5000 : 1500);
      value[i] = kind[i] == 3 ? 4096.0 * random.nextInt(1 << 20) : random.nextInt(1 << 24);
      if (kind[i] == 2) {
        value[i] = Math.round(value[i]) / 100.0;
      }
    }
  }

  int seriesCount() {
    return series;
  }

  /** Returns freshly built labels of series {@code i}. */
  Labels labels(int i) {
    int host = i / SERIES_PER_HOST;
    int k = i % SERIES_PER_HOST;
    String instance = "node-" + host + ".eu-west-1.example.com:9100";
    String region = (host % 2 == 0) ? "eu-west-1" : "eu-central-1";
    String[] common = {"env", "prod", "instance", instance, "job", "node", "region", region};
    if (k < 160) {
      return with(
          common,
          "__name__", "node_cpu_seconds_total",
          "cpu", Integer.toString(k / CPU_MODES.length),
          "mode", CPU_MODES[k % CPU_MODES.length]);
    }
    k -= 160;
    if (k < 60) {
      return with(
          common,
          "__name__", "node_disk_" + DISK_METRICS[k / DISKS.length] + "_total",
          "device", DISKS[k % DISKS.length]);
    }
    k -= 60;
    if (k < 96) {
      return with(
          common,
          "__name__", "node_network_" + NET_METRICS[k / NET_DEVICES.length] + "_total",
          "device", NET_DEVICES[k % NET_DEVICES.length]);
    }
    k -= 96;
    if (k < 70) {
      String mount = MOUNTS[k % MOUNTS.length];
      return with(
          common,
          "__name__", "node_filesystem_" + FS_METRICS[k / MOUNTS.length],
          "device", "/dev/mapper/vg0-" + (mount.equals("/") ? "root" : mount.substring(1)),
          "fstype", k % MOUNTS.length == 8 ? "tmpfs" : "ext4",
          "mountpoint", mount);
    }
    k -= 70;
    if (k < 54) {
      return with(common, "__name__", "node_memory_metric" + k + "_bytes");
    }
    k -= 54;
    return with(common, "__name__", "node_vmstat_counter" + k);
  }

  private static final String[] DISK_METRICS = {
    "read_bytes", "written_bytes", "reads_completed", "writes_completed", "io_time_seconds",
    "discards_completed", "flush_requests", "reads_merged", "writes_merged", "io_time_weighted"
  };
  private static final String[] NET_METRICS = {
    "receive_bytes", "transmit_bytes", "receive_packets", "transmit_packets", "receive_errs",
    "transmit_errs", "receive_drop", "transmit_drop", "receive_fifo", "transmit_fifo",
    "receive_frame", "transmit_colls", "receive_compressed", "transmit_compressed",
    "receive_multicast", "transmit_carrier"
  };
  private static final String[] FS_METRICS = {
    "avail_bytes", "free_bytes", "size_bytes", "files", "files_free", "readonly", "device_error"
  };

  private static Labels with(String[] common, String... extra) {
    String[] all = new String[common.length + extra.length];
    System.arraycopy(common, 0, all, 0, common.length);
    System.arraycopy(extra, 0, all, common.length, extra.length);
    return Labels.of(all);
  }

  private static byte kindOf(Labels l) {
    String name = l.get("__name__");
    String mode = l.get("mode");
    String device = l.get("device");
    if (name.startsWith("node_cpu")) {
      return mode.startsWith("guest") || mode.equals("steal") || mode.equals("irq") ? 0 : (byte) 2;
    }
    if (name.startsWith("node_network")) {
      return device.equals("eth0") || device.equals("lo") ? (byte) 1 : 0;
    }
    if (name.startsWith("node_filesystem")) {
      return name.contains("avail") || name.contains("free") ? (byte) 3 : 0;
    }
    if (name.startsWith("node_memory")) {
      return name.hashCode() % 3 == 0 ? 0 : (byte) 3;
    }
    if (name.startsWith("node_disk")) {
      return device.startsWith("nvme") || device.equals("dm-0") ? (byte) 1 : 0;
    }
    return name.hashCode() % 2 == 0 ? 0 : (byte) 1;
  }

  /** Returns the next value of series {@code i} (one scrape later). */
  double next(int i) {
    double v = value[i];
    switch (kind[i]) {
      case 1 -> v += random.nextInt(rate[i]);
      case 2 -> v = Math.round(v * 100 + random.nextInt(rate[i])) / 100.0;
      case 3 -> {
        if (random.nextInt(4) == 0) {
          v += 4096.0 * (random.nextInt(201) - 100);
        }
      }
      default -> {}
    }
    value[i] = v;
    return v;
  }
}
