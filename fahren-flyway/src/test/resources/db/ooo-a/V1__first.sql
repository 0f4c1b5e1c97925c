CREATE TABLE first_table (id bigint PRIMARY KEY);
