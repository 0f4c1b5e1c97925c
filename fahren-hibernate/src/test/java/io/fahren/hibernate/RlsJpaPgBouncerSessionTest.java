package io.fahren.hibernate;

import io.fahren.postgres.BindingMode;
import io.fahren.testing.PgBouncerMode;
import io.fahren.testing.PostgresDatabase;
import io.fahren.testing.WithPostgres;

/** The JPA contract over rls isolation, through a real PgBouncer in session pooling, with session binding. */
@WithPostgres
class RlsJpaPgBouncerSessionTest extends RlsJpaTest {

    @Override
    protected String url(PostgresDatabase db) {
        return db.jdbcUrl(PgBouncerMode.SESSION);
    }

    @Override
    protected BindingMode mode() {
        return BindingMode.SESSION;
    }
}
