/**
 * {@code FahrenRuntime}: what the portable extension learnt at deployment, as the one bean the
 * other beans read it through. Private to fahren-cdi.
 */
package io.fahren.impl.runtime;
