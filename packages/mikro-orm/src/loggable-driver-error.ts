/** Fields of a PostgreSQL error that say what failed without quoting any value. */
const NAMING_FIELDS = ['code', 'severity', 'routine', 'schema', 'table', 'column', 'constraint', 'dataType'];

/** A statement as written (`?` placeholders) and as sent (MikroORM inlines the values). */
export interface FailedStatement {
  sql: string;
  sent: string;
}

/**
 * A driver error as it may reach a log: the statement with placeholders, PostgreSQL's reason, the
 * stack, and the fields that name what failed. The driver's message starts with the statement as
 * sent, values inlined; `detail`, `where`, `internalQuery` and `hint` quote the row. A passenger's
 * name and phone would reach every log line that shows the error: all of that is left behind.
 */
export function loggableDriverError(cause: unknown, statement?: FailedStatement): unknown {
  if (!(cause instanceof Error)) return cause;
  const loggable = new Error(statement ? withoutValues(cause.message, statement) : cause.message);
  loggable.name = cause.name;
  const frames = cause.stack?.split('\n').filter((line) => line.startsWith('    at '));
  if (frames) loggable.stack = [`${loggable.name}: ${loggable.message}`, ...frames].join('\n');
  const fields = cause as unknown as Record<string, unknown>;
  for (const field of NAMING_FIELDS) {
    if (fields[field] !== undefined) Object.assign(loggable, { [field]: fields[field] });
  }
  return loggable;
}

/**
 * knex writes `<statement as sent> - <reason>` for what failed on the way (a timeout waiting for a
 * connection is not prefixed). A message that holds the statement any other way is withheld.
 */
function withoutValues(message: string, { sql, sent }: FailedStatement): string {
  const prefix = `${sent} - `;
  const reason = message.startsWith(prefix)
    ? message.slice(prefix.length)
    : message.includes(sent)
      ? '(reason withheld: it quotes the statement)'
      : message;
  return `${sql.replace(/\s+/g, ' ').trim()} - ${reason}`;
}
