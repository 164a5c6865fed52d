// HTTP for the shared huts: huts (/api/huts), items (/api/share-items), loans (/api/loans),
// activities (/api/activities) and the lending clock (/api/sharing/sweep).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  Activity,
  ActivityQuery,
  ActivitySignup,
  CancelLoan,
  CheckIn,
  CreateActivity,
  CreateHut,
  CreateShareItem,
  ExtendLoan,
  Hut,
  HutQuery,
  ShareItemQuery,
  Loan,
  LoanQuery,
  PickUpLoan,
  ReserveItem,
  ReturnLoan,
  SetHutTheme,
  ShareItem,
  SweepResult,
  UpdateHut,
  UpdateShareItem,
  Uuid,
  paged,
} from '@linli/contracts';
import type { AppContext } from '../../platform/context.ts';
import { requireActor } from '../../platform/auth/index.ts';
import { idempotent } from '../../platform/idempotency.ts';
import type { VolunteeringService } from '../volunteering/service.ts';
import { SharingService } from './service.ts';
import { ActivitiesService } from './activities-service.ts';
import { declareSharingFigures } from './insight.ts';

/** How often the lending clock looks for overdue loans and lapsed holds. */
const SWEEP_EVERY_MS = 10 * 60_000;

export async function sharingRoutes(app: FastifyInstance, ctx: AppContext & { volunteering: VolunteeringService }) {
  const service = new SharingService(ctx);
  const activities = new ActivitiesService(ctx, service.places);
  declareSharingFigures(ctx);
  const r = app.withTypeProvider<ZodTypeProvider>();
  const IdParams = z.object({ id: Uuid });
  const tags = ['sharing'];

  const timer = setInterval(() => void service.sweep(null).catch((err: unknown) => ctx.log.error({ err }, 'lending clock failed')), SWEEP_EVERY_MS);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));

  // --- huts -----------------------------------------------------------------------------------------------

  r.get('/api/huts', { schema: { tags, summary: 'Shared huts in the caller\'s communities', querystring: HutQuery, response: { 200: z.object({ items: z.array(Hut) }) } } }, async (request) =>
    service.huts(requireActor(request), request.query),
  );
  r.post('/api/huts', { schema: { tags, summary: 'Open a hut in a community (staff)', body: CreateHut, response: { 201: Hut } } }, async (request, reply) => {
    const actor = requireActor(request);
    const out = await idempotent(ctx.db, actor, request, async () => ({ status: 201, body: await service.createHut(actor, request.body) }));
    return reply.code(out.status as 201).send(out.body);
  });
  r.get('/api/huts/:id', { schema: { tags, summary: 'A hut with its keepers and themes', params: IdParams, response: { 200: Hut } } }, async (request) => service.hut(requireActor(request), request.params.id));
  r.patch('/api/huts/:id', { schema: { tags, summary: 'Change a hut: address, opening hours, keepers (staff)', params: IdParams, body: UpdateHut, response: { 200: Hut } } }, async (request) =>
    service.updateHut(requireActor(request), request.params.id, request.body),
  );
  r.put('/api/huts/:id/theme', { schema: { tags, summary: 'Set a month\'s theme (staff or keepers)', params: IdParams, body: SetHutTheme, response: { 200: Hut } } }, async (request) =>
    service.setTheme(requireActor(request), request.params.id, request.body),
  );

  // --- items ----------------------------------------------------------------------------------------------

  r.get('/api/share-items', { schema: { tags, summary: 'Items to borrow, nearest first (or the caller\'s own with mine=true)', querystring: ShareItemQuery, response: { 200: paged(ShareItem) } } }, async (request) =>
    service.items(requireActor(request), request.query),
  );
  r.post('/api/share-items', { schema: { tags, summary: 'List an item to lend (Idempotency-Key honoured)', body: CreateShareItem, response: { 201: ShareItem } } }, async (request, reply) => {
    const actor = requireActor(request);
    const out = await idempotent(ctx.db, actor, request, async () => ({ status: 201, body: await service.createItem(actor, request.body) }));
    return reply.code(out.status as 201).send(out.body);
  });
  r.get('/api/share-items/:id', { schema: { tags, summary: 'An item with the days already taken', params: IdParams, response: { 200: ShareItem } } }, async (request) => service.item(requireActor(request), request.params.id));
  r.patch('/api/share-items/:id', { schema: { tags, summary: 'Change or withdraw an item (owner or staff)', params: IdParams, body: UpdateShareItem, response: { 200: ShareItem } } }, async (request) =>
    service.updateItem(requireActor(request), request.params.id, request.body),
  );
  r.post('/api/share-items/:id/check-in', { schema: { tags, summary: 'The keeper puts a hut item on the shelf', params: IdParams, response: { 200: ShareItem } } }, async (request) =>
    service.checkInItem(requireActor(request), request.params.id),
  );

  // --- loans ----------------------------------------------------------------------------------------------

  r.get('/api/loans', { schema: { tags, summary: 'Loans the caller borrows, lends, keeps or oversees', querystring: LoanQuery, response: { 200: paged(Loan) } } }, async (request) =>
    service.loans(requireActor(request), request.query),
  );
  r.post('/api/loans', { schema: { tags, summary: 'Reserve days of an item, or join its waitlist (Idempotency-Key honoured)', body: ReserveItem, response: { 201: Loan } } }, async (request, reply) => {
    const actor = requireActor(request);
    const out = await idempotent(ctx.db, actor, request, async () => ({ status: 201, body: await service.reserve(actor, request.body) }));
    return reply.code(out.status as 201).send(out.body);
  });
  r.get('/api/loans/:id', { schema: { tags, summary: 'A loan with its history and the caller\'s next actions', params: IdParams, response: { 200: Loan } } }, async (request) => service.loan(requireActor(request), request.params.id));
  r.post('/api/loans/:id/cancel', { schema: { tags, summary: 'Cancel a hold or leave the waitlist', params: IdParams, body: CancelLoan, response: { 200: Loan } } }, async (request) =>
    service.cancel(requireActor(request), request.params.id, request.body.note),
  );
  r.post('/api/loans/:id/pick-up', { schema: { tags, summary: 'Hand the item over (lender or keeper); the deposit is taken', params: IdParams, body: PickUpLoan, response: { 200: Loan } } }, async (request) =>
    service.pickUp(requireActor(request), request.params.id, request.body.note),
  );
  r.post('/api/loans/:id/extend', { schema: { tags, summary: 'Keep the item longer (refused when a reservation follows)', params: IdParams, body: ExtendLoan, response: { 200: Loan } } }, async (request) =>
    service.extend(requireActor(request), request.params.id, request.body.endsOn),
  );
  r.post('/api/loans/:id/return', { schema: { tags, summary: 'Take the item back with condition notes; the deposit is settled', params: IdParams, body: ReturnLoan, response: { 200: Loan } } }, async (request) =>
    service.returnLoan(requireActor(request), request.params.id, request.body),
  );
  r.post('/api/sharing/sweep', { schema: { tags, summary: 'Run the lending clock now: overdue reminders, lapsed holds, the waitlist (staff)', response: { 200: SweepResult } } }, async (request) =>
    service.sweepNow(requireActor(request)),
  );

  // --- activities -----------------------------------------------------------------------------------------

  r.get('/api/activities', { schema: { tags, summary: 'Hut activities in the caller\'s communities', querystring: ActivityQuery, response: { 200: paged(Activity) } } }, async (request) =>
    activities.list(requireActor(request), request.query),
  );
  r.post('/api/activities', { schema: { tags, summary: 'Create an activity (staff and social workers; Idempotency-Key honoured)', body: CreateActivity, response: { 201: Activity } } }, async (request, reply) => {
    const actor = requireActor(request);
    const out = await idempotent(ctx.db, actor, request, async () => ({ status: 201, body: await activities.create(actor, request.body) }));
    return reply.code(out.status as 201).send(out.body);
  });
  r.get('/api/activities/:id', { schema: { tags, summary: 'An activity with its roles and the caller\'s sign-up', params: IdParams, response: { 200: Activity } } }, async (request) =>
    activities.get(requireActor(request), request.params.id),
  );
  r.post('/api/activities/:id/signup', { schema: { tags, summary: 'Sign up (waitlisted when full)', params: IdParams, response: { 200: Activity } } }, async (request) => activities.signUp(requireActor(request), request.params.id));
  r.post('/api/activities/:id/roles/:roleId/take', { schema: { tags, summary: 'Take a volunteer role', params: z.object({ id: Uuid, roleId: Uuid }), response: { 200: Activity } } }, async (request) =>
    activities.takeRole(requireActor(request), request.params.id, request.params.roleId),
  );
  r.post('/api/activities/:id/cancel-signup', { schema: { tags, summary: 'Step back; the first on the waitlist moves up', params: IdParams, response: { 200: Activity } } }, async (request) =>
    activities.cancelSignup(requireActor(request), request.params.id),
  );
  r.post('/api/activities/:id/check-in', { schema: { tags, summary: 'Check in at the door with the code (organisers: anyone, by userId)', params: IdParams, body: CheckIn, response: { 200: Activity } } }, async (request) =>
    activities.checkIn(requireActor(request), request.params.id, request.body),
  );
  r.post('/api/activities/:id/finish', { schema: { tags, summary: 'Close the activity: attendance is final, volunteers\' hours go to the ledger', params: IdParams, response: { 200: Activity } } }, async (request) =>
    activities.finish(requireActor(request), request.params.id),
  );
  r.post('/api/activities/:id/cancel', { schema: { tags, summary: 'Call the activity off and tell everyone signed up', params: IdParams, response: { 200: Activity } } }, async (request) =>
    activities.cancel(requireActor(request), request.params.id),
  );
  r.get('/api/activities/:id/signups', { schema: { tags, summary: 'The sign-up sheet (organisers)', params: IdParams, response: { 200: z.object({ items: z.array(ActivitySignup) }) } } }, async (request) =>
    activities.signups(requireActor(request), request.params.id),
  );
}
