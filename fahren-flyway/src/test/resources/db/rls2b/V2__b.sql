CREATE TABLE rls_two_b (id bigserial PRIMARY KEY, tenant_id text NOT NULL, secret text NOT NULL);
