-- Foundation: districts, the area tree, grids, residents and households, accounts, roles,
-- sessions, audit, notifications and idempotency keys.
--
-- Every district-owned table carries district_id and leads its primary key with it, so a
-- city-wide deployment can distribute these tables by district (Citus). Accounts and sessions
-- are city-wide (a Citus reference table in that layout); see docs/ARCHITECTURE.md.
--
-- Area scoping uses a materialised path ("chancheng/zumiao/tapo/...") of area ids; a grant on an
-- area covers every row whose area_path starts with the area's path followed by '/'.

create table districts (
  id           text primary key,
  name         text not null,
  name_en      text not null,
  center_lat   double precision not null,
  center_lon   double precision not null,
  boundary     jsonb,
  created_at   timestamptz not null default now()
);

-- district -> street/town -> community/village -> compound -> building
create table areas (
  district_id  text not null references districts(id),
  id           uuid not null,
  parent_id    uuid,
  level        text not null check (level in ('district','street','community','compound','building')),
  kind         text not null,            -- street | town | urban | village | compound | building | district
  code         text not null,
  name         text not null,
  name_en      text,
  path         text not null,            -- ids from the root, '/'-separated, ending with '/'
  grid_id      uuid,                     -- compounds and buildings: the grid they stand in
  lat          double precision,
  lon          double precision,
  geometry     jsonb,                    -- GeoJSON Polygon/MultiPolygon (WGS-84), streets and communities
  properties   jsonb not null default '{}'::jsonb,
  created_at   timestamptz not null default now(),
  updated_at   timestamptz not null default now(),
  primary key (district_id, id),
  unique (district_id, code)
);
create index areas_parent on areas (district_id, parent_id);
create index areas_path on areas (district_id, path text_pattern_ops);
create index areas_level on areas (district_id, level);

-- 478 grids in Chancheng; each lies in one community and carries its polygon.
create table grids (
  district_id  text not null references districts(id),
  id           uuid not null,
  community_id uuid not null,
  code         text not null,
  name         text not null,
  area_path    text not null,            -- path of the community it belongs to
  geometry     jsonb not null,           -- GeoJSON Polygon (WGS-84)
  lat          double precision not null,
  lon          double precision not null,
  area_m2      double precision not null,
  created_at   timestamptz not null default now(),
  primary key (district_id, id),
  unique (district_id, code)
);
create index grids_community on grids (district_id, community_id);

create table households (
  district_id  text not null references districts(id),
  id           uuid not null,
  building_id  uuid not null,
  area_path    text not null,            -- path of the building
  grid_id      uuid,
  room         text not null,
  address      text not null,
  low_income   boolean not null default false,
  created_at   timestamptz not null default now(),
  updated_at   timestamptz not null default now(),
  version      integer not null default 1,
  primary key (district_id, id)
);
create index households_path on households (district_id, area_path text_pattern_ops);

create table persons (
  district_id    text not null references districts(id),
  id             uuid not null,
  household_id   uuid,
  building_id    uuid,
  area_path      text not null,          -- path of the building (or community when unhoused)
  grid_id        uuid,
  name           text not null,
  gender         text not null check (gender in ('male','female')),
  birth_date     date not null,
  id_number      text,                   -- PRC resident identity number, 18 characters
  phone          text,
  relation       text not null default 'head',   -- relation to the household head
  tags           text[] not null default '{}',   -- living_alone, disabled, low_income, ...
  status         text not null default 'active' check (status in ('active','moved_out','deceased')),
  notes          text,
  created_at     timestamptz not null default now(),
  updated_at     timestamptz not null default now(),
  version        integer not null default 1,
  primary key (district_id, id)
);
create index persons_path on persons (district_id, area_path text_pattern_ops);
create index persons_household on persons (district_id, household_id);
create index persons_grid on persons (district_id, grid_id);
create index persons_id_number on persons (district_id, id_number);

-- Departments, providers, social organisations, the charity: anything a role can be granted on.
create table organisations (
  district_id  text not null references districts(id),
  id           uuid not null,
  kind         text not null,            -- department | provider | social_org | charity | volunteer_team
  code         text not null,
  name         text not null,
  name_en      text,
  area_path    text,                     -- where it is based (optional)
  properties   jsonb not null default '{}'::jsonb,
  created_at   timestamptz not null default now(),
  primary key (district_id, id),
  unique (district_id, code)
);

create table users (
  id             uuid primary key,
  district_id    text not null references districts(id),
  username       text not null unique,
  password_hash  text not null,
  display_name   text not null,
  person_id      uuid,                   -- the resident record, when the user is a resident
  status         text not null default 'active' check (status in ('active','disabled')),
  locale         text not null default 'zh-CN',
  elder_mode     boolean not null default false,
  created_at     timestamptz not null default now(),
  updated_at     timestamptz not null default now(),
  last_login_at  timestamptz
);
create index users_district on users (district_id);

-- A role granted on an area (covering its subtree), a grid or an organisation.
create table role_assignments (
  district_id  text not null references districts(id),
  id           uuid not null,
  user_id      uuid not null references users(id),
  role         text not null,
  area_id      uuid,
  grid_id      uuid,
  org_id       uuid,
  granted_by   uuid,
  created_at   timestamptz not null default now(),
  revoked_at   timestamptz,
  primary key (district_id, id)
);
create index role_assignments_user on role_assignments (user_id) where revoked_at is null;

create table sessions (
  id_hash      text primary key,         -- sha256 of the cookie value; the value itself is never stored
  user_id      uuid not null references users(id),
  csrf_token   text not null,
  created_at   timestamptz not null default now(),
  expires_at   timestamptz not null,
  last_seen_at timestamptz not null default now(),
  ip           text,
  user_agent   text
);
create index sessions_user on sessions (user_id);

create table login_attempts (
  username     text not null,
  ip           text not null,
  at           timestamptz not null default now(),
  succeeded    boolean not null
);
create index login_attempts_recent on login_attempts (username, at);

create table audit_log (
  district_id  text not null,
  id           bigint generated always as identity,
  at           timestamptz not null default now(),
  actor_id     uuid,
  actor_name   text,
  action       text not null,            -- e.g. person.create, person.update, person.reveal
  entity_type  text not null,
  entity_id    text,
  area_path    text,
  details      jsonb not null default '{}'::jsonb,
  ip           text,
  primary key (district_id, id)
);
create index audit_log_at on audit_log (district_id, at desc);
create index audit_log_entity on audit_log (district_id, entity_type, entity_id);
create index audit_log_actor on audit_log (district_id, actor_id, at desc);

create table notifications (
  district_id  text not null,
  id           uuid not null,
  user_id      uuid not null,
  kind         text not null,
  title        text not null,
  body         text not null default '',
  link         text,
  created_at   timestamptz not null default now(),
  read_at      timestamptz,
  primary key (district_id, id)
);
create index notifications_user on notifications (user_id, created_at desc);

-- Client idempotency keys: the key row is written in the same transaction as the change it
-- guards, so a retried submission returns the first answer and a crashed one leaves nothing.
create table idempotency_keys (
  user_id      uuid not null,
  key          text not null,
  route        text not null,
  request_hash text not null,
  status_code  integer,
  response     jsonb,
  created_at   timestamptz not null default now(),
  primary key (user_id, key)
);
