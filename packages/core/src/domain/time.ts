/** An instant as ISO-8601 UTC text with milliseconds: what the wire carries and what stores keep. */
export type Instant = string;

export function toInstant(date: Date): Instant {
  return date.toISOString();
}

export function addSeconds(instant: Instant, seconds: number): Instant {
  return new Date(Date.parse(instant) + seconds * 1000).toISOString();
}

export function isAtOrAfter(a: Instant, b: Instant): boolean {
  return Date.parse(a) >= Date.parse(b);
}
