-- An administrator's password reset is a temporary password: until its holder chooses their own,
-- the account may only read who it is and change its password.
alter table users add column must_change_password boolean not null default false;
