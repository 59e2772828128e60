/**
 * What can go wrong with a call to a real provider, on purpose, for tests of what happens then:
 * - `fail_before`: the call fails before the provider acts (`gateway_unavailable`, nothing charged
 *   or refunded);
 * - `fail_after`: the provider acts, but its answer is lost (`gateway_unavailable`: a crash or a
 *   timeout after the money moved; a repeat with the same idempotency key answers it);
 * - `delay`: the provider acts and answers after `ms` milliseconds (a slow provider).
 */
export type SandboxFault = { kind: 'fail_before' } | { kind: 'fail_after' } | { kind: 'delay'; ms: number };

export type SandboxOperation = 'charge' | 'refund' | 'findCharge';

/** Faults waiting for the next calls of each operation, each used once, in the order queued. */
export class FaultQueue {
  private readonly queued: Record<SandboxOperation, SandboxFault[]> = {
    charge: [],
    refund: [],
    findCharge: [],
  };

  push(operation: SandboxOperation, fault: SandboxFault): void {
    if (fault.kind === 'delay' && !(Number.isFinite(fault.ms) && fault.ms >= 0)) {
      throw new RangeError(`a sandbox delay needs a number of milliseconds >= 0, not ${fault.ms}`);
    }
    this.queued[operation].push(fault);
  }

  next(operation: SandboxOperation): SandboxFault | undefined {
    return this.queued[operation].shift();
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
