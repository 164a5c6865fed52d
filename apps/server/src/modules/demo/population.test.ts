// Demo residents: the same seed gives the same bytes, and the population has the shape of an
// ageing Guangdong city with valid, unique identity numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { isValidIdNumber, VulnerabilityTag } from '@linli/contracts';
import { generateAccounts, pickDemoResident } from './accounts.ts';
import { generateGeography } from './geography.ts';
import { IdNumberRegistry } from './id-numbers.ts';
import { generateOrganisations, providerCount } from './organisations.ts';
import { populateCommunity, REFERENCE_DATE, residentsByCommunity, type CommunityPopulation } from './population.ts';
import { DEFAULT_SEED } from './seed.ts';

const SCALE = 0.02;

/** Everything the generator emits, in write order, as one digest and the populations themselves. */
function generateAll(seed: number, scale: number): { digest: string; populations: CommunityPopulation[]; uuidCount: number } {
  const geography = generateGeography(seed);
  const organisations = generateOrganisations(geography, scale);
  const residents = residentsByCommunity(geography, scale);
  const hash = crypto.createHash('sha256');
  const strip = ({ index, streets, communities, compounds, ...rest }: typeof geography) => ({
    ...rest,
    streets: streets.map((s) => s.row),
    communities: communities.map((c) => c.row),
    compounds: compounds.map((c) => c.row),
  });
  hash.update(JSON.stringify(strip(geography)));
  hash.update(JSON.stringify(organisations));
  const idNumbers = new IdNumberRegistry();
  const populations = geography.communities.map((c, i) => populateCommunity(geography, c, residents[i]!, idNumbers, { elderFirst: c.row.name === '塔坡社区' }));
  for (const p of populations) hash.update(JSON.stringify([p.buildings, p.households, p.persons]));
  const tapo = populations.find((p) => p.community.row.name === '塔坡社区')!;
  hash.update(JSON.stringify(generateAccounts(geography, organisations, pickDemoResident(tapo.persons)!)));
  const uuidCount = populations.reduce((n, p) => n + p.buildings.length + p.households.length + p.persons.length, 0);
  return { digest: hash.digest('hex'), populations, uuidCount };
}

const first = generateAll(DEFAULT_SEED, SCALE);
const persons = first.populations.flatMap((p) => p.persons);
const households = first.populations.flatMap((p) => p.households);
const ageOf = (birthDate: string) => {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  const [ry, rm, rd] = REFERENCE_DATE.split('-').map(Number) as [number, number, number];
  return ry - y - (rm < m || (rm === m && rd < d) ? 1 : 0);
};

test('the same seed and scale give byte-identical output, uuids included; another seed does not', () => {
  assert.equal(generateAll(DEFAULT_SEED, SCALE).digest, first.digest);
  assert.notEqual(generateAll(DEFAULT_SEED + 1, SCALE).digest, first.digest);
});

test('the scale sets the number of residents exactly', () => {
  assert.equal(persons.length, Math.round(1_330_000 * SCALE));
  const members = new Map<string, number>();
  for (const p of persons) members.set(p.householdId!, (members.get(p.householdId!) ?? 0) + 1);
  assert.equal(members.size, households.length);
  assert.ok([...members.values()].every((n) => n >= 1 && n <= 5), 'households of 1 to 5');
  const mean = persons.length / households.length;
  assert.ok(mean > 2.3 && mean < 3.0, `mean household ${mean}`);
});

test('an ageing city: about 20% aged 60+, 3% aged 80+, 17% minors', () => {
  const ages = persons.map((p) => ageOf(p.birthDate));
  const share = (f: (a: number) => boolean) => ages.filter(f).length / ages.length;
  const aged60 = share((a) => a >= 60);
  assert.ok(aged60 >= 0.18 && aged60 <= 0.22, `60+: ${aged60}`);
  const aged80 = share((a) => a >= 80);
  assert.ok(aged80 >= 0.02 && aged80 <= 0.045, `80+: ${aged80}`);
  const minors = share((a) => a < 18);
  assert.ok(minors >= 0.14 && minors <= 0.2, `minors: ${minors}`);
  assert.ok(ages.every((a) => a >= 0 && a <= 105));
});

test('vulnerability tags come from the contract and at plausible rates', () => {
  const allowed = new Set<string>(VulnerabilityTag.options);
  const count = (tag: string) => persons.filter((p) => p.tags.includes(tag)).length;
  for (const p of persons) for (const t of p.tags) assert.ok(allowed.has(t), t);
  const elders = persons.filter((p) => ageOf(p.birthDate) >= 60).length;
  const alone = count('living_alone') / elders;
  assert.ok(alone > 0.07 && alone < 0.14, `living alone: ${alone} of 60+`);
  const disabled = count('disabled') / persons.length;
  assert.ok(disabled > 0.018 && disabled < 0.032, `disabled: ${disabled}`);
  const lowIncome = households.filter((h) => h.lowIncome).length / households.length;
  assert.ok(lowIncome > 0.008 && lowIncome < 0.025, `low-income households: ${lowIncome}`);
  const lowIncomeIds = new Set(households.filter((h) => h.lowIncome).map((h) => h.id));
  for (const p of persons) assert.equal(p.tags.includes('low_income'), lowIncomeIds.has(p.householdId!));
  for (const tag of ['empty_nest', 'special_hardship', 'left_behind_child', 'veteran', 'chronic_illness']) assert.ok(count(tag) > 0, tag);
});

test('every identity number is valid, unique and agrees with birth date and gender', () => {
  const seen = new Set<string>();
  for (const p of persons) {
    const id = p.idNumber!;
    assert.ok(isValidIdNumber(id), id);
    assert.ok(id.startsWith('4406'), 'a Foshan number');
    assert.equal(id.slice(6, 14), p.birthDate.replaceAll('-', ''));
    assert.equal(Number(id[16]) % 2 === 1, p.gender === 'male');
    assert.ok(!seen.has(id), `duplicate ${id}`);
    seen.add(id);
  }
});

test('identity numbers stay unique when many people share a birthday', () => {
  const registry = new IdNumberRegistry();
  const random = new (class {
    next = () => 0.5;
  })() as never;
  const issued = new Set(Array.from({ length: 3000 }, () => registry.issue(random, '1950-01-01', 'female')));
  assert.equal(issued.size, 3000);
  assert.ok([...issued].every(isValidIdNumber));
});

test('phones are mainland mobiles held mostly by adults; names are Chinese', () => {
  const adults = persons.filter((p) => ageOf(p.birthDate) >= 18 && ageOf(p.birthDate) < 70);
  const withPhone = adults.filter((p) => p.phone).length / adults.length;
  assert.ok(withPhone > 0.9, `adults with phones: ${withPhone}`);
  for (const p of persons) {
    if (p.phone) assert.match(p.phone, /^1[3-9]\d{9}$/);
    if (ageOf(p.birthDate) < 14) assert.equal(p.phone, null);
    assert.match(p.name, /^[\u4e00-\u9fff]{2,4}$/);
  }
  const chen = persons.filter((p) => p.name.startsWith('陈')).length / persons.length;
  assert.ok(chen > 0.06 && chen < 0.15, `陈 is the commonest surname (${chen})`);
});

test('every household has one head, sits in a distinct room of a building in its compound\'s grid', () => {
  for (const pop of first.populations) {
    const buildings = new Map(pop.buildings.map((b) => [b.id, b]));
    const compounds = new Map(pop.community.compounds.map((c) => [c.row.id, c]));
    const rooms = new Set<string>();
    for (const h of pop.households) {
      const b = buildings.get(h.buildingId)!;
      assert.equal(h.areaPath, b.path);
      assert.equal(h.gridId, b.gridId);
      assert.equal(b.gridId, compounds.get(b.parentId!)!.row.gridId, 'building in its compound\'s grid');
      assert.ok(!rooms.has(`${h.buildingId}/${h.room}`), `room ${h.room} taken twice`);
      rooms.add(`${h.buildingId}/${h.room}`);
      assert.match(h.room, /^(\d+-)?\d+0\d$|^(\d+-)?\d+\d\d$/);
      assert.ok(h.address.includes(pop.community.row.name));
    }
    for (const p of pop.persons) assert.ok(p.areaPath.startsWith(pop.community.row.path));
  }
  const heads = new Map<string, number>();
  for (const p of persons) if (p.relation === 'head') heads.set(p.householdId!, (heads.get(p.householdId!) ?? 0) + 1);
  assert.equal(heads.size, households.length);
  assert.ok([...heads.values()].every((n) => n === 1));
});

test('uuids are valid version-4 and never repeat', () => {
  const all = first.populations.flatMap((p) => [...p.buildings.map((b) => b.id), ...p.households.map((h) => h.id), ...p.persons.map((x) => x.id)]);
  assert.equal(new Set(all).size, first.uuidCount);
  for (const id of all.slice(0, 5000)) assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

test('organisations: 45 departments, about 25 providers at demo scale and 250 at full, one charity', () => {
  const orgs = generateOrganisations(generateGeography(DEFAULT_SEED), SCALE);
  assert.equal(orgs.filter((o) => o.kind === 'department').length, 45);
  assert.equal(orgs.filter((o) => o.kind === 'provider').length, 25);
  assert.deepEqual(orgs.filter((o) => o.kind === 'charity').map((o) => o.name), ['禅城区慈善会']);
  assert.ok(orgs.some((o) => o.name === '区城管局'));
  assert.equal(new Set(orgs.map((o) => o.code)).size, orgs.length);
  assert.equal(providerCount(1), 250);
});
