/**
 * Private implementation of fahren-testing; it may change in any release.
 */
package io.fahren.testing.impl;
