package io.fahren.test;

import io.fahren.impl.FahrenExtension;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.jboss.weld.junit5.auto.AddExtensions;
import org.jboss.weld.junit5.auto.EnableAutoWeld;

/**
 * Starts Weld SE with the Fahren extension for every test method. Add the scenario's beans with
 * {@code @AddBeanClasses}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@EnableAutoWeld
@AddExtensions(FahrenExtension.class)
public @interface FahrenWeldTest {
}
