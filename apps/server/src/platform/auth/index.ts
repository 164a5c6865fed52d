// The auth platform's public surface.
export * from './actor.ts';
export * from './scope.ts';
export * from './sessions.ts';
export { authPlugin, requireActor } from './plugin.ts';
export { hashPassword, verifyPassword } from './password.ts';
