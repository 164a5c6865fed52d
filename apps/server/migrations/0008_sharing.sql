-- Community shared huts (共享小屋): huts with keepers and monthly themes; items neighbours lend,
-- with loans from reservation to return; activities with sign-ups, roles and door check-in; needs
-- matched to offers; micro-wishes (微心愿) of vulnerable residents; long-term pairings (结对帮扶).
-- Hours of service go to the one ledger (volunteer_hours) through the volunteering service.
--
-- Like 0001, every table carries district_id and leads its primary key with it.

-- Huts ------------------------------------------------------------------------------------------------

create table huts (
  district_id    text not null references districts(id),
  id             uuid not null,
  community_id   uuid not null,
  area_path      text not null,            -- the community's path
  name           text not null,
  address        text not null,
  lat            double precision,
  lon            double precision,
  opening_hours  text not null default '',
  created_by     uuid,
  created_at     timestamptz not null default now(),
  primary key (district_id, id),
  unique (district_id, community_id, name)
);
create index huts_path on huts (district_id, area_path text_pattern_ops);

-- Residents or volunteers who open the hut and check items in and out.
create table hut_keepers (
  district_id text not null references districts(id),
  hut_id      uuid not null,
  user_id     uuid not null,
  name        text not null,
  primary key (district_id, hut_id, user_id)
);
create index hut_keepers_user on hut_keepers (district_id, user_id);

-- "每月定期举办主题小区活动": one theme per hut per month.
create table hut_themes (
  district_id text not null references districts(id),
  hut_id      uuid not null,
  month       text not null check (month ~ '^[0-9]{4}-[0-9]{2}$'),
  theme       text not null,
  set_by      uuid,
  primary key (district_id, hut_id, month)
);

-- Items and loans --------------------------------------------------------------------------------------

create table share_items (
  district_id    text not null references districts(id),
  id             uuid not null,
  owner_user_id  uuid not null,
  owner_name     text not null,
  community_id   uuid not null,
  area_path      text not null,            -- the community's path
  kept_at        text not null check (kept_at in ('home','hut')),
  hut_id         uuid,
  in_hut         boolean not null default false,   -- on the hut's shelf now (checked in by the keeper)
  title          text not null,
  category       text not null,
  description    text not null default '',
  condition      text not null check (condition in ('new','good','fair','worn','damaged')),
  deposit_fen    bigint not null default 0 check (deposit_fen >= 0),
  max_days       integer not null default 7 check (max_days between 1 and 60),
  photo_file_id  uuid,
  lat            double precision,         -- the hut, or the owner's building
  lon            double precision,
  status         text not null default 'available' check (status in ('available','withdrawn')),
  created_at     timestamptz not null default now(),
  updated_at     timestamptz not null default now(),
  primary key (district_id, id),
  check ((kept_at = 'hut') = (hut_id is not null))
);
create index share_items_path on share_items (district_id, area_path text_pattern_ops, created_at desc);
create index share_items_owner on share_items (district_id, owner_user_id);
create index share_items_hut on share_items (district_id, hut_id) where hut_id is not null;

-- One loan from reservation to return; its states and who moves them are written down in
-- modules/sharing/lending.ts. Dates are whole days, both ends included.
create table loans (
  district_id            text not null references districts(id),
  id                     uuid not null,
  item_id                uuid not null,
  borrower_user_id       uuid not null,
  borrower_name          text not null,
  area_path              text not null,    -- the item's community
  starts_on              date not null,
  ends_on                date not null,
  status                 text not null check (status in ('waitlisted','held','picked_up','overdue','returned','cancelled','expired')),
  deposit_fen            bigint not null default 0 check (deposit_fen >= 0),
  deposit_held_fen       bigint not null default 0 check (deposit_held_fen >= 0),
  deposit_refunded_fen   bigint not null default 0 check (deposit_refunded_fen >= 0),
  deposit_withheld_fen   bigint not null default 0 check (deposit_withheld_fen >= 0),
  picked_up_at           timestamptz,
  returned_at            timestamptz,
  return_condition       text,
  condition_note         text,
  extensions             integer not null default 0,
  last_reminded_on       date,
  created_at             timestamptz not null default now(),
  updated_at             timestamptz not null default now(),
  primary key (district_id, id),
  check (ends_on >= starts_on),
  check (deposit_refunded_fen + deposit_withheld_fen <= deposit_held_fen)
);
create index loans_item on loans (district_id, item_id, starts_on);
create index loans_borrower on loans (district_id, borrower_user_id, created_at desc);
create index loans_live on loans (district_id, status, ends_on) where status in ('waitlisted','held','picked_up','overdue');

-- Where the server offers btree_gist, the database itself refuses two live loans of one item on
-- overlapping days. The service also locks the item row and checks, which is what holds on the
-- embedded database (PGlite ships without the extension).
do $$
begin
  if exists (select 1 from pg_available_extensions where name = 'btree_gist') then
    begin
      create extension if not exists btree_gist;
      alter table loans add constraint loans_no_overlap
        exclude using gist (district_id with =, item_id with =, daterange(starts_on, ends_on, '[]') with &&)
        where (status in ('held','picked_up','overdue'));
    exception when insufficient_privilege then
      raise notice 'btree_gist not installable by this role; loans rely on row locks alone';
    end;
  end if;
end $$;

create table loan_history (
  district_id  text not null references districts(id),
  id           bigint generated by default as identity,
  loan_id      uuid not null,
  action       text not null,
  from_status  text,
  to_status    text not null,
  actor_id     uuid,
  actor_name   text not null,
  note         text,
  at           timestamptz not null default now(),
  primary key (district_id, id)
);
create index loan_history_loan on loan_history (district_id, loan_id, id);

-- Activities ---------------------------------------------------------------------------------------------

create table activities (
  district_id     text not null references districts(id),
  id              uuid not null,
  community_id    uuid not null,
  area_path       text not null,
  hut_id          uuid,
  title           text not null,
  theme           text not null default '',
  description     text not null default '',
  place           text not null,
  starts_at       timestamptz not null,
  ends_at         timestamptz not null,
  capacity        integer not null check (capacity > 0),
  target_group    text not null default 'everyone',
  status          text not null default 'open' check (status in ('open','finished','cancelled')),
  checkin_code    text not null,
  created_by      uuid,
  created_by_name text not null,
  finished_at     timestamptz,
  created_at      timestamptz not null default now(),
  primary key (district_id, id),
  check (ends_at > starts_at)
);
create index activities_path on activities (district_id, area_path text_pattern_ops, starts_at);
create index activities_hut on activities (district_id, hut_id, starts_at) where hut_id is not null;

-- Volunteer roles at an activity (签到, 摄影, 秩序) with a number of places.
create table activity_roles (
  district_id text not null references districts(id),
  id          uuid not null,
  activity_id uuid not null,
  name        text not null,
  slots       integer not null check (slots > 0),
  primary key (district_id, id)
);
create index activity_roles_activity on activity_roles (district_id, activity_id);

-- One sign-up per person per activity: a participant (registered or on the waitlist) or a
-- volunteer in a role. queued_at orders the waitlist; a renewed sign-up joins at the back.
create table activity_signups (
  district_id      text not null references districts(id),
  activity_id      uuid not null,
  user_id          uuid not null,
  name             text not null,
  kind             text not null check (kind in ('participant','volunteer')),
  role_id          uuid,
  status           text not null check (status in ('registered','waitlisted','attended','cancelled')),
  checked_in_at    timestamptz,
  checkin_failures integer not null default 0,
  queued_at        timestamptz not null default now(),
  created_at       timestamptz not null default now(),
  primary key (district_id, activity_id, user_id),
  check ((kind = 'volunteer') = (role_id is not null))
);
create index activity_signups_user on activity_signups (district_id, user_id);

-- Needs and offers ----------------------------------------------------------------------------------------

create table needs (
  district_id     text not null references districts(id),
  id              uuid not null,
  person_id       uuid not null,
  community_id    uuid not null,
  area_path       text not null,           -- the resident's home path
  posted_by       uuid,
  posted_by_name  text not null,
  skill           text not null,
  title           text not null,
  details         text not null default '',
  availability    text[] not null,
  target_group    text not null,
  lat             double precision,
  lon             double precision,
  status          text not null default 'open' check (status in ('open','matched','done','cancelled')),
  created_at      timestamptz not null default now(),
  updated_at      timestamptz not null default now(),
  primary key (district_id, id)
);
create index needs_path on needs (district_id, area_path text_pattern_ops, created_at desc);
create index needs_open on needs (district_id, skill) where status = 'open';

create table offers (
  district_id     text not null references districts(id),
  id              uuid not null,
  helper_user_id  uuid not null,
  helper_name     text not null,
  helper_kind     text not null check (helper_kind in ('volunteer','party_member','organisation','resident')),
  title           text not null,
  details         text not null default '',
  skills          text[] not null,
  availability    text[] not null,
  community_ids   uuid[] not null,
  area_paths      text[] not null,         -- the communities' paths
  target_groups   text[] not null,
  capacity        integer not null check (capacity between 1 and 20),
  lat             double precision,
  lon             double precision,
  status          text not null default 'active' check (status in ('active','paused','withdrawn')),
  created_at      timestamptz not null default now(),
  updated_at      timestamptz not null default now(),
  primary key (district_id, id)
);
create index offers_helper on offers (district_id, helper_user_id);
create index offers_active on offers (district_id) where status = 'active';

create table matches (
  district_id       text not null references districts(id),
  id                uuid not null,
  need_id           uuid not null,
  offer_id          uuid not null,
  helper_user_id    uuid not null,
  area_path         text not null,         -- the need's
  status            text not null check (status in ('proposed','accepted','declined','done','confirmed','cancelled')),
  score             double precision not null,
  parts             jsonb not null,
  proposed_by       text not null check (proposed_by in ('need','offer')),
  minutes           integer check (minutes between 1 and 1440),
  served_on         date,
  rating            smallint check (rating between 1 and 5),
  feedback          text,
  created_at        timestamptz not null default now(),
  updated_at        timestamptz not null default now(),
  primary key (district_id, id)
);
-- A need has at most one match under way; a helper's record (ratings, load) is read by helper.
create unique index matches_live_need on matches (district_id, need_id) where status in ('proposed','accepted','done');
create index matches_helper on matches (district_id, helper_user_id, status);
create index matches_offer on matches (district_id, offer_id);

create table match_history (
  district_id  text not null references districts(id),
  id           bigint generated by default as identity,
  match_id     uuid not null,
  action       text not null,
  from_status  text,
  to_status    text not null,
  actor_id     uuid,
  actor_name   text not null,
  note         text,
  at           timestamptz not null default now(),
  primary key (district_id, id)
);
create index match_history_match on match_history (district_id, match_id, id);

-- Micro-wishes ------------------------------------------------------------------------------------------

create table wishes (
  district_id          text not null references districts(id),
  id                   uuid not null,
  person_id            uuid not null,
  community_id         uuid not null,
  area_path            text not null,      -- the resident's home path
  title                text not null,
  story                text not null,
  category             text not null check (category in ('goods','service','companionship')),
  needed_by            date,
  status               text not null default 'open' check (status in ('open','claimed','fulfilled','confirmed','withdrawn')),
  claimed_by           uuid,
  claimed_by_name      text,
  claimed_by_kind      text,
  claimed_at           timestamptz,
  evidence_note        text,
  evidence_minutes     integer check (evidence_minutes between 1 and 1440),
  evidence_photo_id    uuid,
  fulfilled_at         timestamptz,
  confirmed_at         timestamptz,
  created_by           uuid,
  created_by_name      text not null,
  created_at           timestamptz not null default now(),
  updated_at           timestamptz not null default now(),
  primary key (district_id, id),
  check ((status in ('claimed','fulfilled','confirmed')) = (claimed_by is not null))
);
create index wishes_path on wishes (district_id, area_path text_pattern_ops, created_at desc);
create index wishes_claimer on wishes (district_id, claimed_by) where claimed_by is not null;
create index wishes_person on wishes (district_id, person_id);

create table wish_history (
  district_id  text not null references districts(id),
  id           bigint generated by default as identity,
  wish_id      uuid not null,
  action       text not null,
  from_status  text,
  to_status    text not null,
  actor_id     uuid,
  actor_name   text not null,
  note         text,
  at           timestamptz not null default now(),
  primary key (district_id, id)
);
create index wish_history_wish on wish_history (district_id, wish_id, id);

-- Pairings --------------------------------------------------------------------------------------------

-- Staff publish a vulnerable household as seeking a long-term helper; a volunteer or party member
-- pairs with it (the first to ask); visits are logged; a pairing without a visit for
-- visit_every_days is flagged to the community.

create table pairings (
  district_id       text not null references districts(id),
  id                uuid not null,
  household_id      uuid not null,
  person_id         uuid,                  -- the household member the pairing is mainly for
  community_id      uuid not null,
  area_path         text not null,
  helper_user_id    uuid,                  -- null while the household is seeking a helper
  helper_name       text,
  helper_kind       text,
  started_on        date,
  visit_every_days  integer not null check (visit_every_days between 1 and 180),
  last_visit_on     date,
  flagged_at        timestamptz,           -- set when no visit came within visit_every_days
  status            text not null default 'seeking' check (status in ('seeking','active','ended')),
  ended_on          date,
  note              text,
  created_by        uuid,
  created_at        timestamptz not null default now(),
  primary key (district_id, id),
  check ((status = 'seeking') = (helper_user_id is null))
);
create unique index pairings_live on pairings (district_id, household_id, helper_user_id) where status = 'active';
create index pairings_path on pairings (district_id, area_path text_pattern_ops);
create index pairings_helper on pairings (district_id, helper_user_id);

create table pairing_visits (
  district_id     text not null references districts(id),
  id              uuid not null,
  pairing_id      uuid not null,
  visited_on      date not null,
  minutes         integer not null check (minutes between 1 and 720),
  note            text not null,
  logged_by       uuid,
  logged_by_name  text not null,
  created_at      timestamptz not null default now(),
  primary key (district_id, id)
);
create index pairing_visits_pairing on pairing_visits (district_id, pairing_id, visited_on desc);
