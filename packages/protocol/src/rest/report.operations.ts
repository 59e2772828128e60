import { defineOperation } from './operation';
import { salesReportQuerySchema, salesReportSchema } from './report.schemas';

export const reportOperations = {
  salesReport: defineOperation({
    method: 'GET',
    path: '/reports/sales',
    operationId: 'salesReport',
    summary:
      'Charges, refunds, cancellation fees and net per route and day, from the payment ledger (agent, admin). `Accept: text/csv` answers the same as CSV.',
    access: ['agent', 'admin'],
    query: salesReportQuerySchema,
    success: {
      status: 200,
      description:
        'The report. As CSV: a header row, one row per route and day, then a totals row; amounts with two decimals.',
      schema: salesReportSchema,
      alternatives: ['text/csv'],
    },
    errors: ['persistence_unavailable'],
  }),
};
