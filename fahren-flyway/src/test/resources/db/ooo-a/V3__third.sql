CREATE TABLE third_table (id bigint PRIMARY KEY);
