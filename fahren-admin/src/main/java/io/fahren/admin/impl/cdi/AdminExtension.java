package io.fahren.admin.impl.cdi;

import io.fahren.FahrenConfigurationException;
import io.fahren.admin.impl.AdminConfigKey;
import io.fahren.admin.impl.AdminRuntime;
import io.fahren.admin.impl.AdminSettings;
import io.fahren.admin.impl.FlywayAdminMigrations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessBean;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The portable extension of {@code fahren-admin}: adds the admin runtime (and the migration
 * operations when {@code fahren-flyway} is deployed), hands {@code fahren.admin.*} to them as a
 * synthetic {@link AdminSettings} bean, and fails the deployment when the API is enabled in an
 * application that authenticates nobody, unless {@code fahren.admin.security} says otherwise. The
 * resources themselves are beans of the module's {@code beans.xml} (annotated discovery).
 */
public class AdminExtension implements Extension {

    private static final Logger LOG = Logger.getLogger(AdminExtension.class.getName());

    /** Beans whose presence shows the application authenticates callers. */
    private static final List<String> AUTHENTICATION = List.of(
            "jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism",
            "org.eclipse.microprofile.jwt.JsonWebToken");

    private final List<String> problems = new ArrayList<>();
    private AdminSettings settings;
    /** Whether discovery met a bean that authenticates callers, in any archive of the deployment. */
    private volatile boolean authenticationSeen;

    void registerBeans(@Observes BeforeBeanDiscovery event) {
        event.addAnnotatedType(AdminRuntime.class, AdminExtension.class.getName() + ".runtime")
                .add(ApplicationScoped.Literal.INSTANCE);
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

    /**
     * Notes the authentication beans as discovery meets them: on some servers (Payara) the bean
     * manager of this module's archive cannot see the server's JWT bean afterwards.
     */
    <T> void noteAuthentication(@Observes ProcessBean<T> event) {
        if (!authenticationSeen && event.getBean().getTypes().stream()
                .anyMatch(type -> AUTHENTICATION.contains(type.getTypeName()))) {
            authenticationSeen = true;
        }
    }

    void addSettings(@Observes AfterBeanDiscovery event) {
        AdminSettings loaded = AdminSettings.load(ConfigProvider.getConfig(), problems);
        settings = loaded;
        event.addBean().types(AdminSettings.class, Object.class).scope(Dependent.class)
                .createWith(context -> loaded);
    }

    void validate(@Observes AfterDeploymentValidation event, BeanManager beans) {
        AdminSettings loaded = settings;
        if (loaded.enabled() && loaded.security() == AdminSettings.Security.AUTO && !authenticationSeen
                && !authenticates(beans)) {
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
    }

    private static boolean authenticates(BeanManager beans) {
        for (String name : AUTHENTICATION) {
            try {
                Class<?> type = Class.forName(name, false, Thread.currentThread().getContextClassLoader());
                if (!beans.getBeans(type, Any.Literal.INSTANCE).isEmpty()) {
                    return true;
                }
            } catch (ClassNotFoundException | LinkageError e) {
                // that API is not deployed
            }
        }
        return false;
    }
}
