// One database handle over PGlite (embedded) or a PostgreSQL server, behind the same Kysely API.
// Transactions are ambient: inside db.tx(...), db.q is the transaction, so services and
// repositories compose without passing a transaction object around, and PGlite's single
// connection is never asked for twice by the same unit of work.
import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import { CamelCasePlugin, Kysely, PostgresDialect, type Transaction } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import pg from 'pg';
import type { Schema } from './schema.ts';

export type DatabaseKind = 'pglite' | 'postgres';
export type DatabaseConfig =
  | { kind: 'pglite'; dir: string | null; /** Start from a dumped data directory (tests clone a seeded one). */ loadDataDir?: Blob }
  | { kind: 'postgres'; url: string; max?: number };
export type Q = Kysely<Schema>;

// Same shapes from both engines: dates as 'YYYY-MM-DD', bigint counts and numerics as numbers.
const OID = { INT8: 20, NUMERIC: 1700, DATE: 1082 } as const;
const asNumber = (v: string) => (v === null ? null : Number(v));
const asText = (v: string) => v;

interface Unit {
  trx: Transaction<Schema>;
  afterCommit: (() => void)[];
}
const ambient = new AsyncLocalStorage<Map<Database, Unit>>();

/** PostgreSQL error codes worth retrying the whole transaction for. */
const RETRYABLE = new Set(['40001', '40P01']);

export class Database {
  private constructor(
    readonly kind: DatabaseKind,
    readonly root: Kysely<Schema>,
    readonly pool: pg.Pool | null,
    readonly pglite: PGlite | null,
  ) {}

  static async open(config: DatabaseConfig): Promise<Database> {
    if (config.kind === 'postgres') {
      pg.types.setTypeParser(OID.INT8, asNumber);
      pg.types.setTypeParser(OID.NUMERIC, asNumber);
      pg.types.setTypeParser(OID.DATE, asText);
      const pool = new pg.Pool({ connectionString: config.url, max: config.max ?? 20 });
      // A dropped connection must not crash the process; the pool replaces it.
      pool.on('error', () => {});
      const root = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] });
      return new Database('postgres', root, pool, null);
    }
    if (config.dir) fs.mkdirSync(config.dir, { recursive: true });
    const pglite = await PGlite.create({
      dataDir: config.dir ?? undefined,
      loadDataDir: config.loadDataDir,
      parsers: { [OID.INT8]: asNumber, [OID.NUMERIC]: asNumber, [OID.DATE]: asText },
      serializers: { [pgliteTypes.DATE]: (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v)) },
    });
    const root = new Kysely<Schema>({ dialect: new PGliteDialect(pglite), plugins: [new CamelCasePlugin()] });
    return new Database('pglite', root, null, pglite);
  }

  /** The current transaction when inside tx(), otherwise the root handle. */
  get q(): Q {
    return ambient.getStore()?.get(this)?.trx ?? this.root;
  }

  get inTransaction(): boolean {
    return ambient.getStore()?.has(this) ?? false;
  }

  /** Run fn in a transaction, joining the ambient one if there is one. */
  async tx<T>(fn: (q: Q) => Promise<T>): Promise<T> {
    const current = ambient.getStore()?.get(this);
    if (current) return fn(current.trx);
    for (let attempt = 1; ; attempt++) {
      try {
        const afterCommit: (() => void)[] = [];
        const result = await this.root.transaction().execute((trx) => {
          const store = new Map(ambient.getStore() ?? []);
          store.set(this, { trx, afterCommit });
          return ambient.run(store, () => fn(trx));
        });
        for (const f of afterCommit) f();
        return result;
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (attempt < 4 && code && RETRYABLE.has(code)) continue;
        throw err;
      }
    }
  }

  /** Run fn once the current transaction commits (at once outside a transaction); dropped on rollback. */
  afterCommit(fn: () => void): void {
    const unit = ambient.getStore()?.get(this);
    if (unit) unit.afterCommit.push(fn);
    else fn();
  }

  /** Run several statements of plain SQL (no parameters), for migrations and tooling. */
  async execScript(text: string): Promise<void> {
    if (this.pglite) await this.pglite.exec(text);
    else await this.pool!.query(text);
  }

  async close(): Promise<void> {
    await this.root.destroy();
  }
}
