import type { SeatMapStatus } from '@booking/client';
import type { SeatPlace } from './layout';

export type Language = 'en' | 'tr';
/** A seat's status as this page sees it: `mine` is held by this page's own hold. */
export type ShownStatus = SeatMapStatus | 'mine';
export type Connection = 'connecting' | 'live' | 'reconnecting';

/** Turkish for `tr` and its regional forms (`tr-TR`), English for anything else. */
export const languageOf = (tag: string | null | undefined): Language =>
  tag?.toLowerCase().split('-')[0] === 'tr' ? 'tr' : 'en';

interface Words {
  seat: string;
  status: Record<ShownStatus, string>;
  place: Record<SeatPlace, string>;
  deck: (deck: number, decks: number) => string;
  connection: Record<Connection, string>;
  perSeat: (price: string) => string;
  loading: string;
  timeLeft: string;
  moreTime: string;
  release: string;
  taken: (seat: number) => string;
  freed: (seat: number) => string;
  heldForYou: (seat: number, duration: string) => string;
  refused: (seat: number) => string;
  failed: (seat: number, reason: string) => string;
  signIn: string;
  limit: string;
  released: (seat: number) => string;
  expired: (seat: number) => string;
  extendedUntil: (time: string) => string;
  booked: (seats: string, pnr: string) => string;
  left: (duration: string) => string;
  /** The departure was cancelled (said at once, and shown in the banner). */
  cancelled: (reason: string | undefined) => string;
  /** In the route line of a cancelled departure. */
  cancelledMark: string;
  /** The departure moved to this date and time. */
  moved: (time: string) => string;
  /** After a moved departure's new time in the route line: the one first announced. */
  was: (time: string) => string;
}

const WORDS: Record<Language, Words> = {
  en: {
    seat: 'Seat',
    status: {
      available: 'available',
      held: 'held by someone',
      mine: 'held by you',
      reserved: 'reserved',
      confirmed: 'sold',
      suspended: 'not for sale',
    },
    place: { window: 'window', aisle: 'aisle' },
    deck: (deck, decks) => (decks === 1 ? 'Seats' : deck === 1 ? 'Lower deck' : 'Upper deck'),
    connection: { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…' },
    perSeat: (price) => `${price} a seat`,
    loading: 'Loading seats…',
    timeLeft: 'Time left on your hold',
    moreTime: 'More time',
    release: 'Release',
    taken: (seat) => `Seat ${seat} was just taken.`,
    freed: (seat) => `Seat ${seat} is available again.`,
    heldForYou: (seat, duration) => `Seat ${seat} held for you for ${duration}.`,
    refused: (seat) => `Seat ${seat} was just taken; pick another.`,
    failed: (seat, reason) => `Seat ${seat} could not be held: ${reason}`,
    signIn: 'Sign in to hold a seat.',
    limit: 'You already hold as many seats as you may.',
    released: (seat) => `You released seat ${seat}.`,
    expired: (seat) => `Your hold on seat ${seat} ran out; pick a seat again.`,
    extendedUntil: (time) => `Your hold runs until ${time}.`,
    booked: (seats, pnr) => `Seat ${seats} booked, PNR ${pnr}.`,
    left: (duration) => `${duration} left on your hold.`,
    cancelled: (reason) =>
      `This departure is cancelled${reason ? `: ${reason}` : ''}. Seats can no longer be held or booked.`,
    cancelledMark: 'Cancelled',
    moved: (time) => `The departure has moved. New departure: ${time}.`,
    was: (time) => `was ${time}`,
  },
  tr: {
    seat: 'Koltuk',
    status: {
      available: 'boş',
      held: 'başkası tutuyor',
      mine: 'sizin için tutuluyor',
      reserved: 'rezerve',
      confirmed: 'satıldı',
      suspended: 'satışa kapalı',
    },
    place: { window: 'cam kenarı', aisle: 'koridor' },
    deck: (deck, decks) => (decks === 1 ? 'Koltuklar' : deck === 1 ? 'Alt kat' : 'Üst kat'),
    connection: { connecting: 'Bağlanıyor…', live: 'Canlı', reconnecting: 'Yeniden bağlanıyor…' },
    perSeat: (price) => `koltuk başı ${price}`,
    loading: 'Koltuklar yükleniyor…',
    timeLeft: 'Koltuğunuzun kalan süresi',
    moreTime: 'Ek süre',
    release: 'Bırak',
    taken: (seat) => `Koltuk ${seat} az önce alındı.`,
    freed: (seat) => `Koltuk ${seat} yeniden boş.`,
    heldForYou: (seat, duration) => `Koltuk ${seat} sizin için ${duration} tutuluyor.`,
    refused: (seat) => `Koltuk ${seat} az önce alındı; başka bir koltuk seçin.`,
    failed: (seat, reason) => `Koltuk ${seat} tutulamadı: ${reason}`,
    signIn: 'Koltuk tutmak için giriş yapın.',
    limit: 'Tutabileceğiniz kadar koltuk tutuyorsunuz.',
    released: (seat) => `Koltuk ${seat} bırakıldı.`,
    expired: (seat) => `Koltuk ${seat} için süreniz doldu; yeniden koltuk seçin.`,
    extendedUntil: (time) => `Koltuğunuz şu saate kadar tutuluyor: ${time}.`,
    booked: (seats, pnr) => `Koltuk ${seats} rezerve edildi, PNR ${pnr}.`,
    left: (duration) => `Koltuğunuz için ${duration} kaldı.`,
    cancelled: (reason) =>
      `Bu sefer iptal edildi${reason ? `: ${reason}` : ''}. Koltuklar artık tutulamaz ve satın alınamaz.`,
    cancelledMark: 'İptal edildi',
    moved: (time) => `Kalkış saati değişti. Yeni kalkış: ${time}.`,
    was: (time) => `önceki: ${time}`,
  },
};

/** The words and the Intl formats of one language. */
export function messagesFor(language: Language, currency: string) {
  const words = WORDS[language];
  const money = new Intl.NumberFormat(language, { style: 'currency', currency });
  const minutes = new Intl.NumberFormat(language, { style: 'unit', unit: 'minute', unitDisplay: 'long' });
  const seconds = new Intl.NumberFormat(language, { style: 'unit', unit: 'second', unitDisplay: 'long' });
  const departure = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });
  const clock = new Intl.DateTimeFormat(language, { timeStyle: 'short' });
  return {
    ...words,
    price: (amount: number) => money.format(amount),
    minutes: (count: number) => minutes.format(count),
    seconds: (count: number) => seconds.format(count),
    departure: (iso: string) => departure.format(new Date(iso)),
    time: (iso: string) => clock.format(new Date(iso)),
    /**
     * What a screen reader says for a seat: "Seat 15, window, available, €450.00"; no price when the
     * seat is not for sale (a cancelled departure).
     */
    seatName(
      seatNumber: number,
      place: SeatPlace | undefined,
      status: ShownStatus,
      price: number,
      forSale = true,
    ): string {
      const parts = [`${words.seat} ${seatNumber}`, place && words.place[place], words.status[status]];
      if (forSale && (status === 'available' || status === 'mine')) parts.push(money.format(price));
      return parts.filter(Boolean).join(', ');
    },
  };
}

export type Messages = ReturnType<typeof messagesFor>;

/** The visible countdown: `4:05`. */
export const clockText = (seconds: number): string =>
  `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;

/**
 * What a screen reader hears as a hold runs down: each whole minute, at 30 and 10 seconds. Every
 * second would drown out everything else on the page. The end is told by the server's release.
 */
export function countdownAnnouncement(messages: Messages, seconds: number): string | undefined {
  if (seconds === 30 || seconds === 10) return messages.left(messages.seconds(seconds));
  if (seconds > 0 && seconds % 60 === 0) return messages.left(messages.minutes(seconds / 60));
  return undefined;
}
