package io.fahren.impl.interceptor;

import io.fahren.impl.context.HttpScopes;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.concurrent.CompletionStage;

/**
 * Ends the HTTP request's tenant on the request thread when an asynchronous resource method
 * ({@code CompletionStage} result, {@code @Suspended AsyncResponse} parameter) returns. The
 * response of such a request is finished on another thread, where the response filter runs, so
 * without this the request thread would go back to the server's pool still carrying the tenant
 * until its next JAX-RS request, and anything else the server runs on it meanwhile would act as
 * that tenant. Synchronous methods are left alone: their response filter ends the tenant.
 *
 * <p>{@code @Interceptor} is added by {@code io.fahren.impl.FahrenExtension}.
 */
@AsyncRequestEnd
@Priority(Interceptor.Priority.PLATFORM_BEFORE)
public class AsyncRequestEndInterceptor {

    private static final String SUSPENDED = "jakarta.ws.rs.container.Suspended";

    @AroundInvoke
    Object endOnReturn(InvocationContext invocation) throws Exception {
        try {
            return invocation.proceed();
        } finally {
            if (isAsynchronous(invocation.getMethod())) {
                HttpScopes.close();
            }
        }
    }

    /**
     * @param method a resource method
     * @return whether its response is finished on another thread
     */
    public static boolean isAsynchronous(Method method) {
        Class<?> result = method.getReturnType();
        if (CompletionStage.class.isAssignableFrom(result)) {
            return true;
        }
        if (result != void.class) {
            return false;
        }
        for (Annotation[] parameter : method.getParameterAnnotations()) {
            for (Annotation annotation : parameter) {
                if (annotation.annotationType().getName().equals(SUSPENDED)) {
                    return true;
                }
            }
        }
        return false;
    }
}
