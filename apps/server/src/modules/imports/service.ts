// Imports from departmental systems: sources with a saved mapping and a push key, uploaded files
// streamed to disk, jobs run in the background with progress and cancel, row-level error reports,
// conflicts between sources, the entity-resolution review queue, and reversible merges.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import type { z } from 'zod';
import {
  type CreateSource, IMPORT_FIELDS, type ImportConflict, type ImportJob, type ImportSource, type MatchCandidate, Mapping, PushRecords, type StartImport,
  maskIdNumber, maskPhone,
} from '@linli/contracts';
import type { AppContext } from '../../platform/context.ts';
import { type Actor, hasRole } from '../../platform/auth/actor.ts';
import { covers } from '../../platform/auth/scope.ts';
import { audit } from '../../platform/audit.ts';
import { AppError, conflict, fieldError, forbidden, notFound } from '../../platform/errors.ts';
import type { AreasService } from '../areas/service.ts';
import { casesService } from '../cases/service.ts';
import { catalogueService } from '../catalogue/service.ts';
import { loadAssignments } from '../../platform/auth/sessions.ts';
import { ImportsRepository } from './repository.ts';
import { importScope } from './policy.ts';
import { checkMapping, parseDate } from './mapping.ts';
import { type Encoding, type FileFormat, type SourceRow, detectEncoding, detectFormat, openRows, preview } from './readers.ts';
import { type Counters, ImportRunner } from './runner.ts';

type JobRow = NonNullable<Awaited<ReturnType<ImportsRepository['job']>>>;
type Ctx = AppContext & { areas: AreasService };

/** Jobs running in this process, with their live counters. */
const RUNNING = new Map<string, Running>();

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

interface Running {
  runner: ImportRunner;
  cancel: boolean;
}

export class ImportsService {
  private readonly repo: ImportsRepository;

  constructor(private readonly ctx: Ctx) {
    this.repo = new ImportsRepository(ctx.db);
  }

  private get dir() {
    return path.join(this.ctx.config.dataDir, 'imports');
  }

  // --- sources ------------------------------------------------------------------------------

  private presentSource(s: Awaited<ReturnType<ImportsRepository['sources']>>[number] | (NonNullable<Awaited<ReturnType<ImportsRepository['source']>>> & { jobs?: number | null; records?: number | null })): ImportSource {
    const m = Mapping.safeParse(s.mapping);
    return {
      id: s.id, name: s.name, entity: s.entity, areaId: s.areaId, areaName: s.areaName ?? '', mapping: m.success && Object.keys(m.data.columns).length ? m.data : null,
      pushKeyHint: s.pushKeyHint, createdAt: s.createdAt.toISOString(), jobs: Number(s.jobs ?? 0), records: Number(s.records ?? 0),
      pull: s.pullUrl && s.pullEveryMinutes ? { url: s.pullUrl, everyMinutes: s.pullEveryMinutes, lastPulledAt: s.pulledAt?.toISOString() ?? null, lastMessage: s.pullMessage } : null,
    };
  }

  async sources(actor: Actor) {
    return { items: (await this.repo.sources(actor.districtId, importScope(actor))).map((s) => this.presentSource(s)) };
  }

  private async visibleSource(actor: Actor, id: string) {
    const s = await this.repo.source(actor.districtId, id);
    if (!s || !covers(importScope(actor), { areaPath: s.areaPath })) throw notFound('import_source');
    return s;
  }

  async createSource(actor: Actor, input: z.infer<typeof CreateSource>): Promise<ImportSource> {
    const scope = importScope(actor);
    return this.ctx.db.tx(async (q) => {
      const area = await this.repo.area(actor.districtId, input.areaId);
      if (!area || !covers(scope, { areaPath: area.path })) throw fieldError('areaId', 'no such area in your scope');
      if (area.level === 'compound' || area.level === 'building') throw fieldError('areaId', 'choose a community, street or the district');
      if (input.entity === 'case_types') {
        // The case catalogue is the district's: its keepers import it, for the whole district.
        casesService(this.ctx).requireCatalogueEditor(actor);
        if (area.level !== 'district') throw fieldError('areaId', 'case types belong to the whole district: choose the district');
      }
      if (input.entity === 'providers') {
        // The providers' register is the district's (the catalogue module's rule).
        catalogueService(this.ctx).requireCatalogueEditor(actor);
        if (area.level !== 'district') throw fieldError('areaId', 'providers belong to the whole district: choose the district');
      }
      if (input.entity === 'facilities') {
        // Facilities are registered by the district or by the officials of their street.
        if (area.level === 'community') throw fieldError('areaId', 'facilities are registered by street or district: choose a street or the district');
        catalogueService(this.ctx).requireFacilityKeeper(actor, area);
      }
      if ((await this.repo.sources(actor.districtId, { all: true, paths: [], gridIds: [], personIds: [] })).some((s) => s.name === input.name)) {
        throw new AppError('import_source.exists', 'conflict', 'a source with this name exists', [{ path: 'name', message: 'taken' }]);
      }
      if (input.mapping) {
        const problems = checkMapping(input.entity, input.mapping, null, IMPORT_FIELDS[input.entity]);
        if (problems.length) throw new AppError('import.bad_mapping', 'invalid', problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems.map((p) => ({ path: p.field, message: p.message })));
      }
      // The server fetches a pull URL from inside its network, so only the platform's operator names one.
      if (input.pull && !hasRole(actor, 'district_admin')) throw forbidden('imports.pull_forbidden', 'only the district admin sets up a scheduled pull');
      const id = crypto.randomUUID();
      await q
        .insertInto('importSources')
        .values({
          districtId: actor.districtId, id, name: input.name, entity: input.entity, areaId: area.id, areaPath: area.path, createdBy: actor.userId,
          ...(input.mapping ? { mapping: JSON.stringify(input.mapping) } : {}), pullUrl: input.pull?.url ?? null, pullEveryMinutes: input.pull?.everyMinutes ?? null,
        })
        .execute();
      await audit(this.ctx.db, actor, actor.districtId, { action: 'import_source.create', entityType: 'import_source', entityId: id, areaPath: area.path, details: { name: input.name, entity: input.entity, pull: input.pull ?? null } });
      return this.presentSource({ ...(await this.repo.source(actor.districtId, id))!, jobs: 0, records: 0 });
    });
  }

  /** A new push key for the source; only its hash is kept, so it is shown once. */
  async rotatePushKey(actor: Actor, id: string) {
    const s = await this.visibleSource(actor, id);
    const key = `lk_${crypto.randomBytes(24).toString('base64url')}`;
    const hint = key.slice(0, 7);
    await this.ctx.db.tx(async (q) => {
      await q.updateTable('importSources').set({ pushKeyHash: sha256(key), pushKeyHint: hint }).where('districtId', '=', actor.districtId).where('id', '=', id).execute();
      await audit(this.ctx.db, actor, actor.districtId, { action: 'import_source.push_key', entityType: 'import_source', entityId: id, areaPath: s.areaPath, details: { hint } });
    });
    return { key, hint };
  }

  // --- jobs ---------------------------------------------------------------------------------

  private present(j: JobRow): ImportJob {
    const live = RUNNING.get(j.id)?.runner.counters ?? null;
    const c = live ?? {
      processed: j.processedRows, created: j.createdRows, updated: j.updatedRows, unchanged: j.unchangedRows, matched: j.matchedRows, review: j.reviewRows,
      conflict: j.conflictRows, error: j.errorRows, progress: j.status === 'done' ? 1 : 0,
    };
    const m = j.mapping ? Mapping.safeParse(j.mapping) : null;
    return {
      id: j.id, sourceId: j.sourceId, sourceName: j.sourceName, entity: j.entity, status: live ? 'running' : j.status, dryRun: j.dryRun, allOrNothing: j.allOrNothing,
      format: j.format, encoding: j.encoding, fileName: j.fileName, fileSize: Number(j.fileSize), columns: j.columns, preview: j.preview, mapping: m?.success ? m.data : null,
      progress: live ? live.progress : j.status === 'done' || j.status === 'failed' ? 1 : 0, totalRows: j.totalRows, processedRows: c.processed, createdRows: c.created,
      updatedRows: c.updated, unchangedRows: c.unchanged, matchedRows: c.matched, reviewRows: c.review, conflictRows: c.conflict, errorRows: c.error, message: j.message,
      createdAt: j.createdAt.toISOString(), startedAt: j.startedAt?.toISOString() ?? null, finishedAt: j.finishedAt?.toISOString() ?? null,
    };
  }

  private async visibleJob(actor: Actor, id: string) {
    const j = await this.repo.job(actor.districtId, id);
    if (!j || !covers(importScope(actor), { areaPath: j.areaPath })) throw notFound('import_job');
    return j;
  }

  async jobs(actor: Actor, sourceId?: string) {
    return { items: (await this.repo.jobs(actor.districtId, importScope(actor), sourceId, 50)).map((j) => this.present(j)) };
  }

  async job(actor: Actor, id: string) {
    return this.present(await this.visibleJob(actor, id));
  }

  /** Stream an upload to <dataDir>/imports, then read its header and first rows for the mapping screen. */
  async upload(actor: Actor, sourceId: string, file: Readable, fileName: string): Promise<ImportJob> {
    const s = await this.visibleSource(actor, sourceId);
    const id = crypto.randomUUID();
    const target = path.join(this.dir, actor.districtId, `${id}.upload`);
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    try {
      await pipeline(file, fs.createWriteStream(target));
      if ((file as { truncated?: boolean }).truncated) throw new AppError('upload.too_large', 'too_large', 'the file is larger than the import limit', [{ path: 'file', message: 'too large' }]);
      const size = (await fs.promises.stat(target)).size;
      if (size === 0) throw new AppError('upload.empty', 'invalid', 'the file is empty', [{ path: 'file', message: 'empty' }]);
      const format: FileFormat = await detectFormat(target, fileName);
      const encoding: Encoding | null = format === 'csv' ? await detectEncoding(target) : null;
      let head: Awaited<ReturnType<typeof preview>>;
      try {
        head = await preview(target, format, encoding);
      } catch (err) {
        throw new AppError('upload.unreadable', 'unprocessable', `the file cannot be read as ${format.toUpperCase()}: ${(err as Error).message.slice(0, 120)}`, [{ path: 'file', message: 'unreadable' }]);
      }
      if (!head.columns.length) throw new AppError('upload.no_header', 'unprocessable', 'the file has no header row', [{ path: 'file', message: 'no header row' }]);
      await this.ctx.db.tx(async (q) => {
        await q
          .insertInto('importJobs')
          .values({
            districtId: actor.districtId, id, sourceId, entity: s.entity, areaPath: s.areaPath, status: 'uploaded', format, encoding, fileName: fileName.slice(0, 200), filePath: target,
            fileSize: size, columns: head.columns, preview: JSON.stringify(head.rows), mapping: Object.keys((s.mapping as { columns?: object }).columns ?? {}).length ? JSON.stringify(s.mapping) : null, createdBy: actor.userId,
          })
          .execute();
        await audit(this.ctx.db, actor, actor.districtId, { action: 'import.upload', entityType: 'import_job', entityId: id, areaPath: s.areaPath, details: { source: s.name, fileName, size, format, encoding } });
      });
    } catch (err) {
      await fs.promises.rm(target, { force: true });
      throw err;
    }
    return this.job(actor, id);
  }

  async start(actor: Actor, id: string, input: StartImport): Promise<ImportJob> {
    const j = await this.visibleJob(actor, id);
    if (RUNNING.has(id)) throw conflict('import.running', 'this import is running');
    if (j.status === 'done' && !j.dryRun) throw conflict('import.finished', 'this file has been imported; upload it again to re-import');
    if (!j.filePath || !fs.existsSync(j.filePath)) throw conflict('import.file_gone', 'the uploaded file is no longer there; upload it again');
    const problems = checkMapping(j.entity, input.mapping, j.columns, IMPORT_FIELDS[j.entity]);
    if (problems.length) throw new AppError('import.bad_mapping', 'invalid', problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems.map((p) => ({ path: p.field, message: p.message })));
    const source = (await this.repo.source(actor.districtId, j.sourceId))!;
    await this.ctx.db.tx(async (q) => {
      await q.deleteFrom('importErrors').where('districtId', '=', actor.districtId).where('jobId', '=', id).execute();
      await q
        .updateTable('importJobs')
        .set({
          status: 'running', dryRun: input.dryRun, allOrNothing: input.allOrNothing, mapping: JSON.stringify(input.mapping), startedAt: new Date(), finishedAt: null, message: null, cancelRequested: false,
          processedRows: 0, createdRows: 0, updatedRows: 0, unchangedRows: 0, matchedRows: 0, reviewRows: 0, conflictRows: 0, errorRows: 0,
        })
        .where('districtId', '=', actor.districtId)
        .where('id', '=', id)
        .execute();
      await q.updateTable('importSources').set({ mapping: JSON.stringify(input.mapping) }).where('districtId', '=', actor.districtId).where('id', '=', j.sourceId).execute();
      await audit(this.ctx.db, actor, actor.districtId, { action: 'import.start', entityType: 'import_job', entityId: id, areaPath: j.areaPath, details: { source: source.name, dryRun: input.dryRun, allOrNothing: input.allOrNothing } });
    });
    const area = await this.repo.area(actor.districtId, source.areaId);
    const runner = new ImportRunner(this.ctx.db, {
      districtId: actor.districtId, jobId: id, sourceId: j.sourceId, sourceName: source.name, entity: j.entity, areaPath: j.areaPath, areaIsCommunity: area?.level === 'community',
      mapping: input.mapping, dryRun: input.dryRun, allOrNothing: input.allOrNothing, writers: { actor, cases: casesService(this.ctx), catalogue: catalogueService(this.ctx) },
    }, () => RUNNING.get(id)?.cancel ?? false);
    const entry: Running = { runner, cancel: false };
    RUNNING.set(id, entry);
    const rows = openRows(j.filePath, j.format as FileFormat, j.encoding as Encoding | null);
    // Runs after this request answers; the page follows progress by polling the job.
    setImmediate(() => void this.execute(actor, j, runner, rows.rows, () => rows.bytesRead() / Math.max(1, Number(j.fileSize)), () => rows.close()));
    return this.job(actor, id);
  }

  /** Drive a runner to the end and record the outcome; used by uploads (in the background) and pushes (inline). */
  private async execute(actor: Pick<Actor, 'userId' | 'displayName' | 'username' | 'ip'>, j: { id: string; areaPath: string; filePath: string | null; dryRun?: boolean }, runner: ImportRunner, rows: AsyncIterable<SourceRow>, progress: () => number, close: () => void): Promise<Counters & { status: string }> {
    const d = runner.spec.districtId;
    const save = async (c: Counters, extra: Record<string, unknown> = {}) => {
      await this.ctx.db.q
        .updateTable('importJobs')
        .set({ processedRows: c.processed, createdRows: c.created, updatedRows: c.updated, unchangedRows: c.unchanged, matchedRows: c.matched, reviewRows: c.review, conflictRows: c.conflict, errorRows: c.error, ...extra })
        .where('districtId', '=', d)
        .where('id', '=', j.id)
        .execute();
    };
    let status: 'done' | 'failed' | 'cancelled' = 'failed';
    let message: string | null = null;
    try {
      status = await runner.run(rows, progress, async (c) => {
        if (runner.spec.allOrNothing) return;
        await save(c);
        const flag = await this.ctx.db.q.selectFrom('importJobs').select('cancelRequested').where('districtId', '=', d).where('id', '=', j.id).executeTakeFirst();
        if (flag?.cancelRequested) {
          const r = RUNNING.get(j.id);
          if (r) r.cancel = true;
        }
      });
      if (status === 'failed' && runner.spec.allOrNothing) message = `all or nothing: ${runner.counters.error} row(s) failed, nothing was written`;
      if (status === 'cancelled') message = runner.spec.allOrNothing ? 'cancelled; nothing was written' : `cancelled after ${runner.counters.processed} rows; rows before that were imported`;
    } catch (err) {
      this.ctx.log.error({ err, jobId: j.id }, 'import failed');
      message = `the import stopped: ${(err as Error).message.slice(0, 200)}`;
    } finally {
      close();
      RUNNING.delete(j.id);
    }
    const c = runner.counters;
    if (runner.spec.allOrNothing && status !== 'done') {
      // Nothing was written: only the errors are reported.
      Object.assign(c, { created: 0, updated: 0, matched: 0, review: 0, conflict: 0, unchanged: 0 });
    }
    const keepFile = status !== 'done' || runner.spec.dryRun;
    // The outcome and its audit entry land together, so whoever sees the job finished finds it audited.
    await this.ctx.db.tx(async () => {
      await save(c, { status, message, finishedAt: new Date(), totalRows: c.processed, ...(keepFile ? {} : { filePath: null }) });
      await audit(this.ctx.db, actor as Actor, d, { action: 'import.finish', entityType: 'import_job', entityId: j.id, areaPath: j.areaPath, details: { status, dryRun: runner.spec.dryRun, ...c } });
    });
    if (!keepFile && j.filePath) await fs.promises.rm(j.filePath, { force: true });
    if (!runner.spec.dryRun && c.created + c.updated > 0) this.ctx.areas.changed(d);
    return { ...c, status };
  }

  async cancel(actor: Actor, id: string): Promise<ImportJob> {
    const j = await this.visibleJob(actor, id);
    const r = RUNNING.get(id);
    if (!r && j.status !== 'running') throw conflict('import.not_running', 'this import is not running');
    if (r) r.cancel = true;
    await this.ctx.db.q.updateTable('importJobs').set({ cancelRequested: true }).where('districtId', '=', actor.districtId).where('id', '=', id).execute();
    await audit(this.ctx.db, actor, actor.districtId, { action: 'import.cancel', entityType: 'import_job', entityId: id, areaPath: j.areaPath });
    return this.job(actor, id);
  }

  /** Wait for a running job (tests, the push endpoint). */
  static async settled(id: string, timeoutMs = 600_000) {
    const until = Date.now() + timeoutMs;
    while (RUNNING.has(id) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  }

  async errors(actor: Actor, id: string, limit: number) {
    await this.visibleJob(actor, id);
    const rows = await this.repo.errors(actor.districtId, id, limit);
    return { items: rows.map((r) => ({ rowNo: r.rowNo, sourceKey: r.sourceKey, field: r.field, message: r.message, raw: r.raw })) };
  }

  /** The row-level error report as CSV (UTF-8 with BOM, so Excel opens it as such), a page at a time. */
  async *errorsCsv(actor: Actor, id: string): AsyncGenerator<string> {
    const j = await this.visibleJob(actor, id);
    const cell = (v: unknown) => {
      const s = v === null || v === undefined ? '' : String(v);
      return /[",\r\n]/.test(s) || /^[=+\-@]/.test(s) ? `"${(/^[=+\-@]/.test(s) ? `'${s}` : s).replaceAll('"', '""')}"` : s;
    };
    yield '\uFEFF' + ['row', 'source_id', 'field', 'problem', ...j.columns].map(cell).join(',') + '\r\n';
    for (let offset = 0; ; offset += 2000) {
      const rows = await this.repo.errors(actor.districtId, id, 2000, offset);
      let out = '';
      for (const r of rows) out += [r.rowNo, r.sourceKey, r.field, r.message, ...j.columns.map((c) => (r.raw as Record<string, unknown>)[c])].map(cell).join(',') + '\r\n';
      if (out) yield out;
      if (rows.length < 2000) break;
    }
  }

  /** JSON over HTTP: a departmental system pushes records with its source key; they run as one job. */
  async push(districtId: string, sourceId: string, key: string | undefined, input: z.infer<typeof PushRecords>, ip: string) {
    const s = await this.repo.source(districtId, sourceId);
    if (!s || !key || !s.pushKeyHash || !crypto.timingSafeEqual(Buffer.from(sha256(key)), Buffer.from(s.pushKeyHash))) {
      throw new AppError('imports.bad_push_key', 'unauthenticated', 'unknown source or wrong x-source-key');
    }
    return this.runRecords(s, input, { label: `push:${s.pushKeyHint}`, ip, fileName: `push ${new Date().toISOString()}` });
  }

  /** Sources whose scheduled pull is due (every district), for the scheduler. */
  duePulls(now: Date) {
    return this.repo.duePulls(now);
  }

  /** Fetch a source's pull URL and run its records as one job, as a push would; the outcome is kept on the source. */
  async pull(districtId: string, sourceId: string, fetchTimeoutMs = 60_000) {
    const s = await this.repo.source(districtId, sourceId);
    if (!s?.pullUrl) throw notFound('import_source');
    const started = new Date();
    const note = (message: string) =>
      this.ctx.db.q.updateTable('importSources').set({ pulledAt: started, pullMessage: message.slice(0, 500) }).where('districtId', '=', districtId).where('id', '=', sourceId).execute();
    try {
      const res = await fetch(s.pullUrl, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(fetchTimeoutMs), redirect: 'error' });
      if (!res.ok) throw new Error(`the pull URL answered ${res.status}`);
      const body: unknown = await res.json();
      const records = PushRecords.shape.records.element.array().max(200_000).safeParse(Array.isArray(body) ? body : (body as { records?: unknown } | null)?.records);
      if (!records.success) throw new Error('the pull URL did not answer a JSON array of flat records');
      if (!records.data.length) {
        await note('no records');
        return null;
      }
      const job = await this.runRecords(s, { records: records.data, dryRun: false, allOrNothing: false }, { label: 'pull', ip: '', fileName: `pull ${started.toISOString()}` });
      await note(`job ${job.id}: ${job.status}, ${job.processedRows} rows, ${job.errorRows} errors`);
      return job;
    } catch (err) {
      await note(err instanceof AppError ? (err.detail ?? err.code) : (err as Error).message);
      this.ctx.log.warn({ err, sourceId }, 'scheduled pull failed');
      return null;
    }
  }

  /** Records from a push or a pull, mapped with the source's saved mapping, run as one job acting as the source's creator. */
  private async runRecords(s: NonNullable<Awaited<ReturnType<ImportsRepository['source']>>>, input: z.infer<typeof PushRecords>, via: { label: string; ip: string; fileName: string }) {
    const districtId = s.districtId;
    const sourceId = s.id;
    const ip = via.ip;
    const mapping = Mapping.safeParse(s.mapping);
    if (!mapping.success || !Object.keys(mapping.data.columns).length) throw conflict('import.no_mapping', 'map this source\'s fields once in the web app (or with a file import) before pushing');
    const columns = [...new Set(input.records.flatMap((r) => Object.keys(r)))];
    const problems = checkMapping(s.entity, mapping.data, null, IMPORT_FIELDS[s.entity]);
    if (problems.length) throw new AppError('import.bad_mapping', 'invalid', problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems.map((p) => ({ path: p.field, message: p.message })));
    const id = crypto.randomUUID();
    const creator = s.createdBy ? await this.ctx.db.q.selectFrom('users').select(['id', 'username', 'displayName']).where('id', '=', s.createdBy).executeTakeFirst() : undefined;
    const actor = { userId: creator?.id ?? (null as unknown as string), username: via.label, displayName: s.name, ip };
    await this.ctx.db.q
      .insertInto('importJobs')
      .values({
        districtId, id, sourceId, entity: s.entity, areaPath: s.areaPath, status: 'running', format: 'json', encoding: null, fileName: via.fileName, filePath: null,
        fileSize: 0, columns, preview: JSON.stringify([]), mapping: JSON.stringify(mapping.data), dryRun: input.dryRun, allOrNothing: input.allOrNothing, createdBy: creator?.id ?? null, startedAt: new Date(),
      })
      .execute();
    const area = await this.repo.area(districtId, s.areaId);
    const assignments = creator ? await loadAssignments(this.ctx.db, creator.id) : [];
    const runner = new ImportRunner(this.ctx.db, {
      districtId, jobId: id, sourceId, sourceName: s.name, entity: s.entity, areaPath: s.areaPath, areaIsCommunity: area?.level === 'community', mapping: mapping.data, dryRun: input.dryRun, allOrNothing: input.allOrNothing,
      // A push acts as the staff member who connected the source, with the roles they hold now.
      writers: creator ? { actor: { ...actor, userId: creator.id, username: creator.username, districtId, personId: null, assignments, roles: new Set(assignments.map((x) => x.role)) }, cases: casesService(this.ctx), catalogue: catalogueService(this.ctx) } : undefined,
    }, () => false);
    RUNNING.set(id, { runner, cancel: false });
    const rows = (async function* () {
      let rowNo = 0;
      for (const r of input.records) yield { rowNo: ++rowNo, values: Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? '' : String(v)])) };
    })();
    await this.execute(actor, { id, areaPath: s.areaPath, filePath: null }, runner, rows, () => 1, () => {});
    const job = (await this.repo.job(districtId, id))!;
    return { ...this.present(job), errors: (await this.repo.errors(districtId, id, 200)).map((r) => ({ rowNo: r.rowNo, sourceKey: r.sourceKey, field: r.field, message: r.message, raw: r.raw })) };
  }

  // --- conflicts ----------------------------------------------------------------------------

  async conflicts(actor: Actor, status: 'open' | 'kept' | 'replaced'): Promise<{ items: ImportConflict[] }> {
    const rows = await this.repo.conflicts(actor.districtId, importScope(actor), status, 200);
    const mask = (f: string, v: string | null) => (f === 'idNumber' ? maskIdNumber(v) : f === 'phone' ? maskPhone(v) : v);
    return {
      items: rows.map((c) => ({
        id: c.id, jobId: c.jobId, entity: c.entity, targetId: c.targetId, targetName: c.targetName, field: c.field, currentValue: mask(c.field, c.currentValue), currentSource: c.currentSource,
        incomingValue: mask(c.field, c.incomingValue), incomingSource: c.incomingSource, status: c.status, createdAt: c.createdAt.toISOString(),
      })),
    };
  }

  async decideConflict(actor: Actor, id: string, decision: 'keep' | 'replace') {
    const scope = importScope(actor);
    return this.ctx.db.tx(async () => {
      const c = await this.repo.conflict(actor.districtId, id);
      if (!c || !covers(scope, { areaPath: c.areaPath })) throw notFound('import_conflict');
      if (c.status !== 'open') throw conflict('import_conflict.decided', 'this conflict was already decided');
      if (decision === 'replace') {
        const person = await this.repo.rawPerson(actor.districtId, c.targetId);
        if (!person || person.status !== 'active') throw conflict('import_conflict.target_gone', 'the resident is no longer active');
        let value: unknown = c.incomingValue;
        if (c.field === 'birthDate') value = parseDate(String(c.incomingValue)) ?? c.incomingValue;
        if (c.field === 'idNumber' && value) {
          const other = await this.ctx.db.q.selectFrom('persons').select('id').where('districtId', '=', actor.districtId).where('idNumber', '=', String(value)).where('id', '!=', c.targetId).where('status', '!=', 'deceased').executeTakeFirst();
          if (other) throw new AppError('person.duplicate_id_number', 'conflict', 'another resident already has this ID number', [{ path: 'idNumber', message: 'already registered' }]);
        }
        await this.repo.setPersonRaw(actor.districtId, c.targetId, { [c.field]: value });
        await this.repo.disownField(actor.districtId, c.entity, c.targetId, c.field);
        await this.repo.ownField(actor.districtId, c.incomingSourceId, c.targetId, c.field);
        this.ctx.areas.changed(actor.districtId);
      }
      await this.repo.decideConflict(actor.districtId, id, decision === 'keep' ? 'kept' : 'replaced', actor.userId);
      const shown = c.field === 'idNumber' ? maskIdNumber : c.field === 'phone' ? maskPhone : (v: string | null) => v;
      await audit(this.ctx.db, actor, actor.districtId, { action: 'import_conflict.decide', entityType: 'person', entityId: c.targetId, areaPath: c.areaPath, details: { conflictId: id, field: c.field, decision, from: shown(c.currentValue), to: decision === 'replace' ? shown(c.incomingValue) : undefined } });
      return { ok: true as const };
    });
  }

  // --- entity resolution: review, merge, un-merge ------------------------------------------

  async candidates(actor: Actor, status: 'pending' | 'merged' | 'distinct'): Promise<{ items: MatchCandidate[] }> {
    const rows = await this.repo.candidates(actor.districtId, importScope(actor), status, 100);
    const people = new Map((await this.repo.personsByIds(actor.districtId, [...new Set(rows.flatMap((r) => [r.personA, r.personB]))])).map((p) => [p.id, p]));
    const side = (id: string) => {
      const p = people.get(id);
      return { id, name: p?.name ?? '', gender: p?.gender ?? '', birthDate: p?.birthDate ?? '', idNumber: maskIdNumber(p?.idNumber ?? null), phone: maskPhone(p?.phone ?? null), address: p?.address ?? null, status: p?.status ?? 'missing' };
    };
    return { items: rows.map((r) => ({ id: r.id, score: r.score, reasons: r.reasons, status: r.status, arrived: side(r.personA), existing: side(r.personB), mergeId: r.mergeId ?? null, createdAt: r.createdAt.toISOString() })) };
  }

  async decideCandidate(actor: Actor, id: string, decision: 'merge' | 'distinct') {
    const scope = importScope(actor);
    return this.ctx.db.tx(async () => {
      const c = await this.repo.candidate(actor.districtId, id);
      if (!c || !covers(scope, { areaPath: c.areaPath })) throw notFound('match_candidate');
      if (c.status !== 'pending') throw conflict('match_candidate.decided', 'this pair was already decided');
      if (decision === 'distinct') {
        await this.repo.setCandidate(actor.districtId, id, 'distinct', actor.userId);
        await audit(this.ctx.db, actor, actor.districtId, { action: 'person.distinct', entityType: 'person', entityId: c.personA, areaPath: c.areaPath, details: { candidateId: id, other: c.personB } });
        return { ok: true as const, mergeId: null };
      }
      const mergeId = await this.merge(actor, c.personB, c.personA, id);
      await this.repo.setCandidate(actor.districtId, id, 'merged', actor.userId);
      return { ok: true as const, mergeId };
    });
  }

  /** Merge `mergedId` into `survivorId`: the survivor fills its gaps, the other is kept as 'merged' for un-merge. */
  private async merge(actor: Actor, survivorId: string, mergedId: string, candidateId: string | null): Promise<string> {
    const d = actor.districtId;
    const survivor = await this.repo.rawPerson(d, survivorId);
    const merged = await this.repo.rawPerson(d, mergedId);
    if (!survivor || !merged || survivor.status !== 'active' || merged.status !== 'active') throw conflict('person.merge_inactive', 'both records must be active to merge');
    const fill: Record<string, unknown> = {};
    for (const f of ['idNumber', 'phone', 'notes', 'householdId', 'buildingId'] as const) if (!survivor[f] && merged[f]) fill[f] = merged[f];
    if (fill.householdId) Object.assign(fill, { areaPath: merged.areaPath, gridId: merged.gridId });
    const tags = [...new Set([...survivor.tags, ...merged.tags])];
    if (tags.length !== survivor.tags.length) fill.tags = tags;
    // The merged record gives up its ID number first, so the survivor may take it.
    await this.repo.setPersonRaw(d, mergedId, { status: 'merged', idNumber: null });
    if (Object.keys(fill).length) await this.repo.setPersonRaw(d, survivorId, fill);
    const moved = await this.repo.repointRecords(d, mergedId, survivorId);
    const id = crypto.randomUUID();
    const pick = (p: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.map((k) => [k, p[k]]));
    await this.repo.insertMerge({
      districtId: d, id, survivorId, mergedId, candidateId, survivorBefore: JSON.stringify(pick(survivor, Object.keys(fill))), mergedBefore: JSON.stringify({ status: merged.status, idNumber: merged.idNumber }),
      movedRecords: JSON.stringify(moved), mergedBy: actor.userId,
    });
    await audit(this.ctx.db, actor, d, { action: 'person.merge', entityType: 'person', entityId: survivorId, areaPath: survivor.areaPath, details: { mergeId: id, merged: mergedId, filled: Object.keys(fill), movedRecords: moved.length } });
    this.ctx.areas.changed(d);
    return id;
  }

  async unmerge(actor: Actor, mergeId: string) {
    const scope = importScope(actor);
    return this.ctx.db.tx(async () => {
      const m = await this.repo.merge(actor.districtId, mergeId);
      if (!m) throw notFound('person_merge');
      const survivor = await this.repo.rawPerson(actor.districtId, m.survivorId);
      if (!survivor || !covers(scope, { areaPath: survivor.areaPath })) throw notFound('person_merge');
      if (m.undoneAt) throw conflict('person_merge.undone', 'this merge was already undone');
      // Give back what the survivor took, where it still holds what it took.
      const restore: Record<string, unknown> = {};
      const merged = await this.repo.rawPerson(actor.districtId, m.mergedId);
      for (const [k, v] of Object.entries(m.survivorBefore)) {
        if (k === 'tags') restore.tags = v;
        else if (merged && JSON.stringify((survivor as Record<string, unknown>)[k]) === JSON.stringify((merged as Record<string, unknown>)[k] ?? (m.mergedBefore as Record<string, unknown>)[k])) restore[k] = v;
      }
      if (Object.keys(restore).length) await this.repo.setPersonRaw(actor.districtId, m.survivorId, restore);
      await this.repo.setPersonRaw(actor.districtId, m.mergedId, m.mergedBefore);
      await this.repo.repointRecords(actor.districtId, m.survivorId, m.mergedId, m.movedRecords);
      await this.repo.markUndone(actor.districtId, mergeId, actor.userId);
      if (m.candidateId) await this.repo.setCandidate(actor.districtId, m.candidateId, 'pending', null);
      await audit(this.ctx.db, actor, actor.districtId, { action: 'person.unmerge', entityType: 'person', entityId: m.survivorId, areaPath: survivor.areaPath, details: { mergeId, merged: m.mergedId } });
      this.ctx.areas.changed(actor.districtId);
      return { ok: true as const };
    });
  }

  /** Which source and import each field of a resident came from ('register' when typed in by staff). */
  async provenance(actor: Actor, personId: string) {
    const scope = importScope(actor);
    const [p] = await this.repo.personsByIds(actor.districtId, [personId]);
    if (!p || !covers(scope, { areaPath: p.areaPath })) throw notFound('person');
    const records = await this.repo.recordsForTargets(actor.districtId, 'residents', [personId]);
    const shown = (field: string, v: string | null) => (field === 'idNumber' ? maskIdNumber(v) : field === 'phone' ? maskPhone(v) : v);
    const current: Record<string, string | null> = {
      name: p.name, gender: p.gender, birthDate: p.birthDate, idNumber: p.idNumber, phone: p.phone, relation: p.relation, tags: p.tags.length ? p.tags.join(',') : null, notes: p.notes, household: p.address,
    };
    const fields = Object.keys(current).map((field) => {
      const r = records.find((x) => x.fields.includes(field));
      const value = shown(field, current[field] ?? null);
      return r ? { field, value, source: r.sourceName, sourceId: r.sourceId, jobId: r.jobId, importedAt: r.updatedAt.toISOString() } : { field, value, source: 'register', sourceId: null, jobId: null, importedAt: null };
    });
    const masked = (v: Record<string, unknown>) => ({ ...v, idNumber: maskIdNumber((v.idNumber as string) ?? null), phone: maskPhone((v.phone as string) ?? null) });
    const conflicts = (await this.repo.conflictsForTarget(actor.districtId, personId)).map((c) => ({
      id: c.id, field: c.field, value: shown(c.field, c.incomingValue), source: c.incomingSource, sourceId: c.incomingSourceId, jobId: c.jobId, status: c.status, createdAt: c.createdAt.toISOString(),
    }));
    return { targetId: personId, fields, records: records.map((r) => ({ sourceId: r.sourceId, source: r.sourceName, sourceKey: r.sourceKey, jobId: r.jobId, updatedAt: r.updatedAt.toISOString(), values: masked(r.values) })), conflicts };
  }
}
