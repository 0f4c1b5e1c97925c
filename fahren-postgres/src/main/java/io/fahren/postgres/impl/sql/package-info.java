/**
 * SQL text from names: validated, quoted identifiers and the few literals DDL needs, login names,
 * and failure messages. A leaf: it uses nothing of {@code io.fahren.postgres}, which may
 * therefore use it. Private to fahren-postgres.
 */
package io.fahren.postgres.impl.sql;
