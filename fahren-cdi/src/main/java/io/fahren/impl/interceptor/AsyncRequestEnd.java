package io.fahren.impl.interceptor;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds {@link AsyncRequestEndInterceptor} to JAX-RS resource classes; added by the extension to
 * every {@code @Path} class, never written by applications.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface AsyncRequestEnd {

    /** The binding, for the extension to add. */
    final class Literal extends AnnotationLiteral<AsyncRequestEnd> implements AsyncRequestEnd {

        /** The literal. */
        public static final Literal INSTANCE = new Literal();

        private static final long serialVersionUID = 1L;
    }
}
