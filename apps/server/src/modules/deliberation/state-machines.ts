// The state machines of deliberation, written down: topics, ballots and meetings. Anything not in
// these tables is refused; every transition taken is appended to the entity's history.
//
// Topic:   raised --open_discussion--> discussing --schedule_meeting--> meeting_scheduled
//            |                            |   \                              |
//            |                            |    '--start_voting--.  .--start_voting
//            |                            |                     v  v
//            |                            '------decide-----> (voting) --decide--> decided
//            '--withdraw--> withdrawn <--withdraw-- discussing            |
//                                                           decided --start_work--> being_carried_out --finish--> done
//
// Ballot:  scheduled --open (at opensAt)--> open --close (at closesAt, or staff)--> closed
//              '--------------cancel (staff)-----'--------> cancelled
//
// Meeting: scheduled --hold (record minutes)--> held;  scheduled --cancel--> cancelled
import type { BallotStatus, MeetingStatus, TopicAction, TopicStage } from '@linli/contracts';

/** manager: community staff or street official over the topic's area; raiser: who raised it; system: the clock. */
export type Party = 'manager' | 'raiser' | 'system';

export interface TopicTransition {
  action: TopicAction;
  from: readonly TopicStage[];
  to: TopicStage;
  by: readonly Party[];
  noteRequired: boolean;
}

export const TOPIC_TRANSITIONS: readonly TopicTransition[] = [
  { action: 'open_discussion', from: ['raised'], to: 'discussing', by: ['manager'], noteRequired: false },
  // Taken by scheduling a meeting for the topic (or by hand, when it is scheduled elsewhere).
  { action: 'schedule_meeting', from: ['raised', 'discussing'], to: 'meeting_scheduled', by: ['manager'], noteRequired: false },
  // Taken by opening a ballot on the topic.
  { action: 'start_voting', from: ['discussing', 'meeting_scheduled'], to: 'voting', by: ['manager'], noteRequired: false },
  // The decision text is required (checked as `decision`, not `note`).
  { action: 'decide', from: ['discussing', 'meeting_scheduled', 'voting'], to: 'decided', by: ['manager'], noteRequired: false },
  { action: 'start_work', from: ['decided'], to: 'being_carried_out', by: ['manager'], noteRequired: false },
  { action: 'finish', from: ['being_carried_out'], to: 'done', by: ['manager'], noteRequired: true },
  { action: 'withdraw', from: ['raised', 'discussing'], to: 'withdrawn', by: ['manager', 'raiser'], noteRequired: true },
];

export const TOPIC_CLOSED: readonly TopicStage[] = ['done', 'withdrawn'];

export function topicTransition(action: TopicAction, from: TopicStage): TopicTransition | undefined {
  return TOPIC_TRANSITIONS.find((t) => t.action === action && t.from.includes(from));
}

export function topicActions(stage: TopicStage, parties: ReadonlySet<Party>): TopicAction[] {
  return TOPIC_TRANSITIONS.filter((t) => t.from.includes(stage) && t.by.some((p) => parties.has(p))).map((t) => t.action);
}

export type BallotActionName = 'open' | 'close' | 'cancel';
export interface BallotTransition {
  action: BallotActionName;
  from: readonly BallotStatus[];
  to: BallotStatus;
  by: readonly Party[];
}

export const BALLOT_TRANSITIONS: readonly BallotTransition[] = [
  { action: 'open', from: ['scheduled'], to: 'open', by: ['system'] },
  { action: 'close', from: ['open'], to: 'closed', by: ['system', 'manager'] },
  { action: 'cancel', from: ['scheduled', 'open'], to: 'cancelled', by: ['manager'] },
];

export function ballotTransition(action: BallotActionName, from: BallotStatus, party: Party): BallotTransition | undefined {
  return BALLOT_TRANSITIONS.find((t) => t.action === action && t.from.includes(from) && t.by.includes(party));
}

export type MeetingActionName = 'hold' | 'cancel';
export const MEETING_TRANSITIONS: readonly { action: MeetingActionName; from: readonly MeetingStatus[]; to: MeetingStatus }[] = [
  { action: 'hold', from: ['scheduled'], to: 'held' },
  { action: 'cancel', from: ['scheduled'], to: 'cancelled' },
];

export function meetingTransition(action: MeetingActionName, from: MeetingStatus) {
  return MEETING_TRANSITIONS.find((t) => t.action === action && t.from.includes(from));
}
