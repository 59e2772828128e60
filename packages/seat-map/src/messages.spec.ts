import { describe, expect, it } from '@jest/globals';
import { clockText, countdownAnnouncement, languageOf, messagesFor } from './messages';

const nbsp = '\u00a0';

describe('the words of the seat map', () => {
  it('speaks Turkish for tr and its regions, English for anything else', () => {
    expect(['tr', 'tr-TR', 'TR-tr'].map(languageOf)).toEqual(['tr', 'tr', 'tr']);
    expect(['en', 'de', '', undefined, null].map(languageOf)).toEqual(['en', 'en', 'en', 'en', 'en']);
  });

  it('names a seat by number, place, status and, when it can be had, its price', () => {
    const en = messagesFor('en', 'TRY');
    expect(en.seatName(15, 'window', 'available', 450)).toBe(`Seat 15, window, available, TRY${nbsp}450.00`);
    expect(en.seatName(15, 'aisle', 'confirmed', 450)).toBe('Seat 15, aisle, sold');
    expect(en.seatName(3, undefined, 'mine', 19.99)).toBe(`Seat 3, held by you, TRY${nbsp}19.99`);
    expect(en.seatName(15, 'window', 'available', 450, false)).toBe('Seat 15, window, available');
    const tr = messagesFor('tr', 'TRY');
    expect(tr.seatName(15, 'window', 'available', 450)).toBe('Koltuk 15, cam kenarı, boş, ₺450,00');
    expect(tr.seatName(7, 'aisle', 'held', 450)).toBe('Koltuk 7, koridor, başkası için ayrıldı');
  });

  it('names a blocked seat with why a seat rule refuses it, in both languages, and never its price', () => {
    const en = messagesFor('en', 'TRY');
    expect(en.seatName(14, 'window', 'blocked', 450, true, 'gender_adjacency')).toBe(
      'Seat 14, window, blocked: next to a passenger of another gender',
    );
    expect(en.seatName(14, 'window', 'blocked', 450, true, 'front_row')).toBe(
      'Seat 14, window, blocked: refused by a seat rule',
    );
    const tr = messagesFor('tr', 'TRY');
    expect(tr.seatName(14, 'window', 'blocked', 450, true, 'gender_adjacency')).toBe(
      'Koltuk 14, cam kenarı, seçilemez: karşı cinsten bir yolcunun yanında',
    );
    expect(tr.blockedChoice(tr.seatsOf([14]), tr.blockedBy('gender_adjacency'))).toBe(
      '14 numaralı koltuk seçilemez: karşı cinsten bir yolcunun yanında.',
    );
  });

  it('says one seat or several in a sentence, with no case ending on a numeral in Turkish', () => {
    const en = messagesFor('en', 'EUR');
    expect(en.released(en.seatsOf([20]))).toBe('You released seat 20.');
    expect(en.added(en.seatsOf([11]), en.listOf([9, 10, 11]))).toBe(
      'Seat 11 held for you too; you now hold seats 9, 10, and 11.',
    );
    expect(en.booked(en.seatsOf([9, 10]), 'PNR42')).toBe('Seats 9 and 10 booked, PNR PNR42.');
    const tr = messagesFor('tr', 'EUR');
    expect(tr.released(tr.seatsOf([20]))).toBe('20 numaralı koltuk serbest bırakıldı.');
    expect(tr.added(tr.seatsOf([11]), tr.listOf([9, 10, 11]))).toBe(
      '11 numaralı koltuk da sizin için ayrıldı. Ayırdığınız koltuklar: 9, 10 ve 11.',
    );
    expect(tr.expired(tr.seatsOf([5, 6]))).toBe(
      '5 ve 6 numaralı koltuklar için süreniz doldu; yeniden koltuk seçin.',
    );
    expect(tr.groupLimit(6)).toBe('Bir rezervasyonda en fazla 6 koltuk ayırabilirsiniz.');
  });

  it('counts minutes with Intl in each language', () => {
    const en = messagesFor('en', 'EUR');
    expect(en.heldForYou(en.seatsOf([9]), en.minutes(5))).toBe('Seat 9 held for you for 5 minutes.');
    const tr = messagesFor('tr', 'EUR');
    expect(tr.heldForYou(tr.seatsOf([9]), tr.minutes(5))).toBe(
      '9 numaralı koltuk 5 dakika süreyle sizin için ayrıldı.',
    );
    expect(countdownAnnouncement(tr, 120)).toBe('Kalan süre: 2 dakika.');
  });

  it('tells a cancelled departure with its reason, and a moved one with its new time, in both languages', () => {
    const en = messagesFor('en', 'EUR');
    expect(en.cancelled('Snow on the pass')).toBe(
      'This departure is cancelled: Snow on the pass. Seats can no longer be held or booked.',
    );
    expect(en.cancelled(undefined)).toBe(
      'This departure is cancelled. Seats can no longer be held or booked.',
    );
    expect(en.moved(en.departure('2030-06-01T10:30:00.000Z'))).toMatch(
      /^The departure has moved\. New departure: Jun 1, 2030, \d/,
    );
    const tr = messagesFor('tr', 'EUR');
    expect(tr.cancelled('Kar')).toBe('Sefer iptal edildi: Kar. Artık koltuk ayrılamaz ve satın alınamaz.');
    expect(tr.moved(tr.departure('2030-06-01T10:30:00.000Z'))).toMatch(
      /^Kalkış saati değişti\. Yeni kalkış: 1 Haz 2030 /,
    );
  });

  it('shows the countdown as m:ss and announces it each minute and at 30 and 10 seconds only', () => {
    expect([300, 65, 9, 0].map(clockText)).toEqual(['5:00', '1:05', '0:09', '0:00']);
    const en = messagesFor('en', 'EUR');
    expect(countdownAnnouncement(en, 240)).toBe('4 minutes left on your hold.');
    expect(countdownAnnouncement(en, 60)).toBe('1 minute left on your hold.');
    expect(countdownAnnouncement(en, 30)).toBe('30 seconds left on your hold.');
    expect([299, 61, 11, 0].map((s) => countdownAnnouncement(en, s))).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});
