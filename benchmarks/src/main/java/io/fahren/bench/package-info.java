/**
 * What tenancy costs, measured as ratios against plain JDBC and Jedis in the same run.
 */
package io.fahren.bench;
