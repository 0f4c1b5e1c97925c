/** The internals of {@code fahren-hibernate}: not an API. */
package io.fahren.hibernate.impl;
