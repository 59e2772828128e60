import type { DomainError } from '@booking/core';
import { SOCKET_CODE_BY_KIND, type ServerError } from './protocol';

/** The client sees the code and the message for people; causes and details stay in the logs. */
export function protocolErrorOf(error: DomainError): ServerError {
  return { code: SOCKET_CODE_BY_KIND[error.kind], message: error.message };
}

/** A subscribe_route overtaken by a later subscribe_route or unsubscribe_route of the same route. */
export const cancelled: ServerError = {
  code: 'cancelled',
  message: 'A later subscribe_route or unsubscribe_route for this route replaced this one.',
};

export const internalError: ServerError = {
  code: 'internal_error',
  message: 'Something went wrong on the server; the connection stays open.',
};
