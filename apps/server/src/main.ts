// config -> database -> migrate -> demo seed (embedded only, first start) -> listen.
import { loadConfig } from './config.ts';
import { Database } from './platform/db/database.ts';
import { migrate } from './platform/db/migrate.ts';
import { buildApp } from './app.ts';
import { isSeeded } from './modules/demo/index.ts';
import { seedDemoDistrict } from './modules/demo/extras.ts';
import type { Config } from './config.ts';
import { loadAssignments } from './platform/auth/index.ts';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
  const db = await Database.open(config.database);
  const report = await migrate(db);
  const { app } = await buildApp({ config, db });
  if (report.applied.length) app.log.info({ applied: report.applied }, 'migrations applied');
  if (config.demo) await seedDemoIfEmpty(db, config, (msg: string) => app.log.info(msg));

  const shutdown = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  console.log(`\n  Linli is running on ${db.kind === 'pglite' ? `embedded PGlite (${config.database.kind === 'pglite' ? config.database.dir : ''})` : 'PostgreSQL'}`);
  console.log(`  Web app and API: http://localhost:${config.port}   API docs: http://localhost:${config.port}/api/docs\n`);
}

/** First start on an embedded database: generate the demo district; every start: list its accounts. */
async function seedDemoIfEmpty(db: Database, config: Config, log: (msg: string) => void) {
  if (!(await isSeeded(db, 'chancheng'))) {
    const started = Date.now();
    log(`generating the demo district at scale ${config.demoScale} (about ${Math.round(1_330_000 * config.demoScale).toLocaleString()} residents)`);
    await seedDemoDistrict(db, { scale: config.demoScale, log });
    log(`demo district ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  const users = await db.q.selectFrom('users').select(['id', 'username', 'displayName']).where('districtId', '=', 'chancheng').orderBy('createdAt').limit(40).execute();
  console.log('\n  Demo accounts (password: linli-demo)');
  for (const u of users) {
    const roles = (await loadAssignments(db, u.id)).map((a) => `${a.role}${a.scopeName ? ` @ ${a.scopeName}` : ''}`).join(', ');
    console.log(`    ${u.username.padEnd(12)} ${u.displayName.padEnd(8)} ${roles}`);
  }
}

main().catch((err) => {
  console.error('Linli failed to start:', err);
  process.exit(1);
});
