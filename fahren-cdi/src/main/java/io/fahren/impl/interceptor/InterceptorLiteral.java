package io.fahren.impl.interceptor;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.interceptor.Interceptor;

/** {@code @Interceptor}, which the Interceptors API has no literal for. */
public final class InterceptorLiteral extends AnnotationLiteral<Interceptor> implements Interceptor {

    public static final InterceptorLiteral INSTANCE = new InterceptorLiteral();

    private static final long serialVersionUID = 1L;
}
