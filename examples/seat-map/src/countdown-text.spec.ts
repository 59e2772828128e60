import { describe, expect, it } from '@jest/globals';
import { clockText, countdownAnnouncement } from './countdown-text';

describe('the countdown as the page shows and announces it', () => {
  it('shows minutes and seconds', () => {
    expect([300, 299, 65, 9, 0].map(clockText)).toEqual(['5:00', '4:59', '1:05', '0:09', '0:00']);
  });

  it('announces each whole minute, 30 and 10 seconds before the end, and the end: nothing else', () => {
    const said = new Map<number, string>();
    for (let seconds = 300; seconds >= 0; seconds--) {
      const text = countdownAnnouncement(seconds);
      if (text) said.set(seconds, text);
    }
    expect([...said]).toEqual([
      [300, '5 minutes left on your hold.'],
      [240, '4 minutes left on your hold.'],
      [180, '3 minutes left on your hold.'],
      [120, '2 minutes left on your hold.'],
      [60, '1 minute left on your hold.'],
      [30, '30 seconds left on your hold.'],
      [10, '10 seconds left on your hold.'],
      [0, 'Your hold has run out.'],
    ]);
  });
});
