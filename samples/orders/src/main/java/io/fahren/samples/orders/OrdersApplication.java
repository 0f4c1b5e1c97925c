package io.fahren.samples.orders;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;

/**
 * The REST root: every tenant endpoint takes its tenant from the X-Tenant-ID header. The admin API
 * of {@code fahren-admin} (under {@code fahren/tenants} and {@code fahren/jobs}) needs a
 * MicroProfile JWT whose groups include {@code fahren-admin}; tenant endpoints need no token. A CDI
 * bean ({@code @ApplicationScoped}): Payara finds {@code @LoginConfig} only on beans.
 */
@ApplicationPath("/api")
@LoginConfig(authMethod = "MP-JWT")
@ApplicationScoped
@DeclareRoles("fahren-admin")
public class OrdersApplication extends Application {
}
