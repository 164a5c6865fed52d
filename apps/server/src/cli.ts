// Operator commands: `npm run linli -- <command>`.
//   migrate                                  apply pending migrations
//   create-admin --username U [--name N] [--district-id chancheng --district-name 禅城区]
//                                            create the first district admin (password from
//                                            LINLI_ADMIN_PASSWORD or asked for on the terminal)
//   seed-demo [--scale 1]                    generate the demo district (scale 1 = 1.33 million residents)
//   audit-log [--district-id chancheng]      recompute the proofs transparency log and report tampering (exit 1)
import crypto from 'node:crypto';
import readline from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { loadConfig } from './config.ts';
import { Database } from './platform/db/database.ts';
import { migrate } from './platform/db/migrate.ts';
import { hashPassword } from './platform/auth/password.ts';
import { isSeeded } from './modules/demo/index.ts';
import { seedDemoDistrict } from './modules/demo/extras.ts';
import { auditLogCommand } from './modules/proofs/audit-command.ts';

const USAGE = 'usage: linli <migrate | create-admin --username U [--name N] [--district-id ID --district-name NAME] | seed-demo [--scale S] | audit-log [--district-id ID]>';

async function askPassword(): Promise<string> {
  if (process.env.LINLI_ADMIN_PASSWORD) return process.env.LINLI_ADMIN_PASSWORD;
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
  const pw = await rl.question('Password for the new admin (10+ characters): ');
  rl.close();
  return pw;
}

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  const { values } = parseArgs({
    args: rest,
    options: {
      username: { type: 'string' },
      name: { type: 'string' },
      'district-id': { type: 'string', default: 'chancheng' },
      'district-name': { type: 'string', default: '禅城区' },
      'district-name-en': { type: 'string', default: 'Chancheng' },
      scale: { type: 'string', default: '1' },
    },
  });
  const config = loadConfig();
  const db = await Database.open(config.database);
  try {
    await migrate(db);
    if (command === 'migrate') {
      console.log('migrations are up to date');
    } else if (command === 'create-admin') {
      const username = values.username;
      if (!username || !/^[a-zA-Z0-9_.-]{3,64}$/.test(username)) throw new Error('--username: 3-64 letters, digits, _ . -');
      const password = await askPassword();
      if (password.length < 10) throw new Error('the password must have at least 10 characters');
      const districtId = values['district-id']!;
      const hash = await hashPassword(password);
      await db.tx(async (q) => {
        if (await q.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst()) throw new Error(`user ${username} exists`);
        let district = await q.selectFrom('districts').select('id').where('id', '=', districtId).executeTakeFirst();
        if (!district) {
          await q.insertInto('districts').values({ id: districtId, name: values['district-name']!, nameEn: values['district-name-en']!, centerLat: 23.02, centerLon: 113.11 }).execute();
          district = { id: districtId };
        }
        let root = await q.selectFrom('areas').select(['id']).where('districtId', '=', districtId).where('level', '=', 'district').executeTakeFirst();
        if (!root) {
          const id = crypto.randomUUID();
          await q.insertInto('areas').values({ districtId, id, parentId: null, level: 'district', kind: 'district', code: districtId, name: values['district-name']!, path: `${id}/` }).execute();
          root = { id };
        }
        const userId = crypto.randomUUID();
        await q.insertInto('users').values({ id: userId, districtId, username, passwordHash: hash, displayName: values.name ?? username }).execute();
        await q.insertInto('roleAssignments').values({ districtId, id: crypto.randomUUID(), userId, role: 'district_admin', areaId: root.id, gridId: null, orgId: null, grantedBy: null }).execute();
        await q.insertInto('auditLog').values({ districtId, actorId: null, actorName: 'cli', action: 'user.create', entityType: 'user', entityId: userId, details: JSON.stringify({ username, role: 'district_admin' }) }).execute();
      });
      console.log(`created district admin ${username} for district ${districtId}`);
    } else if (command === 'seed-demo') {
      const scale = Number(values.scale);
      if (!(scale > 0 && scale <= 1)) throw new Error('--scale: a number in (0, 1]');
      if (await isSeeded(db, 'chancheng')) throw new Error('the demo district already exists in this database');
      const started = Date.now();
      await seedDemoDistrict(db, { scale, log: (m: string) => console.log(m) });
      console.log(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    } else if (command === 'audit-log') {
      process.exitCode = await auditLogCommand(db, config, values['district-id']!);
    } else {
      console.error(USAGE);
      process.exitCode = 2;
    }
  } finally {
    await db.close();
  }
}

main().catch((err) => {
  console.error(`linli: ${(err as Error).message}`);
  process.exit(1);
});
