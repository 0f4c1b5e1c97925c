package io.fahren.it.redeploy;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/**
 * The probe application's one servlet: every live thread of the server, one per line, as
 * "name | context class loader", the loader as its class name and identity (the same form on every
 * server, whatever the loader's own {@code toString()}).
 */
@WebServlet("/threads")
public class ThreadsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            Thread thread = e.getKey();
            ClassLoader loader = thread.getContextClassLoader();
            out.append(thread.getName()).append(" | ").append(loader == null ? "null"
                    : loader.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(loader))).append('\n');
        }
        response.getWriter().write(out.toString());
    }
}
