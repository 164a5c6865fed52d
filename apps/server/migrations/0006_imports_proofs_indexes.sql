-- Imports find households by building and room a batch at a time (and so does the people
-- service, one at a time); without this index each lookup scans every household.
create index if not exists households_building_room on households (district_id, building_id, room);
