// Build the HTTP app: platform plugins, then modules, then the one error handler and the web app.
import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import pino from 'pino';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from './config.ts';
import type { Database } from './platform/db/database.ts';
import { EventBus } from './platform/events.ts';
import { LogSender, Notifier } from './platform/notify.ts';
import { authPlugin } from './platform/auth/index.ts';
import { errorHandler, notFoundHandler } from './platform/errors.ts';
import { rejectNulBytes } from './platform/input.ts';
import type { AppContext } from './platform/context.ts';
import { AreasService } from './modules/areas/service.ts';
import { InsightService } from './modules/insight/service.ts';
import { insightRoutes } from './modules/insight/routes.ts';
import { VolunteeringService } from './modules/volunteering/service.ts';
import { volunteeringRoutes } from './modules/volunteering/routes.ts';
import { fundsRoutes } from './modules/funds/routes.ts';
import { partyRoutes } from './modules/party/routes.ts';
import { RegistryService } from './modules/organisations-registry/service.ts';
import { registryRoutes } from './modules/organisations-registry/routes.ts';
import { accountsRoutes } from './modules/accounts/routes.ts';
import { areasRoutes } from './modules/areas/routes.ts';
import { peopleRoutes } from './modules/people/routes.ts';
import { systemRoutes } from './modules/system/routes.ts';
import { casesRoutes } from './modules/cases/routes.ts';
import { filesRoutes } from './platform/files.ts';
import { patrolsRoutes } from './modules/patrols/routes.ts';
import { open311NotFound, open311Routes } from './modules/open311/routes.ts';
import { proofsRoutes } from './modules/proofs/routes.ts';
import { importsRoutes } from './modules/imports/routes.ts';
import { deliberationRoutes } from './modules/deliberation/routes.ts';
import { catalogueRoutes } from './modules/catalogue/routes.ts';
import { canteensRoutes } from './modules/canteens/routes.ts';
import { ordersRoutes } from './modules/orders/routes.ts';
import { sharingRoutes } from './modules/sharing/routes.ts';
import { matchingRoutes } from './modules/matching/routes.ts';
import { wishesRoutes } from './modules/wishes/routes.ts';

export const VERSION = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version as string;

export interface BuildOptions {
  config: Config;
  db: Database;
  /** Tests pass false to keep output quiet. */
  logger?: boolean;
}

export type Modules = AppContext & { areas: AreasService } & { volunteering: VolunteeringService; projects: RegistryService } & { insight: InsightService };

export async function buildApp({ config, db, logger = true }: BuildOptions): Promise<{ app: FastifyInstance; ctx: Modules }> {
  const app = Fastify({
    // Synchronous output keeps log lines in order with the start-up banner printed to stdout.
    logger: logger ? { level: config.logLevel, redact: ['req.headers.cookie', 'req.headers["x-csrf-token"]'], stream: pino.destination({ dest: 1, sync: true }) } : false,
    bodyLimit: 1024 * 1024,
    // Error answers are problem+json from one place; Fastify's own 4xx flow through it too.
    return503OnClosing: true,
    // Open event streams must not hold a shutdown hostage.
    forceCloseConnections: true,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // Errors raised by the router itself (malformed URLs, over-long parameters) take the same road.
    frameworkErrors: (error, request, reply) => errorHandler(error, request, reply),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.addHook('preValidation', rejectNulBytes);

  const events = new EventBus();
  const base: AppContext = {
    config,
    db,
    events,
    notifier: new Notifier(db, events, [new LogSender('sms', app.log), new LogSender('wechat', app.log)]),
    log: app.log,
    version: VERSION,
  };
  const volunteering = new VolunteeringService(base);
  const ctx: Modules = { ...base, areas: new AreasService(base), volunteering, insight: new InsightService(base, () => ctx.areas), projects: new RegistryService({ ...base, volunteering }) };

  const basemapOrigin = config.basemap ? [new URL(config.basemap.url.replace(/[{}]/g, '')).origin] : [];
  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Ant Design injects its CSS-in-JS at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:', ...basemapOrigin],
        // MapLibre runs its tile workers from blob: URLs.
        workerSrc: ["'self'", 'blob:'],
        // A configured basemap's tiles are fetched by MapLibre (connect) and drawn as images.
        connectSrc: ["'self'", ...basemapOrigin],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Linli API', version: VERSION, description: 'Community governance and services: areas, residents, accounts and the modules built on them.' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'linli_session' } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  await app.register(authPlugin, { db });

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.register(async (scope) => {
    await systemRoutes(scope, ctx);
    await accountsRoutes(scope, ctx);
    await areasRoutes(scope, ctx);
    await peopleRoutes(scope, ctx);
    await filesRoutes(scope, ctx);
    await casesRoutes(scope, ctx);
    await patrolsRoutes(scope, ctx);
    await open311Routes(scope, ctx);
    await insightRoutes(scope, ctx);
    await proofsRoutes(scope, ctx);
    await importsRoutes(scope, ctx);
    await deliberationRoutes(scope, ctx);
    await catalogueRoutes(scope, ctx);
    await canteensRoutes(scope, ctx);
    await ordersRoutes(scope, ctx);
    await volunteeringRoutes(scope, ctx);
    await fundsRoutes(scope, ctx);
    await partyRoutes(scope, ctx);
    await registryRoutes(scope, ctx);
    await sharingRoutes(scope, ctx);
    await matchingRoutes(scope, ctx);
    await wishesRoutes(scope, ctx);
  });

  await serveWeb(app, config.webDist);
  return { app, ctx };
}

/** The built web app, with index.html for every non-API path so client-side routes survive reloads. */
async function serveWeb(app: FastifyInstance, dist: string) {
  const index = path.join(dist, 'index.html');
  const hasWeb = fs.existsSync(index);
  if (hasWeb) {
    // Files are looked up per request, so a rebuilt web app is served without a restart. Hashed
    // assets are cached for good; everything else (index.html, the service worker) is revalidated.
    await app.register(fastifyStatic, {
      root: dist,
      wildcard: true,
      index: false,
      cacheControl: false,
      setHeaders: (res, file) => res.header('cache-control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache'),
    });
    app.get('/', { schema: { hide: true } }, (_request, reply) => reply.header('cache-control', 'no-cache').sendFile('index.html'));
  }
  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0]!;
    // The static wildcard sees unknown /open311 paths first; answer them in Open311's own format.
    if (url.startsWith('/open311/')) return open311NotFound(request, reply);
    const isApi = url.startsWith('/api/') || url === '/api';
    if (request.method !== 'GET' || isApi || !hasWeb) {
      if (!hasWeb && request.method === 'GET' && !isApi) {
        return reply.type('text/plain').send('The web app is not built. Run `npm run build` (npm start does this for you).');
      }
      return notFoundHandler(request, reply);
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}
