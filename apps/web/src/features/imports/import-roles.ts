// Who imports data and reads provenance: the roles the imports API serves (server: modules/imports/policy.ts).
export const IMPORT_ROLES = ['district_admin', 'street_official', 'community_staff'] as const;
