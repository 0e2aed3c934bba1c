import type { NetDevStats } from '../core/io.js';

/**
 * Parser for /proc/net/dev (proc(5)): two header lines, then `  name: 16 counters` per interface — receive
 * bytes packets errs drop fifo frame compressed multicast, transmit bytes packets errs drop fifo colls carrier
 * compressed. The name is right-aligned and, when long, touches the colon (`veth1234abcd:123`); interface names
 * cannot hold `:` (dev_valid_name), so the first colon ends the name. Malformed lines are skipped.
 */
export function parseNetDev(text: string): NetDevStats[] {
  const out: NetDevStats[] = [];
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const device = line.slice(0, colon).trim();
    if (device === '' || device.includes('|')) continue;
    const f = line.slice(colon + 1).trim().split(/\s+/);
    if (f.length < 16) continue;
    const n = f.map(Number);
    if (n.slice(0, 16).some((x) => !Number.isFinite(x))) continue;
    out.push({
      device,
      rxBytes: n[0]!,
      rxPackets: n[1]!,
      rxErrs: n[2]!,
      rxDrop: n[3]!,
      rxFifo: n[4]!,
      rxFrame: n[5]!,
      rxCompressed: n[6]!,
      rxMulticast: n[7]!,
      txBytes: n[8]!,
      txPackets: n[9]!,
      txErrs: n[10]!,
      txDrop: n[11]!,
      txFifo: n[12]!,
      txColls: n[13]!,
      txCarrier: n[14]!,
      txCompressed: n[15]!,
    });
  }
  return out;
}
