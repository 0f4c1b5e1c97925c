package io.fahren.it.propagation;

import io.fahren.TenantId;
import io.fahren.Tenants;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * A plain servlet, outside JAX-RS and its tenant filter: it reports the tenant the server's
 * request thread carries when it starts, which must always be none.
 */
@WebServlet("/thread-state")
public class ThreadStateServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.getWriter().write(Tenants.current().map(TenantId::value).orElse("<none>"));
    }
}
