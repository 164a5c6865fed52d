// Entity resolution: precision and recall on a generated dataset with known duplicates and typos
// (printed, and held above floors), then the review queue through HTTP: an uncertain pair is
// queued, merged (audited, the survivor fills its gaps), un-merged (both restored), or kept apart.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { TEST_DB, type TestApp, type Client, startTestApp } from './helpers.ts';
import { AUTO_MATCH, REVIEW, decide, jaroWinkler, type PersonLike } from '../src/modules/imports/resolution.ts';

/** A small seeded PRNG (mulberry32), so the dataset and its figures are reproducible. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES = [...'陈李黄张梁何吴林罗郑周谢冯邓麦潘区欧杨刘'];
const GIVEN = [...'伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华荣锦泉志坚少芬淑贞国雄建新玉珍'];
const COMPOUNDS = ['金澜花园', '季华新村', '祖庙大院', '石湾小区', '朝安花苑', '塔坡新村', '福宁公寓', '铂顿城'];

type P = PersonLike & { id: string; truth: string };

function dataset(seed = 20250101) {
  const r = rng(seed);
  const pick = <T,>(a: readonly T[]) => a[Math.floor(r() * a.length)]!;
  const date = () => `19${30 + Math.floor(r() * 70)}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`;
  const phone = () => `13${Math.floor(r() * 10)}${String(Math.floor(r() * 1e8)).padStart(8, '0')}`;
  const person = (i: number): P => ({
    id: `e${i}`, truth: `t${i}`,
    name: pick(SURNAMES) + pick(GIVEN) + (r() < 0.7 ? pick(GIVEN) : ''),
    gender: r() < 0.5 ? 'male' : 'female',
    birthDate: date(),
    phone: r() < 0.8 ? phone() : null,
    address: `${pick(COMPOUNDS)}${1 + Math.floor(r() * 12)}栋${1 + Math.floor(r() * 20)}0${1 + Math.floor(r() * 4)}`,
  });
  const register: P[] = Array.from({ length: 3000 }, (_, i) => person(i));
  const incoming: P[] = [];
  // Duplicates of registered people, as another department typed them.
  for (let i = 0; i < 800; i++) {
    const base = register[Math.floor(r() * register.length)]!;
    const d: P = { ...base, id: `in${i}`, truth: base.truth };
    const chars = [...d.name];
    if (r() < 0.35) chars[1 + Math.floor(r() * (chars.length - 1))] = pick(GIVEN); // a wrong character in the given name
    d.name = chars.join('');
    if (r() < 0.15) {
      const [y, m, dd] = d.birthDate!.split('-');
      d.birthDate = Number(dd) <= 12 && r() < 0.5 ? `${y}-${dd}-${m}` : `${y}-${m}-${String(Math.min(28, Number(dd) + 1)).padStart(2, '0')}`; // day/month swapped or one off
    }
    if (d.phone && r() < 0.3) d.phone = null;
    else if (d.phone && r() < 0.1) d.phone = d.phone.slice(0, 10) + String((Number(d.phone[10]) + 1) % 10);
    if (r() < 0.5) d.address = `广东省佛山市禅城区${d.address}`;
    else if (r() < 0.3) d.address = d.address!.replace(/\d+$/, '');
    incoming.push(d);
  }
  // New people, many of them deliberately close to someone registered.
  for (let i = 0; i < 800; i++) {
    const p = person(10_000 + i);
    p.id = `new${i}`;
    const near = register[Math.floor(r() * register.length)]!;
    const kind = r();
    if (kind < 0.3) {
      // Same birth date and surname (cousins, strangers).
      p.birthDate = near.birthDate;
      p.name = [...near.name][0] + [...p.name].slice(1).join('');
    } else if (kind < 0.5 && near.phone) {
      // A spouse or child sharing the family phone.
      p.phone = near.phone;
      p.address = near.address;
      p.name = [...near.name][0] + pick(GIVEN) + pick(GIVEN);
    } else if (kind < 0.6) {
      // A twin: same birth date, address and phone, different given name.
      p.birthDate = near.birthDate;
      p.address = near.address;
      p.phone = near.phone;
      p.name = [...near.name][0] + pick(GIVEN);
    }
    incoming.push(p);
  }
  return { register, incoming };
}

describe('entity resolution: precision and recall on a generated dataset', () => {
  it('Jaro–Winkler behaves as the literature says on the classic pairs', () => {
    assert.equal(Math.round(jaroWinkler('MARTHA', 'MARHTA') * 1000), 961);
    assert.equal(Math.round(jaroWinkler('DIXON', 'DICKSONX') * 1000), 813);
    assert.equal(jaroWinkler('梁桂英', '梁桂英'), 1);
    assert.ok(jaroWinkler('梁桂英', '梁贵英') > jaroWinkler('梁桂英', '陈志明'));
  });

  it('matches duplicates with high precision and sends the uncertain ones to review', () => {
    const { register, incoming } = dataset();
    const byDate = new Map<string, P[]>();
    const byPhone = new Map<string, P[]>();
    for (const p of register) {
      byDate.set(p.birthDate!, [...(byDate.get(p.birthDate!) ?? []), p]);
      if (p.phone) byPhone.set(p.phone, [...(byPhone.get(p.phone) ?? []), p]);
    }
    const truthOf = new Map(register.map((p) => [p.id, p.truth]));
    const registered = new Set(register.map((p) => p.truth));
    let dups = 0, autoTrue = 0, autoFalse = 0, reviewTrue = 0, reviewFalse = 0, missed = 0;
    for (const a of incoming) {
      const isDup = registered.has(a.truth);
      if (isDup) dups++;
      const candidates = [...new Set([...(byDate.get(a.birthDate!) ?? []), ...(a.phone ? (byPhone.get(a.phone) ?? []) : [])])];
      const d = decide(a, candidates);
      if (d.kind === 'new') {
        if (isDup) missed++;
        continue;
      }
      const right = truthOf.get(d.id) === a.truth;
      if (d.kind === 'match') right ? autoTrue++ : autoFalse++;
      else right ? reviewTrue++ : reviewFalse++;
    }
    const precisionAuto = autoTrue / (autoTrue + autoFalse);
    const recallAuto = autoTrue / dups;
    const precisionFlagged = (autoTrue + reviewTrue) / (autoTrue + autoFalse + reviewTrue + reviewFalse);
    const recallFlagged = (autoTrue + reviewTrue) / dups;
    const f = (x: number) => x.toFixed(3);
    console.log(`# entity resolution on ${register.length} registered and ${incoming.length} arriving records (${dups} duplicates, with typos; no ID numbers)`);
    console.log(`#   auto-merge (score >= ${AUTO_MATCH}): precision ${f(precisionAuto)}, recall ${f(recallAuto)} (${autoTrue} right, ${autoFalse} wrong)`);
    console.log(`#   auto-merge or review (score >= ${REVIEW}): precision ${f(precisionFlagged)}, recall ${f(recallFlagged)} (review queue ${reviewTrue + reviewFalse}, missed ${missed})`);
    assert.ok(precisionAuto >= 0.98, `auto-merge precision ${precisionAuto}`);
    assert.ok(recallAuto >= 0.6, `auto-merge recall ${recallAuto}`);
    assert.ok(recallFlagged >= 0.9, `recall with review ${recallFlagged}`);
  });
});

describe(`entity resolution through imports (${TEST_DB})`, () => {
  let t: TestApp;
  let worker: Client;
  let admin: Client;
  let communityId: string;
  let buildingCode: string;

  async function importCsv(sourceName: string, csv: string) {
    let source = (await worker.json('/api/imports/sources')).items.find((s: { name: string }) => s.name === sourceName);
    source ??= (await worker.post('/api/imports/sources', { name: sourceName, entity: 'residents', areaId: communityId })).json();
    const boundary = `----b${crypto.randomBytes(6).toString('hex')}`;
    const payload = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.csv"\r\n\r\n`), Buffer.from(csv), Buffer.from(`\r\n--${boundary}--\r\n`)]);
    const job = (await t.app.inject({ method: 'POST', url: `/api/imports/sources/${source.id}/uploads`, payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: worker.cookie!, 'x-csrf-token': worker.csrf! } })).json();
    await worker.post(`/api/imports/jobs/${job.id}/start`, { mapping: { columns: { sourceKey: 'id', name: 'name', gender: 'gender', birthDate: 'birth', phone: 'phone', building: 'building', room: 'room' } } });
    for (;;) {
      const j = await worker.json(`/api/imports/jobs/${job.id}`);
      if (j.status !== 'running') return j;
      await new Promise((r) => setTimeout(r, 30));
    }
  }

  before(async () => {
    t = await startTestApp();
    worker = await t.login('community');
    admin = await t.login('admin');
    [{ id: communityId }] = (await worker.json('/api/areas/root')).items;
    buildingCode = (await t.db.q.selectFrom('areas').select('code').where('level', '=', 'building').where('path', 'like', `%${communityId}/%`).orderBy('code').executeTakeFirstOrThrow()).code;
  });
  after(() => t.close());

  let candidate: { id: string; score: number; arrived: { id: string; name: string }; existing: { id: string } };
  it('links a near-certain duplicate, queues an uncertain one, and registers a stranger', async () => {
    const a = await importCsv('残联系统', ['id,name,gender,birth,phone,building,room', `C1,区锦泉,男,1944-04-04,13712340001,${buildingCode},5-501`, `C2,麦淑贞,女,1939-09-19,,${buildingCode},5-502`].join('\n'));
    assert.equal(a.createdRows, 2);
    const b = await importCsv('卫健系统', ['id,name,gender,birth,phone,building,room', `W1,区锦泉,男,1944-04-04,13712340001,${buildingCode},5-501`, `W2,麦淑珍,女,1939-09-19,13655550000,${buildingCode},6-601`, `W3,冯志坚,男,1970-01-01,,${buildingCode},6-602`].join('\n'));
    assert.equal(b.matchedRows, 1);
    assert.equal(b.reviewRows, 1);
    assert.equal(b.createdRows, 2);
    const queue = (await worker.json('/api/imports/matches')).items;
    candidate = queue.find((c: { existing: { name: string } }) => c.existing.name === '麦淑贞');
    assert.ok(candidate, JSON.stringify(queue));
    assert.ok(candidate.score >= REVIEW && candidate.score < AUTO_MATCH);
    assert.equal(candidate.arrived.name, '麦淑珍');
  });

  it('merges the pair (audited), then un-merges it back exactly', async () => {
    const merged = await worker.post(`/api/imports/matches/${candidate.id}`, { decision: 'merge' });
    assert.equal(merged.statusCode, 200, merged.body);
    const mergeId = merged.json().mergeId;
    const survivor = await worker.json(`/api/persons/${candidate.existing.id}`);
    assert.equal(survivor.phone, '136****0000', 'the survivor takes the phone it lacked');
    const gone = (await worker.json(`/api/persons?q=${encodeURIComponent('麦淑珍')}&status=all`)).items[0];
    assert.equal(gone.status, 'merged');
    assert.equal((await worker.json(`/api/persons?q=${encodeURIComponent('麦淑')}`)).total, 1, 'one active record remains');
    const prov = await worker.json(`/api/imports/provenance/${candidate.existing.id}`);
    assert.deepEqual(prov.records.map((r: { source: string }) => r.source).sort(), ['卫健系统', '残联系统']);
    const audit = (await admin.json(`/api/audit?action=person.merge&entityId=${candidate.existing.id}`)).items;
    assert.equal(audit[0].details.mergeId, mergeId);

    const undone = await worker.post(`/api/imports/merges/${mergeId}/undo`, {});
    assert.equal(undone.statusCode, 200, undone.body);
    assert.equal((await worker.json(`/api/persons/${candidate.existing.id}`)).phone, null);
    assert.equal((await worker.json(`/api/persons/${candidate.arrived.id}`)).status, 'active');
    assert.equal((await worker.json(`/api/imports/provenance/${candidate.existing.id}`)).records.length, 1);
    assert.equal((await admin.json(`/api/audit?action=person.unmerge&entityId=${candidate.existing.id}`)).items.length, 1);
    assert.equal((await worker.post(`/api/imports/merges/${mergeId}/undo`, {})).statusCode, 409);
  });

  it('keeps a pair apart when staff say they are different people', async () => {
    const res = await worker.post(`/api/imports/matches/${candidate.id}`, { decision: 'distinct' });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal((await worker.json('/api/imports/matches')).items.filter((c: { id: string }) => c.id === candidate.id).length, 0);
    assert.equal((await worker.json('/api/imports/matches?status=distinct')).items.length, 1);
    assert.equal((await worker.post(`/api/imports/matches/${candidate.id}`, { decision: 'merge' })).statusCode, 409);
    assert.equal((await (await t.login('community2')).post(`/api/imports/matches/${candidate.id}`, { decision: 'merge' })).statusCode, 404);
  });
});
