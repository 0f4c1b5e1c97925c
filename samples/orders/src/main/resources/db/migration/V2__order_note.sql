-- An upgrade: existing tenants get it when the application starts (fahren.migrations.on-startup=migrate),
-- new tenants on createTenant.
ALTER TABLE orders ADD COLUMN note varchar(255);
