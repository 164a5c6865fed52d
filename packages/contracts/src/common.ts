// Building blocks used by every API family: ids, paging, problems.
import { z } from 'zod';

export const Uuid = z.uuid();
export const DistrictId = z.string().regex(/^[a-z][a-z0-9-]{1,31}$/);

export const Page = z.object({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type Page = z.infer<typeof Page>;

export const paged = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });

/** RFC 9457 problem details, as every 4xx/5xx answer carries them. */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: z.string(),
  detail: z.string().optional(),
  fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type Problem = z.infer<typeof Problem>;

export const Locale = z.enum(['zh-CN', 'en']);
export type Locale = z.infer<typeof Locale>;

export const Ok = z.object({ ok: z.literal(true) });
