/** Counts open connections per client address and refuses more than `maxPerAddress`. */
export class ConnectionLimiter {
  private readonly open = new Map<string, number>();

  constructor(private readonly maxPerAddress: number) {}

  /** A release function when there is room (safe to call more than once), otherwise undefined. */
  tryAcquire(address: string): (() => void) | undefined {
    const count = this.open.get(address) ?? 0;
    if (count >= this.maxPerAddress) return undefined;
    this.open.set(address, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.open.get(address) ?? 1) - 1;
      if (left > 0) this.open.set(address, left);
      else this.open.delete(address);
    };
  }

  countFor(address: string): number {
    return this.open.get(address) ?? 0;
  }
}
