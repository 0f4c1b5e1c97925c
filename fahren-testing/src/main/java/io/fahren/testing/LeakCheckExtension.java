package io.fahren.testing;

import io.fahren.TenantManagement;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs the {@link LeakCheckKit} a {@link LeakCheck} method stands for: built from the annotated
 * methods of the test instance before the method runs, its report given to the method if it
 * asks, and asserted free of leaks after it.
 */
final class LeakCheckExtension implements BeforeTestExecutionCallback, ParameterResolver,
        AfterTestExecutionCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LeakCheckExtension.class);

    @Override
    public void beforeTestExecution(ExtensionContext context) throws Exception {
        LeakCheck check = context.getRequiredTestMethod().getAnnotation(LeakCheck.class);
        LeakReport report = leakTest(context.getRequiredTestInstance(), check).run();
        context.getStore(NAMESPACE).put(LeakReport.class, report);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LeakReport.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getStore(NAMESPACE).get(LeakReport.class, LeakReport.class);
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        LeakReport report = context.getStore(NAMESPACE).get(LeakReport.class, LeakReport.class);
        if (report != null) {
            report.assertNoLeaks();
        }
    }

    /**
     * @param instance the test instance, holding the annotated methods
     * @param check the sizes
     * @return the leak test those methods make up, not yet run
     * @throws ExtensionConfigurationException naming what is missing or malformed
     */
    public static LeakCheckKit leakTest(Object instance, LeakCheck check) {
        Class<?> type = instance.getClass();
        LeakCheckKit.Builder builder = LeakCheckKit.builder().tenants(check.tenants()).threads(check.threads())
                .readsPerThread(check.readsPerThread()).markersPerTenant(check.markersPerTenant())
                .idPrefix(check.idPrefix());
        Method seed = single(type, LeakCheck.Seed.class, true, String.class, String.class);
        builder.seed((tenant, marker) -> call(instance, seed, tenant, marker));
        List<Method> reads = annotated(type, LeakCheck.Read.class);
        if (reads.isEmpty()) {
            throw new ExtensionConfigurationException(type.getName() + " has no @LeakCheck.Read method: add one per "
                    + "read, list or search operation, as Object m(String tenant).");
        }
        for (Method read : reads) {
            if (read.getReturnType() == void.class || read.getParameterCount() > 1
                    || (read.getParameterCount() == 1 && read.getParameterTypes()[0] != String.class)) {
                throw malformed(read, "Object m(String tenant) or Object m()");
            }
            String name = read.getAnnotation(LeakCheck.Read.class).value();
            builder.read(name.isEmpty() ? read.getName() : name, tenant -> read.getParameterCount() == 0
                    ? call(instance, read) : call(instance, read, tenant));
        }
        related(instance, builder);
        Method provision = single(type, LeakCheck.Provision.class, false, String.class);
        Method deprovision = single(type, LeakCheck.Deprovision.class, false, String.class);
        if (provision != null && deprovision != null) {
            builder.provision(tenant -> call(instance, provision, tenant))
                    .deprovision(tenant -> call(instance, deprovision, tenant));
        } else if (provision != null || deprovision != null) {
            throw new ExtensionConfigurationException(type.getName() + " has a @LeakCheck."
                    + (provision == null ? "Deprovision" : "Provision") + " method but no @LeakCheck."
                    + (provision == null ? "Provision" : "Deprovision") + " one: the tenants the test creates must be "
                    + "deleted again, and the other way round.");
        } else {
            builder.management(management(instance));
        }
        return builder.build();
    }

    private static void related(Object instance, LeakCheckKit.Builder builder) {
        Class<?> type = instance.getClass();
        java.util.Map<String, Method> children = new java.util.HashMap<>();
        for (Method child : annotated(type, LeakCheck.Child.class)) {
            if (!java.util.Arrays.equals(child.getParameterTypes(), new Class<?>[] {String.class, String.class, Object.class})) {
                throw malformed(child, "void m(String tenant, String marker, Object parent)");
            }
            children.put(child.getAnnotation(LeakCheck.Child.class).value(), child);
        }
        for (Method parent : annotated(type, LeakCheck.Parent.class)) {
            if (parent.getReturnType() == void.class
                    || !java.util.Arrays.equals(parent.getParameterTypes(), new Class<?>[] {String.class, String.class})) {
                throw malformed(parent, "Object m(String tenant, String marker)");
            }
            String name = parent.getAnnotation(LeakCheck.Parent.class).value();
            Method child = children.remove(name);
            if (child == null) {
                throw new ExtensionConfigurationException(type.getName() + " has @LeakCheck.Parent(\"" + name
                        + "\") but no @LeakCheck.Child(\"" + name + "\"): add the method that creates a row referencing it.");
            }
            builder.related(name, (tenant, marker) -> call(instance, parent, tenant, marker),
                    (tenant, marker, ref) -> call(instance, child, tenant, marker, ref));
        }
        if (!children.isEmpty()) {
            throw new ExtensionConfigurationException(type.getName() + " has @LeakCheck.Child methods " + children.keySet()
                    + " without a @LeakCheck.Parent of the same name.");
        }
    }

    private static TenantManagement management(Object instance) {
        for (Class<?> c = instance.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (TenantManagement.class.isAssignableFrom(field.getType()) && !Modifier.isStatic(field.getModifiers())) {
                    field.setAccessible(true);
                    try {
                        Object value = field.get(instance);
                        if (value != null) {
                            return (TenantManagement) value;
                        }
                    } catch (IllegalAccessException e) {
                        throw new ExtensionConfigurationException("Cannot read " + field, e);
                    }
                }
            }
        }
        throw new ExtensionConfigurationException(instance.getClass().getName() + " has no way to create tenants: "
                + "add @LeakCheck.Provision and @LeakCheck.Deprovision methods, or a TenantManagement field that is "
                + "set when the test runs (an injected one).");
    }

    private static List<Method> annotated(Class<?> type, Class<? extends java.lang.annotation.Annotation> marker) {
        List<Method> found = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method method : c.getDeclaredMethods()) {
                if (method.isAnnotationPresent(marker)) {
                    method.setAccessible(true);
                    found.add(method);
                }
            }
        }
        return found;
    }

    private static Method single(Class<?> type, Class<? extends java.lang.annotation.Annotation> marker,
            boolean required, Class<?>... parameters) {
        List<Method> found = annotated(type, marker);
        String name = "@LeakCheck." + marker.getSimpleName();
        if (found.size() > 1) {
            throw new ExtensionConfigurationException(type.getName() + " has " + found.size() + " " + name
                    + " methods; keep one.");
        }
        if (found.isEmpty()) {
            if (required) {
                throw new ExtensionConfigurationException(type.getName() + " has no " + name + " method: add void m("
                        + (parameters.length == 2 ? "String tenant, String marker" : "String tenant") + ").");
            }
            return null;
        }
        Method method = found.get(0);
        if (!java.util.Arrays.equals(method.getParameterTypes(), parameters)) {
            throw malformed(method, parameters.length == 2 ? "void m(String tenant, String marker)" : "void m(String tenant)");
        }
        return method;
    }

    private static ExtensionConfigurationException malformed(Method method, String expected) {
        return new ExtensionConfigurationException(method + " must be " + expected + ".");
    }

    private static Object call(Object instance, Method method, Object... args) throws Exception {
        try {
            return method.invoke(instance, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }
}
