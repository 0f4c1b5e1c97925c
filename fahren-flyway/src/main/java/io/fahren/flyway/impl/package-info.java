/** How {@code fahren-flyway} connects Flyway to a tenant. Private to fahren-flyway. */
package io.fahren.flyway.impl;
