export * from './create-rest-api';
export * from './options';
export type { Endpoint, EndpointRequest, Reply } from './endpoints/endpoint';
export { storageHealthCheck } from './endpoints/system-endpoints';
export type { ApiError, Issue } from './http/api-error';
export { fromDomainError } from './http/api-error';
export { RestMetrics } from './http/metrics';
export { API_CONTENT_SECURITY_POLICY, securityHeaders } from './http/security-headers';
export {
  receiptJson,
  routeJson,
  ticketJson,
  type PaymentReceiptJson,
  type RouteJson,
  type TicketJson,
} from './presenters';
