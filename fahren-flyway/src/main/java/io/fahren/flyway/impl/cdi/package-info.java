/** The CDI wiring of {@code fahren-flyway} and its {@code fahren.migrations.*} keys. Private to fahren-flyway. */
package io.fahren.flyway.impl.cdi;
