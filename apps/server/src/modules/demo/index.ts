// The demo district: a deterministic, seeded Chancheng (4 streets, 147 communities, 478 grids,
// residents at any scale up to 1.33 million) and the writer that puts it into a database.
export { seedDemo, isSeeded, DEFAULT_SEED, type SeedOptions, type SeedResult, type SeedCounts } from './seed.ts';
export { DEMO_PASSWORD, type DemoAccount } from './accounts.ts';
export { DISTRICT, generateGeography, type Geography, type Community, type Compound, type Street } from './geography.ts';
export { populateCommunity, residentsByCommunity, REFERENCE_DATE, type CommunityPopulation } from './population.ts';
export { IdNumberRegistry } from './id-numbers.ts';
export { generateOrganisations, providerCount } from './organisations.ts';
