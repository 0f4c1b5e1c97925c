/**
 * Fahren's private implementation. Nothing here is API: it may change in any release.
 * Users never need to import from this package.
 */
@Vetoed
package io.fahren.impl;

import jakarta.enterprise.inject.Vetoed;
