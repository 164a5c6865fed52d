-- Street micro-service centres ("线上服务点单 + 线下枢纽配送"): the district service catalogue and
-- what each street offers, providers and facilities, bookable slots, elder-canteen menus and
-- delivery rounds, service orders with their history, and complaints under supervision.
--
-- Like 0001, every table carries district_id and leads its primary key with it. Money is in
-- integer fen. Capacity columns (booked <= capacity) are guarded by CHECK constraints as well as
-- by the conditional updates in the services, so no code path can overbook.

-- The district catalogue: ~25 categories of ~200 items.
create table service_categories (
  district_id  text not null references districts(id),
  id           uuid not null,
  code         text not null,
  name         text not null,
  name_en      text,
  description  text not null default '',
  sort         integer not null default 0,
  primary key (district_id, id),
  unique (district_id, code)
);

create table service_items (
  district_id      text not null references districts(id),
  id               uuid not null,
  category_id      uuid not null,
  code             text not null,
  name             text not null,
  name_en          text,
  description      text not null default '',
  -- home: delivered at the resident's address; centre: at a service centre; meal: from an elder
  -- canteen (menu); day_care: a place at a day-care centre.
  fulfilment       text not null check (fulfilment in ('home','centre','meal','day_care')),
  unit             text not null,                 -- 次, 小时, 餐, 天, 半天, 课时 ...
  price_fen        integer not null check (price_fen >= 0),
  max_quantity     integer not null default 10 check (max_quantity between 1 and 99),
  duration_minutes integer check (duration_minutes > 0),
  -- [{"group":"aged_80","percent":30}] or [{"group":"low_income","amountFen":600}]; the best one applies.
  subsidies        jsonb not null default '[]'::jsonb,
  -- {"minAge":60,"maxAge":14,"groups":["disabled"]}: who may order it.
  eligibility      jsonb not null default '{}'::jsonb,
  -- meal items: {"meal":"lunch","mode":"delivery"}
  properties       jsonb not null default '{}'::jsonb,
  keywords         text not null default '',
  active           boolean not null default true,
  sort             integer not null default 0,
  created_at       timestamptz not null default now(),
  updated_at       timestamptz not null default now(),
  primary key (district_id, id),
  unique (district_id, code)
);
create index service_items_category on service_items (district_id, category_id);

-- What each street's micro-service centre offers: a row means the item is offered there.
create table street_offerings (
  district_id  text not null references districts(id),
  street_id    uuid not null,
  item_id      uuid not null,
  updated_by   uuid,
  updated_at   timestamptz not null default now(),
  primary key (district_id, street_id, item_id)
);

-- A provider organisation (organisations.kind = 'provider') as the centres see it.
create table provider_profiles (
  district_id     text not null references districts(id),
  org_id          uuid not null,
  category_ids    uuid[] not null default '{}',     -- the categories it delivers
  coverage_paths  text[] not null default '{}',     -- street / community paths it serves
  daily_capacity  integer not null default 20 check (daily_capacity >= 0),
  qualifications  text[] not null default '{}',
  phone           text,
  area_path       text,                             -- where it is based
  lat             double precision,
  lon             double precision,
  rating_sum      integer not null default 0,
  rating_count    integer not null default 0,
  active          boolean not null default true,
  updated_at      timestamptz not null default now(),
  primary key (district_id, org_id)
);

-- A provider's bookings per local day, so assignments never exceed its daily capacity.
create table provider_days (
  district_id  text not null,
  org_id       uuid not null,
  day          date not null,
  capacity     integer not null check (capacity >= 0),
  booked       integer not null default 0,
  primary key (district_id, org_id, day),
  check (booked >= 0 and booked <= capacity)
);

-- Family integrated service centres, home elderly-care centres, elder canteens, day-care centres:
-- places on the district's resource map.
create table facilities (
  district_id    text not null references districts(id),
  id             uuid not null,
  kind           text not null check (kind in ('family_centre','home_care_centre','elder_canteen','day_care_centre')),
  name           text not null,
  org_id         uuid,                              -- the provider that runs it
  street_id      uuid not null,
  community_id   uuid,
  area_path      text not null,                     -- path of its community (or street)
  address        text not null default '',
  lat            double precision not null,
  lon            double precision not null,
  opening_hours  text not null default '',
  capacity       integer check (capacity >= 0),     -- day-care places, activity room size
  seats          integer check (seats >= 0),        -- canteens
  meals_per_day  integer check (meals_per_day >= 0),-- canteens
  phone          text,
  properties     jsonb not null default '{}'::jsonb, -- canteens: the weekly menu rotation
  active         boolean not null default true,
  created_at     timestamptz not null default now(),
  primary key (district_id, id)
);
create index facilities_path on facilities (district_id, area_path text_pattern_ops);
create index facilities_street on facilities (district_id, street_id, kind);

-- Standing schedules from which slots are made: a street centre's windows for a category of
-- home/centre services, or a day-care centre's places.
create table service_schedules (
  district_id   text not null references districts(id),
  id            uuid not null,
  street_id     uuid,
  category_id   uuid,
  facility_id   uuid,
  windows       text[] not null,                   -- 'HH:MM-HH:MM', local time
  weekdays      smallint[] not null default '{1,2,3,4,5,6}', -- ISO: 1 = Monday ... 7 = Sunday
  capacity      integer not null check (capacity >= 0),
  horizon_days  integer not null default 14 check (horizon_days between 1 and 60),
  updated_at    timestamptz not null default now(),
  primary key (district_id, id),
  check ((street_id is not null and category_id is not null and facility_id is null) or (facility_id is not null and street_id is null and category_id is null))
);
create unique index service_schedules_street on service_schedules (district_id, street_id, category_id) where facility_id is null;
create unique index service_schedules_facility on service_schedules (district_id, facility_id) where facility_id is not null;

-- Bookable slots, made from schedules as the days come into the horizon.
create table service_slots (
  district_id  text not null,
  id           uuid not null,
  schedule_id  uuid not null,
  street_id    uuid,
  category_id  uuid,
  facility_id  uuid,
  starts_at    timestamptz not null,
  ends_at      timestamptz not null,
  capacity     integer not null,
  booked       integer not null default 0,
  primary key (district_id, id),
  unique (district_id, schedule_id, starts_at),
  check (booked >= 0 and booked <= capacity)
);
create index service_slots_street on service_slots (district_id, street_id, category_id, starts_at);
create index service_slots_facility on service_slots (district_id, facility_id, starts_at);

-- Elder canteens: a menu per canteen, day and meal, with the meals the kitchen will make.
create table canteen_menus (
  district_id  text not null,
  id           uuid not null,
  facility_id  uuid not null,
  day          date not null,
  meal         text not null check (meal in ('lunch','dinner')),
  dishes       text[] not null default '{}',
  capacity     integer not null,
  booked       integer not null default 0,
  updated_at   timestamptz not null default now(),
  primary key (district_id, id),
  unique (district_id, facility_id, day, meal),
  check (booked >= 0 and booked <= capacity)
);

-- Delivery rounds of a canteen: when the meals leave, and which communities each round serves.
create table canteen_rounds (
  district_id    text not null,
  id             uuid not null,
  facility_id    uuid not null,
  meal           text not null check (meal in ('lunch','dinner')),
  code           text not null,
  label          text not null,
  departs        text not null,                    -- 'HH:MM'
  community_ids  uuid[] not null default '{}',     -- empty = every community it delivers to
  sort           integer not null default 0,
  primary key (district_id, id),
  unique (district_id, facility_id, meal, code)
);

create sequence service_order_seq;

create table service_orders (
  district_id        text not null references districts(id),
  id                 uuid not null,
  number             text not null,                -- FW + yymmdd + sequence
  item_id            uuid not null,
  category_id        uuid not null,
  fulfilment         text not null,
  person_id          uuid not null,                -- who receives the service
  area_path          text not null,                -- the recipient's building path
  street_id          uuid not null,
  community_id       uuid,
  address            text,
  lat                double precision,
  lon                double precision,
  -- Who placed it: the recipient, a family member, centre staff, or the 24-hour hotline.
  channel            text not null check (channel in ('self','family','staff','hotline')),
  ordered_by         uuid not null,
  ordered_by_name    text not null,
  caller_name        text,                         -- who called the hotline (the resident, a relative, a neighbour)
  caller_relation    text,
  caller_phone       text,
  slot_id            uuid,
  menu_id            uuid,
  facility_id        uuid,
  meal_mode          text check (meal_mode in ('dine_in','delivery')),
  round_id           uuid,
  scheduled_start    timestamptz not null,
  scheduled_end      timestamptz not null,
  quantity           integer not null check (quantity between 1 and 99),
  unit_price_fen     integer not null check (unit_price_fen >= 0),
  subsidy_fen        integer not null default 0 check (subsidy_fen >= 0),   -- per unit
  subsidy_group      text,
  total_fen          integer not null check (total_fen >= 0),
  pay_fen            integer not null check (pay_fen >= 0),
  notes              text not null default '',
  status             text not null check (status in ('placed','accepted','assigned','confirmed','in_service','completed','rated','cancelled','refused','no_show')),
  provider_id        uuid,
  provider_day       date,                         -- the provider_days row this order holds
  accepted_at        timestamptz,
  assigned_at        timestamptz,
  confirmed_at       timestamptz,
  checkin_at         timestamptz,
  checkout_at        timestamptz,
  service_notes      text,
  rating             smallint check (rating between 1 and 5),
  rating_comment     text,
  rated_at           timestamptz,
  closed_reason      text,                         -- why it was cancelled, refused or a no-show
  created_at         timestamptz not null default now(),
  updated_at         timestamptz not null default now(),
  version            integer not null default 1,
  primary key (district_id, id),
  unique (district_id, number)
);
create index service_orders_path on service_orders (district_id, area_path text_pattern_ops);
create index service_orders_status on service_orders (district_id, status, scheduled_start);
create index service_orders_provider on service_orders (district_id, provider_id, status);
create index service_orders_person on service_orders (district_id, person_id, created_at desc);
create index service_orders_orderer on service_orders (district_id, ordered_by, created_at desc);
create index service_orders_menu on service_orders (district_id, menu_id) where menu_id is not null;
create index service_orders_done on service_orders (district_id, checkout_at) where checkout_at is not null;
-- One live booking of an item per person and slot / menu: a double tap does not book twice.
create unique index service_orders_one_per_slot on service_orders (district_id, person_id, item_id, slot_id)
  where slot_id is not null and status not in ('cancelled','refused');
create unique index service_orders_one_per_menu on service_orders (district_id, person_id, menu_id)
  where menu_id is not null and status not in ('cancelled','refused');

-- Every step of an order, appended: who, when, what, why.
create table service_order_history (
  district_id  text not null,
  order_id     uuid not null,
  seq          integer not null,
  at           timestamptz not null default now(),
  actor_id     uuid,
  actor_name   text,
  action       text not null,
  from_status  text,
  to_status    text,
  note         text not null default '',
  details      jsonb not null default '{}'::jsonb,
  primary key (district_id, order_id, seq)
);

-- A complaint about an order becomes a supervised item for the street centre, due in working days.
create table service_complaints (
  district_id   text not null references districts(id),
  id            uuid not null,
  order_id      uuid not null,
  provider_id   uuid,
  street_id     uuid not null,
  area_path     text not null,
  text          text not null,
  status        text not null default 'open' check (status in ('open','resolved')),
  created_by    uuid not null,
  created_by_name text not null,
  due_at        timestamptz not null,
  resolution    text,
  resolved_by   uuid,
  resolved_by_name text,
  resolved_at   timestamptz,
  created_at    timestamptz not null default now(),
  primary key (district_id, id)
);
create index service_complaints_path on service_complaints (district_id, area_path text_pattern_ops, status);
create index service_complaints_provider on service_complaints (district_id, provider_id, created_at);
create index service_complaints_order on service_complaints (district_id, order_id);
