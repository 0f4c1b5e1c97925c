ALTER TABLE no_such_table ADD COLUMN author text;
