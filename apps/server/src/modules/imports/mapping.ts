// One source row -> one validated record: apply the mapping (column, value map, default), then the
// register's own rules (GB 11643 ID numbers agreeing with birth date and gender, mainland mobiles,
// known vulnerability tags, plausible dates). Every problem names the target field.
import crypto from 'node:crypto';
import { CaseCategory, FacilityKind, type ImportEntity, LimitUnit, type Mapping, REQUIRED_FIELDS, VulnerabilityTag, isValidIdNumber } from '@linli/contracts';

export interface FieldProblem {
  field: string;
  message: string;
}

export interface ResidentRecord {
  sourceKey: string;
  name: string;
  gender: 'male' | 'female';
  birthDate: string;
  idNumber: string | null;
  phone: string | null;
  relation: string | null;
  tags: string[] | null;
  notes: string | null;
  building: string | null;
  room: string | null;
  address: string | null;
}

export interface HouseholdRecord {
  sourceKey: string;
  building: string;
  room: string;
  lowIncome: boolean | null;
}

/** One entry of the grid's case catalogue; written through the cases service, which applies its own rules too. */
export interface CaseTypeRecord {
  sourceKey: string;
  code: string;
  name: string;
  parentCode: string | null;
  category: string | null;
  defaultOrgCode: string | null;
  limitValue: number | null;
  limitUnit: string | null;
  open311: boolean | null;
  description: string | null;
  keywords: string | null;
  active: boolean | null;
}

/** A service facility; written through the catalogue service, which places it and checks who may. */
export interface FacilityRecord {
  sourceKey: string;
  name: string;
  kind: FacilityKind;
  lat: number;
  lon: number;
  address: string | null;
  openingHours: string | null;
  capacity: number | null;
  seats: number | null;
  mealsPerDay: number | null;
  phone: string | null;
  orgCode: string | null;
  active: boolean | null;
}

/** A service provider; written through the catalogue service. Categories and coverage are names or codes, resolved when written. */
export interface ProviderRecord {
  sourceKey: string;
  code: string;
  name: string;
  service: string | null;
  categories: string[] | null;
  coverage: string[] | null;
  dailyCapacity: number | null;
  qualifications: string[] | null;
  phone: string | null;
  lat: number | null;
  lon: number | null;
  active: boolean | null;
}

const YES_NO = { 是: 'true', 否: 'false', y: 'true', n: 'false', yes: 'true', no: 'false', true: 'true', false: 'false', '1': 'true', '0': 'false' };

const BUILT_IN: Record<string, Record<string, string>> = {
  gender: { 男: 'male', 女: 'female', m: 'male', f: 'female', male: 'male', female: 'female', 男性: 'male', 女性: 'female', '1': 'male', '2': 'female' },
  lowIncome: { ...YES_NO, 低保: 'true' },
  open311: YES_NO,
  active: { ...YES_NO, 启用: 'true', 停用: 'false' },
  limitUnit: { 小时: 'hours', 天: 'days', 日: 'days', 工作日: 'days' },
  kind: {
    家庭综合服务中心: 'family_centre', 综合服务中心: 'family_centre', 社工站: 'family_centre',
    居家养老服务中心: 'home_care_centre', 居家养老服务站: 'home_care_centre', 养老服务中心: 'home_care_centre',
    长者饭堂: 'elder_canteen', 老年饭堂: 'elder_canteen', 长者食堂: 'elder_canteen', 老年食堂: 'elder_canteen',
    日间照料中心: 'day_care_centre', 日间照料站: 'day_care_centre', 托老所: 'day_care_centre',
  },
};

/** Dates as Chinese systems write them: 1950-03-01, 1950/3/1, 1950.3.1, 19500301, 1950年3月1日, or an Excel serial day. */
export function parseDate(v: string): string | null {
  const s = v.trim();
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T].*)?$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  let y: number, mo: number, d: number;
  if (m) {
    [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  } else if ((m = /^(\d{5})(?:\.\d+)?$/.exec(s))) {
    const date = new Date(Date.UTC(1899, 11, 30) + Number(m[1]) * 86400_000);
    [y, mo, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
  } else return null;
  const iso = `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const check = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(check.getTime()) || check.toISOString().slice(0, 10) !== iso ? null : iso;
}

const lookup = (map: Record<string, string> | undefined, v: string) => map?.[v] ?? map?.[v.toLowerCase()];

/** The raw value of a target field after the column, default and value maps. */
function raw(values: Record<string, string>, mapping: Mapping, field: string): string {
  const col = mapping.columns[field];
  let v = (col ? values[col] : undefined)?.trim() ?? '';
  if (!v) v = mapping.defaults[field]?.trim() ?? '';
  if (!v) return '';
  return lookup(mapping.valueMaps[field], v) ?? lookup(BUILT_IN[field], v) ?? v;
}

export function rowHash(record: object): string {
  return crypto.createHash('sha1').update(JSON.stringify(record)).digest('base64url');
}

export function mapResident(values: Record<string, string>, mapping: Mapping): { record: ResidentRecord | null; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const get = (f: string) => raw(values, mapping, f);
  for (const f of REQUIRED_FIELDS.residents) if (!get(f)) problems.push({ field: f, message: 'is empty' });
  const name = get('name');
  if (name && [...name].length > 50) problems.push({ field: 'name', message: 'longer than 50 characters' });

  let idNumber: string | null = get('idNumber').toUpperCase().replace(/\s/g, '') || null;
  let birthDate: string | null = null;
  const birthRaw = get('birthDate');
  if (birthRaw) {
    birthDate = parseDate(birthRaw);
    if (!birthDate) problems.push({ field: 'birthDate', message: `"${birthRaw}" is not a date` });
    else if (birthDate > new Date().toISOString().slice(0, 10)) problems.push({ field: 'birthDate', message: 'is in the future' });
    else if (birthDate < '1890-01-01') problems.push({ field: 'birthDate', message: 'is implausibly early' });
  }
  let gender = get('gender') || null;
  if (gender && gender !== 'male' && gender !== 'female') {
    problems.push({ field: 'gender', message: `"${gender}" is neither male nor female (add a value map)` });
    gender = null;
  }
  if (idNumber) {
    if (!isValidIdNumber(idNumber)) {
      problems.push({ field: 'idNumber', message: 'not a valid 18-character resident ID number' });
      idNumber = null;
    } else {
      const embedded = `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;
      const embeddedGender = Number(idNumber[16]) % 2 === 1 ? 'male' : 'female';
      if (birthDate && embedded !== birthDate) problems.push({ field: 'idNumber', message: `its birth date ${embedded} differs from birthDate ${birthDate}` });
      if (gender && embeddedGender !== gender) problems.push({ field: 'idNumber', message: `its gender digit says ${embeddedGender}, gender says ${gender}` });
      birthDate ??= embedded;
      gender ??= embeddedGender;
    }
  }
  if (!birthDate && !problems.some((p) => p.field === 'birthDate' || p.field === 'idNumber')) problems.push({ field: 'birthDate', message: 'is empty and there is no ID number to take it from' });
  if (!gender && !problems.some((p) => p.field === 'gender' || p.field === 'idNumber')) problems.push({ field: 'gender', message: 'is empty and there is no ID number to take it from' });

  let phone: string | null = get('phone').replace(/[\s-]/g, '').replace(/^(\+?86)/, '') || null;
  if (phone && !/^1[3-9]\d{9}$/.test(phone)) {
    problems.push({ field: 'phone', message: `"${phone}" is not an 11-digit mainland mobile number` });
    phone = null;
  }
  let tags: string[] | null = null;
  const tagsRaw = get('tags');
  if (tagsRaw) {
    tags = [];
    for (const part of tagsRaw.split(/[,，、;；|]/).map((s) => s.trim()).filter(Boolean)) {
      const t = lookup(mapping.valueMaps.tags, part) ?? part;
      if (VulnerabilityTag.safeParse(t).success) tags.includes(t) || tags.push(t);
      else problems.push({ field: 'tags', message: `"${part}" is not a known tag (add a value map)` });
    }
  }
  const relation = get('relation') || null;
  if (relation && relation.length > 20) problems.push({ field: 'relation', message: 'longer than 20 characters' });
  const notes = get('notes') || null;
  if (notes && notes.length > 500) problems.push({ field: 'notes', message: 'longer than 500 characters' });
  const room = get('room') || null;
  if (room && room.length > 20) problems.push({ field: 'room', message: 'longer than 20 characters' });
  const building = get('building') || null;
  if (room && !building) problems.push({ field: 'building', message: 'is empty but a room is given' });

  // The source's own id; without one, the ID number, or else the identifying fields.
  let sourceKey = get('sourceKey');
  if (!sourceKey) sourceKey = idNumber ?? (name && birthDate ? `h:${rowHash([name, birthDate, phone])}` : '');
  if (!sourceKey && !problems.length) problems.push({ field: 'sourceKey', message: 'is empty' });
  if (problems.length) return { record: null, problems };
  return {
    record: { sourceKey, name, gender: gender as 'male' | 'female', birthDate: birthDate!, idNumber, phone, relation, tags, notes, building, room, address: get('address') || null },
    problems,
  };
}

export function mapHousehold(values: Record<string, string>, mapping: Mapping): { record: HouseholdRecord | null; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const get = (f: string) => raw(values, mapping, f);
  for (const f of REQUIRED_FIELDS.households) if (!get(f)) problems.push({ field: f, message: 'is empty' });
  const room = get('room');
  if (room.length > 20) problems.push({ field: 'room', message: 'longer than 20 characters' });
  const li = get('lowIncome');
  if (li && li !== 'true' && li !== 'false') problems.push({ field: 'lowIncome', message: `"${li}" is not yes or no (add a value map)` });
  const sourceKey = get('sourceKey') || `${get('building')}/${room}`;
  if (problems.length) return { record: null, problems };
  return { record: { sourceKey, building: get('building'), room, lowIncome: li ? li === 'true' : null }, problems };
}

export function mapCaseType(values: Record<string, string>, mapping: Mapping): { record: CaseTypeRecord | null; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const get = (f: string) => raw(values, mapping, f);
  for (const f of REQUIRED_FIELDS.case_types) if (!get(f)) problems.push({ field: f, message: 'is empty' });
  const code = get('code');
  if (code && !/^[A-Za-z0-9_-]{2,40}$/.test(code)) problems.push({ field: 'code', message: `"${code}" is not 2-40 letters, digits, _ or -` });
  const name = get('name');
  if ([...name].length > 60) problems.push({ field: 'name', message: 'longer than 60 characters' });
  const category = get('category') || null;
  if (category && !CaseCategory.safeParse(category).success) problems.push({ field: 'category', message: `"${category}" is not a case category (add a value map)` });
  const limitRaw = get('limitValue');
  const limitValue = limitRaw ? Number(limitRaw) : null;
  if (limitRaw && (!Number.isInteger(limitValue) || limitValue! < 1 || limitValue! > 1000)) problems.push({ field: 'limitValue', message: `"${limitRaw}" is not a whole number from 1 to 1000` });
  const limitUnit = get('limitUnit') || null;
  if (limitUnit && !LimitUnit.safeParse(limitUnit).success) problems.push({ field: 'limitUnit', message: `"${limitUnit}" is neither hours nor days (add a value map)` });
  const { flag } = readers(values, mapping, problems);
  const open311 = flag('open311');
  const active = flag('active');
  const description = get('description') || null;
  if (description && description.length > 500) problems.push({ field: 'description', message: 'longer than 500 characters' });
  const keywords = get('keywords') || null;
  if (keywords && keywords.length > 200) problems.push({ field: 'keywords', message: 'longer than 200 characters' });
  const defaultOrgCode = get('defaultOrgCode') || null;
  if (defaultOrgCode && defaultOrgCode.length > 40) problems.push({ field: 'defaultOrgCode', message: 'longer than 40 characters' });
  if (problems.length) return { record: null, problems };
  return {
    record: { sourceKey: get('sourceKey') || code, code, name, parentCode: get('parentCode') || null, category, defaultOrgCode, limitValue, limitUnit, open311, description, keywords, active },
    problems,
  };
}

/** Shared readers for the catalogue entities: each reports a problem under its field and returns null. */
function readers(values: Record<string, string>, mapping: Mapping, problems: FieldProblem[]) {
  const get = (f: string) => raw(values, mapping, f);
  return {
    get,
    text: (f: string, max: number) => {
      const v = get(f) || null;
      if (v && [...v].length > max) problems.push({ field: f, message: `longer than ${max} characters` });
      return v;
    },
    whole: (f: string, max: number) => {
      const v = get(f);
      if (!v) return null;
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0 || n > max) {
        problems.push({ field: f, message: `"${v}" is not a whole number from 0 to ${max}` });
        return null;
      }
      return n;
    },
    coordinate: (f: 'lat' | 'lon') => {
      const v = get(f);
      if (!v) return null;
      const n = Number(v);
      if (!Number.isFinite(n) || Math.abs(n) > (f === 'lat' ? 90 : 180)) {
        problems.push({ field: f, message: `"${v}" is not a ${f === 'lat' ? 'latitude' : 'longitude'} in degrees (WGS-84)` });
        return null;
      }
      return n;
    },
    flag: (f: string) => {
      const v = get(f);
      if (!v) return null;
      if (v !== 'true' && v !== 'false') {
        problems.push({ field: f, message: `"${v}" is not yes or no (add a value map)` });
        return null;
      }
      return v === 'true';
    },
    list: (f: string) => {
      const v = get(f);
      return v ? v.split(/[,，、;；|]/).map((x) => x.trim()).filter(Boolean) : null;
    },
    phone: () => {
      // Landlines keep their area-code dash (0757-8000001), as staff write them.
      const v = get('phone').replace(/\s/g, '') || null;
      if (v && !/^\+?\d[\d-]{4,18}\d$/.test(v)) problems.push({ field: 'phone', message: `"${v}" is not a telephone number` });
      return v;
    },
  };
}

export function mapFacility(values: Record<string, string>, mapping: Mapping): { record: FacilityRecord | null; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const r = readers(values, mapping, problems);
  for (const f of REQUIRED_FIELDS.facilities) if (!r.get(f)) problems.push({ field: f, message: 'is empty' });
  const name = r.text('name', 80);
  const kindRaw = r.get('kind');
  const kind = FacilityKind.safeParse(kindRaw);
  if (kindRaw && !kind.success) problems.push({ field: 'kind', message: `"${kindRaw}" is not a facility kind (family centre, home elderly-care centre, elder canteen, day-care centre; add a value map)` });
  const lat = r.coordinate('lat');
  const lon = r.coordinate('lon');
  const record = {
    sourceKey: '', name: name ?? '', kind: kind.data!, lat: lat!, lon: lon!, address: r.text('address', 200), openingHours: r.text('openingHours', 200),
    capacity: r.whole('capacity', 100_000), seats: r.whole('seats', 100_000), mealsPerDay: r.whole('mealsPerDay', 100_000), phone: r.phone(), orgCode: r.text('orgCode', 40), active: r.flag('active'),
  };
  if (problems.length) return { record: null, problems };
  // Without a source id, a facility is known by its name.
  return { record: { ...record, sourceKey: r.get('sourceKey') || record.name }, problems };
}

export function mapProvider(values: Record<string, string>, mapping: Mapping): { record: ProviderRecord | null; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const r = readers(values, mapping, problems);
  for (const f of REQUIRED_FIELDS.providers) if (!r.get(f)) problems.push({ field: f, message: 'is empty' });
  const code = r.get('code');
  if (code && !/^[A-Za-z0-9_-]{2,40}$/.test(code)) problems.push({ field: 'code', message: `"${code}" is not 2-40 letters, digits, _ or -` });
  const name = r.text('name', 80);
  const lat = r.coordinate('lat');
  const lon = r.coordinate('lon');
  if ((lat === null) !== (lon === null) && !problems.some((p) => p.field === 'lat' || p.field === 'lon')) problems.push({ field: lat === null ? 'lat' : 'lon', message: 'give both latitude and longitude, or neither' });
  const qualifications = r.list('qualifications');
  if (qualifications && (qualifications.length > 20 || qualifications.some((q) => [...q].length > 60))) problems.push({ field: 'qualifications', message: 'at most 20, each up to 60 characters' });
  const record = {
    sourceKey: r.get('sourceKey') || code, code, name: name ?? '', service: r.text('service', 40), categories: r.list('categories'), coverage: r.list('coverage'),
    dailyCapacity: r.whole('dailyCapacity', 10_000), qualifications, phone: r.phone(), lat, lon, active: r.flag('active'),
  };
  if (problems.length) return { record: null, problems };
  return { record, problems };
}

export function mapRow(entity: ImportEntity, values: Record<string, string>, mapping: Mapping) {
  if (entity === 'residents') return mapResident(values, mapping);
  if (entity === 'households') return mapHousehold(values, mapping);
  if (entity === 'facilities') return mapFacility(values, mapping);
  if (entity === 'providers') return mapProvider(values, mapping);
  return mapCaseType(values, mapping);
}

/** Mapping problems found before any row is read: unknown fields, missing required columns. */
export function checkMapping(entity: ImportEntity, mapping: Mapping, columns: readonly string[] | null, fields: readonly string[]): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const [field, col] of Object.entries(mapping.columns)) {
    if (!fields.includes(field)) out.push({ field: `mapping.columns.${field}`, message: 'is not a field of this entity' });
    else if (columns && !columns.includes(col)) out.push({ field: `mapping.columns.${field}`, message: `no column "${col}" in the file` });
  }
  for (const f of REQUIRED_FIELDS[entity]) if (!mapping.columns[f] && !mapping.defaults[f]) out.push({ field: `mapping.columns.${f}`, message: 'required: map a column to it' });
  return out;
}
