// Tells TypeScript's JSX about <booking-seat-map> and its attributes (React passes them as attributes).
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { BookingSeatMap } from '@booking/seat-map';

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'booking-seat-map': DetailedHTMLProps<HTMLAttributes<BookingSeatMap>, BookingSeatMap> & {
        server?: string;
        route: string;
        from?: string;
        to?: string;
        lang?: string;
        currency?: string;
        gender?: 'female' | 'male' | 'other';
        'max-seats'?: number;
        transports?: string;
      };
    }
  }
}
