CREATE TABLE rls_two_a (id bigserial PRIMARY KEY, tenant_id text NOT NULL, item text NOT NULL);
