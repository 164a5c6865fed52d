// Residents and households. Personal data (ID numbers, phones) is masked unless revealed.
import { z } from 'zod';
import { Uuid } from './common.ts';

export const VulnerabilityTag = z.enum([
  'living_alone', // 独居
  'empty_nest', // 空巢
  'disabled', // 残疾
  'low_income', // 低保/低收入
  'special_hardship', // 特困
  'left_behind_child', // 留守儿童
  'veteran', // 优抚对象
  'chronic_illness', // 慢性病
]);
export type VulnerabilityTag = z.infer<typeof VulnerabilityTag>;

export const Gender = z.enum(['male', 'female']);

/** GB 11643-1999: 17 digits and an ISO 7064 MOD 11-2 check character. */
export function idNumberCheckChar(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * weights[i]!;
  return '10X98765432'[sum % 11]!;
}

export function isValidIdNumber(value: string): boolean {
  if (!/^\d{17}[\dX]$/.test(value)) return false;
  const birth = value.slice(6, 14);
  const date = new Date(`${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10).replaceAll('-', '') !== birth) return false;
  return idNumberCheckChar(value.slice(0, 17)) === value[17];
}

export const IdNumber = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isValidIdNumber, 'not a valid 18-character resident ID number');
export const Phone = z.string().trim().regex(/^1[3-9]\d{9}$/, 'an 11-digit mainland mobile number');
export const IsoDate = z.iso.date();

/** The editable fields of a resident, without defaults (an update must not reset what it omits). */
const PersonFields = z.object({
  name: z.string().trim().min(1).max(50),
  gender: Gender,
  birthDate: IsoDate,
  idNumber: IdNumber,
  phone: Phone,
  relation: z.string().trim().min(1).max(20),
  tags: z.array(VulnerabilityTag).max(8),
  notes: z.string().max(500),
});

export const PersonInput = PersonFields.extend({
  idNumber: IdNumber.optional(),
  phone: Phone.optional(),
  relation: PersonFields.shape.relation.default('head'),
  tags: PersonFields.shape.tags.default([]),
  notes: PersonFields.shape.notes.optional(),
});

export const CreatePerson = PersonInput.extend({
  /** Join an existing household, or give a building and room to start a new one. */
  householdId: Uuid.optional(),
  buildingId: Uuid.optional(),
  room: z.string().trim().min(1).max(20).optional(),
});
export type CreatePerson = z.infer<typeof CreatePerson>;

export const UpdatePerson = PersonFields.partial().extend({
  status: z.enum(['active', 'moved_out', 'deceased']).optional(),
  /** Optimistic concurrency: the version the editor saw. */
  version: z.number().int().min(1),
});

export const MovePerson = z.object({
  buildingId: Uuid,
  room: z.string().trim().min(1).max(20),
  /** Join this household in the new building, or start a new one when absent. */
  householdId: Uuid.optional(),
});

export const Person = z.object({
  id: Uuid,
  householdId: Uuid.nullable(),
  buildingId: Uuid.nullable(),
  address: z.string().nullable(),
  communityName: z.string().nullable(),
  gridId: Uuid.nullable(),
  name: z.string(),
  gender: Gender,
  birthDate: z.string(),
  age: z.number().int(),
  idNumber: z.string().nullable(),
  phone: z.string().nullable(),
  masked: z.boolean(),
  relation: z.string(),
  tags: z.array(z.string()),
  status: z.string(),
  notes: z.string().nullable(),
  version: z.number().int(),
  updatedAt: z.string(),
});
export type Person = z.infer<typeof Person>;

export const PersonQuery = z.object({
  areaId: Uuid.optional(),
  gridId: Uuid.optional(),
  householdId: Uuid.optional(),
  q: z.string().trim().max(50).optional(),
  tag: VulnerabilityTag.optional(),
  ageMin: z.coerce.number().int().min(0).max(150).optional(),
  ageMax: z.coerce.number().int().min(0).max(150).optional(),
  status: z.enum(['active', 'moved_out', 'deceased', 'all']).default('active'),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export const RevealRequest = z.object({
  fields: z.array(z.enum(['idNumber', 'phone'])).min(1),
  reason: z.string().trim().min(2).max(200),
});
export const Revealed = z.object({ idNumber: z.string().nullable().optional(), phone: z.string().nullable().optional() });

export const Household = z.object({
  id: Uuid,
  buildingId: Uuid,
  room: z.string(),
  address: z.string(),
  lowIncome: z.boolean(),
  memberCount: z.number().int(),
  members: z.array(Person).optional(),
  version: z.number().int(),
});
export type Household = z.infer<typeof Household>;

export const CreateHousehold = z.object({
  buildingId: Uuid,
  room: z.string().trim().min(1).max(20),
  lowIncome: z.boolean().default(false),
});
export const UpdateHousehold = z.object({
  lowIncome: z.boolean().optional(),
  room: z.string().trim().min(1).max(20).optional(),
  version: z.number().int().min(1),
});
export const HouseholdQuery = z.object({
  areaId: Uuid.optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export function maskIdNumber(v: string | null): string | null {
  return v ? `${v.slice(0, 3)}***********${v.slice(-4)}` : null;
}
export function maskPhone(v: string | null): string | null {
  return v ? `${v.slice(0, 3)}****${v.slice(-4)}` : null;
}
