import type { FleetHost } from '../../../src/core/fleet.js';

/** A host record with every figure known; override what a test is about. */
export function host(instance: string, o: Partial<FleetHost> = {}): FleetHost {
  return {
    instance, job: 'sysmon', labels: {}, up: true, scrapeAgeSeconds: 1, exporter: 'sysmon',
    cpuBusyPercent: 10, cpuCount: 2, load1: 0.5, load5: 0.4, load15: 0.3,
    memTotalBytes: 8 * 2 ** 30, memAvailableBytes: 6 * 2 ** 30, memUsedBytes: 2 * 2 ** 30,
    swapTotalBytes: 0, swapUsedBytes: 0,
    fullestFs: { mountpoint: '/', device: '/dev/vda', usePercent: 42.2, availBytes: 10 * 2 ** 30 },
    netRxBytesPerSecond: 1024, netTxBytesPerSecond: 2048, diskReadBytesPerSecond: 0, diskWriteBytesPerSecond: 4096,
    topCpu: { pid: 10, comm: 'nginx', user: 'www', cpuPercent: 45.5, rssBytes: null },
    topMem: { pid: 11, comm: 'java', user: 'app', cpuPercent: null, rssBytes: 2 ** 30 },
    ...o,
  };
}
