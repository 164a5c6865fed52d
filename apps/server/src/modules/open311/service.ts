// Open311 GeoReport v2 (spec: ../shared/data/open311/): discovery, services and their definitions,
// service requests (list, one, create with an API key) and tokens, with the spec's field names.
// Case types flagged open311 are the services; a case's number is its service_request_id.
import crypto from 'node:crypto';
import type { Open311Attribute } from '@linli/contracts';
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { audit } from '../../platform/audit.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { AreasService } from '../areas/service.ts';
import { type CasesService, casesService } from '../cases/service.ts';
import { Open311Repository } from './repository.ts';
import { requireKeyAdmin } from './policy.ts';

type Ctx = AppContext & { areas: AreasService };

const GROUP_NAMES: Record<string, string> = {
  disputes: '矛盾纠纷',
  public_order: '社会治安',
  public_safety: '公共安全',
  city_appearance: '城市管理/市容环境',
  facilities: '设施部件',
  public_services: '公共服务',
};
const CLOSED = ['closed', 'rejected', 'merged'];
const OPEN = ['reported', 'filed', 'dispatched', 'accepted', 'in_progress', 'handled'];
const DAY = 86_400_000;

/** The spec's errors: 404 for what does not exist, 403 for a missing or wrong key, 400 for the rest. */
const bad = (description: string, field?: string) => new AppError('open311.bad_request', 'invalid', description, field ? [{ path: field, message: description }] : undefined);

/** W3C date-time with a zone, without fractions of a second. */
export const w3 = (d: Date | null | undefined) => (d ? d.toISOString().replace(/\.\d{3}Z$/, 'Z') : null);

// Stored JSON comes back with camel-cased keys (the query builder's plugin), so both are read.
const str = (v: unknown) => (typeof v === 'string' ? v : null);
const sha256 = (v: string) => crypto.createHash('sha256').update(v).digest('hex');

export class Open311Service {
  private readonly repo: Open311Repository;
  private readonly cases: CasesService;
  constructor(private readonly ctx: Ctx) {
    this.repo = new Open311Repository(ctx.db);
    this.cases = casesService(ctx);
  }

  /** jurisdiction_id is required only when the endpoint serves several districts. */
  async jurisdiction(jurisdictionId: string | undefined): Promise<string> {
    const districts = await this.repo.districts();
    if (jurisdictionId) {
      if (!districts.some((d) => d.id === jurisdictionId)) throw notFound('jurisdiction', `jurisdiction_id ${jurisdictionId} not found`);
      return jurisdictionId;
    }
    if (districts.length === 1) return districts[0]!.id;
    throw bad('jurisdiction_id was not provided (this endpoint serves several jurisdictions)', 'jurisdiction_id');
  }

  discovery(baseUrl: string) {
    return {
      changeset: '2026-01-01T00:00:00Z',
      contact: '禅城区智慧社会治理中心 12345',
      key_service: 'API keys are issued by the district administrator (Linli: /api/open311/keys).',
      endpoints: [
        { specification: 'http://wiki.open311.org/GeoReport_v2', url: `${baseUrl}/open311/v2`, changeset: '2026-01-01T00:00:00Z', type: 'production', formats: ['text/xml', 'application/json'] },
      ],
    };
  }

  async services(districtId: string) {
    const types = await this.cases.types(districtId, { open311Only: true, activeOnly: true });
    const all = await this.cases.types(districtId);
    const byId = new Map(all.map((t) => [t.id, t]));
    return types
      .filter((t) => t.leaf)
      .map((t) => {
        const parent = t.parentId ? byId.get(t.parentId) : undefined;
        return {
          service_code: t.code,
          service_name: t.name,
          description: t.description || `${parent ? `${parent.name}：` : ''}${t.name}${t.limitValue ? `（办理时限 ${t.limitValue} 个工作${t.limitUnit === 'hours' ? '小时' : '日'}）` : ''}`,
          metadata: t.attributes.length > 0,
          type: 'realtime',
          keywords: [t.keywords, parent?.name].filter(Boolean).join(', '),
          group: GROUP_NAMES[t.category] ?? t.category,
        };
      });
  }

  private async service(districtId: string, code: string) {
    const t = await this.cases.typeByCode(districtId, code);
    if (!t || !t.open311 || !t.active || !t.leaf) throw notFound('service', `service_code ${code} not found`);
    return t;
  }

  async definition(districtId: string, code: string) {
    const t = await this.service(districtId, code);
    return {
      service_code: t.code,
      attributes: [...t.attributes]
        .sort((a, b) => a.order - b.order)
        .map((a) => ({ variable: a.variable, code: a.code, datatype: a.datatype, required: a.required, datatype_description: a.datatype_description, order: a.order, description: a.description, values: a.values ?? [] })),
    };
  }

  private present(c: Awaited<ReturnType<CasesService['publicRequests']>>[number]) {
    const ext = (c.external ?? {}) as Record<string, unknown>;
    const closed = CLOSED.includes(c.status);
    return {
      service_request_id: c.number,
      status: closed ? 'closed' : 'open',
      status_notes: c.statusNote ?? null,
      service_name: c.typeName,
      service_code: c.typeCode,
      description: c.description,
      agency_responsible: c.orgName ?? null,
      service_notice: c.limitValue ? `办理时限 ${c.limitValue} 个工作${c.limitUnit === 'hours' ? '小时' : '日'}` : null,
      requested_datetime: w3(c.reportedAt),
      updated_datetime: w3(closed ? (c.closedAt ?? c.updatedAt) : c.updatedAt),
      expected_datetime: w3(c.dueAt),
      address: c.address ?? ([c.streetName, c.communityName, c.gridName].filter(Boolean).join(' ') || null),
      address_id: str(ext.address_id ?? ext.addressId),
      zipcode: null,
      lat: c.lat,
      long: c.lon,
      media_url: str(ext.media_url ?? ext.mediaUrl),
    };
  }

  async requests(districtId: string, q: Record<string, string | undefined>) {
    const list = (v: string | undefined) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined);
    const numbers = list(q.service_request_id);
    if (numbers) return (await this.cases.publicRequests(districtId, { numbers: numbers.slice(0, 1000), limit: 1000 })).map((c) => this.present(c));
    const date = (v: string | undefined, field: string) => {
      if (!v) return undefined;
      const d = new Date(v);
      if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v) || Number.isNaN(d.getTime())) throw bad(`${field} must be a w3 date-time with a zone, e.g. 2010-01-01T00:00:00Z`, field);
      return d;
    };
    let from = date(q.start_date, 'start_date');
    let to = date(q.end_date, 'end_date');
    // The spec's default window: the most recent 90 days; a window may not span more than 90.
    if (!from && !to) {
      to = new Date();
      from = new Date(to.getTime() - 90 * DAY);
    } else if (from && !to) to = new Date(from.getTime() + 90 * DAY);
    else if (!from && to) from = new Date(to.getTime() - 90 * DAY);
    if (to!.getTime() < from!.getTime()) throw bad('end_date is before start_date', 'end_date');
    if (to!.getTime() - from!.getTime() > 90 * DAY) throw bad('start_date and end_date may not span more than 90 days', 'start_date');
    const statuses = list(q.status);
    for (const s of statuses ?? []) if (s !== 'open' && s !== 'closed') throw bad(`status must be open or closed, not ${s}`, 'status');
    const internal = statuses ? [...(statuses.includes('open') ? OPEN : []), ...(statuses.includes('closed') ? CLOSED : [])] : undefined;
    const rows = await this.cases.publicRequests(districtId, { typeCodes: list(q.service_code), from, to, statuses: internal, limit: 1000 });
    return rows.map((c) => this.present(c));
  }

  async request(districtId: string, id: string) {
    const [row] = await this.cases.publicRequests(districtId, { numbers: [id], limit: 1 });
    if (!row) throw notFound('service_request', `service_request_id ${id} not found`);
    return [this.present(row)];
  }

  async token(districtId: string, token: string) {
    const row = await this.cases.publicToken(districtId, token);
    if (!row) throw notFound('token', `token ${token} not found`);
    return [{ service_request_id: row.number, token }];
  }

  /** POST requests: form-encoded fields as the spec names them; attribute[CODE]=value. */
  async create(form: Record<string, string | string[] | undefined>) {
    const one = (k: string) => {
      const v = form[k];
      return (Array.isArray(v) ? v[0] : v)?.trim() || undefined;
    };
    const apiKey = one('api_key');
    if (!apiKey) throw new AppError('open311.api_key', 'forbidden', 'api_key is missing -- can\'t proceed with create_request');
    const key = await this.repo.keyByHash(sha256(apiKey));
    if (!key) throw new AppError('open311.api_key', 'forbidden', 'Invalid api_key received -- can\'t proceed with create_request');
    const jurisdictionId = one('jurisdiction_id');
    if (jurisdictionId && jurisdictionId !== key.districtId) throw new AppError('open311.api_key', 'forbidden', 'the api_key is not valid for this jurisdiction_id');
    const districtId = key.districtId;
    const code = one('service_code');
    if (!code) throw bad('service_code was not provided', 'service_code');
    const service = await this.service(districtId, code);
    const latRaw = one('lat');
    const lonRaw = one('long');
    if (!latRaw || !lonRaw) {
      throw bad(one('address_string') || one('address_id') ? 'this jurisdiction needs lat and long; address_string alone cannot be located' : 'a location is required: lat and long', 'lat');
    }
    const lat = Number(latRaw);
    const lon = Number(lonRaw);
    if (!Number.isFinite(lat) || lat < -90 || lat > 90) throw bad('lat must be a WGS84 latitude', 'lat');
    if (!Number.isFinite(lon) || lon < -180 || lon > 180) throw bad('long must be a WGS84 longitude', 'long');
    const description = one('description');
    if (description && description.length > 4000) throw bad('description is limited to 4,000 characters', 'description');
    const mediaUrl = one('media_url');
    if (mediaUrl && !/^https?:\/\/\S+$/.test(mediaUrl)) throw bad('media_url must be an http(s) URL', 'media_url');
    const attributes = this.attributes(form, service.attributes);
    const firstName = one('first_name');
    const lastName = one('last_name');
    const token = crypto.randomBytes(12).toString('base64url');
    try {
      const created = await this.cases.intake(districtId, {
        typeId: service.id,
        typeField: 'service_code',
        description: description && description.length >= 2 ? description : `${service.name}${description ? `：${description}` : ''}`,
        lat,
        lon,
        address: one('address_string')?.slice(0, 200) ?? null,
        urgency: 'normal',
        source: 'open311',
        reporterId: null,
        reporterPersonId: null,
        actorName: `Open311: ${key.name}`,
        callerName: [lastName, firstName].filter(Boolean).join('') || null,
        callerPhone: one('phone')?.slice(0, 30) ?? null,
        apiKeyId: key.id,
        open311Token: token,
        external: {
          api_key: key.keyPrefix,
          email: one('email') ?? null,
          device_id: one('device_id') ?? null,
          account_id: one('account_id') ?? null,
          address_string: one('address_string') ?? null,
          address_id: one('address_id') ?? null,
          media_url: mediaUrl ?? null,
          attributes,
        },
      });
      await this.repo.touchKey(districtId, key.id);
      return [{ service_request_id: created.number, service_notice: service.limitValue ? `办理时限 ${service.limitValue} 个工作${service.limitUnit === 'hours' ? '小时' : '日'}` : null, account_id: one('account_id') ?? null }];
    } catch (err) {
      if (err instanceof AppError && err.code === 'case.location_outside_district') throw bad('lat/long is outside the jurisdiction', 'lat');
      throw err;
    }
  }

  private attributes(form: Record<string, string | string[] | undefined>, defs: Open311Attribute[]) {
    const given: Record<string, string[]> = {};
    for (const [k, v] of Object.entries(form)) {
      const m = /^attribute\[([^\]]+)\](\[\])?$/.exec(k);
      if (m && v !== undefined) given[m[1]!] = (Array.isArray(v) ? v : [v]).map((x) => x.trim()).filter(Boolean);
    }
    const out: Record<string, string | string[]> = {};
    for (const def of defs.filter((a) => a.variable)) {
      const values = given[def.code] ?? [];
      if (!values.length) {
        if (def.required) throw bad(`attribute[${def.code}] is required: ${def.description}`, `attribute[${def.code}]`);
        continue;
      }
      if (def.datatype === 'singlevaluelist' || def.datatype === 'multivaluelist') {
        const keys = new Set((def.values ?? []).map((x) => x.key));
        for (const v of values) if (!keys.has(v)) throw bad(`attribute[${def.code}]: ${v} is not one of ${[...keys].join(', ')}`, `attribute[${def.code}]`);
        if (def.datatype === 'singlevaluelist' && values.length > 1) throw bad(`attribute[${def.code}] takes one value`, `attribute[${def.code}]`);
      }
      if (def.datatype === 'number' && values.some((v) => !Number.isFinite(Number(v)))) throw bad(`attribute[${def.code}] must be a number`, `attribute[${def.code}]`);
      if (def.datatype === 'datetime' && values.some((v) => Number.isNaN(new Date(v).getTime()))) throw bad(`attribute[${def.code}] must be an ISO 8601 date-time`, `attribute[${def.code}]`);
      out[def.code] = def.datatype === 'multivaluelist' ? values : values[0]!;
    }
    return out;
  }

  // --- API keys (district admin) --------------------------------------------------------------------------

  async keys(actor: Actor) {
    requireKeyAdmin(actor);
    return { items: (await this.repo.keys(actor.districtId)).map((k) => this.presentKey(k)) };
  }

  private presentKey(k: Awaited<ReturnType<Open311Repository['keys']>>[number]) {
    return { id: k.id, name: k.name, prefix: k.keyPrefix, createdAt: k.createdAt.toISOString(), lastUsedAt: k.lastUsedAt?.toISOString() ?? null, revokedAt: k.revokedAt?.toISOString() ?? null };
  }

  async createKey(actor: Actor, name: string) {
    requireKeyAdmin(actor);
    const apiKey = `o311_${crypto.randomBytes(24).toString('base64url')}`;
    const id = crypto.randomUUID();
    return this.ctx.db.tx(async () => {
      await this.repo.insertKey({ districtId: actor.districtId, id, name, keyHash: sha256(apiKey), keyPrefix: apiKey.slice(0, 9), createdBy: actor.userId });
      await audit(this.ctx.db, actor, actor.districtId, { action: 'open311.key_create', entityType: 'open311_key', entityId: id, details: { name } });
      const k = (await this.repo.keys(actor.districtId)).find((x) => x.id === id)!;
      return { ...this.presentKey(k), apiKey };
    });
  }

  async revokeKey(actor: Actor, id: string) {
    requireKeyAdmin(actor);
    return this.ctx.db.tx(async () => {
      if (!(await this.repo.revokeKey(actor.districtId, id))) throw notFound('open311_key');
      await audit(this.ctx.db, actor, actor.districtId, { action: 'open311.key_revoke', entityType: 'open311_key', entityId: id });
      return { ok: true as const };
    });
  }
}
