-- merged late from another branch: applied out of order when the application asks for it
CREATE TABLE second_table (id bigint PRIMARY KEY);
