CREATE TABLE rls_one_orders (id bigserial PRIMARY KEY, tenant_id text NOT NULL, item text NOT NULL);
