-- The orders table, the same script for every strategy: in each tenant's schema or database, or
-- shared (row-level security protects it in the same run, since it has the tenant column).
CREATE TABLE orders (
    id bigserial PRIMARY KEY,
    tenant_id text NOT NULL,
    item varchar(255) NOT NULL,
    quantity integer NOT NULL
);
