const TIMESTAMP = '"timestamp":"';
const SEQUENCE = '"sequence":';
const ISO_LENGTH = '2030-01-01T00:00:00.000Z'.length;

/**
 * Reads the two fields the benchmark needs straight from a `seat_update` packet's text, without a
 * JSON.parse per delivery (the load generator must stay cheap). NaN when a field is missing.
 */
export function readSeatUpdate(packet: string): { timestampMs: number; sequence: number } {
  const at = packet.indexOf(TIMESTAMP);
  const timestampMs =
    at < 0 ? NaN : Date.parse(packet.slice(at + TIMESTAMP.length, at + TIMESTAMP.length + ISO_LENGTH));
  const seq = packet.indexOf(SEQUENCE);
  const sequence =
    seq < 0 ? NaN : parseInt(packet.slice(seq + SEQUENCE.length, seq + SEQUENCE.length + 12), 10);
  return { timestampMs, sequence };
}
