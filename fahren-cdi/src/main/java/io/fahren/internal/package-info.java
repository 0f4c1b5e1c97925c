/**
 * Internals that Fahren's modules share ({@code fahren-postgres}, {@code fahren-hibernate},
 * {@code fahren-redis-cdi} and {@code fahren-testing} use them from {@code fahren-cdi}). Not an
 * API: anything here may change in any release; applications never need to import it. Each
 * module's private code lives in its own {@code impl} package, which no other module reaches.
 */
package io.fahren.internal;
