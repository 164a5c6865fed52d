// Runs one import job: rows stream in from the file (or a pushed JSON body), are mapped and
// validated, resolved against the register, and written in batches. A bad row is reported and
// skipped; a batch the database refuses is retried row by row, so good rows still land. Dry runs
// roll each batch back; all-or-nothing runs the whole file in one transaction and rolls it back if
// any row failed. Progress lives in memory while a job runs and in the job row after each batch.
import crypto from 'node:crypto';
import type { ImportEntity, Mapping } from '@linli/contracts';
import type { Database } from '../../platform/db/database.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { AppError } from '../../platform/errors.ts';
import type { CasesService } from '../cases/service.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import { type CaseTypeRecord, type FacilityRecord, type HouseholdRecord, type ProviderRecord, type ResidentRecord, mapRow, rowHash } from './mapping.ts';
import { ImportsRepository, type PersonForMatch } from './repository.ts';
import { decide, type PersonLike } from './resolution.ts';
import type { SourceRow } from './readers.ts';

export interface Counters {
  processed: number;
  created: number;
  updated: number;
  unchanged: number;
  matched: number;
  review: number;
  conflict: number;
  error: number;
  progress: number;
}

export interface JobSpec {
  districtId: string;
  jobId: string;
  sourceId: string;
  sourceName: string;
  entity: ImportEntity;
  areaPath: string;
  /** The area is a community (rows without a building may stay unhoused there). */
  areaIsCommunity: boolean;
  mapping: Mapping;
  dryRun: boolean;
  allOrNothing: boolean;
  /** Entities owned by another module are written through its service, as this actor, so its rules and permissions apply. */
  writers?: { actor: Actor; cases: CasesService; catalogue: CatalogueService };
}

interface RowError {
  rowNo: number;
  sourceKey: string | null;
  field: string;
  message: string;
  raw: Record<string, string>;
}

/** Thrown to roll a transaction back on purpose (dry runs, all-or-nothing with errors). */
class Rollback extends Error {}

const BATCH = 2000;
/** Resident fields an import may set, with how the register stores them. */
const PERSON_FIELDS = ['name', 'gender', 'birthDate', 'idNumber', 'phone', 'relation', 'notes'] as const;

type Building = { id: string; code: string; name: string; path: string; gridId: string | null; compoundName: string };

export class ImportRunner {
  readonly counters: Counters = { processed: 0, created: 0, updated: 0, unchanged: 0, matched: 0, review: 0, conflict: 0, error: 0, progress: 0 };
  private readonly repo: ImportsRepository;
  private buildings: Map<string, Building> | null = null;
  private readonly seenKeys = new Map<string, number>();
  /** ID number -> person id, for rows earlier in this job. */
  private readonly byIdNumber = new Map<string, string>();
  /** Residents without ID numbers registered earlier in this job, for matching later rows. */
  private readonly noIdCreated: (PersonLike & { id: string; areaPath: string })[] = [];
  private readonly noIdByBlock = new Map<string, (PersonLike & { id: string; areaPath: string })[]>();
  private pendingErrors: RowError[] = [];

  constructor(
    private readonly db: Database,
    readonly spec: JobSpec,
    private readonly cancelled: () => boolean,
  ) {
    this.repo = new ImportsRepository(db);
  }

  /** Run every row; returns the final status. */
  async run(rows: AsyncIterable<SourceRow>, progress: () => number, onBatch: (c: Counters) => Promise<void>): Promise<'done' | 'failed' | 'cancelled'> {
    const consume = async (write: (batch: SourceRow[]) => Promise<void>) => {
      let batch: SourceRow[] = [];
      for await (const row of rows) {
        batch.push(row);
        if (batch.length >= BATCH) {
          await write(batch);
          batch = [];
          this.counters.progress = progress();
          await onBatch(this.counters);
          if (this.cancelled()) return false;
        }
      }
      if (batch.length) await write(batch);
      this.counters.progress = 1;
      return true;
    };

    if (this.spec.allOrNothing) {
      let finished = true;
      try {
        await this.db.tx(async () => {
          finished = await consume((b) => this.batch(b));
          if (!finished || this.counters.error > 0) throw new Rollback();
        });
      } catch (err) {
        if (!(err instanceof Rollback)) throw err;
      }
      await this.flushErrors();
      if (!finished) return 'cancelled';
      return this.counters.error > 0 ? 'failed' : 'done';
    }

    const finished = await consume(async (b) => {
      if (this.spec.dryRun) {
        await this.db.tx(async () => {
          await this.batch(b);
          throw new Rollback();
        }).catch((err) => {
          if (!(err instanceof Rollback)) throw err;
        });
      } else {
        try {
          await this.db.tx(() => this.batch(b));
        } catch {
          // The database refused the batch as a whole: retry each row alone so one row cannot sink the rest.
          this.rollbackCounters(b.length);
          for (const row of b) {
            try {
              await this.db.tx(() => this.batch([row]));
            } catch (err) {
              this.counters.processed++;
              this.counters.error++;
              this.pendingErrors.push({ rowNo: row.rowNo, sourceKey: null, field: 'row', message: `the database refused the row (${(err as { code?: string }).code ?? 'error'})`, raw: row.values });
            }
          }
        }
      }
      await this.flushErrors();
    });
    await this.flushErrors();
    return finished ? 'done' : 'cancelled';
  }

  private snapshot: Counters | null = null;
  private rollbackCounters(_n: number) {
    if (this.snapshot) Object.assign(this.counters, this.snapshot);
  }

  private async flushErrors() {
    if (!this.pendingErrors.length) return;
    const seqs = new Map<number, number>();
    const rows = this.pendingErrors.map((e) => {
      const seq = seqs.get(e.rowNo) ?? 0;
      seqs.set(e.rowNo, seq + 1);
      return { districtId: this.spec.districtId, jobId: this.spec.jobId, rowNo: e.rowNo, seq, sourceKey: e.sourceKey, field: e.field, message: e.message, raw: JSON.stringify(e.raw) };
    });
    this.pendingErrors = [];
    await this.repo.insertErrors(rows);
  }

  private async loadBuildings() {
    if (this.buildings) return this.buildings;
    const m = new Map<string, Building>();
    const byName = new Map<string, Building[]>();
    for (const b of await this.repo.buildingsIn(this.spec.districtId, this.spec.areaPath)) {
      m.set(b.code, b);
      m.set(`${b.compoundName}${b.name}`, b);
      byName.set(b.name, [...(byName.get(b.name) ?? []), b]);
    }
    // A bare building name is accepted when it is unambiguous in the area.
    for (const [name, list] of byName) if (list.length === 1 && !m.has(name)) m.set(name, list[0]!);
    this.buildings = m;
    return m;
  }

  /** One batch: map, validate, resolve and write. Errors are row-level; counters move as rows settle. */
  /** Keys and ID numbers first seen in the current batch, to forget if the batch is rolled back. */
  private addedKeys: string[] = [];
  private addedIds: string[] = [];

  private async batch(rows: SourceRow[]) {
    this.snapshot = { ...this.counters };
    this.addedKeys = [];
    this.addedIds = [];
    const noIdBefore = this.noIdCreated.length;
    const errorsBefore = this.pendingErrors.length;
    try {
      if (this.spec.entity === 'residents') await this.residents(rows);
      else if (this.spec.entity === 'households') await this.households(rows);
      else if (this.spec.entity === 'facilities') await this.facilities(rows);
      else if (this.spec.entity === 'providers') await this.providers(rows);
      else await this.caseTypes(rows);
    } catch (err) {
      // Undo this batch's in-memory bookkeeping too, so a retry row by row starts clean.
      this.pendingErrors.length = errorsBefore;
      for (const k of this.addedKeys) this.seenKeys.delete(k);
      for (const k of this.addedIds) this.byIdNumber.delete(k);
      if (this.noIdCreated.length !== noIdBefore) {
        this.noIdCreated.length = noIdBefore;
        this.noIdByBlock.clear();
        for (const p of this.noIdCreated) this.indexNoId(p);
      }
      throw err;
    }
  }

  private fail(row: SourceRow, sourceKey: string | null, problems: { field: string; message: string }[]) {
    this.counters.error++;
    for (const p of problems) this.pendingErrors.push({ rowNo: row.rowNo, sourceKey, field: p.field, message: p.message, raw: row.values });
  }

  /** The rows that mapped cleanly and are not repeats of an earlier row of this job. */
  private validRows<T extends { sourceKey: string }>(rows: SourceRow[]): { row: SourceRow; record: T; hash: string }[] {
    const out: { row: SourceRow; record: T; hash: string }[] = [];
    for (const row of rows) {
      this.counters.processed++;
      const { record, problems } = mapRow(this.spec.entity, row.values, this.spec.mapping);
      if (!record) {
        this.fail(row, null, problems);
        continue;
      }
      const first = this.seenKeys.get(record.sourceKey);
      if (first !== undefined) {
        this.fail(row, record.sourceKey, [{ field: 'sourceKey', message: `duplicate of row ${first} (same source id ${record.sourceKey})` }]);
        continue;
      }
      this.seenKeys.set(record.sourceKey, row.rowNo);
      this.addedKeys.push(record.sourceKey);
      out.push({ row, record: record as unknown as T, hash: rowHash(record) });
    }
    return out;
  }

  // --- residents ------------------------------------------------------------------------------

  private async residents(rows: SourceRow[]) {
    const d = this.spec.districtId;
    const valid = this.validRows<ResidentRecord>(rows);
    if (!valid.length) return;
    const buildings = await this.loadBuildings();
    const existing = new Map((await this.repo.recordsByKeys(d, this.spec.sourceId, valid.map((v) => v.record.sourceKey))).map((r) => [r.sourceKey, r]));

    // Resolve each row to an existing person, or a new one.
    type Plan = { row: SourceRow; record: ResidentRecord; hash: string; targetId: string; isNew: boolean; review?: { id: string; score: number; reasons: Record<string, number> } };
    const plans: Plan[] = [];
    const idNumbers = valid.filter((v) => v.record.idNumber && !existing.has(v.record.sourceKey)).map((v) => v.record.idNumber!);
    const byId = new Map((await this.repo.personsByIdNumbers(d, idNumbers)).map((p) => [p.idNumber!, p]));
    const noId = valid.filter((v) => !v.record.idNumber && !existing.has(v.record.sourceKey));
    const blocked = await this.repo.personsByBlocks(d, [...new Set(noId.map((v) => v.record.birthDate))], [...new Set(noId.map((v) => v.record.phone).filter((p): p is string => !!p))]);
    const inArea = (p: { areaPath: string }) => p.areaPath.startsWith(this.spec.areaPath);

    for (const v of valid) {
      const { record, row } = v;
      const prior = existing.get(record.sourceKey);
      if (prior) {
        if (prior.rowHash === v.hash) {
          this.counters.unchanged++;
          continue;
        }
        plans.push({ ...v, targetId: prior.targetId, isNew: false });
        continue;
      }
      if (record.idNumber) {
        const known = byId.get(record.idNumber);
        const earlier = this.byIdNumber.get(record.idNumber);
        if (known && !inArea(known)) {
          this.fail(row, record.sourceKey, [{ field: 'idNumber', message: 'this resident is registered in another area; ask that area to import the row' }]);
          continue;
        }
        const target = known?.id ?? earlier;
        if (target) {
          this.counters.matched++;
          plans.push({ ...v, targetId: target, isNew: false });
          continue;
        }
        const id = crypto.randomUUID();
        this.byIdNumber.set(record.idNumber, id);
        this.addedIds.push(record.idNumber);
        plans.push({ ...v, targetId: id, isNew: true });
        continue;
      }
      const arrived: PersonLike = { name: record.name, gender: record.gender, birthDate: record.birthDate, phone: record.phone, address: this.addressOf(record) };
      const candidates = [
        ...blocked.filter((p) => p.birthDate === record.birthDate || (record.phone && p.phone === record.phone)),
        ...new Set([...(this.noIdByBlock.get(`d:${record.birthDate}`) ?? []), ...(record.phone ? (this.noIdByBlock.get(`p:${record.phone}`) ?? []) : [])]),
      ].filter(inArea);
      const decision = decide(arrived, candidates);
      if (decision.kind === 'match') {
        this.counters.matched++;
        plans.push({ ...v, targetId: decision.id, isNew: false });
        continue;
      }
      const id = crypto.randomUUID();
      const plan: Plan = { ...v, targetId: id, isNew: true };
      if (decision.kind === 'review') plan.review = { id: decision.id, score: decision.score, reasons: decision.reasons };
      plans.push(plan);
      const created = { ...arrived, id, areaPath: this.spec.areaPath };
      this.noIdCreated.push(created);
      this.indexNoId(created);
    }

    // Places for new residents: building + room -> household, found or created.
    const newPlans = plans.filter((p) => p.isNew);
    const placed = new Map<string, { householdId: string | null; buildingId: string | null; areaPath: string; gridId: string | null }>();
    const wanted: { buildingId: string; room: string }[] = [];
    const good: Plan[] = [];
    for (const p of newPlans) {
      if (!p.record.building) {
        if (!this.spec.areaIsCommunity) {
          this.fail(p.row, p.record.sourceKey, [{ field: 'building', message: 'required when importing above a single community' }]);
          continue;
        }
        placed.set(p.targetId, { householdId: null, buildingId: null, areaPath: this.spec.areaPath, gridId: null });
        good.push(p);
        continue;
      }
      const b = buildings.get(p.record.building);
      if (!b) {
        this.fail(p.row, p.record.sourceKey, [{ field: 'building', message: `no building "${p.record.building}" in the import's area (use its code or compound + building name)` }]);
        continue;
      }
      if (p.record.room) wanted.push({ buildingId: b.id, room: p.record.room });
      good.push(p);
    }
    const homes = new Map((await this.repo.householdsAt(this.spec.districtId, wanted)).map((h) => [`${h.buildingId}/${h.room}`, h]));
    const newHomes: Parameters<ImportsRepository['insertHouseholds']>[0] = [];
    for (const p of good) {
      if (placed.has(p.targetId)) continue;
      const b = buildings.get(p.record.building!)!;
      if (!p.record.room) {
        placed.set(p.targetId, { householdId: null, buildingId: b.id, areaPath: b.path, gridId: b.gridId });
        continue;
      }
      const key = `${b.id}/${p.record.room}`;
      let h = homes.get(key);
      if (!h) {
        h = { id: crypto.randomUUID(), buildingId: b.id, room: p.record.room, areaPath: b.path, gridId: b.gridId, lowIncome: false, version: 1 };
        homes.set(key, h);
        newHomes.push({ districtId: d, id: h.id, buildingId: b.id, areaPath: b.path, gridId: b.gridId, room: p.record.room, address: `${b.compoundName}${b.name}${p.record.room}` });
      }
      placed.set(p.targetId, { householdId: h.id, buildingId: b.id, areaPath: h.areaPath, gridId: h.gridId });
    }
    const newRecords = new Set(good.map((p) => p.targetId));
    await this.repo.insertHouseholds(newHomes);
    await this.repo.insertPersons(
      good.map((p) => {
        const at = placed.get(p.targetId)!;
        const r = p.record;
        return { districtId: d, id: p.targetId, householdId: at.householdId, buildingId: at.buildingId, areaPath: at.areaPath, gridId: at.gridId, name: r.name, gender: r.gender, birthDate: r.birthDate, idNumber: r.idNumber, phone: r.phone, relation: r.relation ?? 'head', tags: r.tags ?? [], notes: r.notes };
      }),
    );
    this.counters.created += good.length;
    const reviews = good.filter((p) => p.review);
    await this.repo.insertCandidates(reviews.map((p) => ({ districtId: d, id: crypto.randomUUID(), jobId: this.spec.jobId, personA: p.targetId, personB: p.review!.id, areaPath: placed.get(p.targetId)!.areaPath, score: p.review!.score, reasons: JSON.stringify(p.review!.reasons) })));
    this.counters.review += reviews.length;

    // Existing residents: fill, update what this source owns, report what another source says differently.
    const updates = plans.filter((p) => !p.isNew);
    const targets = new Map((await this.repo.personsByIds(d, [...new Set(updates.map((p) => p.targetId))])).map((p) => [p.id, p]));
    const owners = new Map<string, Map<string, string>>(); // target -> field -> source name
    const ownedBySource = new Map<string, string[]>(); // target -> fields this source owns
    for (const r of await this.repo.recordsForTargets(d, 'residents', [...targets.keys()])) {
      const m = owners.get(r.targetId) ?? new Map<string, string>();
      for (const f of r.fields) m.set(f, r.sourceName);
      owners.set(r.targetId, m);
      if (r.sourceId === this.spec.sourceId) ownedBySource.set(r.targetId, [...(ownedBySource.get(r.targetId) ?? []), ...r.fields]);
    }
    const open = new Set((await this.repo.openConflictsFor(d, [...targets.keys()])).map((c) => `${c.targetId}/${c.field}/${c.incomingSourceId}/${c.incomingValue}`));
    const conflicts: Parameters<ImportsRepository['insertConflicts']>[0] = [];
    const owned = new Map<string, string[]>();
    for (const p of updates) {
      const cur = targets.get(p.targetId);
      if (!cur) {
        // Planned earlier in a dry run (rolled back): what would have happened is an update.
        this.counters.updated++;
        continue;
      }
      const set: Record<string, unknown> = {};
      const mine = new Set(ownedBySource.get(p.targetId) ?? []);
      let rowConflicts = 0;
      for (const f of PERSON_FIELDS) {
        const incoming = p.record[f];
        if (incoming === null || incoming === undefined || incoming === '') continue;
        const current = cur[f as keyof PersonForMatch] as string | null;
        if (current === incoming) {
          if (!owners.get(p.targetId)?.has(f)) mine.add(f);
          continue;
        }
        const owner = owners.get(p.targetId)?.get(f);
        if (current === null || current === '' || mine.has(f)) {
          set[f] = incoming;
          mine.add(f);
          continue;
        }
        rowConflicts++;
        if (!open.has(`${p.targetId}/${f}/${this.spec.sourceId}/${incoming}`)) {
          open.add(`${p.targetId}/${f}/${this.spec.sourceId}/${incoming}`);
          conflicts.push({ districtId: d, id: crypto.randomUUID(), jobId: this.spec.jobId, entity: 'residents', targetId: p.targetId, areaPath: cur.areaPath, field: f, currentValue: current, currentSource: owner ?? 'register', incomingValue: String(incoming), incomingSourceId: this.spec.sourceId });
        }
      }
      if (p.record.tags?.some((t) => !cur.tags.includes(t))) set.tags = [...new Set([...cur.tags, ...p.record.tags])];
      if (Object.keys(set).length) {
        await this.repo.updatePerson(d, p.targetId, set);
        this.counters.updated++;
      } else if (!rowConflicts) this.counters.unchanged++;
      if (rowConflicts) this.counters.conflict++;
      owned.set(p.targetId, [...mine]);
    }
    await this.repo.insertConflicts(conflicts);

    await this.repo.upsertRecords(
      plans
        .filter((p) => (p.isNew ? newRecords.has(p.targetId) : true))
        .map((p) => ({
          districtId: d, sourceId: this.spec.sourceId, sourceKey: p.record.sourceKey, entity: 'residents', targetId: p.targetId, jobId: this.spec.jobId, rowHash: p.hash,
          fields: p.isNew ? ['name', 'gender', 'birthDate', ...PERSON_FIELDS.filter((f) => !['name', 'gender', 'birthDate'].includes(f) && p.record[f]), ...(p.record.tags ? ['tags'] : []), ...(p.record.building ? ['household'] : [])] : (owned.get(p.targetId) ?? []),
          values: JSON.stringify(p.record),
        })),
    );
  }

  private indexNoId(p: PersonLike & { id: string; areaPath: string }) {
    for (const k of [p.birthDate ? `d:${p.birthDate}` : null, p.phone ? `p:${p.phone}` : null]) {
      if (!k) continue;
      const list = this.noIdByBlock.get(k);
      if (list) list.push(p);
      else this.noIdByBlock.set(k, [p]);
    }
  }

  private addressOf(r: ResidentRecord): string | null {
    if (r.address) return r.address;
    const b = r.building ? this.buildings?.get(r.building) : undefined;
    return b ? `${b.compoundName}${b.name}${r.room ?? ''}` : null;
  }

  // --- households -----------------------------------------------------------------------------

  private async households(rows: SourceRow[]) {
    const d = this.spec.districtId;
    const valid = this.validRows<HouseholdRecord>(rows);
    if (!valid.length) return;
    const buildings = await this.loadBuildings();
    const existing = new Map((await this.repo.recordsByKeys(d, this.spec.sourceId, valid.map((v) => v.record.sourceKey))).map((r) => [r.sourceKey, r]));
    const located: { v: (typeof valid)[number]; b: Building }[] = [];
    for (const v of valid) {
      if (existing.get(v.record.sourceKey)?.rowHash === v.hash) {
        this.counters.unchanged++;
        continue;
      }
      const b = buildings.get(v.record.building);
      if (!b) {
        this.fail(v.row, v.record.sourceKey, [{ field: 'building', message: `no building "${v.record.building}" in the import's area` }]);
        continue;
      }
      located.push({ v, b });
    }
    const homes = new Map((await this.repo.householdsAt(d, located.map((x) => ({ buildingId: x.b.id, room: x.v.record.room })))).map((h) => [`${h.buildingId}/${h.room}`, h]));
    const inserts: Parameters<ImportsRepository['insertHouseholds']>[0] = [];
    const records: Parameters<ImportsRepository['upsertRecords']>[0] = [];
    for (const { v, b } of located) {
      const key = `${b.id}/${v.record.room}`;
      const h = homes.get(key);
      if (!h) {
        const id = crypto.randomUUID();
        homes.set(key, { id, buildingId: b.id, room: v.record.room, areaPath: b.path, gridId: b.gridId, lowIncome: !!v.record.lowIncome, version: 1 });
        inserts.push({ districtId: d, id, buildingId: b.id, areaPath: b.path, gridId: b.gridId, room: v.record.room, address: `${b.compoundName}${b.name}${v.record.room}`, lowIncome: !!v.record.lowIncome });
        this.counters.created++;
        records.push({ districtId: d, sourceId: this.spec.sourceId, sourceKey: v.record.sourceKey, entity: 'households', targetId: id, jobId: this.spec.jobId, rowHash: v.hash, fields: ['household', ...(v.record.lowIncome !== null ? ['lowIncome'] : [])], values: JSON.stringify(v.record) });
        continue;
      }
      if (!existing.has(v.record.sourceKey)) this.counters.matched++;
      if (v.record.lowIncome !== null && v.record.lowIncome !== h.lowIncome) {
        await this.repo.setHouseholdLowIncome(d, h.id, v.record.lowIncome);
        h.lowIncome = v.record.lowIncome;
        this.counters.updated++;
      } else this.counters.unchanged++;
      records.push({ districtId: d, sourceId: this.spec.sourceId, sourceKey: v.record.sourceKey, entity: 'households', targetId: h.id, jobId: this.spec.jobId, rowHash: v.hash, fields: v.record.lowIncome !== null ? ['lowIncome'] : [], values: JSON.stringify(v.record) });
    }
    await this.repo.insertHouseholds(inserts);
    await this.repo.upsertRecords(records);
  }

  // --- case types ---------------------------------------------------------------------------------

  /** Case types go through the cases service one by one (a catalogue is small): its rules and permission apply, and a refusal is the row's error. */
  private async caseTypes(rows: SourceRow[]) {
    const d = this.spec.districtId;
    const w = this.spec.writers;
    if (!w) throw new Error('case types are imported through the cases service');
    const valid = this.validRows<CaseTypeRecord>(rows);
    if (!valid.length) return;
    const existing = new Map((await this.repo.recordsByKeys(d, this.spec.sourceId, valid.map((v) => v.record.sourceKey))).map((r) => [r.sourceKey, r]));
    const records: Parameters<ImportsRepository['upsertRecords']>[0] = [];
    const SETTABLE = ['name', 'defaultOrgCode', 'limitValue', 'limitUnit', 'open311', 'description', 'keywords', 'active'] as const;
    for (const { row, record: r, hash } of valid) {
      const prior = existing.get(r.sourceKey);
      if (prior?.rowHash === hash) {
        this.counters.unchanged++;
        continue;
      }
      try {
        const current = await w.cases.typeByCode(d, r.code);
        if (prior && current?.id !== prior.targetId) {
          this.fail(row, r.sourceKey, [{ field: 'code', message: `source id ${r.sourceKey} was imported with another code; a case type's code cannot change` }]);
          continue;
        }
        const given = SETTABLE.filter((f) => r[f] !== null);
        let id: string;
        if (!current) {
          const parent = r.parentCode ? await w.cases.typeByCode(d, r.parentCode) : null;
          if (r.parentCode && !parent) {
            this.fail(row, r.sourceKey, [{ field: 'parentCode', message: `no case type with code "${r.parentCode}"` }]);
            continue;
          }
          const created = await w.cases.createType(w.actor, {
            parentId: parent?.id ?? null, code: r.code, name: r.name, category: (r.category ?? undefined) as never, defaultOrgCode: r.defaultOrgCode, limitValue: r.limitValue,
            limitUnit: r.limitUnit as 'hours' | 'days' | null, open311: r.open311 ?? false, description: r.description ?? '', keywords: r.keywords ?? '',
          });
          if (r.active === false) await w.cases.updateType(w.actor, created.id, { active: false });
          id = created.id;
          this.counters.created++;
        } else {
          if (r.parentCode && (await w.cases.typeByCode(d, r.parentCode))?.id !== current.parentId) {
            this.fail(row, r.sourceKey, [{ field: 'parentCode', message: `"${r.code}" is registered under another parent; a type cannot move` }]);
            continue;
          }
          if (!prior) this.counters.matched++;
          const set = Object.fromEntries(given.filter((f) => r[f] !== current[f]).map((f) => [f, r[f]]));
          if (Object.keys(set).length) {
            await w.cases.updateType(w.actor, current.id, set);
            this.counters.updated++;
          } else this.counters.unchanged++;
          id = current.id;
        }
        records.push({ districtId: d, sourceId: this.spec.sourceId, sourceKey: r.sourceKey, entity: 'case_types', targetId: id, jobId: this.spec.jobId, rowHash: hash, fields: ['code', ...given], values: JSON.stringify(r) });
      } catch (err) {
        this.refused(row, r.sourceKey, err);
      }
    }
    await this.repo.upsertRecords(records);
  }

  /** A row the owning module's service refused (its rules or permissions) is the row's error, naming the field it names. */
  private refused(row: SourceRow, sourceKey: string, err: unknown) {
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    this.fail(row, sourceKey, err.fields?.length ? err.fields.map((f) => ({ field: f.path, message: f.message })) : [{ field: 'row', message: err.detail ?? err.code }]);
  }

  private catalogueWriter() {
    const w = this.spec.writers;
    if (!w) throw new Error(`${this.spec.entity} are imported through the catalogue service`);
    return w;
  }

  /** The valid rows of a batch with the source records already imported under their keys. */
  private async withPrior<T extends { sourceKey: string }>(rows: SourceRow[]) {
    const valid = this.validRows<T>(rows);
    const existing = valid.length ? new Map((await this.repo.recordsByKeys(this.spec.districtId, this.spec.sourceId, valid.map((v) => v.record.sourceKey))).map((r) => [r.sourceKey, r])) : new Map();
    return valid.map((v) => ({ ...v, prior: existing.get(v.record.sourceKey) as { targetId: string; rowHash: string } | undefined }));
  }

  private record(r: { sourceKey: string }, hash: string, targetId: string, fields: string[]) {
    return { districtId: this.spec.districtId, sourceId: this.spec.sourceId, sourceKey: r.sourceKey, entity: this.spec.entity, targetId, jobId: this.spec.jobId, rowHash: hash, fields, values: JSON.stringify(r) };
  }

  // --- facilities ----------------------------------------------------------------------------------

  /**
   * Facilities go through the catalogue service one by one: it places each by its location (street and
   * community) and checks who may. A facility already imported under the source id is updated; one
   * never imported is matched by its exact name and kind, else registered.
   */
  private async facilities(rows: SourceRow[]) {
    const d = this.spec.districtId;
    const w = this.catalogueWriter();
    const records: Parameters<ImportsRepository['upsertRecords']>[0] = [];
    const SETTABLE = ['name', 'kind', 'lat', 'lon', 'address', 'openingHours', 'capacity', 'seats', 'mealsPerDay', 'phone', 'active'] as const;
    for (const { row, record: r, hash, prior } of await this.withPrior<FacilityRecord>(rows)) {
      if (prior?.rowHash === hash) {
        this.counters.unchanged++;
        continue;
      }
      try {
        const at = await w.catalogue.place(d, r.lat, r.lon);
        if (!at.areaPath.startsWith(this.spec.areaPath)) {
          this.fail(row, r.sourceKey, [{ field: 'location', message: `${r.lat},${r.lon} is outside this source's area` }]);
          continue;
        }
        let orgId: string | null | undefined;
        if (r.orgCode) {
          const org = await w.catalogue.providerByCode(d, r.orgCode);
          if (!org?.isProvider) {
            this.fail(row, r.sourceKey, [{ field: 'orgCode', message: `no service provider with code "${r.orgCode}"` }]);
            continue;
          }
          orgId = org.id;
        }
        let current = prior ? await w.catalogue.anyFacility(d, prior.targetId) : undefined;
        if (!current && !prior) {
          const named = (await w.catalogue.facilitiesNamed(d, r.name)).filter((f) => f.kind === r.kind);
          if (named.length === 1) current = named[0];
        }
        const given = SETTABLE.filter((f) => r[f] !== null);
        const fields = [...given, ...(orgId !== undefined ? ['orgId'] : [])];
        let id: string;
        if (!current) {
          const created = await w.catalogue.createFacility(w.actor, {
            kind: r.kind, name: r.name, orgId: orgId ?? null, lat: r.lat, lon: r.lon, address: r.address ?? undefined, openingHours: r.openingHours ?? undefined,
            capacity: r.capacity, seats: r.seats, mealsPerDay: r.mealsPerDay, phone: r.phone,
          });
          if (r.active === false) await w.catalogue.updateFacility(w.actor, created.id, { active: false });
          id = created.id;
          this.counters.created++;
        } else {
          if (!prior) this.counters.matched++;
          const set: Record<string, unknown> = Object.fromEntries(given.filter((f) => r[f] !== (current as Record<string, unknown>)[f]).map((f) => [f, r[f]]));
          if (orgId !== undefined && orgId !== current.orgId) set.orgId = orgId;
          if (Object.keys(set).length) {
            await w.catalogue.updateFacility(w.actor, current.id, set);
            this.counters.updated++;
          } else this.counters.unchanged++;
          id = current.id;
        }
        records.push(this.record(r, hash, id, fields));
      } catch (err) {
        this.refused(row, r.sourceKey, err);
      }
    }
    await this.repo.upsertRecords(records);
  }

  // --- providers -----------------------------------------------------------------------------------

  /**
   * Providers go through the catalogue service one by one. The organisation code identifies a
   * provider across sources (an existing one is matched and updated); a code cannot change under
   * the same source id. Categories are matched by code or name, coverage by street or community name.
   */
  private async providers(rows: SourceRow[]) {
    const d = this.spec.districtId;
    const w = this.catalogueWriter();
    const records: Parameters<ImportsRepository['upsertRecords']>[0] = [];
    const valid = await this.withPrior<ProviderRecord>(rows);
    if (!valid.length) return;
    const categories = await w.catalogue.categories(w.actor);
    const categoryId = new Map(categories.flatMap((c) => [[c.code, c.id], [c.name, c.id]] as const));
    const areas = await w.catalogue.streetsAndCommunities(d, [...new Set(valid.flatMap((v) => v.record.coverage ?? []))]);
    const areaId = new Map(areas.flatMap((a) => [[a.code, a.id], [a.name, a.id]] as const));
    const same = (a: readonly unknown[], b: readonly unknown[]) => JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
    for (const { row, record: r, hash, prior } of valid) {
      if (prior?.rowHash === hash) {
        this.counters.unchanged++;
        continue;
      }
      const unknownCategory = r.categories?.find((c) => !categoryId.has(c));
      if (unknownCategory) {
        this.fail(row, r.sourceKey, [{ field: 'categories', message: `no service category "${unknownCategory}"` }]);
        continue;
      }
      const unknownArea = r.coverage?.find((c) => !areaId.has(c));
      if (unknownArea) {
        this.fail(row, r.sourceKey, [{ field: 'coverage', message: `no street or community "${unknownArea}"` }]);
        continue;
      }
      try {
        const org = await w.catalogue.providerByCode(d, r.code);
        if (org && !org.isProvider) {
          this.fail(row, r.sourceKey, [{ field: 'code', message: `"${r.code}" is the code of an organisation that is not a service provider` }]);
          continue;
        }
        if (prior && org?.id !== prior.targetId) {
          this.fail(row, r.sourceKey, [{ field: 'code', message: `source id ${r.sourceKey} was imported with another code; a provider's code cannot change` }]);
          continue;
        }
        const input = {
          name: r.name,
          ...(r.service !== null ? { service: r.service } : {}),
          ...(r.categories ? { categoryIds: [...new Set(r.categories.map((c) => categoryId.get(c)!))] } : {}),
          ...(r.coverage ? { coverageAreaIds: [...new Set(r.coverage.map((c) => areaId.get(c)!))] } : {}),
          ...(r.dailyCapacity !== null ? { dailyCapacity: r.dailyCapacity } : {}),
          ...(r.qualifications ? { qualifications: r.qualifications } : {}),
          ...(r.phone !== null ? { phone: r.phone } : {}),
          ...(r.lat !== null && r.lon !== null ? { location: { lat: r.lat, lon: r.lon } } : {}),
          ...(r.active !== null ? { active: r.active } : {}),
        };
        const fields = ['code', ...Object.keys(input)];
        let id: string;
        if (!org) {
          id = (await w.catalogue.createProvider(w.actor, { code: r.code, ...input })).id;
          this.counters.created++;
        } else {
          if (!prior) this.counters.matched++;
          const current = await w.catalogue.provider(w.actor, org.id);
          const now: Record<string, unknown> = {
            name: current.name, service: current.service, categoryIds: current.categories.map((c) => c.id), coverageAreaIds: current.coverage.map((c) => c.id), dailyCapacity: current.dailyCapacity,
            qualifications: current.qualifications, phone: current.phone, location: current.lat !== null && current.lon !== null ? { lat: current.lat, lon: current.lon } : null, active: current.active,
          };
          const changed = Object.fromEntries(Object.entries(input).filter(([k, v]) => (Array.isArray(v) ? !same(v, now[k] as unknown[]) : JSON.stringify(v) !== JSON.stringify(now[k]))));
          if (Object.keys(changed).length) {
            await w.catalogue.updateProvider(w.actor, org.id, changed);
            this.counters.updated++;
          } else this.counters.unchanged++;
          id = org.id;
        }
        records.push(this.record(r, hash, id, fields));
      } catch (err) {
        this.refused(row, r.sourceKey, err);
      }
    }
    await this.repo.upsertRecords(records);
  }
}
