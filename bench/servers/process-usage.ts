/** What a server child reports about itself: memory (after a full GC when asked) and CPU so far. */
export interface ProcessUsage {
  heapUsed: number;
  heapTotal: number;
  rss: number;
  external: number;
  /** User + system CPU time since the process started, in microseconds. */
  cpuMicros: number;
  /** Open /seats sockets on the server. */
  connections: number;
  /** SQL statements sent so far (the booking server only). */
  statements?: number;
}

type Gc = () => void;

/** Reads the process's usage; `gc` (needs --expose-gc) first, so heap numbers hold live objects only. */
export function readUsage(connections: number, gc: boolean, statements?: number): ProcessUsage {
  const collect = (globalThis as { gc?: Gc }).gc;
  if (gc && collect) {
    // Twice: the first pass can leave garbage that finalizers released.
    collect();
    collect();
  }
  const memory = process.memoryUsage();
  const cpu = process.cpuUsage();
  return {
    heapUsed: memory.heapUsed,
    heapTotal: memory.heapTotal,
    rss: memory.rss,
    external: memory.external,
    cpuMicros: cpu.user + cpu.system,
    connections,
    ...(statements === undefined ? {} : { statements }),
  };
}
