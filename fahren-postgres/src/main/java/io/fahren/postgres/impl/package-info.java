/**
 * Private implementation of the PostgreSQL strategies; it may change in any release.
 */
package io.fahren.postgres.impl;
