import { defineComponent, h, ref } from 'vue';
import {
  defineBookingSeatMap,
  type BookingCompleteEvent,
  type BookingSeatMap,
  type HoldChangeEvent,
  type HoldJson,
  type HoldPassenger,
  type SeatSelectEvent,
} from '@booking/seat-map';

defineBookingSeatMap();

/** The host's checkout: the element shows the bus and holds the seat; the host names the passenger. */
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
    const hold = ref<HoldJson | null>(null);
    const pnr = ref<string>();
    const refusal = ref('');

    async function book(event: SubmitEvent) {
      event.preventDefault();
      const form = new FormData(event.target as HTMLFormElement);
      const passenger: HoldPassenger = {
        seatNumber: hold.value!.seatNumbers[0]!,
        passengerName: String(form.get('passengerName')),
        gender: form.get('gender') as HoldPassenger['gender'],
      };
      refusal.value = '';
      // Success comes as `booking-complete`; a refusal is the server's { code, message }.
      await map
        .value!.book([passenger])
        .catch((error: { message: string }) => (refusal.value = error.message));
    }

    const option = (gender: HoldPassenger['gender']) => h('option', { value: gender }, gender);
    const bookingForm = (seats: HoldJson) =>
      h('form', { onSubmit: (event: SubmitEvent) => void book(event) }, [
        h('label', ['Passenger name ', h('input', { name: 'passengerName', required: true })]),
        h('label', [
          'Gender ',
          h('select', { name: 'gender' }, [option('female'), option('male'), option('other')]),
        ]),
        h('button', `Book seat ${seats.seatNumbers[0]}`),
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
