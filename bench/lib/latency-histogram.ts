/** Width of one bucket in ms: fine enough for sub-millisecond loopback latencies. */
const BUCKET_MS = 0.25;
/** Latencies above this land in the last bucket (they are failures of the run anyway). */
const MAX_MS = 60_000;
const BUCKETS = Math.ceil(MAX_MS / BUCKET_MS) + 1;

/** A histogram as it travels between processes: [bucket, count] pairs of the non-empty buckets. */
export type SparseHistogram = [number, number][];

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Latencies in fixed 0.25 ms buckets: constant cost per sample, and histograms of processes add up. */
export class LatencyHistogram {
  private readonly counts = new Uint32Array(BUCKETS);
  private total = 0;
  private sum = 0;

  record(ms: number): void {
    const clamped = Math.min(Math.max(ms, 0), MAX_MS);
    const bucket = Math.floor(clamped / BUCKET_MS);
    this.counts[bucket] = (this.counts[bucket] ?? 0) + 1;
    this.total += 1;
    this.sum += clamped;
  }

  get count(): number {
    return this.total;
  }

  reset(): void {
    this.counts.fill(0);
    this.total = 0;
    this.sum = 0;
  }

  toSparse(): SparseHistogram {
    const pairs: SparseHistogram = [];
    this.counts.forEach((count, bucket) => {
      if (count > 0) pairs.push([bucket, count]);
    });
    return pairs;
  }

  add(sparse: SparseHistogram): void {
    for (const [bucket, count] of sparse) {
      this.counts[bucket] = (this.counts[bucket] ?? 0) + count;
      this.total += count;
      // The bucket's middle: sums of merged histograms are good to a quarter of a millisecond.
      this.sum += (bucket + 0.5) * BUCKET_MS * count;
    }
  }

  /** The upper edge of the bucket that holds quantile `q` (0..1); 0 when empty. */
  quantile(q: number): number {
    if (this.total === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.total));
    let seen = 0;
    for (let bucket = 0; bucket < BUCKETS; bucket += 1) {
      seen += this.counts[bucket] ?? 0;
      if (seen >= rank) return (bucket + 1) * BUCKET_MS;
    }
    return MAX_MS;
  }

  summary(): LatencySummary {
    return {
      count: this.total,
      p50: this.quantile(0.5),
      p95: this.quantile(0.95),
      p99: this.quantile(0.99),
      max: this.quantile(1),
      mean: this.total === 0 ? 0 : this.sum / this.total,
    };
  }
}
