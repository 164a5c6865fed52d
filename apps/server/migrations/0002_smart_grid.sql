-- Smart grid: the working calendar, the case-type catalogue and dispatch rules, cases with their
-- history, photos, followers and ratings; the merged patrol checklist, patrols and visits to
-- vulnerable residents; Open311 API keys.
--
-- Like 0001, every table carries district_id and leads its primary key with it.

-- Per-district settings for the smart grid (duplicate radius, due-soon threshold, visit intervals).
create table smart_grid_settings (
  district_id  text not null references districts(id),
  settings     jsonb not null default '{}'::jsonb,
  updated_at   timestamptz not null default now(),
  primary key (district_id)
);

-- Working calendar: weekdays are working days and weekends are not, except for these rows.
-- 'holiday' = a weekday off (public holiday or its bridge days); 'workday' = a weekend day worked
-- (调休 make-up day). A year with no rows falls back to the built-in national defaults.
create table calendar_days (
  district_id  text not null references districts(id),
  day          date not null,
  kind         text not null check (kind in ('holiday','workday')),
  name         text not null default '',
  primary key (district_id, day)
);

-- The case-type catalogue: a 2-3 level tree. Leaves carry the default department, the time limit
-- and whether the type is offered as an Open311 service.
create table case_types (
  district_id      text not null references districts(id),
  id               uuid not null,
  parent_id        uuid,
  code             text not null,          -- stable; the Open311 service_code
  name             text not null,
  level            smallint not null check (level between 1 and 3),
  category         text not null,          -- the top-level group (disputes, public_order, ...)
  default_org_code text,                   -- organisations.code of the default department
  limit_value      integer check (limit_value > 0),
  limit_unit       text check (limit_unit in ('hours','days')),
  open311          boolean not null default false,
  description      text not null default '',
  keywords         text not null default '',
  attributes       jsonb not null default '[]'::jsonb,   -- Open311 service attributes
  active           boolean not null default true,
  sort             integer not null default 0,
  created_at       timestamptz not null default now(),
  updated_at       timestamptz not null default now(),
  primary key (district_id, id),
  unique (district_id, code)
);
create index case_types_parent on case_types (district_id, parent_id);

-- Dispatch rules: case type (or an ancestor) x area (subtree, or the whole district) -> department.
-- The most specific area wins, then the most specific type; without a rule, the type's default.
create table dispatch_rules (
  district_id  text not null references districts(id),
  id           uuid not null,
  case_type_id uuid not null,
  area_id      uuid,
  area_path    text,                       -- path of area_id; null = whole district
  org_id       uuid not null,
  note         text not null default '',
  created_by   uuid,
  created_at   timestamptz not null default now(),
  primary key (district_id, id),
  unique (district_id, case_type_id, area_path)
);

create sequence case_number_seq;

create table cases (
  district_id      text not null references districts(id),
  id               uuid not null,
  number           text not null,          -- human-readable, e.g. 250612000123; Open311 service_request_id
  source           text not null check (source in ('grid_worker','resident','hotline','patrol','open311','staff','import')),
  case_type_id     uuid not null,
  status           text not null check (status in ('reported','filed','dispatched','accepted','in_progress','handled','closed','rejected','merged')),
  urgency          text not null default 'normal' check (urgency in ('normal','urgent','critical')),
  description      text not null,
  address          text,
  lat              double precision,
  lon              double precision,
  grid_id          uuid,
  community_id     uuid,
  street_id        uuid,
  area_path        text not null,          -- path of the community (or the district root for imports)
  reporter_id      uuid,                   -- the user who reported (null for hotline callers, Open311)
  reporter_person_id uuid,                 -- the resident record of a reporting resident
  caller_name      text,                   -- hotline / Open311 caller
  caller_phone     text,
  org_id           uuid,                   -- the department it is dispatched to
  limit_value      integer,
  limit_unit       text check (limit_unit in ('hours','days')),
  due_at           timestamptz,
  escalation_level text check (escalation_level in ('street','district')),
  escalated_at     timestamptz,
  merged_into     uuid,
  reopen_count     integer not null default 0,
  rating           smallint check (rating between 1 and 5),
  rating_comment   text,
  rated_at         timestamptz,
  api_key_id       uuid,                   -- Open311 submissions: the client's key
  open311_token    text,
  external         jsonb not null default '{}'::jsonb,   -- Open311 contact/attributes, import ids
  status_note      text,                   -- the latest public note (Open311 status_notes)
  reported_at      timestamptz not null default now(),
  filed_at         timestamptz,
  dispatched_at    timestamptz,
  accepted_at      timestamptz,
  handled_at       timestamptz,
  closed_at        timestamptz,
  updated_at       timestamptz not null default now(),
  version          integer not null default 1,
  primary key (district_id, id),
  unique (district_id, number)
);
create index cases_status on cases (district_id, status);
create index cases_path on cases (district_id, area_path text_pattern_ops);
create index cases_org on cases (district_id, org_id, status);
create index cases_grid on cases (district_id, grid_id);
create index cases_type_open on cases (district_id, case_type_id, status);
create index cases_reported on cases (district_id, reported_at desc);
create index cases_reporter on cases (district_id, reporter_id);
create unique index cases_open311_token on cases (district_id, open311_token) where open311_token is not null;

-- Every step of a case, appended: who, when, what, why.
create table case_history (
  district_id  text not null,
  case_id      uuid not null,
  seq          integer not null,
  at           timestamptz not null default now(),
  actor_id     uuid,
  actor_name   text,
  action       text not null,              -- report, file, dispatch, accept, ..., escalate, rate
  from_status  text,
  to_status    text,
  note         text not null default '',
  details      jsonb not null default '{}'::jsonb,
  primary key (district_id, case_id, seq)
);

create table case_followers (
  district_id  text not null,
  case_id      uuid not null,
  user_id      uuid not null,
  created_at   timestamptz not null default now(),
  primary key (district_id, case_id, user_id)
);
create index case_followers_user on case_followers (district_id, user_id);

-- Uploaded photos. Stored by platform/files.ts (local disk by default); owned by a case or a
-- patrol once referenced, until then visible to the uploader only.
create table files (
  district_id  text not null references districts(id),
  id           uuid not null,
  owner_type   text,                       -- case | patrol
  owner_id     uuid,
  purpose      text,                       -- report | handling | patrol
  mime         text not null,
  size         integer not null,
  sha256       text not null,
  uploaded_by  uuid not null,
  created_at   timestamptz not null default now(),
  primary key (district_id, id)
);
create index files_owner on files (district_id, owner_type, owner_id);

-- The merged patrol checklist: items owned by departments, each mapped to the case type a failure
-- becomes.
create table patrol_items (
  district_id  text not null references districts(id),
  id           uuid not null,
  code         text not null,
  category     text not null,              -- fire_safety, food_safety, sanitation, ...
  title        text not null,
  guidance     text not null default '',
  org_code     text,                       -- the owning department
  case_type_code text,                     -- the case type a failed item becomes
  sort         integer not null default 0,
  active       boolean not null default true,
  primary key (district_id, id),
  unique (district_id, code)
);

create table patrols (
  district_id  text not null references districts(id),
  id           uuid not null,
  grid_id      uuid not null,
  area_path    text not null,              -- path of the grid's community
  worker_id    uuid not null,
  worker_name  text not null,
  started_at   timestamptz not null,
  ended_at     timestamptz not null,
  route        jsonb not null default '[]'::jsonb,   -- [{lat, lon, at}]
  distance_m   double precision not null default 0,
  notes        text not null default '',
  created_at   timestamptz not null default now(),
  primary key (district_id, id)
);
create index patrols_grid on patrols (district_id, grid_id, started_at desc);

create table patrol_places (
  district_id  text not null,
  patrol_id    uuid not null,
  id           uuid not null,
  name         text not null,
  lat          double precision,
  lon          double precision,
  primary key (district_id, patrol_id, id)
);

create table patrol_results (
  district_id  text not null,
  patrol_id    uuid not null,
  id           uuid not null,
  place_id     uuid,
  item_id      uuid not null,
  result       text not null check (result in ('pass','fail')),
  note         text not null default '',
  photo_id     uuid,
  case_id      uuid,                       -- the case a failed item became
  primary key (district_id, patrol_id, id)
);
create index patrol_results_failed on patrol_results (district_id, patrol_id) where result = 'fail';

-- Visits to vulnerable residents, usually made during a patrol.
create table visits (
  district_id  text not null references districts(id),
  id           uuid not null,
  patrol_id    uuid,
  person_id    uuid not null,
  grid_id      uuid,
  area_path    text not null,
  visitor_id   uuid not null,
  visited_at   timestamptz not null,
  condition    text not null default 'ok' check (condition in ('ok','needs_help','not_home','hospitalised')),
  note         text not null default '',
  primary key (district_id, id)
);
create index visits_person on visits (district_id, person_id, visited_at desc);

-- Open311 API keys: only a hash is kept; the key is shown once at creation.
create table open311_keys (
  district_id  text not null references districts(id),
  id           uuid not null,
  name         text not null,
  key_hash     text not null unique,
  key_prefix   text not null,
  created_by   uuid,
  created_at   timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at   timestamptz,
  primary key (district_id, id)
);
