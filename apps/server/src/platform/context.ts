// What every module receives: configuration and the platform's shared services.
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.ts';
import type { Database } from './db/database.ts';
import type { EventBus } from './events.ts';
import type { Notifier } from './notify.ts';

export interface AppContext {
  config: Config;
  db: Database;
  events: EventBus;
  notifier: Notifier;
  log: FastifyBaseLogger;
  version: string;
}
