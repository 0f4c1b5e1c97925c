/**
 * The admin API's internals: the portable extension, the settings, the access check, the JSON
 * views and the job store. Not API.
 */
package io.fahren.admin.impl;
