// Who may use each API operation, written from the product's intent (issues 2-9 and the
// architecture's roles), not recorded from what the server happens to answer. The access matrix
// (access-matrix.test.ts) calls every operation as every demo actor on a resource of their own
// area and one of a foreign area, and fails on any answer this file does not predict.
//
// Reach: 'any' = on any resource of the district; 'own' = on resources of their own area (a
// resident's area is their community) or records that are theirs; 'self' = only on records that
// are theirs (their own person, the case they reported, the order placed for them, the offer they
// made, the committee they sit on, the organisation they work for). Actors not named are denied.
// An operation on no particular resource is allowed for every reach.

export const ACTORS = [
  'anonymous',
  'admin',
  'official',
  'street',
  'community',
  'community2',
  'grid',
  'department',
  'provider',
  'hotline',
  'volunteer',
  'resident',
  'owner1',
  'neighbour',
] as const;
export type Actor = (typeof ACTORS)[number];
export type Reach = 'any' | 'own' | 'self';
export type Access = Partial<Record<Actor, Reach>>;

/**
 * The two places the matrix acts on: A is 塔坡社区 (祖庙街道, and the grid worker's grid), B is
 * 丽豪社区 in another street (石湾镇街道). Whether each is "own" for an actor with an area grant.
 */
export const HOME: Record<Actor, { A: boolean; B: boolean }> = {
  anonymous: { A: false, B: false },
  admin: { A: true, B: true },
  official: { A: true, B: true },
  street: { A: true, B: false },
  community: { A: true, B: false },
  community2: { A: false, B: true },
  grid: { A: true, B: false },
  department: { A: false, B: false },
  // The demo provider is 塔坡社区's family service centre: its organisation's area is 塔坡社区.
  provider: { A: true, B: false },
  hotline: { A: true, B: true },
  // Volunteers serve the whole district but belong to no community.
  volunteer: { A: false, B: false },
  // The demo resident, owners and neighbour all live in 塔坡社区.
  resident: { A: true, B: false },
  owner1: { A: true, B: false },
  neighbour: { A: true, B: false },
};

const all = (reach: Reach, ...actors: Actor[]): Access => Object.fromEntries(actors.map((a) => [a, reach]));
/** The union of several grants; a later part widens an earlier one ('any' beats 'own' beats 'self'). */
const join = (...parts: Access[]): Access => {
  const rank = { self: 0, own: 1, any: 2 } as const;
  const out: Access = {};
  for (const part of parts) for (const [actor, reach] of Object.entries(part) as [Actor, Reach | undefined][]) {
    if (reach === undefined) delete out[actor];
    else if (!out[actor] || rank[reach] > rank[out[actor]!]) out[actor] = reach;
  }
  return out;
};

const RESIDENTS: Actor[] = ['resident', 'owner1', 'neighbour'];
/** Everyone with an account. */
export const SIGNED_IN = all('any', ...ACTORS.filter((a) => a !== 'anonymous'));
export const PUBLIC = all('any', ...ACTORS);
const NOBODY: Access = {};
const ADMIN = all('any', 'admin');
/** The district cloud platform: the administrator and district officials. */
const DISTRICT = all('any', 'admin', 'official');
const STREET = all('own', 'street');
const COMMUNITY = all('own', 'community', 'community2');
const GRID = all('own', 'grid');
const HOTLINE = all('any', 'hotline');
/** Staff by area: the district, the street, the community. */
const AREA_STAFF = join(DISTRICT, STREET, COMMUNITY);
/** Staff who work the field, down to the grid. */
const FIELD = join(AREA_STAFF, GRID);
/** Residents in their own community. */
const NEIGHBOURS = all('own', ...RESIDENTS);
/** Records that are the caller's own, whoever the caller is. */
const THEIRS = all('self', ...ACTORS.filter((a) => a !== 'anonymous'));
/** Residents living where the resource is (a topic's compound, a ballot's building). */
const RESIDING = all('self', ...RESIDENTS);
/** Community management: the community's staff, with the street and the district administrator above them (officials only read). */
const MANAGERS = join(ADMIN, STREET, COMMUNITY);
/** Residents and volunteers acting for themselves. */
const PEOPLE = join(NEIGHBOURS, all('any', 'volunteer'));
/** A community's own life (huts, topics, funds, wishes): its staff, its grid and its residents. */
const COMMUNITY_LIFE = join(FIELD, NEIGHBOURS);

/**
 * Operations by path prefix: `'GET /{id}; PATCH /{id}'` lists operations relative to the prefix
 * (`''` for the prefix itself). Every operation of the OpenAPI document must be named exactly once.
 */
export const POLICY: Record<string, Record<string, Access>> = {
  '/api/health': { 'GET ': PUBLIC },
  '/api/config': { 'GET ': SIGNED_IN },
  '/api/auth': {
    'POST /login; POST /logout; POST /password': PUBLIC, // exercised by auth.test.ts, not here
    'GET /me; PATCH /me/preferences': SIGNED_IN,
  },
  '/api/events': { 'GET ': SIGNED_IN }, // a stream; exercised by live.test.ts
  '/api/notifications': { 'GET ; POST /read-all': SIGNED_IN, 'POST /{id}/read': THEIRS },
  '/api/admin/users': { 'GET ; POST ; PATCH /{id}; POST /{id}/roles; DELETE /{id}/roles/{assignmentId}': ADMIN },
  '/api/audit': { 'GET ': ADMIN },
  '/api/files': { 'POST ': SIGNED_IN, 'GET /{id}': join(FIELD, HOTLINE, THEIRS) },
  '/api/calendar': { 'GET /{year}': SIGNED_IN, 'PUT /{year}': DISTRICT },

  // Foundation: the area tree and the resident register (issue 2).
  '/api/areas': { 'GET /root; GET /{id}; GET /{id}/buildings': join(FIELD, HOTLINE) },
  '/api/map': { 'GET /areas; GET /grids': join(FIELD, HOTLINE) },
  '/api/geo': { 'GET /locate': SIGNED_IN },
  '/api/persons': {
    // Masked for everyone; a resident sees only their own record.
    'GET ': join(FIELD, HOTLINE, all('self', ...RESIDENTS)),
    'GET /{id}': join(FIELD, HOTLINE, all('self', ...RESIDENTS)),
    'POST ; PATCH /{id}; POST /{id}/move': join(COMMUNITY, GRID),
    // Unmasking: community staff, grid workers, hotline operators (phone) and oneself.
    'POST /{id}/reveal': join(COMMUNITY, GRID, HOTLINE, all('self', ...RESIDENTS)),
  },
  '/api/households': {
    'GET ; GET /{id}': join(FIELD, HOTLINE, all('self', ...RESIDENTS)),
    'POST ; PATCH /{id}': join(COMMUNITY, GRID),
  },

  // Smart grid (issue 3). Anyone may report a case and follow their own reports; staff see the
  // cases of their area, departments the cases dispatched to them.
  '/api/cases': {
    'GET ; GET /map; GET /stats/on-time; GET /duplicates; GET /settings': SIGNED_IN, // filtered to what each may see
    // Hotline operators report only with a caller's name and phone (cases.test.ts).
    'POST ': join(SIGNED_IN, { hotline: undefined }),
    'GET /state-machine': PUBLIC, // static documentation of the workflow
    'GET /{id}; POST /{id}/follow; DELETE /{id}/follow; GET /{id}/dispatch-suggestion': join(THEIRS, FIELD, HOTLINE),
    'PATCH /settings': DISTRICT,
    'POST /{id}/escalate': join(STREET, COMMUNITY, GRID),
    'POST /{id}/transition': join(THEIRS, all('any', 'official', 'hotline'), STREET, COMMUNITY, GRID),
    'POST /{id}/rate': all('self', ...RESIDENTS, 'volunteer', 'provider'), // the reporter
    'POST /{id}/reveal-caller': join(THEIRS, all('any', 'hotline', 'official'), STREET, COMMUNITY),
  },
  '/api/case-types': { 'GET ': SIGNED_IN, 'POST ; PATCH /{id}': DISTRICT },
  '/api/dispatch-rules': { 'GET ; POST ; DELETE /{id}': DISTRICT },
  '/api/patrol-checklist': { 'GET ': SIGNED_IN },
  '/api/patrols': { 'GET ; GET /{id}': FIELD, 'POST ; POST /{id}/results/{resultId}/case': GRID },
  '/api/visits': { 'GET /overdue': join(all('any', 'official'), STREET, COMMUNITY, GRID) },
  '/api/open311/keys': { 'GET ; POST ; DELETE /{id}': ADMIN },
  '/open311/v2': {
    'GET /discovery.{format}; GET /services.{format}; GET /services/{code}.{format}; GET /requests.{format}; GET /requests/{id}.{format}; GET /tokens/{token}.{format}': PUBLIC,
    'POST /requests.{format}': NOBODY, // needs an API key, which no caller here sends
  },

  // Street micro-service centres (issue 4).
  '/api/service-categories': { 'GET ': SIGNED_IN },
  '/api/service-items': { 'GET ; GET /{id}': SIGNED_IN, 'POST ; PATCH /{id}': DISTRICT },
  '/api/streets': { 'GET /{id}/offerings': SIGNED_IN, 'POST /{id}/offerings': join(DISTRICT, STREET) },
  '/api/service-providers': { 'GET ; GET /{id}': SIGNED_IN, 'PATCH /{id}': join(DISTRICT, all('self', 'provider')) },
  '/api/service-facilities': { 'GET ; GET /map; GET /{id}': SIGNED_IN },
  '/api/service-schedules': { 'GET ': SIGNED_IN, 'PATCH /{id}': join(DISTRICT, STREET, all('self', 'provider')) },
  '/api/service-slots': { 'GET ': SIGNED_IN },
  '/api/service-orders': {
    'GET ': SIGNED_IN,
    'GET /state-machine': PUBLIC,
    'POST ': join(AREA_STAFF, HOTLINE, NEIGHBOURS),
    'GET /{id}; POST /{id}/transition': join(AREA_STAFF, HOTLINE, THEIRS),
    'GET /{id}/provider-suggestions': join(DISTRICT, STREET, COMMUNITY),
    'POST /{id}/complaints': join(HOTLINE, THEIRS),
    'POST /{id}/rate': THEIRS,
    'POST /{id}/reveal-contact': join(all('self', 'provider'), STREET, COMMUNITY, HOTLINE),
  },
  '/api/service-complaints': { 'GET ; POST /{id}/resolve': AREA_STAFF },
  '/api/service-performance': { 'GET ': join(AREA_STAFF, all('any', 'provider')) },
  '/api/service-stats': { 'GET ': AREA_STAFF },
  '/api/canteen-menus': { 'GET ': SIGNED_IN, 'PATCH /{id}': join(DISTRICT, STREET, all('self', 'provider')) },
  '/api/canteens': { 'GET /{id}/kitchen; GET /{id}/rounds': join(AREA_STAFF, all('self', 'provider')) },

  // Deliberation (issue 5): residents discuss and vote in their own community; staff run it.
  '/api/topics': {
    'GET ; GET /areas': join(FIELD, HOTLINE, NEIGHBOURS),
    'POST ': join(AREA_STAFF, NEIGHBOURS),
    'GET /{id}; POST /{id}/comments; POST /{id}/support; DELETE /{id}/support': join(FIELD, HOTLINE, RESIDING),
    // The topic's managers move it on (officials only read: the state machine has no step for them).
    'POST /{id}/transition': join(COMMUNITY, STREET),
  },
  '/api/comments': { 'POST /{id}/report': join(FIELD, HOTLINE, RESIDING), 'POST /{id}/hide; POST /{id}/unhide': join(COMMUNITY, STREET) },
  '/api/meetings': {
    'GET ': join(FIELD, HOTLINE, NEIGHBOURS),
    'GET /{id}': join(FIELD, HOTLINE, RESIDING),
    'POST ; POST /{id}/cancel; POST /{id}/record': join(COMMUNITY, STREET),
  },
  '/api/ballots': {
    'GET ': join(FIELD, HOTLINE, NEIGHBOURS),
    'GET /{id}; GET /{id}/result; GET /{id}/history': join(FIELD, HOTLINE, RESIDING),
    'GET /{id}/roll': join(FIELD, HOTLINE),
    'POST ; POST /{id}/close; POST /{id}/cancel; POST /{id}/votes/record': join(COMMUNITY, STREET),
    'POST /{id}/vote': all('self', ...RESIDENTS),
  },
  '/api/property-units': { 'GET ': join(FIELD, HOTLINE), 'POST ; PATCH /{id}': join(COMMUNITY, STREET) },

  // District cloud platform (issue 6).
  '/api/insight': {
    'GET /dashboard; GET /demand; GET /hexes; GET /resources; GET /coverage; GET /report; GET /export/{name}': AREA_STAFF,
    'GET /check; POST /rebuild': ADMIN,
    'GET /candidates; POST /candidates; DELETE /candidates/{id}; POST /siting': join(DISTRICT, STREET),
  },

  // Imports and proofs (issue 9): register staff import; officials only read the results.
  '/api/imports': {
    'GET /sources; POST /sources; POST /sources/{id}/uploads; POST /sources/{id}/push-key': join(ADMIN, STREET, COMMUNITY),
    'GET /jobs; GET /jobs/{id}; POST /jobs/{id}/start; POST /jobs/{id}/cancel; GET /jobs/{id}/errors; GET /jobs/{id}/errors.csv': join(ADMIN, STREET, COMMUNITY),
    'GET /conflicts; POST /conflicts/{id}; GET /matches; POST /matches/{id}; POST /merges/{id}/undo; GET /provenance/{id}': join(ADMIN, STREET, COMMUNITY),
    'POST /push/{districtId}/{id}': NOBODY, // authenticated by a push key, which no caller here sends
  },
  '/api/proofs': {
    'GET ': SIGNED_IN, // filtered to the proofs each may see
    'POST ': COMMUNITY,
    'GET /{id}; GET /{id}/bundle; GET /{id}/qr.svg; POST /{id}/revoke': join(ADMIN, COMMUNITY, THEIRS),
    'GET /issuers': SIGNED_IN, // the issuer directory is public
    'POST /issuers; PATCH /issuers/{id}; GET /audit': ADMIN,
  },
  '/api/transparency': {
    'GET /{districtId}/sth; GET /{districtId}/keys; GET /{districtId}/inclusion; GET /{districtId}/consistency; GET /{districtId}/proofs/{id}/status': PUBLIC,
  },

  // Participation (issue 7): volunteers, party, social organisations, mutual-aid funds.
  '/api/volunteering': {
    'GET /me; PUT /me; GET /rankings; GET /communities; GET /teams; GET /teams/{id}; GET /hours; GET /hours/approvals': SIGNED_IN,
    'GET /volunteers; POST /volunteers': FIELD,
    'GET /volunteers/{id}': join(FIELD, THEIRS),
    'POST /teams; PUT /teams/{id}/members/{volunteerId}': FIELD,
    'POST /teams/{id}/join; POST /teams/{id}/leave': SIGNED_IN,
    // Organisers record hours served (field staff of the area); volunteers claim their own manual hours.
    'POST /hours': join(FIELD, PEOPLE),
    // Manual hours are approved by a leader of the team, never by the claimant.
    'POST /hours/{id}/decision': THEIRS,
    'POST /certificates; GET /certificates/{id}': PEOPLE,
  },
  '/api/party': {
    'GET /me; POST /me/withdraw; POST /report; GET /branches; GET /service-items': SIGNED_IN,
    'POST /branches; GET /branches/{id}; POST /branches/{id}/members; POST /branches/{id}/activities': AREA_STAFF,
    'GET /members; GET /members/{id}; POST /members/{id}/decision; GET /members/{id}/participation': AREA_STAFF,
    'POST /service-items; POST /service-items/{id}/close; POST /service-items/{id}/claims/{memberId}/complete': AREA_STAFF,
    'POST /service-items/{id}/claim; POST /service-items/{id}/unclaim': NOBODY, // registered party members only; no demo actor is one
  },
  '/api/social-orgs': { 'GET ; GET /{id}': SIGNED_IN, 'POST ; PATCH /{id}': join(DISTRICT, STREET, COMMUNITY) },
  // An organisation's workers and projects are kept by the district, the street and its own staff,
  // not by community staff (organisations-registry/policy.ts).
  '/api/social-workers': { 'GET ': join(AREA_STAFF, all('any', 'provider')), 'GET /levels': SIGNED_IN /* counts only */, 'POST ': join(DISTRICT, STREET), 'PATCH /{id}': join(DISTRICT, STREET, THEIRS) },
  '/api/projects': { 'GET ; GET /map; GET /{id}': SIGNED_IN, 'POST ': join(DISTRICT, STREET), 'PATCH /{id}': join(DISTRICT, STREET, THEIRS) },
  '/api/organisations': { 'GET ': SIGNED_IN },
  '/api/funds': {
    'GET ; GET /{id}; GET /{id}/report; GET /{id}/committee; GET /{id}/applications': join(COMMUNITY_LIFE, THEIRS),
    'GET /{id}/ledger; GET /{id}/donations': join(FIELD, THEIRS),
    'POST ; PATCH /{id}': DISTRICT,
    'POST /{id}/committee; DELETE /{id}/committee/{userId}': join(DISTRICT, COMMUNITY),
    'POST /{id}/donations': join(DISTRICT, COMMUNITY),
    'POST /{id}/applications': join(COMMUNITY, GRID, RESIDING), // a resident applies only for themselves
  },
  '/api/fund-applications': {
    'GET /{id}': join(FIELD, THEIRS),
    'POST /{id}/review; POST /{id}/disburse': COMMUNITY,
    'POST /{id}/decision': THEIRS, // the fund's committee
    'POST /{id}/withdraw': RESIDING, // the applicant
  },

  // Community shared huts (issue 8): a community's huts are run by its staff (and the street and
  // district above them) for its residents and the helpers who serve them.
  '/api/huts': { 'GET ; GET /{id}': join(COMMUNITY_LIFE, all('any', 'volunteer'), all('own', 'provider')), 'POST ; PATCH /{id}': MANAGERS, 'PUT /{id}/theme': join(MANAGERS, THEIRS) /* and its keepers */ },
  '/api/share-items': {
    'GET ; GET /{id}': join(COMMUNITY_LIFE, all('any', 'volunteer'), all('own', 'provider')),
    // Whoever may borrow in a community may lend there too (kept at its hut, or at home).
    'POST ': join(COMMUNITY_LIFE, PEOPLE, all('own', 'provider')),
    'PATCH /{id}; POST /{id}/check-in': join(MANAGERS, THEIRS),
  },
  // Anyone who belongs to an item's community in the huts may borrow it: its residents, helpers
  // (volunteers, social workers) and its staff down to the grid (lending.test.ts borrows as staff).
  '/api/loans': { 'GET ': SIGNED_IN, 'POST ': join(COMMUNITY_LIFE, PEOPLE, all('own', 'provider')), 'GET /{id}; POST /{id}/cancel; POST /{id}/extend; POST /{id}/pick-up; POST /{id}/return': join(AREA_STAFF, THEIRS) },
  '/api/sharing': { 'POST /sweep': MANAGERS },
  '/api/skills': { 'GET ': SIGNED_IN },
  '/api/activities': {
    'GET ; GET /{id}': join(COMMUNITY_LIFE, all('any', 'volunteer'), all('own', 'provider')),
    // Social workers (provider staff) organise activities in their organisation's area.
    'POST ; POST /{id}/cancel; POST /{id}/finish; POST /{id}/check-in': join(MANAGERS, all('own', 'provider')),
    'GET /{id}/signups': join(MANAGERS, THEIRS, all('own', 'provider')),
    'POST /{id}/signup; POST /{id}/cancel-signup; POST /{id}/roles/{roleId}/take': join(COMMUNITY_LIFE, all('any', 'volunteer'), all('own', 'provider')),
  },
  '/api/needs': {
    'GET ': SIGNED_IN,
    'POST ': join(AREA_STAFF, GRID, PEOPLE),
    // Needs are posted for helpers to answer: volunteers and providers see them district-wide.
    'GET /{id}': join(COMMUNITY_LIFE, all('any', 'volunteer'), all('own', 'provider')),
    'POST /{id}/cancel': join(AREA_STAFF, THEIRS),
    'GET /{id}/offers': join(MANAGERS, THEIRS), // the ranking of offers is for the need's community and poster
  },
  '/api/offers': {
    'GET ': SIGNED_IN,
    'GET /{id}': join(FIELD, NEIGHBOURS, all('any', 'volunteer'), all('own', 'provider'), THEIRS),
    'POST ': join(AREA_STAFF, GRID, PEOPLE, all('any', 'provider')),
    'PATCH /{id}': join(THEIRS, all('own', 'provider')), // the helper, or the organisation that offers
    'GET /{id}/needs': join(MANAGERS, THEIRS),
  },
  '/api/matches': {
    'GET ': SIGNED_IN,
    'POST ': join(COMMUNITY, GRID),
    'GET /{id}; POST /{id}/accept; POST /{id}/decline; POST /{id}/confirm; POST /{id}/complete; POST /{id}/cancel': join(COMMUNITY, GRID, THEIRS),
  },
  '/api/wishes': {
    'GET ': join(COMMUNITY_LIFE, all('any', 'volunteer', 'provider')),
    'POST ': join(AREA_STAFF, GRID),
    'GET /{id}; POST /{id}/claim; POST /{id}/release; POST /{id}/fulfil': join(COMMUNITY_LIFE, all('any', 'volunteer'), all('own', 'provider')),
    // The resident (or their community's keepers) confirm or dispute what the helper reports done;
    // only the keepers take a wish down. Grid workers see wishes as staff do but act on none (wishes/policy.ts).
    'POST /{id}/confirm; POST /{id}/dispute': join(MANAGERS, THEIRS),
    'POST /{id}/withdraw': MANAGERS,
  },
  '/api/pairings': {
    'GET ': SIGNED_IN,
    'POST ': join(MANAGERS, GRID),
    'POST /{id}/end; POST /{id}/visits': join(MANAGERS, GRID, THEIRS),
    'POST /sweep': MANAGERS,
    // A pairing looks for a helper: volunteers anywhere may see it and join.
    'GET /{id}; POST /{id}/join': join(DISTRICT, COMMUNITY, GRID, THEIRS, all('any', 'volunteer')),
  },
};

/** The policy entry for one operation, or undefined when the policy does not name it. */
export function accessFor(method: string, path: string): Access | undefined {
  for (const [prefix, entries] of Object.entries(POLICY)) {
    if (path !== prefix && !path.startsWith(prefix + '/') && !path.startsWith(prefix + '.')) continue;
    for (const [key, access] of Object.entries(entries)) {
      for (const op of key.split(';')) {
        const [m, rel = ''] = op.trim().split(' ');
        if (m === method && prefix + rel === path) return access;
      }
    }
  }
  return undefined;
}

/** Every operation the policy names, to catch entries for operations that no longer exist. */
export function policyOperations(): string[] {
  return Object.entries(POLICY).flatMap(([prefix, entries]) =>
    Object.keys(entries).flatMap((key) => key.split(';').map((op) => {
      const [m, rel = ''] = op.trim().split(' ');
      return `${m} ${prefix}${rel}`;
    })),
  );
}
