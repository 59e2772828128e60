import { defineComponent, h, ref } from 'vue';
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

/** The host's checkout: the element shows the bus and holds the seats; the host names the passengers. */
export const Checkout = defineComponent({
  props: {
    server: { type: String, required: true },
    route: { type: String, required: true },
    from: String,
    to: String,
  },
  setup(props) {
    const map = ref<BookingSeatMap>();
    const token = ref('');
    const chosen = ref<number>();
    const hold = ref<HeldSeats | null>(null);
    const pnr = ref<string>();
    const refusal = ref('');

    async function book(event: SubmitEvent) {
      event.preventDefault();
      const form = new FormData(event.target as HTMLFormElement);
      // One passenger per held seat: the element books them all under one PNR.
      const passengers = hold.value!.seatNumbers.map((seatNumber): HoldPassenger => ({
        seatNumber,
        passengerName: String(form.get(`passengerName-${seatNumber}`)),
        gender: form.get(`gender-${seatNumber}`) as HoldPassenger['gender'],
      }));
      refusal.value = '';
      // Success comes as `booking-complete`; a refusal is the server's { code, message }.
      await map
        .value!.book(passengers)
        .catch((error: { message: string }) => (refusal.value = error.message));
    }

    const option = (gender: HoldPassenger['gender']) => h('option', { value: gender }, gender);
    const passengerFields = (seatNumber: number) =>
      h('fieldset', { key: seatNumber }, [
        h('legend', `Seat ${seatNumber}`),
        h('label', ['Passenger name ', h('input', { name: `passengerName-${seatNumber}`, required: true })]),
        h('label', [
          'Gender ',
          h('select', { name: `gender-${seatNumber}` }, [option('female'), option('male'), option('other')]),
        ]),
      ]);
    const bookingForm = ({ seatNumbers }: HeldSeats) =>
      h('form', { onSubmit: (event: SubmitEvent) => void book(event) }, [
        ...seatNumbers.map(passengerFields),
        h('button', `Book seat${seatNumbers.length > 1 ? 's' : ''} ${seatNumbers.join(', ')}`),
      ]);

    return () =>
      h('main', [
        h('h1', 'Choose your seat'),
        h('label', [
          'Customer token ',
          h('input', {
            value: token.value,
            autocomplete: 'off',
            onInput: (event: Event) => (token.value = (event.target as HTMLInputElement).value),
          }),
        ]),
        // A plain element for Vue: `onSeatSelect` listens to the DOM event `seat-select`, and so on;
        // `.token` sets the property (a token is not an attribute).
        h('booking-seat-map', {
          ref: map,
          server: props.server,
          route: props.route,
          from: props.from,
          to: props.to,
          '.token': token.value,
          onSeatSelect: (event: SeatSelectEvent) => (chosen.value = event.detail.seatNumber),
          onHoldChange: (event: HoldChangeEvent) => (hold.value = event.detail.hold),
          onBookingComplete: (event: BookingCompleteEvent) => (pnr.value = event.detail.pnrNumber),
        }),
        h('section', { 'aria-label': 'Your booking' }, [
          chosen.value !== undefined && h('p', `You chose seat ${chosen.value}.`),
          hold.value &&
            h(
              'p',
              `Seat ${hold.value.seatNumbers.join(', ')} is held for you until ` +
                `${new Date(hold.value.expiresAt).toLocaleTimeString()}.`,
            ),
          hold.value && bookingForm(hold.value),
          pnr.value ? h('p', `Booked: PNR ${pnr.value}.`) : null,
          refusal.value ? h('p', { role: 'alert' }, refusal.value) : null,
        ]),
      ]);
  },
});
