package io.fahren.impl;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.interceptor.Interceptor;

/** {@code @Interceptor}, which the Interceptors API has no literal for. */
final class InterceptorLiteral extends AnnotationLiteral<Interceptor> implements Interceptor {

    static final InterceptorLiteral INSTANCE = new InterceptorLiteral();

    private static final long serialVersionUID = 1L;
}
