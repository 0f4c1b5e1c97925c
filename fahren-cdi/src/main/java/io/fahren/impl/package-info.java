/**
 * Fahren's private implementation. Nothing here or in the subpackages is API: it may change in any
 * release, and users never need to import from it. This package holds the portable extension; the
 * subpackages split the rest by concern ({@code config}, {@code context}, {@code interceptor},
 * {@code management}, {@code secrets}, {@code runtime}), and only the extension uses them all.
 *
 * <p>How the internal beans are registered, and why this package is not {@code @Vetoed}:
 * <ul>
 *   <li>The fahren-cdi jar is a bean archive in {@code annotated} mode. It has to be: Open Liberty
 *       only treats {@link io.fahren.TenantScoped} as a bean-defining annotation in the
 *       application's own archives when the jar declaring it is a bean archive.</li>
 *   <li>The internal bean classes therefore carry no bean-defining annotation in their source, so
 *       discovery never picks them up. {@link io.fahren.impl.FahrenExtension} adds them with
 *       {@code BeforeBeanDiscovery.addAnnotatedType} and gives each its scope (or
 *       {@code @Interceptor}) there, so they exist exactly once, in containers and in Weld SE with
 *       discovery disabled alike.</li>
 *   <li>{@code @Vetoed} on this package would also veto those extension-added types in Weld.</li>
 * </ul>
 */
package io.fahren.impl;
