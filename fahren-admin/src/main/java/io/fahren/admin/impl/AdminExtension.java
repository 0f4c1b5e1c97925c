package io.fahren.admin.impl;

import io.fahren.FahrenConfigurationException;
import io.fahren.admin.AdminJobsResource;
import io.fahren.admin.MigrationAdminResource;
import io.fahren.admin.TenantAdminResource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The portable extension of {@code fahren-admin}: adds the admin resources and their runtime bean,
 * reads {@code fahren.admin.*}, and fails the deployment when the API is enabled in an application
 * that authenticates nobody, unless {@code fahren.admin.security} says otherwise.
 */
public class AdminExtension implements Extension {

    private static final Logger LOG = Logger.getLogger(AdminExtension.class.getName());

    /** Beans whose presence shows the application authenticates callers. */
    private static final List<String> AUTHENTICATION = List.of(
            "jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism",
            "org.eclipse.microprofile.jwt.JsonWebToken");

    private volatile AdminSettings settings;

    void registerBeans(@Observes BeforeBeanDiscovery event) {
        event.addAnnotatedType(AdminRuntime.class, AdminExtension.class.getName() + ".runtime")
                .add(ApplicationScoped.Literal.INSTANCE);
        for (Class<?> resource : List.of(TenantAdminResource.class, AdminJobsResource.class, MigrationAdminResource.class)) {
            event.addAnnotatedType(resource, AdminExtension.class.getName() + "." + resource.getSimpleName())
                    .add(RequestScoped.Literal.INSTANCE);
        }
        if (flywayDeployed()) {
            event.addAnnotatedType(FlywayAdminMigrations.class, AdminExtension.class.getName() + ".migrations")
                    .add(ApplicationScoped.Literal.INSTANCE);
        }
    }

    /** @return whether {@code fahren-flyway} is deployed beside this module */
    private static boolean flywayDeployed() {
        try {
            Class.forName("io.fahren.flyway.TenantMigrations", false, AdminExtension.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    void validate(@Observes AfterDeploymentValidation event, BeanManager beans) {
        List<String> problems = new ArrayList<>();
        AdminSettings loaded = AdminSettings.load(ConfigProvider.getConfig(), problems);
        if (loaded.enabled() && loaded.security() == AdminSettings.Security.AUTO && !authenticates(beans)) {
            problems.add("The Fahren admin API (fahren-admin) is enabled, but the application authenticates nobody: "
                    + "it has no Jakarta Security authentication mechanism (such as @BasicAuthenticationMechanismDefinition "
                    + "or @OpenIdAuthenticationMechanismDefinition) and no MicroProfile JWT. Add one and give admins the role '"
                    + loaded.role() + "' (" + AdminConfigKey.ROLE.key() + "); or set " + AdminConfigKey.SECURITY.key()
                    + "=container when the server's login configuration (web.xml login-config) authenticates callers; "
                    + "or " + AdminConfigKey.ENABLED.key() + "=false; or, for development only, "
                    + AdminConfigKey.SECURITY.key() + "=none.");
        }
        if (loaded.enabled() && loaded.security() == AdminSettings.Security.NONE) {
            LOG.warning("The Fahren admin API is open to anyone (" + AdminConfigKey.SECURITY.key() + "=none): anyone who "
                    + "can reach the application can create, suspend and delete tenants. Use this in development only.");
        }
        problems.forEach(problem -> event.addDeploymentProblem(new FahrenConfigurationException(problem)));
        settings = loaded;
    }

    private static boolean authenticates(BeanManager beans) {
        for (String name : AUTHENTICATION) {
            try {
                Class<?> type = Class.forName(name, false, Thread.currentThread().getContextClassLoader());
                if (!beans.getBeans(type, jakarta.enterprise.inject.Any.Literal.INSTANCE).isEmpty()) {
                    return true;
                }
            } catch (ClassNotFoundException | LinkageError e) {
                // that API is not deployed
            }
        }
        return false;
    }

    AdminSettings settings() {
        AdminSettings current = settings;
        if (current == null) {
            throw new IllegalStateException("fahren.admin.* is read at deployment validation; it is not available yet");
        }
        return current;
    }
}
