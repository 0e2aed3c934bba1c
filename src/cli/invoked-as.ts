import path from 'node:path';

/**
 * The tool sysmon was run as: `sysmon`, or the name of a multi-call link (`ps`, `free`, `df`, ...) that
 * bin/sysmon was started through. Messages take it as their prefix; a command run through its link behaves as
 * the real tool (bare `ps` lists this terminal's processes).
 */
let name = 'sysmon';

/** Set once by the entry point from argv[1]'s base name. */
export function setInvokedAs(argv1: string | undefined): void {
  if (argv1) name = path.basename(argv1);
}

/** `sysmon` unless started through a multi-call link. */
export function invokedAs(): string {
  return name;
}
