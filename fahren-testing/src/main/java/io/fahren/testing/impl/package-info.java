/**
 * Private helpers of fahren-testing for running server processes: free ports, the packaged
 * PostgreSQL binaries, dropping root privileges and deleting data directories. They depend on no
 * other package of the kit; it may change in any release.
 */
package io.fahren.testing.impl;
