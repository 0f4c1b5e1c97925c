package io.fahren.postgres;

import java.util.Objects;

/**
 * One PostgreSQL server that tenant databases may be placed on (database per tenant across
 * several servers, see {@link TenantServers}). {@link #toString()} never shows the password.
 *
 * <pre>{@code
 * TenantServer east = TenantServer.of("east", PostgresConnection.of("jdbc:postgresql://pg-east:5432/postgres", "admin", pw));
 * TenantServer big = new TenantServer("big", login, 2, 500, 40);   // twice the weight, 500 tenants, 40 connections
 * }</pre>
 *
 * @param name a short name, {@code [a-z][a-z0-9_-]{0,30}}: the tenant attribute
 *        {@value TenantPlacement#ATTRIBUTE} records it, and configuration keys use it
 *        ({@code fahren.postgres.servers.<name>.url})
 * @param login the server's management login (a superuser, or a role with CREATEDB and
 *        CREATEROLE); its URL names the database it connects to for management, and tenant
 *        databases get the same URL with their own name
 * @param weight the server's share under {@link TenantPlacement#weighted()}, at least 1
 * @param maxTenants the most tenant databases placed on it; 0 for no limit
 * @param maxConnections the most server connections this process's tenant pools open to it,
 *        beside the cap across all servers; 0 for only that one
 */
public record TenantServer(String name, PostgresConnection login, int weight, int maxTenants, int maxConnections) {

    /**
     * @throws IllegalArgumentException when the name is not a short lower-case name, or a number
     *         is out of range
     */
    public TenantServer {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[a-z][a-z0-9_-]{0,30}")) {
            throw new IllegalArgumentException("A tenant server's name must match [a-z][a-z0-9_-]{0,30}, not '" + name + "'");
        }
        Objects.requireNonNull(login, "login");
        if (weight < 1 || maxTenants < 0 || maxConnections < 0) {
            throw new IllegalArgumentException("Tenant server '" + name + "': weight must be at least 1, maxTenants and "
                    + "maxConnections at least 0 (0: no limit)");
        }
    }

    /**
     * @param name the server's name
     * @param login its management login
     * @return a server of weight 1, without limits of its own
     */
    public static TenantServer of(String name, PostgresConnection login) {
        return new TenantServer(name, login, 1, 0, 0);
    }

    @Override
    public String toString() {
        return "TenantServer[" + name + ", " + login + ", weight=" + weight + ", maxTenants=" + maxTenants
                + ", maxConnections=" + maxConnections + "]";
    }
}
