// Bulk writers for the demo seed, one per engine, both inside a single transaction: multi-row
// INSERTs on PGlite, COPY FROM STDIN on PostgreSQL for the big tables. Raw SQL rather than Kysely
// because a full-scale seed writes 1.8 million rows and per-row query building would dominate.
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database } from '../../platform/db/database.ts';
import { deferIndexes } from './deferred-indexes.ts';
import type { AreaRow, DistrictRow, GridRow, HouseholdRow, OrganisationRow, PersonRow, RoleAssignmentRow, UserRow } from './rows.ts';

type ColumnKind = 'plain' | 'json' | 'array';
type Columns<R> = readonly (readonly [column: string, key: keyof R & string, kind?: ColumnKind])[];

const TABLES = {
  districts: [['id', 'id'], ['name', 'name'], ['name_en', 'nameEn'], ['center_lat', 'centerLat'], ['center_lon', 'centerLon'], ['boundary', 'boundary', 'json']] as Columns<DistrictRow>,
  areas: [
    ['district_id', 'districtId'], ['id', 'id'], ['parent_id', 'parentId'], ['level', 'level'], ['kind', 'kind'], ['code', 'code'],
    ['name', 'name'], ['name_en', 'nameEn'], ['path', 'path'], ['grid_id', 'gridId'], ['lat', 'lat'], ['lon', 'lon'],
    ['geometry', 'geometry', 'json'], ['properties', 'properties', 'json'],
  ] as Columns<AreaRow>,
  grids: [
    ['district_id', 'districtId'], ['id', 'id'], ['community_id', 'communityId'], ['code', 'code'], ['name', 'name'], ['area_path', 'areaPath'],
    ['geometry', 'geometry', 'json'], ['lat', 'lat'], ['lon', 'lon'], ['area_m2', 'areaM2'],
  ] as Columns<GridRow>,
  households: [
    ['district_id', 'districtId'], ['id', 'id'], ['building_id', 'buildingId'], ['area_path', 'areaPath'], ['grid_id', 'gridId'],
    ['room', 'room'], ['address', 'address'], ['low_income', 'lowIncome'],
  ] as Columns<HouseholdRow>,
  persons: [
    ['district_id', 'districtId'], ['id', 'id'], ['household_id', 'householdId'], ['building_id', 'buildingId'], ['area_path', 'areaPath'],
    ['grid_id', 'gridId'], ['name', 'name'], ['gender', 'gender'], ['birth_date', 'birthDate'], ['id_number', 'idNumber'], ['phone', 'phone'],
    ['relation', 'relation'], ['tags', 'tags', 'array'],
  ] as Columns<PersonRow>,
  organisations: [
    ['district_id', 'districtId'], ['id', 'id'], ['kind', 'kind'], ['code', 'code'], ['name', 'name'], ['name_en', 'nameEn'],
    ['area_path', 'areaPath'], ['properties', 'properties', 'json'],
  ] as Columns<OrganisationRow>,
  users: [['id', 'id'], ['district_id', 'districtId'], ['username', 'username'], ['password_hash', 'passwordHash'], ['display_name', 'displayName'], ['person_id', 'personId']] as Columns<
    UserRow & { passwordHash: string }
  >,
  role_assignments: [
    ['district_id', 'districtId'], ['id', 'id'], ['user_id', 'userId'], ['role', 'role'], ['area_id', 'areaId'], ['grid_id', 'gridId'], ['org_id', 'orgId'],
  ] as Columns<RoleAssignmentRow>,
} as const;

export type TableName = keyof typeof TABLES;
export type RowOf<T extends TableName> = (typeof TABLES)[T] extends Columns<infer R> ? R : never;

export interface Sink {
  /** Queue rows; they reach the database by the next flush at the latest. */
  write<T extends TableName>(table: T, rows: readonly RowOf<T>[]): Promise<void>;
  /** Send everything queued. */
  flush(): Promise<void>;
  /**
   * Announce a load large enough that the tables' indexes are better built once at the end;
   * flush() builds them. Ignored where it does not pay (PGlite, tables that already hold rows).
   */
  expectBulk(tables: readonly TableName[]): Promise<void>;
}

/**
 * Run `fn` with a sink in one transaction: either every row lands or none does. On PostgreSQL a
 * transaction-scoped advisory lock makes two servers starting together seed only once.
 */
export async function withSink<T>(db: Database, fn: (sink: Sink, query: (sql: string, params: unknown[]) => Promise<unknown[]>) => Promise<T>): Promise<T> {
  // The sink opens its own transaction on the raw engine; inside db.tx it would wait on PGlite's
  // single connection forever, or commit separately from the caller's work on PostgreSQL.
  if (db.inTransaction) throw new Error('the demo seed runs in its own transaction; call it outside db.tx()');
  if (db.pglite) {
    return db.pglite.transaction(async (tx) => {
      const sink = new InsertSink((text) => tx.exec(text));
      const result = await fn(sink, async (sql, params) => (await tx.query(sql, params)).rows);
      await sink.flush();
      return result;
    });
  }
  const client = await db.pool!.connect();
  try {
    await client.query('begin');
    await client.query("select pg_advisory_xact_lock(hashtext('linli.demo.seed'))");
    const sink = new CopySink(client);
    const result = await fn(sink, async (sql, params) => (await client.query(sql, params)).rows);
    await sink.flush();
    await client.query('commit');
    return result;
  } catch (err) {
    await client.query('rollback').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

// ---------------------------------------------------------------------------------------------
// PGlite: multi-row INSERT statements of literal values, a few thousand rows at a time.

/** Rows per statement: past a few thousand PGlite gains nothing and the statement text balloons. */
const INSERT_BATCH_ROWS = 2000;

class InsertSink implements Sink {
  private readonly pending = new Map<TableName, string[]>();

  constructor(private readonly exec: (text: string) => Promise<unknown>) {}

  async write<T extends TableName>(table: T, rows: readonly RowOf<T>[]): Promise<void> {
    const columns = TABLES[table] as Columns<RowOf<T>>;
    for (const row of rows) {
      const queue = this.queue(table);
      queue.push(`(${columns.map(([, key, kind]) => literal(row[key], kind)).join(',')})`);
      // Everything queued goes together, in TABLES order, so a referenced row (the district,
      // a user) is always written before the rows that refer to it.
      if (queue.length >= INSERT_BATCH_ROWS) await this.flush();
    }
  }

  async flush(): Promise<void> {
    for (const table of Object.keys(TABLES) as TableName[]) await this.send(table);
  }

  async expectBulk(): Promise<void> {}

  private queue(table: TableName): string[] {
    let queue = this.pending.get(table);
    if (!queue) this.pending.set(table, (queue = []));
    return queue;
  }

  private async send(table: TableName): Promise<void> {
    const queue = this.pending.get(table);
    if (!queue?.length) return;
    this.pending.delete(table);
    const names = TABLES[table].map(([c]) => c).join(',');
    await this.exec(`insert into ${table} (${names}) values ${queue.join(',')}`);
  }
}

function literal(value: unknown, kind: ColumnKind = 'plain'): string {
  if (value === null || value === undefined) return 'null';
  if (kind === 'json') return quote(JSON.stringify(value));
  if (kind === 'array') return quote(arrayLiteral(value as string[]));
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return quote(String(value));
}

/** standard_conforming_strings is on (the default since 9.1): only quotes need doubling. */
function quote(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

function arrayLiteral(items: readonly string[]): string {
  return `{${items.map((s) => `"${s.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`;
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL: COPY ... FROM STDIN in text format for the people tables, INSERT for the rest.

const COPY_TABLES = new Set<TableName>(['persons', 'households', 'areas']);
/** Rows gathered before a COPY is sent: large enough that per-COPY round trips do not matter. */
const COPY_BATCH_ROWS = 20_000;

class CopySink implements Sink {
  private readonly inserts: InsertSink;
  private readonly pending = new Map<TableName, string[]>();
  /** The COPY in progress: the next batch is generated while the server ingests this one. */
  private inflight: Promise<void> = Promise.resolve();
  private rebuildIndexes: (() => Promise<void>) | null = null;

  constructor(private readonly client: pg.PoolClient) {
    this.inserts = new InsertSink((text) => client.query(text));
  }

  async write<T extends TableName>(table: T, rows: readonly RowOf<T>[]): Promise<void> {
    if (!COPY_TABLES.has(table)) return this.inserts.write(table, rows);
    const columns = TABLES[table] as Columns<RowOf<T>>;
    let queue = this.pending.get(table);
    if (!queue) this.pending.set(table, (queue = []));
    for (const row of rows) queue.push(columns.map(([, key, kind]) => copyField(row[key], kind)).join('\t'));
    if (queue.length >= COPY_BATCH_ROWS) await this.send(table);
  }

  async expectBulk(tables: readonly TableName[]): Promise<void> {
    const empty: TableName[] = [];
    for (const table of tables) {
      const { rowCount } = await this.client.query(`select 1 from ${table} limit 1`);
      if (!rowCount) empty.push(table);
    }
    if (empty.length) this.rebuildIndexes = await deferIndexes(this.client, empty);
  }

  async flush(): Promise<void> {
    await this.inserts.flush();
    for (const table of COPY_TABLES) await this.send(table);
    await this.inflight;
    if (this.rebuildIndexes) {
      const rebuild = this.rebuildIndexes;
      this.rebuildIndexes = null;
      await rebuild();
    }
  }

  private async send(table: TableName): Promise<void> {
    const queue = this.pending.get(table);
    if (!queue?.length) return;
    this.pending.delete(table);
    const text = queue.join('\n') + '\n';
    // One connection runs one COPY at a time; wait for the previous one, not for this one.
    await this.inflight;
    // Queued INSERTs first: the copied rows refer to the district row among them.
    await this.inserts.flush();
    const names = TABLES[table].map(([c]) => c).join(',');
    const stream = this.client.query(copyFrom(`copy ${table} (${names}) from stdin`));
    const done = new Promise<void>((resolve, reject) => {
      stream.on('error', reject);
      stream.on('finish', resolve);
    });
    // A failure surfaces at the next send or at flush; keep it from being reported as unhandled meanwhile.
    done.catch(() => {});
    stream.end(text);
    this.inflight = done;
  }
}

function copyField(value: unknown, kind: ColumnKind = 'plain'): string {
  if (value === null || value === undefined) return '\\N';
  let text: string;
  if (kind === 'json') text = JSON.stringify(value);
  else if (kind === 'array') text = arrayLiteral(value as string[]);
  else if (typeof value === 'boolean') return value ? 't' : 'f';
  else text = String(value);
  return /[\\\t\n\r]/.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]!) : text;
}
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
