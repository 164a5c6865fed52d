// Bulk loading on PostgreSQL: drop a table's indexes before a large load and build them again
// afterwards, inside the loading transaction. Building an index over 1.33 million rows at once is
// much cheaper than updating it row by row (PostgreSQL manual, "Populating a Database", 14.4).
import type pg from 'pg';

interface IndexDef {
  table: string;
  name: string;
  /** CREATE INDEX statement, or the constraint definition when the index backs a constraint. */
  definition: string;
  constraint: boolean;
}

/**
 * Drop every index of `tables` that nothing else depends on and return the function that builds
 * them again, exactly as they were defined. Indexes of constraints that foreign keys point at stay.
 * Only worth it on empty tables about to receive a large load.
 */
export async function deferIndexes(client: pg.PoolClient, tables: readonly string[]): Promise<() => Promise<void>> {
  const dropped: IndexDef[] = [];
  for (const table of tables) {
    const { rows } = await client.query<{ name: string; indexdef: string; conname: string | null; condef: string | null; referenced: boolean }>(
      `select ic.relname as name, pg_get_indexdef(i.indexrelid) as indexdef, con.conname, pg_get_constraintdef(con.oid) as condef,
              exists (select 1 from pg_constraint f where f.contype = 'f' and f.confrelid = i.indrelid) as referenced
         from pg_index i
         join pg_class ic on ic.oid = i.indexrelid
         left join pg_constraint con on con.conindid = i.indexrelid and con.conrelid = i.indrelid
        where i.indrelid = $1::regclass
        order by ic.relname`,
      [table],
    );
    for (const r of rows) {
      if (r.conname && r.referenced) continue;
      if (r.conname) {
        await client.query(`alter table ${table} drop constraint ${quoteIdent(r.conname)}`);
        dropped.push({ table, name: r.conname, definition: r.condef!, constraint: true });
      } else {
        await client.query(`drop index ${quoteIdent(r.name)}`);
        dropped.push({ table, name: r.name, definition: r.indexdef, constraint: false });
      }
    }
  }
  return async () => {
    // Sorting for an index build is bounded by maintenance_work_mem; the default 64 MB spills.
    await client.query("set local maintenance_work_mem = '256MB'");
    for (const d of dropped) {
      await client.query(d.constraint ? `alter table ${d.table} add constraint ${quoteIdent(d.name)} ${d.definition}` : d.definition);
    }
  };
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
