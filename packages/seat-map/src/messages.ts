import type { SeatMapStatus } from '@booking/client';
import type { SeatPlace } from './layout';

export type Language = 'en' | 'tr';
/**
 * A seat's status as this element shows it: `mine` is held by this element's own holds, `blocked`
 * is free but refused by a seat rule to the passenger of the element's `gender`.
 */
export type ShownStatus = SeatMapStatus | 'mine' | 'blocked';
export type Connection = 'connecting' | 'live' | 'reconnecting';

/** Turkish for `tr` and its regional forms (`tr-TR`), English for anything else. */
export const languageOf = (tag: string | null | undefined): Language =>
  tag?.toLowerCase().split('-')[0] === 'tr' ? 'tr' : 'en';

/** The rule of `gender_adjacency`, the one built-in rule that blocks seats. */
const GENDER_RULE = 'gender_adjacency';

/**
 * The words of one language. Sentences take seats as a phrase made by `seats` ("seat 9", "seats 9
 * and 10"): Turkish says "9 numaralı koltuk", so that no case ending ever hangs on a numeral.
 */
interface Words {
  seat: string;
  /** One or more seats in a sentence; `list` is already "9 and 10". */
  seats: (list: string, count: number) => string;
  status: Record<ShownStatus, string>;
  place: Record<SeatPlace, string>;
  deck: (deck: number, decks: number) => string;
  connection: Record<Connection, string>;
  perSeat: (price: string) => string;
  loading: string;
  timeLeft: string;
  moreTime: string;
  release: string;
  taken: (seat: string) => string;
  freed: (seat: string) => string;
  heldForYou: (seats: string, duration: string) => string;
  /** Another seat joined the selection; `list` is every seat held now ("9, 10 and 11"). */
  added: (seat: string, list: string) => string;
  refused: (seat: string) => string;
  failed: (seat: string, reason: string) => string;
  signIn: string;
  limit: string;
  groupLimit: (max: number) => string;
  /** Why a seat rule refuses a free seat to this passenger. */
  blockedBy: (rule: string) => string;
  blockedChoice: (seat: string, why: string) => string;
  mismatch: (seats: string) => string;
  released: (seats: string) => string;
  expired: (seats: string) => string;
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

export const capital = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

const WORDS: Record<Language, Words> = {
  en: {
    seat: 'Seat',
    seats: (list, count) => `seat${count > 1 ? 's' : ''} ${list}`,
    status: {
      available: 'available',
      held: 'held by someone',
      mine: 'held by you',
      reserved: 'reserved',
      confirmed: 'sold',
      suspended: 'not for sale',
      blocked: 'blocked',
    },
    place: { window: 'window', aisle: 'aisle' },
    deck: (deck, decks) => (decks === 1 ? 'Seats' : deck === 1 ? 'Lower deck' : 'Upper deck'),
    connection: { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…' },
    perSeat: (price) => `${price} a seat`,
    loading: 'Loading seats…',
    timeLeft: 'Time left on your hold',
    moreTime: 'More time',
    release: 'Release',
    taken: (seat) => `${capital(seat)} was just taken.`,
    freed: (seat) => `${capital(seat)} is available again.`,
    heldForYou: (seats, duration) => `${capital(seats)} held for you for ${duration}.`,
    added: (seat, list) => `${capital(seat)} held for you too; you now hold seats ${list}.`,
    refused: (seat) => `${capital(seat)} was just taken; pick another.`,
    failed: (seat, reason) => `${capital(seat)} could not be held: ${reason}`,
    signIn: 'Sign in to hold a seat.',
    limit: 'You already hold as many seats as you may.',
    groupLimit: (max) => `One booking takes at most ${max} seats.`,
    blockedBy: (rule) =>
      rule === GENDER_RULE ? 'next to a passenger of another gender' : 'refused by a seat rule',
    blockedChoice: (seat, why) => `${capital(seat)} cannot be chosen: ${why}.`,
    mismatch: (seats) => `Name one passenger for each held seat: ${seats}.`,
    released: (seats) => `You released ${seats}.`,
    expired: (seats) => `Your hold on ${seats} ran out; pick a seat again.`,
    extendedUntil: (time) => `Your hold runs until ${time}.`,
    booked: (seats, pnr) => `${capital(seats)} booked, PNR ${pnr}.`,
    left: (duration) => `${duration} left on your hold.`,
    cancelled: (reason) =>
      `This departure is cancelled${reason ? `: ${reason}` : ''}. Seats can no longer be held or booked.`,
    cancelledMark: 'Cancelled',
    moved: (time) => `The departure has moved. New departure: ${time}.`,
    was: (time) => `was ${time}`,
  },
  // Formal "siz" throughout; a seat in a sentence is "9 numaralı koltuk".
  tr: {
    seat: 'Koltuk',
    seats: (list, count) => `${list} numaralı koltuk${count > 1 ? 'lar' : ''}`,
    status: {
      available: 'boş',
      held: 'başkası için ayrıldı',
      mine: 'sizin için ayrıldı',
      reserved: 'rezerve',
      confirmed: 'satıldı',
      suspended: 'satışa kapalı',
      blocked: 'seçilemez',
    },
    place: { window: 'cam kenarı', aisle: 'koridor' },
    deck: (deck, decks) => (decks === 1 ? 'Koltuklar' : deck === 1 ? 'Alt kat' : 'Üst kat'),
    connection: { connecting: 'Bağlanıyor…', live: 'Canlı', reconnecting: 'Yeniden bağlanıyor…' },
    perSeat: (price) => `koltuk başına ${price}`,
    loading: 'Koltuklar yükleniyor…',
    timeLeft: 'Kalan ayırma süresi',
    moreTime: 'Süreyi uzat',
    release: 'Serbest bırak',
    taken: (seat) => `${seat} az önce alındı.`,
    freed: (seat) => `${seat} yeniden boşaldı.`,
    heldForYou: (seats, duration) => `${capital(seats)} ${duration} süreyle sizin için ayrıldı.`,
    added: (seat, list) => `${seat} da sizin için ayrıldı. Ayırdığınız koltuklar: ${list}.`,
    refused: (seat) => `${seat} az önce alındı; başka bir koltuk seçin.`,
    failed: (seat, reason) => `${seat} ayrılamadı: ${reason}`,
    signIn: 'Koltuk ayırmak için giriş yapın.',
    limit: 'Ayırabileceğiniz en fazla sayıda koltuğu zaten ayırdınız.',
    groupLimit: (max) => `Bir rezervasyonda en fazla ${max} koltuk ayırabilirsiniz.`,
    blockedBy: (rule) =>
      rule === GENDER_RULE ? 'karşı cinsten bir yolcunun yanında' : 'koltuk kuralları buna izin vermiyor',
    blockedChoice: (seat, why) => `${seat} seçilemez: ${why}.`,
    mismatch: (seats) => `Ayrılan her koltuk için bir yolcu girin: ${seats}.`,
    released: (seats) => `${seats} serbest bırakıldı.`,
    expired: (seats) => `${seats} için süreniz doldu; yeniden koltuk seçin.`,
    extendedUntil: (time) => `Süre uzatıldı. Yeni bitiş saati: ${time}.`,
    booked: (seats, pnr) => `${seats} rezerve edildi. PNR: ${pnr}.`,
    left: (duration) => `Kalan süre: ${duration}.`,
    cancelled: (reason) =>
      `Sefer iptal edildi${reason ? `: ${reason}` : ''}. Artık koltuk ayrılamaz ve satın alınamaz.`,
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
  const list = new Intl.ListFormat(language, { type: 'conjunction' });
  return {
    ...words,
    price: (amount: number) => money.format(amount),
    minutes: (count: number) => minutes.format(count),
    seconds: (count: number) => seconds.format(count),
    departure: (iso: string) => departure.format(new Date(iso)),
    time: (iso: string) => clock.format(new Date(iso)),
    /** Seat numbers as a list: "9, 10, and 11" ("9, 10 ve 11"). */
    listOf: (numbers: readonly number[]) => list.format(numbers.map(String)),
    /** Seats in a sentence: "seat 9", "seats 9 and 10" ("9 ve 10 numaralı koltuklar"). */
    seatsOf: (numbers: readonly number[]) => words.seats(list.format(numbers.map(String)), numbers.length),
    /**
     * What a screen reader says for a seat: "Seat 15, window, available, €450.00"; no price when the
     * seat is not for sale (a cancelled departure); why, when a seat rule blocks it ("Seat 14,
     * window, blocked: next to a passenger of another gender").
     */
    seatName(
      seatNumber: number,
      place: SeatPlace | undefined,
      status: ShownStatus,
      price: number,
      forSale = true,
      blockedBy?: string,
    ): string {
      const said = words.status[status];
      const parts = [
        `${words.seat} ${seatNumber}`,
        place && words.place[place],
        status === 'blocked' && blockedBy ? `${said}: ${words.blockedBy(blockedBy)}` : said,
      ];
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
