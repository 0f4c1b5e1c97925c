package io.fahren.postgres.impl;

import io.fahren.postgres.TenantAware;
import jakarta.enterprise.util.AnnotationLiteral;

/** {@code @TenantAware}, for programmatic lookups. */
public final class TenantAwareLiteral extends AnnotationLiteral<TenantAware> implements TenantAware {

    /** The literal. */
    public static final TenantAwareLiteral INSTANCE = new TenantAwareLiteral();

    private static final long serialVersionUID = 1L;
}
