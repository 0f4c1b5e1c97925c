package io.fahren.it.admin;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;

/** A REST root whose callers authenticate with MicroProfile JWT; admins have the group fahren-admin. */
@ApplicationPath("/api")
@LoginConfig(authMethod = "MP-JWT")
@ApplicationScoped
@DeclareRoles({"fahren-admin", "reader"})
public class AdminApplication extends Application {
}
