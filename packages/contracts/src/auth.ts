// Accounts, roles and sessions.
import { z } from 'zod';
import { Locale, Uuid } from './common.ts';

/**
 * Roles are granted on a scope: an area (covers its subtree), a grid, or an organisation.
 * district_admin manages accounts; district_official sees the whole district read-mostly.
 */
export const Role = z.enum([
  'district_admin',
  'district_official',
  'street_official',
  'community_staff',
  'grid_worker',
  'department_staff',
  'provider_staff',
  'hotline_operator',
  'volunteer',
  'resident',
]);
export type Role = z.infer<typeof Role>;

/** What kind of scope each role is granted on. */
export const roleScope: Record<Role, 'area' | 'grid' | 'org' | 'district' | 'self'> = {
  district_admin: 'district',
  district_official: 'district',
  street_official: 'area',
  community_staff: 'area',
  grid_worker: 'grid',
  department_staff: 'org',
  provider_staff: 'org',
  hotline_operator: 'district',
  volunteer: 'district',
  resident: 'self',
};

export const LoginRequest = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});

export const Assignment = z.object({
  id: Uuid,
  role: Role,
  areaId: Uuid.nullable(),
  gridId: Uuid.nullable(),
  orgId: Uuid.nullable(),
  scopeName: z.string().nullable(),
});
export type Assignment = z.infer<typeof Assignment>;

export const Me = z.object({
  id: Uuid,
  username: z.string(),
  displayName: z.string(),
  districtId: z.string(),
  districtName: z.string(),
  personId: Uuid.nullable(),
  locale: Locale,
  elderMode: z.boolean(),
  /** The password was reset by an administrator: the user must choose a new one before anything else. */
  mustChangePassword: z.boolean(),
  roles: z.array(Assignment),
});
export type Me = z.infer<typeof Me>;

export const SessionInfo = z.object({ user: Me, csrfToken: z.string() });
export type SessionInfo = z.infer<typeof SessionInfo>;

export const Preferences = z.object({ locale: Locale.optional(), elderMode: z.boolean().optional() });

export const ChangePassword = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(10).max(256),
});

export const UserSummary = z.object({
  id: Uuid,
  username: z.string(),
  displayName: z.string(),
  status: z.enum(['active', 'disabled']),
  lastLoginAt: z.string().nullable(),
  roles: z.array(Assignment),
});
export type UserSummary = z.infer<typeof UserSummary>;

export const CreateUser = z.object({
  username: z.string().trim().regex(/^[a-zA-Z0-9_.-]{3,64}$/, 'letters, digits, _ . - (3-64)'),
  displayName: z.string().trim().min(1).max(64),
  password: z.string().min(10).max(256),
  personId: Uuid.optional(),
});

export const UpdateUser = z.object({
  displayName: z.string().trim().min(1).max(64).optional(),
  status: z.enum(['active', 'disabled']).optional(),
  password: z.string().min(10).max(256).optional(),
});

export const GrantRole = z.object({
  role: Role,
  areaId: Uuid.optional(),
  gridId: Uuid.optional(),
  orgId: Uuid.optional(),
});

export const Organisation = z.object({
  id: Uuid,
  kind: z.string(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
});

export const Notification = z.object({
  id: Uuid,
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type Notification = z.infer<typeof Notification>;

export const AuditEntry = z.object({
  id: z.string(),
  at: z.string(),
  actorId: Uuid.nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  ip: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditQuery = z.object({
  actorId: Uuid.optional(),
  action: z.string().max(64).optional(),
  entityType: z.string().max(64).optional(),
  entityId: z.string().max(64).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
