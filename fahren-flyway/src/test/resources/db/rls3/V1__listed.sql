CREATE TABLE rls_three_listed (id bigserial PRIMARY KEY, tenant_id text NOT NULL, item text NOT NULL);
