/**
 * Pressure stall information (PSI, kernel 4.20+): the share of wall time in which some (or all) runnable
 * tasks were stalled on a resource. See the kernel's Documentation/accounting/psi.rst.
 */

/** One line of a /proc/pressure file. */
export interface PressureLine {
  /** Percent of time stalled, averaged over 10, 60 and 300 seconds. */
  avg10: number;
  avg60: number;
  avg300: number;
  /** Total stall time, microseconds. */
  totalUs: number;
}

/** One resource: `some` tasks stalled, and `full` (all non-idle tasks stalled; absent for cpu on old kernels). */
export interface ResourcePressure {
  some: PressureLine;
  full: PressureLine | null;
}

/** /proc/pressure/{cpu,memory,io}; a resource is null where the kernel has no PSI (or it is disabled). */
export interface Pressure {
  cpu: ResourcePressure | null;
  memory: ResourcePressure | null;
  io: ResourcePressure | null;
}
