// Photo storage: uploads are checked by their bytes (JPEG, PNG or WebP, at most 10 MB, whatever
// the client claims), stored behind a BlobStore (local disk under <dataDir>/files by default) and
// served back only to those who may see what owns them. A module that owns files (cases, patrols)
// registers an owner check; platform code never imports the module.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import multipart from '@fastify/multipart';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from './context.ts';
import type { Actor } from './auth/actor.ts';
import { requireActor } from './auth/index.ts';
import type { Database } from './db/database.ts';
import { AppError, notFound } from './errors.ts';

export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
export type ImageMime = 'image/jpeg' | 'image/png' | 'image/webp';

/** The type an upload really is, from its first bytes; null when it is none we accept. */
export function sniffImage(b: Buffer): ImageMime | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return null;
}

/** Where bytes live. A deployment with object storage implements this and passes it in. */
export interface BlobStore {
  put(key: string, data: Buffer): Promise<void>;
  get(key: string): Promise<Buffer | null>;
  delete(key: string): Promise<void>;
}

export class LocalDiskStore implements BlobStore {
  constructor(private readonly root: string) {}
  private file(key: string) {
    // Keys are district/uuid; two characters of fan-out keep directories small.
    const [district, id] = key.split('/') as [string, string];
    return path.join(this.root, district, id.slice(0, 2), id);
  }
  async put(key: string, data: Buffer) {
    const f = this.file(key);
    await fs.mkdir(path.dirname(f), { recursive: true });
    // Written aside and renamed into place, so a full disk or a crash never leaves a truncated photo under its key.
    const part = `${f}.${crypto.randomBytes(4).toString('hex')}.part`;
    try {
      await fs.writeFile(part, data, { flag: 'wx' });
      await fs.rename(part, f);
    } catch (err) {
      await fs.rm(part, { force: true }).catch(() => {});
      throw err;
    }
  }
  async get(key: string) {
    try {
      return await fs.readFile(this.file(key));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }
  async delete(key: string) {
    await fs.rm(this.file(key), { force: true });
  }
}

export type OwnerType = 'case' | 'patrol' | 'share_item' | 'wish';
/** May this actor see what owns the file? Throws or returns false to refuse. */
export type OwnerCheck = (actor: Actor, ownerId: string) => Promise<boolean>;

export interface StoredFile {
  id: string;
  mime: string;
  size: number;
  purpose: string | null;
  createdAt: string;
  url: string;
}

/** The disk (or the configured quota) has no room: 507, so the client knows to retry later rather than fix its photo. */
const storageFull = () => new AppError('file.storage_full', 'insufficient_storage', 'photo storage is full, so the photo was not kept; nothing was saved; try again later or tell the administrator');
/** ENOSPC: no space left on the device; EDQUOT: the disk quota of the server's user is spent. */
const isOutOfSpace = (err: unknown) => ['ENOSPC', 'EDQUOT'].includes((err as NodeJS.ErrnoException).code ?? '');

export class FileService {
  private readonly owners = new Map<OwnerType, OwnerCheck>();
  constructor(
    private readonly db: Database,
    private readonly store: BlobStore,
    /** Optional cap on the bytes of all stored photos (LINLI_FILES_MAX_BYTES). */
    private readonly maxBytes: number | null = null,
  ) {}

  registerOwner(type: OwnerType, check: OwnerCheck) {
    this.owners.set(type, check);
  }

  /** Check and keep an upload; it belongs to nobody until attach() is called. */
  async upload(actor: Actor, data: Buffer): Promise<StoredFile> {
    if (data.length > MAX_PHOTO_BYTES) throw new AppError('file.too_large', 'too_large', `a photo may be at most ${MAX_PHOTO_BYTES / 1024 / 1024} MB`, [{ path: 'file', message: 'too large' }]);
    if (data.length === 0) throw new AppError('file.empty', 'invalid', 'the file is empty', [{ path: 'file', message: 'empty' }]);
    const mime = sniffImage(data);
    if (!mime) throw new AppError('file.unsupported_type', 'unsupported', 'only JPEG, PNG and WebP photos are accepted', [{ path: 'file', message: 'not a JPEG, PNG or WebP image' }]);
    const id = crypto.randomUUID();
    const sha256 = crypto.createHash('sha256').update(data).digest('hex');
    if (this.maxBytes !== null) {
      const used = await this.db.q.selectFrom('files').select((eb) => eb.fn.coalesce(eb.fn.sum<number>('size'), eb.lit(0)).as('bytes')).executeTakeFirstOrThrow();
      if (Number(used.bytes) + data.length > this.maxBytes) throw storageFull();
    }
    // Bytes first, then the row: a crash in between leaves an orphan file, never a dangling row.
    const key = `${actor.districtId}/${id}`;
    try {
      await this.store.put(key, data);
    } catch (err) {
      if (isOutOfSpace(err)) throw storageFull();
      throw err;
    }
    let row;
    try {
      row = await this.db.q
        .insertInto('files')
        .values({ districtId: actor.districtId, id, mime, size: data.length, sha256, uploadedBy: actor.userId })
        .returning(['createdAt'])
        .executeTakeFirstOrThrow();
    } catch (err) {
      await this.store.delete(key).catch(() => {});
      throw err;
    }
    return { id, mime, size: data.length, purpose: null, createdAt: row.createdAt.toISOString(), url: fileUrl(id) };
  }

  /**
   * Give uploads an owner, inside the caller's transaction. Each must be the actor's own upload
   * and still unowned; otherwise the whole operation fails with a 400 naming the field.
   */
  async attach(actor: Actor, ids: readonly string[], owner: { type: OwnerType; id: string; purpose: string }, field = 'photos'): Promise<void> {
    if (!ids.length) return;
    const unique = [...new Set(ids)];
    const rows = await this.db.q
      .updateTable('files')
      .set({ ownerType: owner.type, ownerId: owner.id, purpose: owner.purpose })
      .where('districtId', '=', actor.districtId)
      .where('id', 'in', unique)
      .where('uploadedBy', '=', actor.userId)
      .where('ownerId', 'is', null)
      .returning('id')
      .execute();
    if (rows.length !== unique.length) {
      const found = new Set(rows.map((r) => r.id));
      const missing = unique.filter((id) => !found.has(id));
      throw new AppError('file.not_available', 'invalid', 'a photo id is unknown, not yours, or already used', missing.map((id) => ({ path: field, message: `photo ${id} is unknown, not yours, or already used` })));
    }
  }

  async list(districtId: string, owner: { type: OwnerType; id: string }): Promise<StoredFile[]> {
    const rows = await this.db.q
      .selectFrom('files')
      .select(['id', 'mime', 'size', 'purpose', 'createdAt'])
      .where('districtId', '=', districtId)
      .where('ownerType', '=', owner.type)
      .where('ownerId', '=', owner.id)
      .orderBy('createdAt')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), url: fileUrl(r.id) }));
  }

  /** The bytes, for whoever may see the owner (or the uploader, while it has none). */
  async read(actor: Actor, id: string): Promise<{ mime: string; data: Buffer }> {
    const row = await this.db.q.selectFrom('files').selectAll().where('districtId', '=', actor.districtId).where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('file');
    let allowed = row.uploadedBy === actor.userId;
    if (!allowed && row.ownerType && row.ownerId) {
      const check = this.owners.get(row.ownerType as OwnerType);
      allowed = check ? await check(actor, row.ownerId).catch(() => false) : false;
    }
    // Not allowed reads as not found, so ids cannot be probed.
    if (!allowed) throw notFound('file');
    const data = await this.store.get(`${actor.districtId}/${id}`);
    if (!data) throw notFound('file', 'the stored photo is missing');
    return { mime: row.mime, data };
  }
}

export const fileUrl = (id: string) => `/api/files/${id}`;

const services = new WeakMap<AppContext, FileService>();
/** The app's one FileService (shared by every module that stores photos). */
export function fileService(ctx: AppContext): FileService {
  let s = services.get(ctx);
  if (!s) {
    s = new FileService(ctx.db, new LocalDiskStore(path.join(ctx.config.dataDir, 'files')), ctx.config.filesMaxBytes);
    services.set(ctx, s);
  }
  return s;
}

const StoredFileSchema = z.object({ id: z.uuid(), mime: z.string(), size: z.number().int(), purpose: z.string().nullable(), createdAt: z.string(), url: z.string() });

/** POST /api/files (multipart, one field named "file") and GET /api/files/:id. */
export async function filesRoutes(app: FastifyInstance, ctx: AppContext) {
  const files = fileService(ctx);
  // Multipart is registered in its own scope so no other route starts accepting it.
  await app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: MAX_PHOTO_BYTES, files: 1, fields: 4, parts: 5 }, throwFileSizeLimit: true });
    const r = scope.withTypeProvider<ZodTypeProvider>();
    r.post('/api/files', {
      schema: { tags: ['files'], summary: 'Upload a photo (multipart field "file"; JPEG, PNG or WebP, at most 10 MB); reference its id from a case or patrol. 507 when storage is full', consumes: ['multipart/form-data'], response: { 201: StoredFileSchema } },
    }, async (request, reply) => {
      const actor = requireActor(request);
      if (!request.isMultipart()) throw new AppError('upload.not_multipart', 'unsupported', 'send the photo as multipart/form-data in a field named "file"', [{ path: 'file', message: 'required' }]);
      let data: Buffer;
      try {
        const part = await request.file();
        if (!part) throw new AppError('upload.no_file', 'invalid', 'no file in the upload', [{ path: 'file', message: 'required' }]);
        data = await part.toBuffer();
      } catch (err) {
        // The parser's own 4xx (too large, too many files) pass through; a body it cannot read is the caller's fault.
        const status = (err as { statusCode?: number }).statusCode;
        if (err instanceof AppError || (typeof status === 'number' && status < 500)) throw err;
        throw new AppError('upload.malformed', 'invalid', 'the multipart body could not be read', [{ path: 'file', message: 'malformed multipart body' }]);
      }
      return reply.code(201).send(await files.upload(actor, data));
    });
    r.get('/api/files/:id', { schema: { tags: ['files'], summary: 'A stored photo, for those who may see its case or patrol', params: z.object({ id: z.uuid() }) } }, async (request, reply) => {
      const { mime, data } = await files.read(requireActor(request), request.params.id);
      return reply.type(mime).header('cache-control', 'private, max-age=86400').header('content-disposition', 'inline').send(data);
    });
  });
}

export interface FilesTable {
  districtId: string;
  id: string;
  ownerType: string | null;
  ownerId: string | null;
  purpose: string | null;
  mime: string;
  size: number;
  sha256: string;
  uploadedBy: string;
  createdAt: import('kysely').Generated<Date>;
}

declare module './db/schema.ts' {
  interface Schema {
    files: FilesTable;
  }
}
