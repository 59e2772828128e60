/** The visible countdown: `4:05`. */
export function clockText(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/**
 * What a screen reader is told as a hold runs down: each whole minute, at 30 and 10 seconds, and
 * at the end. Every second would drown out everything else on the page.
 */
export function countdownAnnouncement(seconds: number): string | undefined {
  if (seconds === 0) return 'Your hold has run out.';
  if (seconds === 30 || seconds === 10) return `${seconds} seconds left on your hold.`;
  if (seconds % 60 === 0) return `${seconds / 60} minute${seconds === 60 ? '' : 's'} left on your hold.`;
  return undefined;
}
