package io.fahren.impl.context;

import io.fahren.TenantIdPolicy;
import io.fahren.InvalidTenantIdException;
import io.fahren.RunAsTenant;
import io.fahren.TenantId;
import io.fahren.TenantParam;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a {@link RunAsTenant} method gets its tenant: the constant {@code value()} or the
 * {@link TenantParam} argument. Worked out once per method.
 */
public final class TenantSource {

    private final String constant;
    private final int parameterIndex;
    private final String description;

    private TenantSource(String constant, int parameterIndex, String description) {
        this.constant = constant;
        this.parameterIndex = parameterIndex;
        this.description = description;
    }

    /**
     * @param method the intercepted method
     * @param beanClass the class carrying a class-level binding, if the method has none
     * @return how to find the tenant
     * @throws IllegalStateException when the usage is invalid (also reported at deployment)
     */
    public static TenantSource of(Method method, Class<?> beanClass) {
        List<String> problems = new ArrayList<>();
        TenantSource source = analyse(method, binding(method, beanClass), problems);
        if (!problems.isEmpty()) {
            throw new IllegalStateException(String.join("; ", problems));
        }
        return source;
    }

    /**
     * Checks one method's usage; used by the extension at deployment and by {@link #of}.
     *
     * @param method the method
     * @param binding its effective {@link RunAsTenant}
     * @param problems where usage errors are added
     * @return the source, or null when the usage is invalid
     */
    public static TenantSource analyse(Method method, RunAsTenant binding, List<String> problems) {
        String where = method.getDeclaringClass().getName() + "." + method.getName();
        List<Integer> marked = new ArrayList<>();
        Annotation[][] annotations = method.getParameterAnnotations();
        for (int i = 0; i < annotations.length; i++) {
            for (Annotation a : annotations[i]) {
                if (a.annotationType() == TenantParam.class) {
                    marked.add(i);
                }
            }
        }
        boolean hasConstant = binding != null && !binding.value().isEmpty();
        if (marked.size() > 1) {
            problems.add("@RunAsTenant method " + where + " has " + marked.size()
                    + " @TenantParam parameters; mark exactly one");
            return null;
        }
        if (marked.size() == 1) {
            int index = marked.get(0);
            Class<?> type = method.getParameterTypes()[index];
            if (type != String.class && type != TenantId.class) {
                problems.add("@TenantParam parameter " + index + " of " + where + " is a " + type.getSimpleName()
                        + "; it must be a String or an io.fahren.TenantId");
                return null;
            }
            if (hasConstant) {
                problems.add("@RunAsTenant(\"" + TenantIdPolicy.escape(binding.value()) + "\") on " + where
                        + " also has a @TenantParam parameter; use one or the other");
                return null;
            }
            return new TenantSource(null, index, "@TenantParam parameter " + index + " of " + where);
        }
        if (!hasConstant) {
            problems.add("@RunAsTenant on " + where + " names no tenant: give it a value, "
                    + "such as @RunAsTenant(\"acme\"), or mark a String/TenantId parameter with @TenantParam");
            return null;
        }
        return new TenantSource(binding.value(), -1, "@RunAsTenant value of " + where);
    }

    /**
     * @return the method's binding, else the class's (also inherited, also through a proxy subclass)
     */
    static RunAsTenant binding(Method method, Class<?> beanClass) {
        return Optional.ofNullable(method.getAnnotation(RunAsTenant.class))
                .orElseGet(() -> beanClass.getAnnotation(RunAsTenant.class));
    }

    public Optional<String> constant() {
        return Optional.ofNullable(constant);
    }

    public String description() {
        return description;
    }

    public TenantId tenantOf(Object[] arguments) {
        if (constant != null) {
            return TenantId.of(constant);
        }
        Object argument = arguments[parameterIndex];
        if (argument instanceof TenantId id) {
            return TenantId.of(id.value());
        }
        if (argument == null) {
            throw new InvalidTenantIdException("Tenant id is missing: the " + description + " is null. "
                    + "Pass the tenant id to the method.", TenantIdPolicy.active().pattern());
        }
        return TenantId.of((String) argument);
    }
}
