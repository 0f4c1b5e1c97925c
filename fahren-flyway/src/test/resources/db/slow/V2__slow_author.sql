-- slow enough for two processes to overlap, or for one to be killed in the middle
SELECT pg_sleep(0.3);
ALTER TABLE notes ADD COLUMN author text;
ALTER TABLE notes ADD COLUMN edited timestamptz;
