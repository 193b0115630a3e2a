-- Temporal's auto-setup creates its own databases (temporal, temporal_visibility) with this role;
-- the read model lives in the "approval" database created by the postgres image.
ALTER ROLE approval CREATEDB;
