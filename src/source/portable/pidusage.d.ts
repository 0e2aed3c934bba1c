// pidusage 4 ships no types: the part sysmon uses.
declare module 'pidusage' {
  interface Stat {
    /** Percent of one CPU since the previous call for this pid. */
    cpu: number;
    /** Resident memory, bytes. */
    memory: number;
    ppid: number;
    pid: number;
    /** CPU time used, milliseconds. */
    ctime: number;
    /** Time since start, milliseconds. */
    elapsed: number;
    /** When measured, milliseconds since the epoch. */
    timestamp: number;
  }
  function pidusage(pid: number): Promise<Stat>;
  function pidusage(pids: number[]): Promise<Record<string, Stat>>;
  namespace pidusage {
    function clear(): void;
  }
  export default pidusage;
}
