// The registry of areas: district -> street/town -> community/village -> compound -> building; grids.
import { z } from 'zod';
import { Uuid } from './common.ts';

export const AreaLevel = z.enum(['district', 'street', 'community', 'compound', 'building']);
export type AreaLevel = z.infer<typeof AreaLevel>;

/** Counts shown for every area and grid. Ages are whole years on today's date. */
export const AreaStats = z.object({
  residents: z.number().int(),
  households: z.number().int(),
  aged60: z.number().int(),
  aged80: z.number().int(),
  livingAlone: z.number().int(),
  disabled: z.number().int(),
  lowIncome: z.number().int(),
  minors: z.number().int(),
});
export type AreaStats = z.infer<typeof AreaStats>;
export const statKeys = AreaStats.keyof().options;

export const AreaSummary = z.object({
  id: Uuid,
  parentId: Uuid.nullable(),
  level: AreaLevel,
  kind: z.string(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  gridId: Uuid.nullable(),
  childCount: z.number().int(),
  stats: AreaStats,
});
export type AreaSummary = z.infer<typeof AreaSummary>;

export const AreaDetail = AreaSummary.extend({
  breadcrumbs: z.array(z.object({ id: Uuid, name: z.string(), level: AreaLevel })),
  children: z.array(AreaSummary),
  grids: z.array(z.object({ id: Uuid, code: z.string(), name: z.string(), stats: AreaStats })),
});
export type AreaDetail = z.infer<typeof AreaDetail>;

export const GridSummary = z.object({
  id: Uuid,
  code: z.string(),
  name: z.string(),
  communityId: Uuid,
  communityName: z.string(),
  streetName: z.string(),
  lat: z.number(),
  lon: z.number(),
  areaM2: z.number(),
  stats: AreaStats,
});
export type GridSummary = z.infer<typeof GridSummary>;

export const MapLevel = z.enum(['street', 'community', 'grid']);
export type MapLevel = z.infer<typeof MapLevel>;

export const Location = z.object({
  lat: z.coerce.number().min(-90).max(90),
  lon: z.coerce.number().min(-180).max(180),
});

export const LocateResult = z.object({
  gridId: Uuid,
  gridCode: z.string(),
  gridName: z.string(),
  communityId: Uuid,
  communityName: z.string(),
  streetId: Uuid,
  streetName: z.string(),
});
export type LocateResult = z.infer<typeof LocateResult>;
