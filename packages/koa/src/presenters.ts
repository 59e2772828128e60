import {
  toHoldView,
  toTicketView,
  type GroupBooking,
  type Hold,
  type CancelledTicket,
  type PaymentReceipt,
  type Route,
  type Ticket,
} from '@booking/core';
import type {
  CancelledTicketJson,
  HoldJson,
  paymentReceiptSchema,
  routeSchema,
  TicketView,
} from '@booking/protocol';
import type { z } from 'zod';

export type TicketJson = TicketView;
export type RouteJson = z.output<typeof routeSchema>;
export type PaymentReceiptJson = z.output<typeof paymentReceiptSchema>;

/** The contract's ticket fields only: no owner, phone or version leaves the server. */
export function ticketJson(ticket: Ticket): TicketJson {
  return toTicketView(ticket);
}

/** A cancelled ticket, with what its cancellation refunded when it had been paid for. */
export function cancelledTicketJson(ticket: CancelledTicket): CancelledTicketJson {
  const { refund } = ticket;
  return {
    ...ticketJson(ticket),
    ...(refund ? { refund: { amount: refund.amount, fee: refund.fee, currency: refund.currency } } : {}),
  };
}

export function routeJson(route: Route): RouteJson {
  const json: RouteJson = {
    id: route.id,
    fromCity: route.fromCity,
    toCity: route.toCity,
    stops: route.stops,
    departureAt: route.departureAt,
    seatCount: route.seatCount,
    price: route.price,
    layout: route.layout,
    decks: route.decks,
    status: route.status,
    cancelReason: route.cancelReason,
    stopTimes: route.stopTimes ? [...route.stopTimes] : null,
    scheduledDepartureAt: route.scheduledDepartureAt,
    updatedAt: route.updatedAt,
  };
  if (route.segmentPrices.length > 0) {
    json.segmentPrices = route.segmentPrices.map((p) => ({
      fromCity: route.stops[p.fromStopIndex] as string,
      toCity: route.stops[p.toStopIndex] as string,
      price: p.price,
    }));
  }
  return json;
}

export function receiptJson(receipt: PaymentReceipt): PaymentReceiptJson {
  const { payment } = receipt;
  return {
    payment: {
      id: payment.id,
      ticketId: payment.ticketId,
      amount: payment.amount,
      currency: payment.currency,
      status: payment.status,
      last4: payment.last4,
    },
    ticket: ticketJson(receipt.ticket),
    ...(receipt.tickets ? { tickets: receipt.tickets.map(ticketJson) } : {}),
  };
}

export function groupBookingJson(booking: GroupBooking): { pnrNumber: string; tickets: TicketJson[] } {
  return { pnrNumber: booking.pnrNumber, tickets: booking.tickets.map(ticketJson) };
}

/** The contract's hold fields only: no owner or version leaves the server. */
export function holdJson(hold: Hold): HoldJson {
  return toHoldView(hold);
}
