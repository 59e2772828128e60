import { OVERLAPPING_TICKETS_SQL, openStorage, type MikroOrmStorage } from '@booking/mikro-orm';

/** Straight SQL over the booking tables, to check what the server wrote without asking the server. */
export class DatabaseAudit {
  private constructor(private readonly storage: MikroOrmStorage) {}

  static async open(url: string): Promise<DatabaseAudit> {
    return new DatabaseAudit(await openStorage({ url }, { migrate: false, poolSize: 1 }));
  }

  private async rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.storage.orm.em.getConnection().execute(sql, params, 'all')) as T[];
  }

  /** Pairs of occupying tickets of one seat whose segments overlap (the contract says: none, ever). */
  async overlappingTickets(routeId: string): Promise<number> {
    const [row] = await this.rows<{ count: string }>(OVERLAPPING_TICKETS_SQL, [routeId]);
    return Number(row?.count);
  }

  /** Ids of the route's tickets. */
  async ticketIds(routeId: string): Promise<Set<string>> {
    const rows = await this.rows<{ id: string }>(`select id from tickets where route_id = ?`, [routeId]);
    return new Set(rows.map((r) => r.id));
  }

  /** The route's committed seat events, by sequence, and how many are not yet published. */
  async seatEvents(routeId: string): Promise<{ sequence: number; ticketId: string; published: boolean }[]> {
    const rows = await this.rows<{ sequence: number; ticket_id: string; published: boolean }>(
      `select sequence, ticket_id, published_at is not null as published
         from seat_events where route_id = ? order by sequence`,
      [routeId],
    );
    return rows.map((r) => ({ sequence: Number(r.sequence), ticketId: r.ticket_id, published: r.published }));
  }

  close(): Promise<void> {
    return this.storage.close();
  }
}
