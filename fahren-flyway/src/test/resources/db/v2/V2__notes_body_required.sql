-- fails for a tenant that has a note without a body: a data-dependent failure, as in real upgrades
ALTER TABLE notes ALTER COLUMN body SET NOT NULL;
ALTER TABLE notes ADD COLUMN author text;
