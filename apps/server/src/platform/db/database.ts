// One database handle over PGlite (embedded) or a PostgreSQL server, behind the same Kysely API.
// Transactions are ambient: inside db.tx(...), db.q is the transaction, so services and
// repositories compose without passing a transaction object around, and PGlite's single
// connection is never asked for twice by the same unit of work.
import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import { CamelCasePlugin, Kysely, PostgresDialect, type PostgresCursor, type PostgresPool, type PostgresPoolClient, type PostgresQueryResult, type Transaction } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import pg from 'pg';
import type { Schema } from './schema.ts';
import { AppError } from '../errors.ts';

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

/** Seconds a client is asked to wait (Retry-After) while the database is out of reach. */
export const DATABASE_RETRY_AFTER_S = 2;

/**
 * The database went away or is not taking connections: SQLSTATE class 08 (connection exception),
 * 57P01-57P03 (shut down by an operator, crashed, starting up), 53300 (too many connections), or a
 * socket that failed before PostgreSQL could answer.
 */
export function isDatabaseUnreachable(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  return code.startsWith('08') || ['57P01', '57P02', '57P03', '53300'].includes(code) || ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'].includes(code);
}

/**
 * The answer while PostgreSQL is down or restarting (or, `busy`, while every pooled connection
 * stayed taken for the whole wait): 503 with Retry-After, never a 500.
 */
export function databaseUnavailable(cause: unknown, busy = false): AppError {
  const err = busy
    ? new AppError('database.busy', 'unavailable', 'the server is too busy just now; retry shortly', undefined, { 'retry-after': String(DATABASE_RETRY_AFTER_S) })
    : new AppError('database.unavailable', 'unavailable', 'the database cannot be reached just now; retry shortly', undefined, { 'retry-after': String(DATABASE_RETRY_AFTER_S) });
  (err as Error).cause = cause;
  return err;
}

/**
 * The pool Kysely sees. A lost connection surfaces in pg as an 'error' event on the client (the
 * process dies if nobody listens) followed by code-less errors for its queries; so each client is
 * watched from birth, and any failure on a client whose connection has died, or on connect, is
 * reported as the database being unavailable rather than as an unexpected error.
 */
function watchedPool(pool: pg.Pool): PostgresPool {
  const dead = new WeakSet<pg.ClientBase>();
  const lent = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  // Idle clients: the pool drops them; this listener only keeps the process alive.
  pool.on('error', () => {});
  // Lent-out clients: pg-pool stops listening while a client is lent, so an unheard 'error' would kill the process.
  pool.on('connect', (client) => {
    client.on('error', () => dead.add(client));
    client.on('end', () => dead.add(client));
  });
  const wrap = (client: pg.PoolClient): PostgresPoolClient => {
    // Kysely passes SQL text and parameters (a cursor only when streaming is configured, which it is not here).
    function query<R>(sqlText: string, parameters: readonly unknown[]): Promise<PostgresQueryResult<R>>;
    function query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
    function query(sqlText: string | PostgresCursor<unknown>, parameters?: readonly unknown[]): unknown {
      if (typeof sqlText !== 'string') return client.query(sqlText as never);
      return client.query(sqlText, parameters as unknown[]).catch((err: unknown) => {
        throw dead.has(client) || isDatabaseUnreachable(err) ? databaseUnavailable(err) : err;
      });
    }
    return {
      get processID() {
        return (client as { processID?: number }).processID;
      },
      release: (destroy?: boolean) => client.release(destroy),
      query,
    };
  };
  return {
    options: pool.options,
    end: () => pool.end(),
    async connect() {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (err) {
        // A full pool that never freed a connection in time is load, not an outage.
        throw databaseUnavailable(err, !isDatabaseUnreachable(err) && pool.totalCount >= (pool.options.max ?? 10));
      }
      let wrapped = lent.get(client);
      if (!wrapped) lent.set(client, (wrapped = wrap(client)));
      return wrapped;
    },
  };
}

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
      // A bounded wait for a connection, so a database that stops answering yields 503s, not hung requests.
      const pool = new pg.Pool({ connectionString: config.url, max: config.max ?? 20, connectionTimeoutMillis: 10_000 });
      const root = new Kysely<Schema>({ dialect: new PostgresDialect({ pool: watchedPool(pool) }), plugins: [new CamelCasePlugin()] });
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
