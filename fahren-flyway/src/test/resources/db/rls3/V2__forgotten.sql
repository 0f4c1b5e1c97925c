CREATE TABLE rls_three_forgotten (id bigserial PRIMARY KEY, tenant_id text NOT NULL, secret text NOT NULL);
