import { describe, expect, it } from 'vitest';
import { parseNetDev } from '../../src/parsers/net-dev.js';

const text = [
  'Inter-|   Receive                                                |  Transmit',
  ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed',
  '    lo:    6386      58    0    0    0     0          0         0     6386      58    0    0    0     0       0          0',
  '  eth0: 191614707    5518    1    2    3     4          5         6   370704    3253    7    8    9    10      11         12',
  'veth1234abcd:18446744073709551615 1 0 0 0 0 0 0 2 3 0 0 0 0 0 0',
  ' bad0: 1 2 3',
  '',
].join('\n');

describe('parseNetDev', () => {
  const devs = parseNetDev(text);

  it('skips the two header lines and short lines', () => {
    expect(devs.map((d) => d.device)).toEqual(['lo', 'eth0', 'veth1234abcd']);
  });

  it('maps the 16 columns in order', () => {
    expect(devs[1]).toEqual({
      device: 'eth0',
      rxBytes: 191614707, rxPackets: 5518, rxErrs: 1, rxDrop: 2, rxFifo: 3, rxFrame: 4, rxCompressed: 5,
      rxMulticast: 6,
      txBytes: 370704, txPackets: 3253, txErrs: 7, txDrop: 8, txFifo: 9, txColls: 10, txCarrier: 11,
      txCompressed: 12,
    });
  });

  it('reads a long name that touches the colon, and a 64-bit counter as a float', () => {
    expect(devs[2]!.rxBytes).toBe(18446744073709551615);
    expect(devs[2]!.txBytes).toBe(2);
  });
});
