import { useEffect, useRef, useState, type FormEvent } from 'react';
import {
  defineBookingSeatMap,
  type BookingCompleteEvent,
  type BookingSeatMap,
  type HeldSeats,
  type HoldChangeEvent,
  type HoldPassenger,
  type SeatSelectEvent,
} from '@booking/seat-map';

defineBookingSeatMap();

export interface CheckoutProps {
  server: string;
  route: string;
  from?: string;
  to?: string;
}

/** The host's checkout: the element shows the bus and holds the seats; the host names the passengers. */
export function Checkout({ server, route, from, to }: CheckoutProps) {
  const map = useRef<BookingSeatMap>(null);
  const [token, setToken] = useState('');
  const [chosen, setChosen] = useState<number>();
  const [hold, setHold] = useState<HeldSeats | null>(null);
  const [pnr, setPnr] = useState<string>();
  const [refusal, setRefusal] = useState('');

  // The element's own DOM events, with addEventListener: the same in React 18 and 19.
  useEffect(() => {
    const element = map.current!;
    const onSelect = (event: Event) => setChosen((event as SeatSelectEvent).detail.seatNumber);
    const onHold = (event: Event) => setHold((event as HoldChangeEvent).detail.hold);
    const onBooked = (event: Event) => setPnr((event as BookingCompleteEvent).detail.pnrNumber);
    element.addEventListener('seat-select', onSelect);
    element.addEventListener('hold-change', onHold);
    element.addEventListener('booking-complete', onBooked);
    return () => {
      element.removeEventListener('seat-select', onSelect);
      element.removeEventListener('hold-change', onHold);
      element.removeEventListener('booking-complete', onBooked);
    };
  }, []);

  // `token` is a property, not an attribute: set it on the element itself.
  useEffect(() => {
    map.current!.token = token;
  }, [token]);

  async function book(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    // One passenger per held seat: the element books them all under one PNR.
    const passengers = hold!.seatNumbers.map((seatNumber): HoldPassenger => ({
      seatNumber,
      passengerName: String(form.get(`passengerName-${seatNumber}`)),
      gender: form.get(`gender-${seatNumber}`) as HoldPassenger['gender'],
    }));
    setRefusal('');
    // Success comes as `booking-complete`; a refusal is the server's { code, message }.
    await map.current!.book(passengers).catch((error: { message: string }) => setRefusal(error.message));
  }

  return (
    <main>
      <h1>Choose your seat</h1>
      <label>
        Customer token <input value={token} onChange={(e) => setToken(e.target.value)} autoComplete="off" />
      </label>
      <booking-seat-map ref={map} server={server} route={route} from={from} to={to} />
      <section aria-label="Your booking">
        {chosen !== undefined && <p>You chose seat {chosen}.</p>}
        {hold && (
          <p>
            Seat {hold.seatNumbers.join(', ')} is held for you until{' '}
            {new Date(hold.expiresAt).toLocaleTimeString()}.
          </p>
        )}
        {hold && (
          <form onSubmit={(e) => void book(e)}>
            {hold.seatNumbers.map((seatNumber) => (
              <fieldset key={seatNumber}>
                <legend>Seat {seatNumber}</legend>
                <label>
                  Passenger name <input name={`passengerName-${seatNumber}`} required />
                </label>
                <label>
                  Gender{' '}
                  <select name={`gender-${seatNumber}`}>
                    <option value="female">female</option>
                    <option value="male">male</option>
                    <option value="other">other</option>
                  </select>
                </label>
              </fieldset>
            ))}
            <button>
              Book seat{hold.seatNumbers.length > 1 ? 's' : ''} {hold.seatNumbers.join(', ')}
            </button>
          </form>
        )}
        {pnr && <p>Booked: PNR {pnr}.</p>}
        {refusal && <p role="alert">{refusal}</p>}
      </section>
    </main>
  );
}
