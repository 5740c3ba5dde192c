package io.genpipe.infra.test;

/**
 * A database of its own for one test class or test: created empty on the shared PostgreSQL server.
 *
 * @param name     the database name, unique in this JVM run
 * @param jdbcUrl  where to connect, for {@code spring.datasource.url}
 * @param username for {@code spring.datasource.username}
 * @param password for {@code spring.datasource.password}; the server trusts loopback, so any value works
 */
public record TestDatabase(String name, String jdbcUrl, String username, String password) {

    /** The password is a throwaway, but the habit stays: it is not printed. */
    @Override
    public String toString() {
        return "TestDatabase[name=" + name + ", jdbcUrl=" + jdbcUrl + ", username=" + username + "]";
    }
}
