/**
 * Fahren's private implementation. Nothing here is API: it may change in any release, and users
 * never need to import from this package.
 *
 * <p>The package is deliberately not {@code @Vetoed}: Weld also vetoes types that an extension adds
 * with {@code BeforeBeanDiscovery.addAnnotatedType} when their package is vetoed, and the internal
 * beans here are registered exactly that way. They are never discovered by scanning either: the
 * {@code fahren-cdi} jar contains a portable extension and no {@code beans.xml}, so by CDI 4.0
 * (section 12.1) it is not a bean archive.
 */
package io.fahren.impl;
