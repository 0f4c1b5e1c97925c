-- a migration run for one tenant that reaches for another tenant's table
CREATE TABLE stolen AS SELECT * FROM "${other}".notes;
