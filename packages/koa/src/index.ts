export * from './create-rest-api';
export * from './options';
export type { Access, Endpoint, EndpointRequest, Reply } from './endpoints/endpoint';
export { storageHealthCheck } from './endpoints/system-endpoints';
export type { ApiError, Issue } from './http/api-error';
export { fromDomainError } from './http/api-error';
export { RestMetrics } from './http/metrics';
export { API_CONTENT_SECURITY_POLICY, securityHeaders } from './http/security-headers';
export {
  STATUS_BY_KIND,
  TRANSPORT_STATUS,
  type ErrorCode,
  type TransportErrorCode,
} from './http/status-by-kind';
export { buildOpenApiDocument, openApiPath } from './openapi/build-openapi';
export * from './schemas/common.schemas';
export * from './schemas/payment.schemas';
export * from './schemas/route.schemas';
export * from './schemas/system.schemas';
export * from './schemas/ticket.schemas';
export {
  receiptJson,
  routeJson,
  ticketJson,
  type PaymentReceiptJson,
  type RouteJson,
  type TicketJson,
} from './presenters';
