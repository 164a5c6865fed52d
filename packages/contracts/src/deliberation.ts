// Deliberation and votes: topics with comments and stages, meetings, property units and their
// owners, ordinary ballots and homeowners' ballots under PRC Civil Code art. 278.
import { z } from 'zod';
import { Uuid } from './common.ts';

const Text = (max: number) => z.string().trim().min(1).max(max);
const IsoDateTime = z.iso.datetime({ offset: true });

// --- topics ------------------------------------------------------------------------------------

export const TopicStage = z.enum(['raised', 'discussing', 'meeting_scheduled', 'voting', 'decided', 'being_carried_out', 'done', 'withdrawn']);
export type TopicStage = z.infer<typeof TopicStage>;
export const TopicAction = z.enum(['open_discussion', 'schedule_meeting', 'start_voting', 'decide', 'start_work', 'finish', 'withdraw']);
export type TopicAction = z.infer<typeof TopicAction>;

export const CreateTopic = z.object({
  /** The building, compound or community the topic concerns; residents may raise one only where they live. */
  areaId: Uuid,
  title: Text(80),
  body: Text(4000),
});
export type CreateTopic = z.infer<typeof CreateTopic>;

export const TopicQuery = z.object({
  stage: TopicStage.optional(),
  areaId: Uuid.optional(),
  q: z.string().trim().max(40).optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export const TopicTransition = z.object({
  action: TopicAction,
  /** Why; required where the state machine says so (withdraw, finish). */
  note: z.string().trim().max(2000).optional(),
  /** The decision, required by 'decide'. */
  decision: z.string().trim().max(4000).optional(),
});

export const TopicSummary = z.object({
  id: Uuid,
  areaId: Uuid,
  areaName: z.string(),
  title: z.string(),
  stage: TopicStage,
  raisedByName: z.string(),
  supporterCount: z.number().int(),
  commentCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TopicSummary = z.infer<typeof TopicSummary>;

export const TopicComment = z.object({
  id: Uuid,
  parentId: Uuid.nullable(),
  authorName: z.string(),
  mine: z.boolean(),
  /** Null for other readers when hidden by a moderator; staff still see it. */
  body: z.string().nullable(),
  hidden: z.boolean(),
  hiddenReason: z.string().nullable(),
  reportCount: z.number().int(),
  reportedByMe: z.boolean(),
  createdAt: z.string(),
});
export type TopicComment = z.infer<typeof TopicComment>;

export const StageChange = z.object({
  at: z.string(),
  action: z.string(),
  fromStage: z.string().nullable(),
  toStage: z.string(),
  byName: z.string(),
  note: z.string().nullable(),
});

export const TopicDetail = TopicSummary.extend({
  body: z.string(),
  decision: z.string().nullable(),
  followUp: z.string().nullable(),
  supportedByMe: z.boolean(),
  canModerate: z.boolean(),
  /** State-machine actions this user may take now. */
  actions: z.array(TopicAction),
  comments: z.array(TopicComment),
  history: z.array(StageChange),
  meetings: z.array(z.object({ id: Uuid, title: z.string(), startsAt: z.string(), status: z.string() })),
  ballots: z.array(z.object({ id: Uuid, title: z.string(), status: z.string(), kind: z.string() })),
  version: z.number().int(),
});
export type TopicDetail = z.infer<typeof TopicDetail>;

export const CreateComment = z.object({ body: Text(2000), parentId: Uuid.optional() });
export const HideComment = z.object({ reason: Text(200) });
export const ReportComment = z.object({ reason: Text(200) });

// --- meetings ----------------------------------------------------------------------------------

export const MeetingStatus = z.enum(['scheduled', 'held', 'cancelled']);
export type MeetingStatus = z.infer<typeof MeetingStatus>;
export const PlaceKind = z.enum(['hut', 'online']);

export const CreateMeeting = z.object({
  topicId: Uuid.optional(),
  /** Where the meeting belongs; defaults to the topic's area. */
  areaId: Uuid.optional(),
  title: Text(80),
  startsAt: IsoDateTime,
  placeKind: PlaceKind,
  /** The hut's name and room, or the online meeting link. */
  place: Text(200),
  agenda: z.array(Text(200)).min(1).max(20),
  invitees: z.array(z.object({ personId: Uuid.optional(), name: Text(40).optional(), role: z.string().trim().max(40).optional() })).max(200).default([]),
});
export type CreateMeeting = z.infer<typeof CreateMeeting>;

export const RecordMeeting = z.object({
  attendance: z.array(z.object({ inviteeId: Uuid, attended: z.boolean() })).max(200).default([]),
  minutes: Text(20000),
  decisions: z.array(Text(500)).max(20).default([]),
});

export const Meeting = z.object({
  id: Uuid,
  topicId: Uuid.nullable(),
  topicTitle: z.string().nullable(),
  areaId: Uuid,
  areaName: z.string(),
  title: z.string(),
  startsAt: z.string(),
  placeKind: PlaceKind,
  place: z.string(),
  agenda: z.array(z.string()),
  status: MeetingStatus,
  invitees: z.array(z.object({ id: Uuid, personId: Uuid.nullable(), name: z.string(), role: z.string().nullable(), attended: z.boolean().nullable() })),
  minutes: z.string().nullable(),
  decisions: z.array(z.string()),
  createdByName: z.string(),
  version: z.number().int(),
});
export type Meeting = z.infer<typeof Meeting>;

// --- property units ----------------------------------------------------------------------------

/** Exclusive floor area as registered, in m2 with at most two decimals ("87.35"). */
export const AreaM2 = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const s = typeof v === 'number' ? String(v) : v.trim();
  if (!/^-?\d{1,7}(\.\d{1,2})?$/.test(s)) {
    ctx.addIssue({ code: 'custom', message: 'a floor area in m2 with at most two decimals, e.g. 87.35' });
    return z.NEVER;
  }
  if (!/[1-9]/.test(s) || s.startsWith('-')) {
    ctx.addIssue({ code: 'custom', message: 'must be more than 0 m2' });
    return z.NEVER;
  }
  return s;
});

/** A co-owner's share as a fraction "1/2" (shares of one unit add up to exactly 1). */
export const Share = z.string().trim().regex(/^[1-9]\d{0,5}\/[1-9]\d{0,5}$/, 'a fraction such as 1/2');

export const OwnerType = z.enum(['persons', 'developer']);
export const UnitOwnerInput = z.object({ personId: Uuid, share: Share.default('1/1') });

export const CreatePropertyUnit = z.object({
  buildingId: Uuid,
  label: Text(20),
  areaM2: AreaM2,
  ownerType: OwnerType,
  /** The developer (建设单位) holding unsold or undelivered units. */
  developerName: Text(60).optional(),
  owners: z.array(UnitOwnerInput).max(10).default([]),
});
export type CreatePropertyUnit = z.infer<typeof CreatePropertyUnit>;

export const UpdatePropertyUnit = z.object({
  label: Text(20).optional(),
  areaM2: AreaM2.optional(),
  ownerType: OwnerType.optional(),
  developerName: Text(60).nullable().optional(),
  owners: z.array(UnitOwnerInput).max(10).optional(),
  version: z.number().int().min(1),
});

export const PropertyUnit = z.object({
  id: Uuid,
  buildingId: Uuid,
  buildingName: z.string(),
  label: z.string(),
  areaM2: z.string(),
  ownerType: OwnerType,
  developerName: z.string().nullable(),
  owners: z.array(z.object({ personId: Uuid, name: z.string(), share: z.string() })),
  version: z.number().int(),
});
export type PropertyUnit = z.infer<typeof PropertyUnit>;

export const PropertyUnitQuery = z.object({ areaId: Uuid });

/** The owners' electorate of an area, counted per the SPC interpretation (one unit one owner, ...). */
export const Electorate = z.object({
  units: z.number().int(),
  heads: z.number().int(),
  totalAreaM2: z.string(),
});

// --- ballots -----------------------------------------------------------------------------------

export const BallotKind = z.enum(['single', 'multiple', 'yes_no', 'owners']);
export type BallotKind = z.infer<typeof BallotKind>;
export const BallotStatus = z.enum(['scheduled', 'open', 'closed', 'cancelled']);
export type BallotStatus = z.infer<typeof BallotStatus>;

/**
 * The matters of Civil Code art. 278, para. 1. Items (6) raise_maintenance_fund,
 * (7) alter_or_rebuild (e.g. installing a lift) and (8) change_common_use need three quarters.
 */
export const OwnersMatter = z.enum([
  'rules_of_procedure', // (1) 制定和修改业主大会议事规则
  'management_statute', // (2) 制定和修改管理规约
  'committee_election', // (3) 选举业主委员会或者更换业主委员会成员
  'property_manager', // (4) 选聘和解聘物业服务企业或者其他管理人
  'use_maintenance_fund', // (5) 使用建筑物及其附属设施的维修资金
  'raise_maintenance_fund', // (6) 筹集建筑物及其附属设施的维修资金
  'alter_or_rebuild', // (7) 改建、重建建筑物及其附属设施
  'change_common_use', // (8) 改变共有部分的用途或者利用共有部分从事经营活动
  'other', // (9) 有关共有和共同管理权利的其他重大事项
]);
export type OwnersMatter = z.infer<typeof OwnersMatter>;
export const MAJOR_MATTERS: readonly OwnersMatter[] = ['raise_maintenance_fund', 'alter_or_rebuild', 'change_common_use'];

export const ResultsVisibility = z.enum(['live', 'after_close']);
/** secret: staff see who voted, not how; open: how each elector voted is visible to staff. */
export const Secrecy = z.enum(['secret', 'open']);
export const VoteMethod = z.enum(['online', 'paper', 'in_person']);

export const CreateBallot = z.object({
  title: Text(80),
  description: z.string().trim().max(4000).default(''),
  kind: BallotKind,
  /** Owners' ballots only. */
  matter: OwnersMatter.optional(),
  /** Single and multiple choice: the options, at least two. */
  options: z.array(Text(80)).max(20).optional(),
  /** Multiple choice: at most this many options per vote (default: all). */
  maxChoices: z.number().int().min(1).max(20).optional(),
  /** Community, compound or building whose residents (or owners) vote. */
  areaId: Uuid,
  topicId: Uuid.optional(),
  opensAt: IsoDateTime.optional(),
  closesAt: IsoDateTime,
  resultsVisibility: ResultsVisibility.default('after_close'),
  secrecy: Secrecy.default('secret'),
});
export type CreateBallot = z.infer<typeof CreateBallot>;

export const BallotQuery = z.object({
  status: BallotStatus.optional(),
  topicId: Uuid.optional(),
  areaId: Uuid.optional(),
  /** Only ballots the caller may vote in. */
  mine: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export const CastVote = z.object({
  choices: z.array(z.string().trim().min(1).max(20)).min(1).max(20),
  /** Which of the caller's electors votes, when they hold more than one (e.g. a unit alone and one with a spouse). */
  electorKey: z.string().min(1).max(400).optional(),
});

export const RecordVote = z.object({
  electorKey: z.string().min(1).max(400),
  choices: z.array(z.string().trim().min(1).max(20)).min(1).max(20),
  method: z.enum(['paper', 'in_person']),
  note: z.string().trim().max(200).optional(),
});

export const BallotAction = z.object({ note: z.string().trim().max(500).optional() });

/** An exact ratio: numerator and denominator (as strings, for big integers) and a rounded percentage for display. */
export const Ratio = z.object({ num: z.string(), den: z.string(), percent: z.string() });
export type Ratio = z.infer<typeof Ratio>;
export const Threshold = z.object({ value: Ratio, threshold: z.string(), rule: z.enum(['at_least', 'more_than']), met: z.boolean() });
export type Threshold = z.infer<typeof Threshold>;

export const OwnersOutcome = z.enum(['quorum_not_met', 'approved', 'not_approved']);
export type OwnersOutcome = z.infer<typeof OwnersOutcome>;

export const OwnersPanel = z.object({
  matter: OwnersMatter,
  major: z.boolean(),
  totalAreaM2: z.string(),
  totalHeads: z.number().int(),
  participatingAreaM2: z.string(),
  participatingHeads: z.number().int(),
  quorum: z.object({ area: Threshold, heads: Threshold, met: z.boolean() }),
  /** Null while the results are hidden. */
  approval: z.object({ yesAreaM2: z.string(), yesHeads: z.number().int(), area: Threshold, heads: Threshold, met: z.boolean() }).nullable(),
  /** Null while the results are hidden (only the quorum is known then). */
  outcome: OwnersOutcome.nullable(),
});
export type OwnersPanel = z.infer<typeof OwnersPanel>;

export const BallotOption = z.object({ id: z.string(), label: z.string() });
export const Tally = z.object({ optionId: z.string(), votes: z.number().int(), areaM2: z.string().nullable() });

export const MyElector = z.object({
  key: z.string(),
  label: z.string(),
  areaM2: z.string().nullable(),
  units: z.array(z.string()),
  /** The choices this elector's vote holds now (only ever shown to its own members). */
  choices: z.array(z.string()).nullable(),
  method: VoteMethod.nullable(),
  castAt: z.string().nullable(),
});
export type MyElector = z.infer<typeof MyElector>;

export const BallotSummary = z.object({
  id: Uuid,
  title: z.string(),
  kind: BallotKind,
  matter: OwnersMatter.nullable(),
  areaId: Uuid,
  areaName: z.string(),
  status: BallotStatus,
  opensAt: z.string(),
  closesAt: z.string(),
  eligible: z.number().int(),
  voted: z.number().int(),
  /** Whether the caller may vote, and whether they have. */
  canVote: z.boolean(),
  hasVoted: z.boolean(),
});
export type BallotSummary = z.infer<typeof BallotSummary>;

export const BallotDetail = BallotSummary.extend({
  description: z.string(),
  topicId: Uuid.nullable(),
  options: z.array(BallotOption),
  maxChoices: z.number().int(),
  resultsVisibility: ResultsVisibility,
  secrecy: Secrecy,
  /** Null while results are hidden. */
  tallies: z.array(Tally).nullable(),
  owners: OwnersPanel.nullable(),
  /** The caller's electors in this ballot (one, or more for an owner of several unit groups). */
  myElectors: z.array(MyElector),
  /** The caller is staff managing this ballot (record paper votes, see the roll, close). */
  canManage: z.boolean(),
  createdByName: z.string(),
  closedAt: z.string().nullable(),
  resultDigest: z.string().nullable(),
  version: z.number().int(),
});
export type BallotDetail = z.infer<typeof BallotDetail>;

export const RollEntry = z.object({
  key: z.string(),
  label: z.string(),
  areaM2: z.string().nullable(),
  units: z.array(z.string()),
  voted: z.boolean(),
  method: VoteMethod.nullable(),
  recordedByName: z.string().nullable(),
  castAt: z.string().nullable(),
  /** Only for open ballots. */
  choices: z.array(z.string()).nullable(),
});
export type RollEntry = z.infer<typeof RollEntry>;

export const BallotResult = z.object({
  result: z.record(z.string(), z.unknown()),
  /** The canonical JSON text whose SHA-256 is the digest. */
  canonical: z.string(),
  digest: z.string(),
});
