// One community's residents at a given scale: buildings in its compounds, households in rooms,
// and people with names, birth dates, identity numbers, phones and vulnerability tags.
// Generated one community at a time so a full-scale seed never holds the district in memory.
import type { Position } from 'geojson';
import { drawComposition, type Composition } from './households.ts';
import { drawGivenName, drawSurname } from './people-names.ts';
import { apportion, Random, Weighted } from './random.ts';
import { DISTRICT, pad, round, type Community, type Compound, type Geography } from './geography.ts';
import type { IdNumberRegistry } from './id-numbers.ts';
import type { AreaRow, HouseholdRow, PersonRow } from './rows.ts';

/** Ages are drawn relative to this day, not today, so the same seed gives the same birth dates. */
export const REFERENCE_DATE = '2026-01-01';
const REFERENCE_MS = Date.parse(`${REFERENCE_DATE}T00:00:00Z`);
const YEAR_MS = 365.2425 * 86_400_000;

export interface CommunityPopulation {
  community: Community;
  buildings: AreaRow[];
  households: HouseholdRow[];
  persons: PersonRow[];
}

/**
 * Residents of each community at `scale`, summing exactly to the district total at that scale;
 * every community gets someone whenever there are enough people to go round.
 */
export function residentsByCommunity(geography: Geography, scale: number): number[] {
  const total = Math.round(DISTRICT.population * scale);
  const weights = geography.communities.map((c) => c.population);
  return apportion(total, weights, total >= weights.length ? 1 : 0);
}

export interface PopulateOptions {
  /** Make the first household an elder living alone: the demo's resident login lives there. */
  elderFirst?: boolean;
}

export function populateCommunity(
  geography: Geography,
  community: Community,
  residents: number,
  idNumbers: IdNumberRegistry,
  options: PopulateOptions = {},
): CommunityPopulation {
  const random = new Random(geography.seed, 'population', community.row.code);
  const ids = new Random(geography.seed, 'population-ids', community.row.code);

  const compositions: Composition[] = [];
  for (let left = residents; left > 0; ) {
    const c = drawComposition(random, options.elderFirst && compositions.length === 0 ? 'elder_alone' : undefined);
    // The last household is cut to fit, so the district total is exact.
    if (c.members.length > left) c.members.length = left;
    compositions.push(c);
    left -= c.members.length;
  }

  const compounds = community.compounds;
  const perCompound = apportion(
    compositions.length,
    compounds.map((c) => c.weight),
    compositions.length >= compounds.length ? 1 : 0,
  );
  const out: CommunityPopulation = { community, buildings: [], households: [], persons: [] };
  let next = 0;
  compounds.forEach((compound, k) => {
    const households = compositions.slice(next, next + perCompound[k]!);
    next += households.length;
    fillCompound(geography, compound, households, random, ids, idNumbers, out);
  });
  return out;
}

interface BuildingPlan {
  floors: number;
  units: number;
  roomsPerFloor: number;
  capacity: number;
}

/** Old Zumiao is walk-ups and work-unit blocks; newer estates are towers; villages are houses let by the room. */
function planBuilding(random: Random, compound: Compound): BuildingPlan {
  let floors: number, units: number, roomsPerFloor: number;
  if (compound.community.kind === 'village') {
    floors = random.int(3, 6);
    units = 1;
    roomsPerFloor = random.int(1, 4);
  } else if (compound.row.properties.type === 'work_unit' || random.chance(compound.community.street.spec.key === 'zumiao' ? 0.5 : 0.25)) {
    floors = random.int(5, 9);
    units = random.int(1, 3);
    roomsPerFloor = 2;
  } else {
    floors = random.int(18, 33);
    units = random.int(1, 2);
    roomsPerFloor = 4;
  }
  return { floors, units, roomsPerFloor, capacity: floors * units * roomsPerFloor };
}

/** Most dwellings are occupied; the rest are empty, for sale or used as storage. */
const OCCUPANCY = 0.8;

function fillCompound(
  geography: Geography,
  compound: Compound,
  households: Composition[],
  random: Random,
  ids: Random,
  idNumbers: IdNumberRegistry,
  out: CommunityPopulation,
): void {
  const plans: BuildingPlan[] = [];
  let room = 0;
  do {
    const plan = planBuilding(random, compound);
    plans.push(plan);
    room += plan.capacity * OCCUPANCY;
  } while (room < households.length);

  const village = compound.community.kind === 'village';
  const perBuilding = apportion(households.length, plans.map((p) => p.capacity));
  const label = village ? '号' : random.chance(0.6) ? '座' : '栋';
  const streetName = compound.community.street.row.name;
  let next = 0;

  plans.forEach((plan, b) => {
    const id = ids.uuid();
    const [lon, lat] = buildingSite(geography, compound, random);
    const gridId = geography.index.locate(lat!, lon!) ?? compound.grid.id;
    const building: AreaRow = {
      districtId: DISTRICT.id,
      id,
      parentId: compound.row.id,
      level: 'building',
      kind: 'building',
      code: `${compound.row.code}${pad(b + 1, 4)}`,
      name: `${b + 1}${label}`,
      nameEn: null,
      path: `${compound.row.path}${id}/`,
      gridId,
      lat: lat!,
      lon: lon!,
      geometry: null,
      properties: { floors: plan.floors, units: plan.units },
    };
    out.buildings.push(building);

    const rooms = pickRooms(random, plan, perBuilding[b]!);
    for (const roomIndex of rooms) {
      const composition = households[next++]!;
      const roomLabel = roomName(plan, roomIndex);
      const household: HouseholdRow = {
        districtId: DISTRICT.id,
        id: ids.uuid(),
        buildingId: id,
        areaPath: building.path,
        gridId,
        room: roomLabel,
        address: `${streetName}${compound.community.row.name}${compound.row.name}${building.name}${roomLabel}`,
        lowIncome: composition.lowIncome,
      };
      out.households.push(household);
      addMembers(composition, household, random, ids, idNumbers, out.persons);
    }
  });
}

/** A spot near the compound's centre that stays in the compound's grid. */
function buildingSite(geography: Geography, compound: Compound, random: Random): Position {
  const village = compound.community.kind === 'village';
  let radiusKm = village ? random.range(0.05, 0.2) : random.range(0.03, 0.12);
  const [cx, cy] = compound.center as [number, number];
  for (let attempt = 1; attempt <= 40; attempt++) {
    if (attempt % 10 === 0) radiusKm /= 2;
    const r = radiusKm * Math.sqrt(random.next());
    const t = random.range(0, 2 * Math.PI);
    const lon = round(cx + (r * Math.cos(t)) / (111.32 * Math.cos((cy * Math.PI) / 180)), 6);
    const lat = round(cy + (r * Math.sin(t)) / 110.574, 6);
    if (geography.index.locate(lat, lon) === compound.grid.id) return [lon, lat];
  }
  return [cx, cy];
}

/** `count` distinct rooms of the building, in ascending order (a partial Fisher-Yates shuffle). */
function pickRooms(random: Random, plan: BuildingPlan, count: number): number[] {
  const all = Array.from({ length: plan.capacity }, (_, i) => i);
  const n = Math.min(count, all.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random.next() * (all.length - i));
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  if (count > all.length) throw new Error(`building of ${plan.capacity} rooms asked for ${count} households`);
  return all.slice(0, n).sort((a, b) => a - b);
}

/** '3-502': unit 3, floor 5, room 02; single-unit buildings drop the unit ('502'). */
function roomName(plan: BuildingPlan, index: number): string {
  const unit = Math.floor(index / (plan.floors * plan.roomsPerFloor)) + 1;
  const rest = index % (plan.floors * plan.roomsPerFloor);
  const floor = Math.floor(rest / plan.roomsPerFloor) + 1;
  const room = `${floor}${pad((rest % plan.roomsPerFloor) + 1, 2)}`;
  return plan.units > 1 ? `${unit}-${room}` : room;
}

const MOBILE_PREFIXES = new Weighted<string>(
  ['134', '135', '136', '137', '138', '139', '147', '150', '151', '152', '157', '158', '159', '178', '182', '183', '184', '187', '188', '198', '130', '131', '132', '155', '156', '166', '175', '176', '185', '186', '133', '153', '173', '177', '180', '181', '189', '191', '199'].map(
    (p) => [p, p.startsWith('13') || p.startsWith('15') ? 3 : 2] as const,
  ),
);
/** Share of people with a mobile number on record, by age: near everyone of working age. */
function phoneRate(age: number): number {
  if (age < 14) return 0;
  if (age < 18) return 0.5;
  if (age < 70) return 0.96;
  if (age < 80) return 0.7;
  return 0.35;
}

function addMembers(composition: Composition, household: HouseholdRow, random: Random, ids: Random, idNumbers: IdNumberRegistry, persons: PersonRow[]): void {
  const head = composition.members[0]!;
  const headSurname = drawSurname(random);
  const spouse = composition.members.find((m) => m.relation === 'spouse');
  let spouseSurname = drawSurname(random);
  while (spouseSurname === headSurname) spouseSurname = drawSurname(random);
  // Children take the father's surname; the head's own parents, the head's (paternal) one.
  const paternal = head.gender === 'male' || !spouse ? headSurname : spouseSurname;

  for (const m of composition.members) {
    const birthMs = REFERENCE_MS - m.age * YEAR_MS - random.next() * (YEAR_MS - 86_400_000);
    const birthDate = new Date(birthMs).toISOString().slice(0, 10);
    const birthYear = Number(birthDate.slice(0, 4));
    let surname: string;
    switch (m.relation) {
      case 'head':
        surname = headSurname;
        break;
      case 'spouse':
        surname = spouseSurname;
        break;
      case 'child':
        surname = paternal;
        break;
      case 'grandchild':
        surname = headSurname;
        break;
      case 'parent':
        surname = m.gender === 'male' ? headSurname : drawSurname(random);
        break;
    }
    const phone = random.chance(phoneRate(m.age)) ? MOBILE_PREFIXES.draw(random) + pad(random.nextUint32() % 100_000_000, 8) : null;
    persons.push({
      districtId: DISTRICT.id,
      id: ids.uuid(),
      householdId: household.id,
      buildingId: household.buildingId,
      areaPath: household.areaPath,
      gridId: household.gridId,
      name: surname + drawGivenName(random, m.gender, birthYear),
      gender: m.gender,
      birthDate,
      idNumber: idNumbers.issue(random, birthDate, m.gender),
      phone,
      relation: m.relation,
      tags: m.tags,
    });
  }
}
