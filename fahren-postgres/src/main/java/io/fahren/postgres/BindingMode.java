package io.fahren.postgres;

/**
 * How long a connection carries its tenant.
 *
 * <pre>{@code
 * RlsOptions.builder().bindingMode(BindingMode.TRANSACTION).build();   // behind PgBouncer
 * }</pre>
 */
public enum BindingMode {
    /**
     * The tenant is set on the session when the connection is taken and reset when it is given
     * back ({@code set_config(..., false)}). Works with plain JDBC code that manages its own
     * transactions. Needs a connection pool that keeps sessions, such as Fahren's own HikariCP
     * pool or PgBouncer in session mode.
     */
    SESSION,
    /**
     * The tenant is set for the current transaction only ({@code set_config(..., true)}) and
     * vanishes at commit or rollback, so no reset is needed and nothing can leak into the next
     * transaction even if the reset were skipped. Choose this behind PgBouncer in transaction
     * pooling mode. {@code queryAs} and {@code withConnection} run their work in one transaction.
     */
    TRANSACTION
}
