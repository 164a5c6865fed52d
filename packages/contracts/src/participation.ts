// Participation: volunteers and the one hours ledger, party members reporting to their community,
// social organisations / social workers / service projects, and the community mutual-aid funds.
import { z } from 'zod';
import { Uuid } from './common.ts';

// --- building blocks ---------------------------------------------------------------------------------

/** A calendar day, YYYY-MM-DD. */
export const LocalDate = z.iso.date();

/** Money is integer fen (分); 1 yuan = 100 fen. At most 100 million yuan in one amount. */
export const PositiveFen = z.number().int('must be a whole number of fen').positive('must be more than 0').max(10_000_000_000);
export const Fen = z.number().int('must be a whole number of fen').min(0).max(10_000_000_000);

/** Today in China (UTC+8, no daylight saving), the day that decides "not in the future". */
export function chinaToday(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

const text = (max: number) => z.string().trim().max(max);
const name = z.string().trim().min(1).max(64);

// --- volunteers and the hours ledger ----------------------------------------------------------------

/** Where an hour of service came from; with sourceId and the volunteer it is unique in the ledger. */
export const HoursSource = z.enum(['activity', 'skill_help', 'wish', 'pairing', 'service_item', 'manual']);
export type HoursSource = z.infer<typeof HoursSource>;
export const HOURS_SOURCES = HoursSource.options;

export const HoursStatus = z.enum(['pending', 'approved', 'rejected']);
export type HoursStatus = z.infer<typeof HoursStatus>;

export const Availability = z.enum(['weekday_day', 'weekday_evening', 'weekend', 'on_call']);
export type Availability = z.infer<typeof Availability>;

/** Suggested skills; volunteers may add their own words. */
export const SUGGESTED_SKILLS = ['elder_care', 'tutoring', 'repairs', 'haircut', 'medical', 'legal', 'phone_help', 'cooking', 'translation', 'culture', 'first_aid', 'driving'] as const;

export const SaveVolunteerProfile = z.object({
  name: name.optional(),
  communityId: Uuid.optional(),
  skills: z.array(z.string().trim().min(1).max(24)).max(20).default([]),
  availability: z.array(Availability).max(4).default([]),
  serviceAreaIds: z.array(Uuid).max(20).default([]),
  intro: text(500).default(''),
});
export type SaveVolunteerProfile = z.infer<typeof SaveVolunteerProfile>;

/** Staff register a resident as a volunteer. */
export const RegisterVolunteer = SaveVolunteerProfile.extend({ personId: Uuid });

export const TeamRef = z.object({ id: Uuid, name: z.string(), role: z.enum(['leader', 'member']) });

export const Volunteer = z.object({
  id: Uuid,
  userId: Uuid.nullable(),
  personId: Uuid.nullable(),
  name: z.string(),
  communityId: Uuid.nullable(),
  communityName: z.string().nullable(),
  skills: z.array(z.string()),
  availability: z.array(Availability),
  serviceAreaIds: z.array(Uuid),
  intro: z.string(),
  status: z.enum(['active', 'inactive']),
  approvedMinutes: z.number().int(),
  pendingMinutes: z.number().int(),
  teams: z.array(TeamRef),
});
export type Volunteer = z.infer<typeof Volunteer>;

export const VolunteerQuery = z.object({
  areaId: Uuid.optional(),
  q: text(32).optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export const Team = z.object({
  id: Uuid,
  name: z.string(),
  communityId: Uuid,
  communityName: z.string(),
  description: z.string(),
  status: z.enum(['active', 'disbanded']),
  memberCount: z.number().int(),
  leaders: z.array(z.object({ volunteerId: Uuid, name: z.string() })),
  approvedMinutes: z.number().int(),
  myRole: z.enum(['leader', 'member']).nullable(),
});
export type Team = z.infer<typeof Team>;

export const TeamMember = z.object({ volunteerId: Uuid, name: z.string(), role: z.enum(['leader', 'member']), joinedAt: z.string(), approvedMinutes: z.number().int() });
export const TeamDetail = Team.extend({ members: z.array(TeamMember) });
export type TeamDetail = z.infer<typeof TeamDetail>;

export const TeamQuery = z.object({ areaId: Uuid.optional(), mine: z.enum(['true', 'false']).optional() });

export const CreateTeam = z.object({
  name: z.string().trim().min(2).max(64),
  areaId: Uuid,
  description: text(500).default(''),
  leaderVolunteerId: Uuid.optional(),
});

export const SetTeamRole = z.object({ role: z.enum(['leader', 'member']) });

/**
 * One entry of the hours ledger as the HTTP API takes it. Name the volunteer by exactly one of
 * volunteerId, userId or personId (the caller's own profile when none is given). Minutes are whole
 * minutes of one day's service; sourceId identifies the activity, wish, pairing ... it came from.
 */
export const RecordHours = z
  .object({
    volunteerId: Uuid.optional(),
    userId: Uuid.optional(),
    personId: Uuid.optional(),
    source: HoursSource,
    sourceId: z.string().trim().min(1).max(80).optional(),
    minutes: z.number().int('must be whole minutes').min(1).max(1440),
    servedOn: LocalDate,
    description: z.string().trim().min(1).max(200),
    areaId: Uuid.optional(),
    teamId: Uuid.optional(),
    projectId: Uuid.optional(),
  })
  .refine((v) => [v.volunteerId, v.userId, v.personId].filter(Boolean).length <= 1, { message: 'name the volunteer once: volunteerId, userId or personId', path: ['volunteerId'] });
export type RecordHours = z.infer<typeof RecordHours>;

export const HoursEntry = z.object({
  id: Uuid,
  volunteerId: Uuid,
  volunteerName: z.string(),
  source: HoursSource,
  sourceId: z.string(),
  minutes: z.number().int(),
  servedOn: z.string(),
  description: z.string(),
  communityName: z.string().nullable(),
  teamId: Uuid.nullable(),
  teamName: z.string().nullable(),
  projectId: Uuid.nullable(),
  status: HoursStatus,
  recordedByName: z.string(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  createdAt: z.string(),
});
export type HoursEntry = z.infer<typeof HoursEntry>;

export const HoursQuery = z.object({
  volunteerId: Uuid.optional(),
  teamId: Uuid.optional(),
  areaId: Uuid.optional(),
  status: HoursStatus.optional(),
  source: HoursSource.optional(),
  from: LocalDate.optional(),
  to: LocalDate.optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export const HoursDecision = z.object({ decision: z.enum(['approve', 'reject']), note: text(200).optional() });

export const RankingQuery = z.object({
  communityId: Uuid.optional(),
  teamId: Uuid.optional(),
  from: LocalDate.optional(),
  to: LocalDate.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const Ranking = z.object({
  scope: z.object({ kind: z.enum(['community', 'team', 'district']), id: Uuid.nullable(), name: z.string() }),
  from: z.string().nullable(),
  to: z.string().nullable(),
  volunteers: z.array(z.object({ rank: z.number().int(), volunteerId: Uuid, name: z.string(), minutes: z.number().int(), entries: z.number().int() })),
  teams: z.array(z.object({ rank: z.number().int(), teamId: Uuid, name: z.string(), communityName: z.string(), minutes: z.number().int(), members: z.number().int() })),
});
export type Ranking = z.infer<typeof Ranking>;

export const IssueCertificate = z.object({ volunteerId: Uuid.optional(), from: LocalDate.optional(), to: LocalDate.optional() });

export const CertificateEntry = z.object({ servedOn: z.string(), source: HoursSource, minutes: z.number().int(), description: z.string(), communityName: z.string().nullable() });
export const Certificate = z.object({
  id: Uuid,
  number: z.string(),
  volunteerId: Uuid,
  volunteerName: z.string(),
  districtName: z.string(),
  periodFrom: z.string().nullable(),
  periodTo: z.string(),
  totalMinutes: z.number().int(),
  bySource: z.record(z.string(), z.number().int()),
  entries: z.array(CertificateEntry),
  issuedByName: z.string(),
  issuedAt: z.string(),
});
export type Certificate = z.infer<typeof Certificate>;
export const CertificateSummary = Certificate.pick({ id: true, number: true, periodFrom: true, periodTo: true, totalMinutes: true, issuedAt: true });

export const MyVolunteering = z.object({
  volunteer: Volunteer.nullable(),
  teams: z.array(Team),
  recent: z.array(HoursEntry),
  certificates: z.array(CertificateSummary),
  pendingApprovals: z.number().int(),
});
export type MyVolunteering = z.infer<typeof MyVolunteering>;

// --- party members ----------------------------------------------------------------------------------

export const PartyMemberStatus = z.enum(['pending', 'active', 'rejected', 'withdrawn']);

/** 在职党员报到: a working party member reports to the community where they live. */
export const PartyReport = z.object({
  communityId: Uuid.optional(),
  name: name.optional(),
  workUnit: z.string().trim().min(1).max(100),
  homeOrg: z.string().trim().min(1).max(100),
});

export const PartyMember = z.object({
  id: Uuid,
  userId: Uuid.nullable(),
  name: z.string(),
  kind: z.enum(['in_service', 'resident']),
  workUnit: z.string(),
  homeOrg: z.string(),
  communityId: Uuid,
  communityName: z.string(),
  branchId: Uuid.nullable(),
  branchName: z.string().nullable(),
  status: PartyMemberStatus,
  reportedAt: z.string(),
  decidedAt: z.string().nullable(),
  note: z.string().nullable(),
});
export type PartyMember = z.infer<typeof PartyMember>;

export const PartyMemberQuery = z.object({
  areaId: Uuid.optional(),
  status: PartyMemberStatus.optional(),
  q: text(32).optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export const PartyDecision = z.object({ decision: z.enum(['accept', 'reject']), note: text(200).optional() });

export const PartyServiceCategory = z.enum(['elder_visit', 'wish', 'patrol', 'tutoring', 'environment', 'mediation', 'publicity', 'other']);
export const PartyServiceItem = z.object({
  id: Uuid,
  communityId: Uuid,
  communityName: z.string(),
  title: z.string(),
  description: z.string(),
  category: PartyServiceCategory,
  slots: z.number().int(),
  taken: z.number().int(),
  status: z.enum(['open', 'closed']),
  myClaim: z.enum(['claimed', 'done', 'withdrawn']).nullable(),
  claims: z.array(z.object({ memberId: Uuid, name: z.string(), status: z.enum(['claimed', 'done', 'withdrawn']), minutes: z.number().int().nullable() })).optional(),
  createdAt: z.string(),
});
export type PartyServiceItem = z.infer<typeof PartyServiceItem>;

export const CreatePartyServiceItem = z.object({
  communityId: Uuid,
  title: z.string().trim().min(2).max(80),
  description: text(500).default(''),
  category: PartyServiceCategory,
  slots: z.number().int().min(1).max(500),
});

export const CompleteClaim = z.object({ minutes: z.number().int('must be whole minutes').min(1).max(1440), servedOn: LocalDate });

export const ParticipationCount = z.object({ count: z.number().int(), minutes: z.number().int() });
export const Participation = z.object({
  member: PartyMember,
  totalMinutes: z.number().int(),
  bySource: z.record(z.string(), ParticipationCount),
  claims: z.array(z.object({ itemId: Uuid, title: z.string(), status: z.enum(['claimed', 'done', 'withdrawn']), claimedAt: z.string(), minutes: z.number().int().nullable() })),
  branchActivities: z.number().int(),
  recent: z.array(HoursEntry),
});
export type Participation = z.infer<typeof Participation>;

export const PartyBranch = z.object({
  id: Uuid,
  name: z.string(),
  kind: z.enum(['community_committee', 'compound_branch']),
  communityId: Uuid,
  communityName: z.string(),
  compoundId: Uuid.nullable(),
  compoundName: z.string().nullable(),
  secretaryId: Uuid.nullable(),
  secretaryName: z.string().nullable(),
  memberCount: z.number().int(),
  activityCount: z.number().int(),
  foundedOn: z.string().nullable(),
});
export type PartyBranch = z.infer<typeof PartyBranch>;

export const BranchActivity = z.object({ id: Uuid, title: z.string(), heldOn: z.string(), place: z.string(), description: z.string(), attendees: z.number().int() });
export const PartyBranchDetail = PartyBranch.extend({
  members: z.array(z.object({ id: Uuid, name: z.string(), kind: z.enum(['in_service', 'resident']) })),
  activities: z.array(BranchActivity),
});
export type PartyBranchDetail = z.infer<typeof PartyBranchDetail>;

export const CreateBranch = z.object({ compoundId: Uuid, name: z.string().trim().min(2).max(64), foundedOn: LocalDate.optional() });
export const AddBranchMember = z.union([z.object({ memberId: Uuid, secretary: z.boolean().default(false) }), z.object({ personId: Uuid, secretary: z.boolean().default(false) })]);
export const CreateBranchActivity = z.object({
  title: z.string().trim().min(2).max(80),
  heldOn: LocalDate,
  place: text(100).default(''),
  description: text(1000).default(''),
  attendeeIds: z.array(Uuid).max(500).default([]),
});

// --- social organisations, social workers, service projects -------------------------------------------

export const SocialOrgCategory = z.enum(['social_service', 'charity', 'culture_sports', 'volunteer_service', 'mutual_aid', 'elderly', 'children', 'professional', 'other']);
export const Registration = z.enum(['registered', 'filed']);

export const SocialOrg = z.object({
  id: Uuid,
  name: z.string(),
  registration: Registration,
  creditCode: z.string().nullable(),
  category: SocialOrgCategory,
  areaId: Uuid,
  areaName: z.string(),
  address: z.string(),
  contactName: z.string(),
  establishedOn: z.string().nullable(),
  status: z.enum(['active', 'deregistered']),
  orgId: Uuid.nullable(),
  workerCount: z.number().int(),
  projectCount: z.number().int(),
});
export type SocialOrg = z.infer<typeof SocialOrg>;

/** 统一社会信用代码: 18 characters of digits and capitals (no I, O, S, V, Z). */
export const CreditCode = z.string().trim().regex(/^[0-9A-HJ-NP-RTUW-Y]{2}\d{6}[0-9A-HJ-NP-RTUW-Y]{10}$/, 'an 18-character unified social credit code');

export const CreateSocialOrg = z
  .object({
    name: z.string().trim().min(2).max(80),
    registration: Registration,
    creditCode: CreditCode.optional(),
    category: SocialOrgCategory,
    areaId: Uuid,
    address: text(120).default(''),
    contactName: text(32).default(''),
    establishedOn: LocalDate.optional(),
    orgId: Uuid.optional(),
  })
  .refine((v) => v.registration !== 'registered' || !!v.creditCode, { message: 'a registered organisation has a credit code', path: ['creditCode'] });
export const UpdateSocialOrg = z.object({
  name: z.string().trim().min(2).max(80).optional(),
  registration: Registration.optional(),
  creditCode: CreditCode.nullable().optional(),
  category: SocialOrgCategory.optional(),
  address: text(120).optional(),
  contactName: text(32).optional(),
  status: z.enum(['active', 'deregistered']).optional(),
});

export const RegistryQuery = z.object({
  areaId: Uuid.optional(),
  q: text(32).optional(),
  registration: Registration.optional(),
  category: SocialOrgCategory.optional(),
  organisationId: Uuid.optional(),
  status: z.string().max(16).optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

/** 助理社会工作师 (assistant), 社会工作师 (intermediate), 高级社会工作师 (senior). */
export const SocialWorkerLevel = z.enum(['assistant', 'intermediate', 'senior']);
export const SocialWorker = z.object({
  id: Uuid,
  name: z.string(),
  level: SocialWorkerLevel,
  certificateNo: z.string(),
  certifiedOn: z.string().nullable(),
  organisationId: Uuid.nullable(),
  organisationName: z.string().nullable(),
  areaName: z.string().nullable(),
  status: z.enum(['active', 'left']),
});
export type SocialWorker = z.infer<typeof SocialWorker>;
export const CreateSocialWorker = z.object({
  name,
  level: SocialWorkerLevel,
  certificateNo: z.string().trim().regex(/^[A-Za-z0-9-]{6,32}$/, '6-32 letters, digits or -'),
  certifiedOn: LocalDate.optional(),
  organisationId: Uuid,
  personId: Uuid.optional(),
});
export const SocialWorkerQuery = RegistryQuery.extend({ level: SocialWorkerLevel.optional() });
export const UpdateSocialWorker = z.object({ level: SocialWorkerLevel.optional(), organisationId: Uuid.optional(), status: z.enum(['active', 'left']).optional() });

export const TargetGroup = z.enum(['elderly', 'children', 'youth', 'disabled', 'low_income', 'women', 'families', 'migrants', 'veterans', 'all_residents']);

/** Outputs of a project: planned ones are typed in, actual ones computed from Linli's records. */
export const ProjectOutputs = z.object({
  services: z.number().int().min(0).max(10_000_000),
  activities: z.number().int().min(0).max(10_000_000),
  personTimes: z.number().int().min(0).max(100_000_000),
  minutes: z.number().int().min(0).max(1_000_000_000),
});
export type ProjectOutputs = z.infer<typeof ProjectOutputs>;

export const ProjectStatus = z.enum(['planned', 'active', 'closed']);
export const Project = z.object({
  id: Uuid,
  code: z.string(),
  name: z.string(),
  organisationId: Uuid,
  organisationName: z.string(),
  funderName: z.string(),
  funderOrgId: Uuid.nullable(),
  budgetFen: z.number().int(),
  startsOn: z.string(),
  endsOn: z.string(),
  targetGroups: z.array(TargetGroup),
  areaId: Uuid,
  areaName: z.string(),
  lat: z.number(),
  lon: z.number(),
  planned: ProjectOutputs,
  actual: ProjectOutputs,
  /** Which records the actual outputs were computed from (e.g. volunteer_hours). */
  actualSources: z.array(z.string()),
  description: z.string(),
  status: ProjectStatus,
});
export type Project = z.infer<typeof Project>;

export const CreateProject = z
  .object({
    code: z.string().trim().regex(/^[A-Za-z0-9-]{2,32}$/).optional(),
    name: z.string().trim().min(2).max(80),
    organisationId: Uuid,
    funderName: z.string().trim().min(2).max(80),
    funderOrgId: Uuid.optional(),
    budgetFen: Fen,
    startsOn: LocalDate,
    endsOn: LocalDate,
    targetGroups: z.array(TargetGroup).min(1).max(10),
    areaId: Uuid,
    lat: z.number().min(-90).max(90).optional(),
    lon: z.number().min(-180).max(180).optional(),
    planned: ProjectOutputs,
    description: text(1000).default(''),
    status: ProjectStatus.default('active'),
  })
  // Strict: actual outputs are computed, so a request that types them in is refused, not ignored.
  .strict()
  .refine((v) => v.endsOn >= v.startsOn, { message: 'must not be before startsOn', path: ['endsOn'] });
export const UpdateProject = z.object({
  name: z.string().trim().min(2).max(80).optional(),
  funderName: z.string().trim().min(2).max(80).optional(),
  budgetFen: Fen.optional(),
  endsOn: LocalDate.optional(),
  targetGroups: z.array(TargetGroup).min(1).max(10).optional(),
  planned: ProjectOutputs.optional(),
  description: text(1000).optional(),
  status: ProjectStatus.optional(),
}).strict();

export const ProjectMapItem = z.object({
  id: Uuid,
  name: z.string(),
  lat: z.number(),
  lon: z.number(),
  status: ProjectStatus,
  organisationName: z.string(),
  areaName: z.string(),
  targetGroups: z.array(TargetGroup),
  startsOn: z.string(),
  endsOn: z.string(),
});

// --- mutual-aid funds --------------------------------------------------------------------------------

export const FundAccount = z.enum(['cash', 'donations_received', 'charity_match', 'aid_granted', 'aid_payable']);
export type FundAccount = z.infer<typeof FundAccount>;

export const FundBalances = z.object({
  donatedFen: z.number().int(),
  matchedFen: z.number().int(),
  grantedFen: z.number().int(),
  paidOutFen: z.number().int(),
  cashFen: z.number().int(),
  payableFen: z.number().int(),
  /** Cash not yet promised: what new grants may still use. */
  availableFen: z.number().int(),
});
export type FundBalances = z.infer<typeof FundBalances>;

export const Fund = z.object({
  id: Uuid,
  communityId: Uuid,
  communityName: z.string(),
  name: z.string(),
  matchNum: z.number().int(),
  matchDen: z.number().int(),
  matchCapFen: z.number().int(),
  capPeriod: z.enum(['year', 'month']),
  status: z.enum(['active', 'closed']),
  /** The current period's key ('2026' or '2026-03') and the match already used in it. */
  matchPeriod: z.string(),
  matchUsedFen: z.number().int(),
  balances: FundBalances,
  my: z.object({
    committeeRole: z.enum(['chair', 'member']).nullable(),
    canRecordDonations: z.boolean(),
    canReview: z.boolean(),
    canManage: z.boolean(),
    canApply: z.boolean(),
    canSeeApplications: z.boolean(),
  }),
});
export type Fund = z.infer<typeof Fund>;

export const FundQuery = z.object({ areaId: Uuid.optional() });

export const CreateFund = z.object({
  communityId: Uuid,
  name: z.string().trim().min(2).max(64).optional(),
  matchNum: z.number().int().min(0).max(100).default(2),
  matchDen: z.number().int().min(1).max(100).default(1),
  matchCapFen: Fen,
  capPeriod: z.enum(['year', 'month']).default('year'),
});
export const UpdateFund = z.object({
  name: z.string().trim().min(2).max(64).optional(),
  matchNum: z.number().int().min(0).max(100).optional(),
  matchDen: z.number().int().min(1).max(100).optional(),
  matchCapFen: Fen.optional(),
  capPeriod: z.enum(['year', 'month']).optional(),
  status: z.enum(['active', 'closed']).optional(),
});

export const CommitteeMember = z.object({ userId: Uuid, username: z.string(), displayName: z.string(), role: z.enum(['chair', 'member']) });
export const AddCommitteeMember = z.object({ username: z.string().trim().min(1).max(64), role: z.enum(['chair', 'member']).default('member') });

export const Donation = z.object({
  id: Uuid,
  donorKind: z.enum(['person', 'organisation']),
  donorName: z.string(),
  anonymous: z.boolean(),
  amountFen: z.number().int(),
  matchedFen: z.number().int(),
  matchPeriod: z.string(),
  donatedOn: z.string(),
  receiptNo: z.string(),
  note: z.string(),
  createdAt: z.string(),
});
export type Donation = z.infer<typeof Donation>;

export const CreateDonation = z.object({
  donorKind: z.enum(['person', 'organisation']),
  donorName: z.string().trim().min(1).max(80),
  donorPersonId: Uuid.optional(),
  donorOrgId: Uuid.optional(),
  anonymous: z.boolean().default(false),
  amountFen: PositiveFen,
  donatedOn: LocalDate,
  receiptNo: z.string().trim().regex(/^[A-Za-z0-9-]{4,40}$/, '4-40 letters, digits or -'),
  note: text(200).default(''),
});

export const ReportMonth = z.object({
  month: z.string(),
  donatedFen: z.number().int(),
  matchedFen: z.number().int(),
  grantedFen: z.number().int(),
  paidOutFen: z.number().int(),
  balanceFen: z.number().int(),
  donations: z.number().int(),
  aidGranted: z.number().int(),
});
export type ReportMonth = z.infer<typeof ReportMonth>;

/** The monthly public report: figures and donors' names (unless anonymous), never an applicant. */
export const FundReport = z.object({
  fund: z.object({ id: Uuid, name: z.string(), communityName: z.string(), matchNum: z.number().int(), matchDen: z.number().int() }),
  months: z.array(ReportMonth),
  totals: FundBalances,
  donors: z.array(z.object({ month: z.string(), donorName: z.string().nullable(), donorKind: z.enum(['person', 'organisation']), amountFen: z.number().int(), matchedFen: z.number().int(), donatedOn: z.string() })),
  aid: z.array(z.object({ month: z.string(), category: z.string(), amountFen: z.number().int() })),
});
export type FundReport = z.infer<typeof FundReport>;

export const LedgerLine = z.object({ account: FundAccount, debitFen: z.number().int(), creditFen: z.number().int() });
export const FundLedger = z.object({
  accounts: z.array(z.object({ account: FundAccount, debitFen: z.number().int(), creditFen: z.number().int(), balanceFen: z.number().int() })),
  totalDebitFen: z.number().int(),
  totalCreditFen: z.number().int(),
  balanced: z.boolean(),
  unbalancedEntries: z.number().int(),
  entries: z.array(z.object({ seq: z.number().int(), kind: z.enum(['donation', 'match', 'grant', 'disbursement']), entryDate: z.string(), memo: z.string(), lines: z.array(LedgerLine) })),
});
export type FundLedger = z.infer<typeof FundLedger>;

export const ApplicationCategory = z.enum(['illness', 'disability', 'disaster', 'education', 'bereavement', 'hardship', 'other']);
export const ApplicationStatus = z.enum(['submitted', 'reviewed', 'approved', 'disbursed', 'rejected', 'withdrawn']);
export type ApplicationStatus = z.infer<typeof ApplicationStatus>;
export const CLOSED_APPLICATION_STATUSES: readonly ApplicationStatus[] = ['disbursed', 'rejected', 'withdrawn'];

export const CreateApplication = z.object({
  /** The resident in difficulty; a resident applying for themselves may leave it out. */
  personId: Uuid.optional(),
  category: ApplicationCategory,
  reason: z.string().trim().min(4).max(1000),
  requestedFen: PositiveFen,
});

export const ReviewApplication = z
  .object({ decision: z.enum(['forward', 'reject']), recommendedFen: PositiveFen.optional(), note: text(300).default('') })
  .refine((v) => v.decision === 'reject' || v.recommendedFen !== undefined, { message: 'required when forwarding', path: ['recommendedFen'] });
export const DecideApplication = z.object({ decision: z.enum(['approve', 'reject']), note: text(300).default('') });
export const Disburse = z.object({ paidOn: LocalDate, method: z.enum(['bank_transfer', 'cash', 'in_kind']), reference: text(60).default('') });

export const ApplicationSummary = z.object({
  id: Uuid,
  number: z.string(),
  fundId: Uuid,
  personName: z.string(),
  category: ApplicationCategory,
  requestedFen: z.number().int(),
  recommendedFen: z.number().int().nullable(),
  status: ApplicationStatus,
  approvals: z.number().int(),
  createdAt: z.string(),
});
export type ApplicationSummary = z.infer<typeof ApplicationSummary>;

export const Application = ApplicationSummary.extend({
  personId: Uuid,
  reason: z.string(),
  submittedByName: z.string(),
  reviewedByName: z.string().nullable(),
  decisions: z.array(z.object({ approverId: Uuid, approverName: z.string(), decision: z.enum(['approve', 'reject']), note: z.string(), createdAt: z.string() })),
  disbursement: z.object({ amountFen: z.number().int(), paidOn: z.string(), method: z.string(), reference: z.string() }).nullable(),
  history: z.array(z.object({ from: z.string().nullable(), to: z.string(), actorName: z.string(), note: z.string(), at: z.string() })),
  my: z.object({ canReview: z.boolean(), canDecide: z.boolean(), canDisburse: z.boolean(), canWithdraw: z.boolean(), decideBlockedReason: z.string().nullable() }),
});
export type Application = z.infer<typeof Application>;

export const ApplicationQuery = z.object({
  status: ApplicationStatus.optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
