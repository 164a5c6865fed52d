-- Participation: volunteers, their teams and the one hours ledger; working party members reporting
-- (报到) to the community where they live, the community service list and compound party branches;
-- the registry of social organisations, social workers and service projects; the community
-- mutual-aid funds (乐善村社互助基金) with the charity's match and a double-entry ledger in fen.
--
-- Like 0001, every table carries district_id and leads its primary key with it.

-- Volunteers --------------------------------------------------------------------------------------

-- A volunteer is an account (user_id), a resident (person_id), or both.
create table volunteers (
  district_id      text not null references districts(id),
  id               uuid not null,
  user_id          uuid,
  person_id        uuid,
  name             text not null,
  community_id     uuid,                    -- home community: where they mostly serve
  area_path        text,                    -- its path
  skills           text[] not null default '{}',
  availability     text[] not null default '{}',   -- weekday_day, weekday_evening, weekend, on_call
  service_area_ids uuid[] not null default '{}',   -- streets or communities they are willing to serve
  intro            text not null default '',
  status           text not null default 'active' check (status in ('active','inactive')),
  created_at       timestamptz not null default now(),
  updated_at       timestamptz not null default now(),
  primary key (district_id, id)
);
create unique index volunteers_user on volunteers (district_id, user_id) where user_id is not null;
create unique index volunteers_person on volunteers (district_id, person_id) where person_id is not null;
create index volunteers_path on volunteers (district_id, area_path text_pattern_ops);

create table volunteer_teams (
  district_id  text not null references districts(id),
  id           uuid not null,
  name         text not null,
  community_id uuid not null,               -- or a street, for street-wide teams
  area_path    text not null,
  description  text not null default '',
  status       text not null default 'active' check (status in ('active','disbanded')),
  created_by   uuid,
  created_at   timestamptz not null default now(),
  primary key (district_id, id),
  unique (district_id, name)
);
create index volunteer_teams_path on volunteer_teams (district_id, area_path text_pattern_ops);

-- Membership; leaving keeps the row (left_at) so past hours still name the team they were given in.
create table volunteer_team_members (
  district_id  text not null references districts(id),
  team_id      uuid not null,
  volunteer_id uuid not null,
  role         text not null default 'member' check (role in ('leader','member')),
  joined_at    timestamptz not null default now(),
  left_at      timestamptz,
  primary key (district_id, team_id, volunteer_id)
);
create index volunteer_team_members_volunteer on volunteer_team_members (district_id, volunteer_id);

-- The one hours ledger. Every module that produces volunteer service (activities, skill help,
-- micro-wishes, pairings, the party service list, manual claims) writes here through the
-- volunteering service; (source, source_id, volunteer) is unique, so an hour is never counted twice.
create table volunteer_hours (
  district_id      text not null references districts(id),
  id               uuid not null,
  volunteer_id     uuid not null,
  source           text not null check (source in ('activity','skill_help','wish','pairing','service_item','manual')),
  source_id        text not null,
  minutes          integer not null check (minutes > 0 and minutes <= 1440),
  served_on        date not null,
  description      text not null default '',
  area_path        text not null,           -- the community where the service was given
  team_id          uuid,
  project_id       uuid,                    -- the service project it counts towards, if any
  status           text not null check (status in ('pending','approved','rejected')),
  recorded_by      uuid,                    -- null when a module recorded it on its own authority
  recorded_by_name text not null,
  decided_by       uuid,
  decided_at       timestamptz,
  decision_note    text,
  created_at       timestamptz not null default now(),
  primary key (district_id, id),
  unique (district_id, source, source_id, volunteer_id)
);
create index volunteer_hours_volunteer on volunteer_hours (district_id, volunteer_id, served_on);
create index volunteer_hours_path on volunteer_hours (district_id, area_path text_pattern_ops, served_on);
create index volunteer_hours_team on volunteer_hours (district_id, team_id, status);
create index volunteer_hours_project on volunteer_hours (district_id, project_id) where project_id is not null;

-- A certificate of hours is a snapshot: the entries it counts are copied, so it reads the same
-- later (a later issue signs these as verifiable proofs).
create sequence volunteer_certificate_seq;
create table volunteer_certificates (
  district_id    text not null references districts(id),
  id             uuid not null,
  number         text not null,
  volunteer_id   uuid not null,
  volunteer_name text not null,
  period_from    date,
  period_to      date not null,
  total_minutes  integer not null,
  by_source      jsonb not null,
  entries        jsonb not null,
  issued_by      uuid,
  issued_by_name text not null,
  issued_at      timestamptz not null default now(),
  primary key (district_id, id),
  unique (district_id, number)
);
create index volunteer_certificates_volunteer on volunteer_certificates (district_id, volunteer_id);

-- Party members -----------------------------------------------------------------------------------

-- Compound party branches (小区党支部, 333 in Chancheng) and each community's party committee.
create table party_branches (
  district_id   text not null references districts(id),
  id            uuid not null,
  community_id  uuid not null,
  compound_id   uuid,
  area_path     text not null,              -- the compound's path (the community's for a committee)
  name          text not null,
  kind          text not null check (kind in ('community_committee','compound_branch')),
  secretary_id  uuid,                       -- party_members.id
  founded_on    date,
  created_at    timestamptz not null default now(),
  primary key (district_id, id),
  unique (district_id, name)
);
create index party_branches_path on party_branches (district_id, area_path text_pattern_ops);

-- A working party member reporting to the community where they live (在职党员报到), or a party
-- member whose membership is held in a compound branch (kind 'resident').
create table party_members (
  district_id  text not null references districts(id),
  id           uuid not null,
  user_id      uuid,
  person_id    uuid,
  name         text not null,
  kind         text not null default 'in_service' check (kind in ('in_service','resident')),
  work_unit    text not null default '',     -- where they work
  home_org     text not null default '',     -- the party organisation holding their membership
  community_id uuid not null,
  area_path    text not null,                -- the community's path
  branch_id    uuid,                         -- the compound branch they joined
  status       text not null check (status in ('pending','active','rejected','withdrawn')),
  reported_at  timestamptz not null default now(),
  decided_by   uuid,
  decided_at   timestamptz,
  note         text,
  primary key (district_id, id)
);
create unique index party_members_user on party_members (district_id, user_id) where user_id is not null and status in ('pending','active');
create unique index party_members_person on party_members (district_id, person_id) where person_id is not null and status in ('pending','active');
create index party_members_path on party_members (district_id, area_path text_pattern_ops, status);

-- The community's service list (服务清单): needs and tasks party members take on.
create table party_service_items (
  district_id  text not null references districts(id),
  id           uuid not null,
  community_id uuid not null,
  area_path    text not null,
  title        text not null,
  description  text not null default '',
  category     text not null,
  slots        integer not null check (slots between 1 and 500),
  status       text not null default 'open' check (status in ('open','closed')),
  created_by   uuid,
  created_at   timestamptz not null default now(),
  primary key (district_id, id)
);
create index party_service_items_path on party_service_items (district_id, area_path text_pattern_ops, status);

create table party_service_claims (
  district_id  text not null references districts(id),
  item_id      uuid not null,
  member_id    uuid not null,
  status       text not null check (status in ('claimed','done','withdrawn')),
  claimed_at   timestamptz not null default now(),
  done_at      timestamptz,
  minutes      integer,
  confirmed_by uuid,
  primary key (district_id, item_id, member_id)
);
create index party_service_claims_member on party_service_claims (district_id, member_id);

create table party_branch_activities (
  district_id  text not null references districts(id),
  id           uuid not null,
  branch_id    uuid not null,
  title        text not null,
  held_on      date not null,
  place        text not null default '',
  description  text not null default '',
  created_by   uuid,
  created_at   timestamptz not null default now(),
  primary key (district_id, id)
);
create index party_branch_activities_branch on party_branch_activities (district_id, branch_id, held_on);

create table party_activity_attendees (
  district_id  text not null references districts(id),
  activity_id  uuid not null,
  member_id    uuid not null,
  primary key (district_id, activity_id, member_id)
);
create index party_activity_attendees_member on party_activity_attendees (district_id, member_id);

-- Social organisations, social workers, service projects --------------------------------------------

-- 593 registered (登记, with the civil affairs bureau) or filed (备案, with the street) community
-- social organisations; org_id links one that also acts in Linli as a foundation organisation.
create table social_organisations (
  district_id   text not null references districts(id),
  id            uuid not null,
  org_id        uuid,
  name          text not null,
  registration  text not null check (registration in ('registered','filed')),
  credit_code   text,                       -- 统一社会信用代码, for registered ones
  category      text not null,
  area_id       uuid not null,
  area_path     text not null,
  address       text not null default '',
  contact_name  text not null default '',
  established_on date,
  status        text not null default 'active' check (status in ('active','deregistered')),
  created_at    timestamptz not null default now(),
  updated_at    timestamptz not null default now(),
  primary key (district_id, id),
  unique (district_id, name)
);
create index social_organisations_path on social_organisations (district_id, area_path text_pattern_ops);
create unique index social_organisations_credit on social_organisations (district_id, credit_code) where credit_code is not null;

-- 2,280 certified social workers: 助理社会工作师 / 社会工作师 / 高级社会工作师.
create table social_workers (
  district_id     text not null references districts(id),
  id              uuid not null,
  name            text not null,
  person_id       uuid,
  user_id         uuid,
  organisation_id uuid,
  level           text not null check (level in ('assistant','intermediate','senior')),
  certificate_no  text not null,
  certified_on    date,
  area_path       text not null,           -- where they work (their organisation's area by default)
  status          text not null default 'active' check (status in ('active','left')),
  created_at      timestamptz not null default now(),
  primary key (district_id, id),
  unique (district_id, certificate_no)
);
create index social_workers_org on social_workers (district_id, organisation_id);
create index social_workers_path on social_workers (district_id, area_path text_pattern_ops);

-- Service projects: planned outputs are typed in; actual outputs are computed from Linli's own
-- records (the hours ledger now; orders and activities as they land), never typed totals.
create table service_projects (
  district_id     text not null references districts(id),
  id              uuid not null,
  code            text not null,
  name            text not null,
  organisation_id uuid not null,
  funder_name     text not null,
  funder_org_id   uuid,
  budget_fen      bigint not null check (budget_fen >= 0),
  starts_on       date not null,
  ends_on         date not null,
  target_groups   text[] not null default '{}',
  area_id         uuid not null,
  area_path       text not null,
  lat             double precision not null,
  lon             double precision not null,
  planned         jsonb not null default '{}'::jsonb,   -- { services, activities, personTimes, hours }
  description     text not null default '',
  status          text not null default 'active' check (status in ('planned','active','closed')),
  created_by      uuid,
  created_at      timestamptz not null default now(),
  updated_at      timestamptz not null default now(),
  primary key (district_id, id),
  unique (district_id, code),
  check (ends_on >= starts_on)
);
create index service_projects_path on service_projects (district_id, area_path text_pattern_ops);
create index service_projects_org on service_projects (district_id, organisation_id);

-- Mutual-aid funds ----------------------------------------------------------------------------------

-- One fund per community. The charity adds match_num/match_den of each donation (default 2/1,
-- i.e. 1:2), at most match_cap_fen per calendar year or month.
create table mutual_aid_funds (
  district_id    text not null references districts(id),
  id             uuid not null,
  community_id   uuid not null,
  area_path      text not null,
  name           text not null,
  charity_org_id uuid,
  match_num      integer not null default 2 check (match_num between 0 and 100),
  match_den      integer not null default 1 check (match_den between 1 and 100),
  match_cap_fen  bigint not null default 0 check (match_cap_fen >= 0),
  cap_period     text not null default 'year' check (cap_period in ('year','month')),
  status         text not null default 'active' check (status in ('active','closed')),
  created_at     timestamptz not null default now(),
  updated_at     timestamptz not null default now(),
  primary key (district_id, id),
  unique (district_id, community_id)
);

create table fund_committee_members (
  district_id  text not null references districts(id),
  fund_id      uuid not null,
  user_id      uuid not null,
  role         text not null default 'member' check (role in ('chair','member')),
  added_by     uuid,
  created_at   timestamptz not null default now(),
  primary key (district_id, fund_id, user_id)
);

create table fund_donations (
  district_id     text not null references districts(id),
  id              uuid not null,
  fund_id         uuid not null,
  donor_kind      text not null check (donor_kind in ('person','organisation')),
  donor_name      text not null,
  donor_person_id uuid,
  donor_org_id    uuid,
  anonymous       boolean not null default false,
  amount_fen      bigint not null check (amount_fen > 0),
  matched_fen     bigint not null check (matched_fen >= 0),
  match_period    text not null,            -- '2026' or '2026-03'
  donated_on      date not null,
  receipt_no      text not null,
  note            text not null default '',
  recorded_by     uuid,
  created_at      timestamptz not null default now(),
  primary key (district_id, id),
  unique (district_id, receipt_no)
);
create index fund_donations_fund on fund_donations (district_id, fund_id, match_period);

create sequence fund_application_seq;
create table fund_applications (
  district_id     text not null references districts(id),
  id              uuid not null,
  fund_id         uuid not null,
  number          text not null,
  person_id       uuid not null,            -- the resident in difficulty
  household_id    uuid,                     -- their household when they applied
  category        text not null,
  reason          text not null,
  requested_fen   bigint not null check (requested_fen > 0),
  recommended_fen bigint check (recommended_fen > 0),
  status          text not null check (status in ('submitted','reviewed','approved','disbursed','rejected','withdrawn')),
  submitted_by    uuid not null,
  reviewed_by     uuid,
  reviewed_at     timestamptz,
  created_at      timestamptz not null default now(),
  updated_at      timestamptz not null default now(),
  primary key (district_id, id),
  unique (district_id, number)
);
create index fund_applications_fund on fund_applications (district_id, fund_id, status);

-- One row per approver; the pair key makes "two different approvers" a fact of the table.
create table fund_application_approvals (
  district_id    text not null references districts(id),
  application_id uuid not null,
  approver_id    uuid not null,
  decision       text not null check (decision in ('approve','reject')),
  note           text not null default '',
  created_at     timestamptz not null default now(),
  primary key (district_id, application_id, approver_id)
);

create table fund_application_history (
  district_id    text not null references districts(id),
  id             bigint generated always as identity,
  application_id uuid not null,
  from_status    text,
  to_status      text not null,
  actor_id       uuid,
  actor_name     text not null,
  note           text not null default '',
  at             timestamptz not null default now(),
  primary key (district_id, id)
);
create index fund_application_history_app on fund_application_history (district_id, application_id);

create table fund_disbursements (
  district_id    text not null references districts(id),
  id             uuid not null,
  fund_id        uuid not null,
  application_id uuid not null,
  amount_fen     bigint not null check (amount_fen > 0),
  paid_on        date not null,
  method         text not null check (method in ('bank_transfer','cash','in_kind')),
  reference      text not null default '',
  recorded_by    uuid,
  created_at     timestamptz not null default now(),
  primary key (district_id, id),
  unique (district_id, application_id)
);

-- The double-entry ledger. Accounts (debit-normal: cash, aid_granted; credit-normal: the rest):
--   donation      Dr cash / Cr donations_received
--   match         Dr cash / Cr charity_match
--   grant         Dr aid_granted / Cr aid_payable      (approved by two approvers)
--   disbursement  Dr aid_payable / Cr cash              (paid out)
-- Entries are append-only, and a deferred constraint trigger refuses, at commit, any entry whose
-- debits and credits differ or that has fewer than two lines.
create table fund_journal_entries (
  district_id  text not null references districts(id),
  id           uuid not null,
  fund_id      uuid not null,
  seq          bigint generated always as identity,
  kind         text not null check (kind in ('donation','match','grant','disbursement')),
  ref_id       uuid not null,              -- the donation, application or disbursement
  entry_date   date not null,
  memo         text not null default '',
  created_by   uuid,
  created_at   timestamptz not null default now(),
  primary key (district_id, id),
  unique (district_id, id, fund_id)
);
create index fund_journal_entries_fund on fund_journal_entries (district_id, fund_id, entry_date);

create table fund_journal_lines (
  district_id  text not null references districts(id),
  entry_id     uuid not null,
  line_no      smallint not null,
  fund_id      uuid not null,
  account      text not null check (account in ('cash','donations_received','charity_match','aid_granted','aid_payable')),
  debit_fen    bigint not null default 0 check (debit_fen >= 0),
  credit_fen   bigint not null default 0 check (credit_fen >= 0),
  primary key (district_id, entry_id, line_no),
  foreign key (district_id, entry_id, fund_id) references fund_journal_entries (district_id, id, fund_id),
  check ((debit_fen > 0) <> (credit_fen > 0))
);
create index fund_journal_lines_fund on fund_journal_lines (district_id, fund_id, account);

create function fund_entry_must_balance() returns trigger language plpgsql as $$
declare
  entry uuid := (to_jsonb(new) ->> tg_argv[0])::uuid;   -- 'id' on entries, 'entry_id' on lines
  debits bigint;
  credits bigint;
  lines integer;
begin
  select coalesce(sum(debit_fen), 0), coalesce(sum(credit_fen), 0), count(*) into debits, credits, lines
    from fund_journal_lines where district_id = new.district_id and entry_id = entry;
  if lines < 2 or debits <> credits then
    raise exception 'fund journal entry % does not balance (% lines, debits %, credits %)', entry, lines, debits, credits
      using errcode = '23514';
  end if;
  return null;
end $$;

create constraint trigger fund_journal_entries_balance after insert on fund_journal_entries
  deferrable initially deferred for each row execute function fund_entry_must_balance('id');
create constraint trigger fund_journal_lines_balance after insert on fund_journal_lines
  deferrable initially deferred for each row execute function fund_entry_must_balance('entry_id');

create function fund_ledger_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'the fund ledger is append-only; post a reversing entry instead' using errcode = '55000';
end $$;
create trigger fund_journal_entries_append_only before update or delete on fund_journal_entries
  for each row execute function fund_ledger_append_only();
create trigger fund_journal_lines_append_only before update or delete on fund_journal_lines
  for each row execute function fund_ledger_append_only();
