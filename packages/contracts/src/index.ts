// Zod schemas and enums shared by the server and the web app: the words of Linli's API.
export * from './common.ts';
export * from './auth.ts';
export * from './areas.ts';
export * from './people.ts';
export * from './cases.ts';
export * from './deliberation.ts';
export * from './proofs.ts';
export * from './imports.ts';
export * from './services.ts';
export * from './participation.ts';
export * from './insight.ts';
export * from './sharing.ts';
